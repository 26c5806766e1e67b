from odoo import api, models

# Line fields whose change alters what was approved.
APPROVAL_WATCHED_LINE_FIELDS = (
    "product_id",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "tax_id",
)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._approval_restart_orders(self.env._("a line was added"))
        return lines

    def write(self, vals):
        res = super().write(vals)
        if any(f in vals for f in APPROVAL_WATCHED_LINE_FIELDS):
            self._approval_restart_orders(self.env._("order lines changed"))
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders._approval_restart_unconfirmed(self.env._("a line was removed"))
        return res

    def _approval_restart_orders(self, reason):
        self.order_id._approval_restart_unconfirmed(reason)
