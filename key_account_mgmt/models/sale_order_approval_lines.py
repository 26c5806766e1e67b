"""The lines of a key-account order's approved figures, read in one SQL query.

A decision compares the order with the figures its chain recorded
(``sale.order._approval_fingerprint``, sale_order_approval.py). When the order's lines
are not in the cache yet, this reads them with their taxes in one query (the ORM takes
two: the lines, then their taxes); the fingerprint takes them only when they equal the
recorded ones, else it reads the lines through the ORM as before (the reference: e.g.
an archived tax, which the ORM leaves out).
"""

from odoo import models
from odoo.tools import SQL, float_round

LINE_FIELDS = (
    "order_id",
    "display_type",
    "product_id",
    "product_uom",
    "product_uom_qty",
    "price_unit",
    "discount",
    "tax_id",
)


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _approval_lines_from_sql(self, qty_digits, price_digits, discount_digits):
        """The fingerprint lines of this order (see ``_approval_fingerprint``), from SQL."""
        self.ensure_one()
        self.env["sale.order.line"].flush_model(LINE_FIELDS)
        self.env.cr.execute(
            SQL(
                "SELECT l.id, l.display_type, l.product_id, l.product_uom, l.product_uom_qty, "
                "l.price_unit, l.discount, "
                "ARRAY_REMOVE(ARRAY_AGG(r.account_tax_id ORDER BY r.account_tax_id), NULL) "
                "FROM sale_order_line l "
                "LEFT JOIN account_tax_sale_order_line_rel r ON r.sale_order_line_id = l.id "
                "WHERE l.order_id = %s GROUP BY l.id ORDER BY l.id",
                self.id,
            )
        )
        return [
            [
                line_id,
                display_type or False,
                product_id or False,
                uom_id or False,
                float_round(qty or 0.0, precision_digits=qty_digits),
                float_round(price or 0.0, precision_digits=price_digits),
                float_round(discount or 0.0, precision_digits=discount_digits),
                list(tax_ids),
            ]
            for (
                line_id,
                display_type,
                product_id,
                uom_id,
                qty,
                price,
                discount,
                tax_ids,
            ) in self.env.cr.fetchall()
        ]
