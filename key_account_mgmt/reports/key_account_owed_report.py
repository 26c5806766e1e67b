from odoo import fields, models
from odoo.tools import SQL

from .sql_view import create_sql_view


class KeyAccountOwedReport(models.Model):
    """Contract check and owed goods (欠货): per confirmed order line of a key account,
    what was ordered, what has been delivered and what the company still owes.

    Quantities are in the product's unit of measure; the owed value is in company
    currency. A line is a *shortage* while goods are still owed, *overdue* once its
    promised date has passed with goods still owed.
    """

    _name = "key.account.owed.report"
    _description = "Key-Account Owed Goods"
    _auto = False
    _rec_name = "order_id"
    _order = "date_order desc, id"
    # flushed before the view is read
    _depends = {
        "sale.order.line": [
            "order_id",
            "product_id",
            "product_uom",
            "product_uom_qty",
            "qty_delivered",
            "price_subtotal",
            "customer_lead",
            "display_type",
            "is_downpayment",
        ],
        "sale.order": [
            "state",
            "partner_id",
            "user_id",
            "company_id",
            "warehouse_id",
            "date_order",
            "commitment_date",
            "currency_rate",
        ],
        "res.partner": ["commercial_partner_id", "is_key_account", "key_account_team_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["type", "uom_id"],
    }

    partner_id = fields.Many2one("res.partner", "Key Account", readonly=True)
    team_id = fields.Many2one("crm.team", "Office", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    date_order = fields.Datetime("Order Date", readonly=True)
    date_promised = fields.Datetime("Promised Date", readonly=True)
    qty_ordered = fields.Float("Ordered", digits="Product Unit of Measure", readonly=True)
    qty_delivered = fields.Float("Delivered", digits="Product Unit of Measure", readonly=True)
    qty_owed = fields.Float("Owed", digits="Product Unit of Measure", readonly=True)
    amount_owed = fields.Monetary("Owed Value", currency_field="currency_id", readonly=True)
    delivery_state = fields.Selection(
        [
            ("none", "Nothing Delivered"),
            ("partial", "Partially Delivered"),
            ("full", "Fully Delivered"),
        ],
        readonly=True,
    )
    is_shortage = fields.Boolean("Shortage", readonly=True, help="Goods are still owed.")
    is_overdue = fields.Boolean(
        "Overdue", readonly=True, help="Goods are still owed after the promised date."
    )

    def init(self):
        create_sql_view(self, self._query())

    def _query(self):
        return SQL(
            """
            SELECT line.id,
                   line.partner_id, line.team_id, line.order_id, line.user_id,
                   line.company_id, line.currency_id, line.warehouse_id, line.product_id,
                   line.product_uom_id, line.date_order, line.date_promised,
                   line.qty_ordered, line.qty_delivered,
                   GREATEST(line.qty_ordered - line.qty_delivered, 0) AS qty_owed,
                   CASE WHEN line.qty_ordered > 0
                        THEN line.amount * GREATEST(line.qty_ordered - line.qty_delivered, 0)
                             / line.qty_ordered
                        ELSE 0 END AS amount_owed,
                   CASE WHEN line.qty_delivered >= line.qty_ordered THEN 'full'
                        WHEN line.qty_delivered > 0 THEN 'partial'
                        ELSE 'none' END AS delivery_state,
                   line.qty_delivered < line.qty_ordered AS is_shortage,
                   line.qty_delivered < line.qty_ordered
                       AND line.date_promised IS NOT NULL
                       AND line.date_promised < NOW() AT TIME ZONE 'UTC' AS is_overdue
              FROM (
                SELECT sol.id,
                       account.id AS partner_id,
                       account.key_account_team_id AS team_id,
                       so.id AS order_id,
                       so.user_id,
                       so.company_id,
                       company.currency_id,
                       so.warehouse_id,
                       sol.product_id,
                       tmpl.uom_id AS product_uom_id,
                       so.date_order,
                       -- promised: the delivery date agreed on the order, else the
                       -- product's lead time; with neither, nothing was promised and the
                       -- line is never overdue
                       COALESCE(
                           so.commitment_date,
                           CASE WHEN sol.customer_lead > 0
                                THEN so.date_order + sol.customer_lead * INTERVAL '1 day'
                           END
                       ) AS date_promised,
                       sol.product_uom_qty / line_uom.factor * product_uom.factor AS qty_ordered,
                       sol.qty_delivered / line_uom.factor * product_uom.factor AS qty_delivered,
                       sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner customer ON customer.id = so.partner_id
                  JOIN res_partner account ON account.id = customer.commercial_partner_id
                  JOIN res_company company ON company.id = so.company_id
                  JOIN product_product product ON product.id = sol.product_id
                  JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
                  JOIN uom_uom line_uom ON line_uom.id = sol.product_uom
                  JOIN uom_uom product_uom ON product_uom.id = tmpl.uom_id
                 WHERE so.state = 'sale'
                   AND account.is_key_account
                   AND sol.display_type IS NULL
                   AND NOT COALESCE(sol.is_downpayment, FALSE)
                   AND tmpl.type = 'consu'
              ) AS line
            """
        )
