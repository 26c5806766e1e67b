from odoo import models


class SaleOrder(models.Model):
    """The order's amounts decide the approval band: not writable over RPC (see base.py)."""

    _inherit = "sale.order"

    _kam_guarded_extra = ("amount_untaxed", "amount_tax", "amount_total")


class SaleOrderLine(models.Model):
    """The line amounts add up to the approved figures: not writable over RPC."""

    _inherit = "sale.order.line"

    _kam_guarded_extra = ("price_subtotal", "price_tax", "price_total")
