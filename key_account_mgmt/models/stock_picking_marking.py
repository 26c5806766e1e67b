"""Marking of key-account goods (大客户货物): the key account whose goods a transfer carries,
from its moves (or, for a delivery typed in by hand, its customer); its documents are
marked with it."""

from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    key_account_id = fields.Many2one(
        "res.partner",
        compute="_compute_key_account_id",
        store=True,
        index="btree_not_null",
        help="Key-account goods (大客户货物): the transfer carries only this account's goods "
        "and its documents are marked with it.",
    )

    @api.depends("move_ids.key_account_id", "partner_id", "picking_type_code")
    def _compute_key_account_id(self):
        for picking in self:
            account = picking.move_ids.key_account_id[:1]
            if not account and picking.picking_type_code == "outgoing":
                # a delivery typed in by hand for a key account is its goods too
                account = picking.partner_id.commercial_partner_id._key_account_only()
            picking.key_account_id = account
