from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

    key_account_release_id = fields.Many2one(
        "key.account.stock.release",
        "Stock Release",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The approved stock release request that moves these held goods back to "
        "available stock.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("key_account_release_id") for vals in vals_list):
            self._raise_key_account_release_readonly()
        return super().create(vals_list)

    def write(self, vals):
        if "key_account_release_id" in vals and not self.env.su:
            self._raise_key_account_release_readonly()
        return super().write(vals)

    def _raise_key_account_release_readonly(self):
        raise UserError(
            self.env._(
                "Stock Release: a move is linked to a stock release request only by the "
                "approved request itself."
            )
        )

    def _key_account_move_now(self, purpose):
        """Confirm, reserve and validate these new moves at once and in full (a hold or a
        release of key-account stock); refuse when the source lacks the quantity."""
        self._action_confirm()
        self._action_assign()
        for move in self:
            if float_compare(
                move.quantity, move.product_uom_qty, precision_rounding=move.product_uom.rounding
            ):
                raise UserError(
                    self.env._(
                        "Quantity: only %(qty)s of %(product)s are available in %(location)s "
                        "for %(purpose)s.",
                        qty=move.quantity,
                        product=move.product_id.display_name,
                        location=move.location_id.display_name,
                        purpose=purpose,
                    )
                )
        self.picked = True
        if self.picking_id:
            self.picking_id._action_done()
        else:
            self._action_done()
