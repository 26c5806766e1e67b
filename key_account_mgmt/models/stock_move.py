from odoo import api, fields, models
from odoo.exceptions import UserError


class StockMove(models.Model):
    _inherit = "stock.move"

    # The key-account mark (大客户标识): set from the key account's sale order and carried
    # along the whole chain (procurement values, splits, backorders, returns).
    key_account_id = fields.Many2one(
        "res.partner",
        readonly=True,
        index="btree_not_null",
        help="Key account these goods are for: they are marked, shipped on their own "
        "transfers and booked to the account.",
    )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        # A move added by hand to a key-account transfer is key-account goods too.
        picking_ids = {
            vals["picking_id"]
            for vals in vals_list
            if vals.get("picking_id") and "key_account_id" not in vals
        }
        if picking_ids:
            marks = {
                picking.id: picking.key_account_id.id
                for picking in self.env["stock.picking"].browse(picking_ids)
            }
            for vals in vals_list:
                if vals.get("picking_id") and "key_account_id" not in vals:
                    vals["key_account_id"] = marks.get(vals["picking_id"]) or False
        return super().create(vals_list)

    def write(self, vals):
        if (
            "key_account_id" in vals
            and not self.env.su
            and any(move.key_account_id.id != (vals["key_account_id"] or False) for move in self)
        ):
            raise UserError(
                self.env._(
                    "Key Account of a stock move: the mark comes from the key account's "
                    "sale order and cannot be changed by hand."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------ stock hooks
    @api.model
    def _prepare_merge_moves_distinct_fields(self):
        return [*super()._prepare_merge_moves_distinct_fields(), "key_account_id"]

    def _key_assign_picking(self):
        return (*super()._key_assign_picking(), self.key_account_id)

    def _search_picking_for_assignation_domain(self):
        return [
            *super()._search_picking_for_assignation_domain(),
            ("key_account_id", "=", self.key_account_id.id),
        ]

    def _prepare_procurement_values(self):
        values = super()._prepare_procurement_values()
        if self.key_account_id:
            values["key_account_id"] = self.key_account_id.id
        return values

    def _get_analytic_distribution(self):
        """Cost of key-account goods on the account's analytic account (continental
        accounting; anglo-saxon companies book it through the invoice's COGS lines)."""
        distribution = super()._get_analytic_distribution()
        if (
            distribution
            or not self.key_account_id
            or self.company_id.anglo_saxon_accounting
            or "customer" not in (self.location_id.usage, self.location_dest_id.usage)
        ):
            return distribution
        account = self.key_account_id.sudo().key_account_analytic_account_id
        return {str(account.id): 100} if account else distribution
