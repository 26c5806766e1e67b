from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # Copied to backorders, so a partly issued gift keeps all its deliveries.
    key_account_gift_request_id = fields.Many2one(
        "key.account.gift.request",
        "Gift Request",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
    )

    def _action_done(self):
        res = super()._action_done()
        self._key_account_gift_sync()
        return res

    def action_cancel(self):
        res = super().action_cancel()
        self._key_account_gift_sync()
        return res

    def _key_account_gift_sync(self):
        # The warehouse validates or cancels the delivery, usually without rights on gift
        # requests; the request follows its deliveries as the system.
        requests = self.sudo().key_account_gift_request_id
        if requests:
            requests._gift_sync_pickings()
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
                commercial = picking.partner_id.commercial_partner_id
                if commercial.is_key_account:
                    account = commercial
            picking.key_account_id = account
