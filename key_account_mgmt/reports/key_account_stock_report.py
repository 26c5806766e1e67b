from odoo import fields, models
from odoo.tools import SQL

from .sql_view import create_sql_view


class KeyAccountStockReport(models.Model):
    """The office's current key-account stock (办事处现存货物): the quants in the internal
    locations of each office's key-account warehouse."""

    _name = "key.account.stock.report"
    _description = "Key-Account Office Stock"
    _auto = False
    _order = "team_id, product_id, id"
    # flushed before the view is read
    _depends = {
        "stock.quant": [
            "location_id",
            "product_id",
            "lot_id",
            "company_id",
            "quantity",
            "reserved_quantity",
        ],
        "stock.location": ["usage", "warehouse_id"],
        "crm.team": ["key_account_warehouse_id"],
    }

    team_id = fields.Many2one("crm.team", "Office", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    location_id = fields.Many2one("stock.location", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", "Unit", readonly=True)
    lot_id = fields.Many2one("stock.lot", "Lot/Serial Number", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    quantity = fields.Float("On Hand", digits="Product Unit of Measure", readonly=True)
    reserved_quantity = fields.Float("Reserved", digits="Product Unit of Measure", readonly=True)
    available_quantity = fields.Float("Available", digits="Product Unit of Measure", readonly=True)

    def init(self):
        create_sql_view(self, self._query())

    def _query(self):
        # one row per quant and office: a warehouse shared by two offices shows in both
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY quant.id, team.id) AS id,
                   team.id AS team_id,
                   warehouse.id AS warehouse_id,
                   quant.location_id,
                   quant.product_id,
                   tmpl.uom_id AS product_uom_id,
                   quant.lot_id,
                   quant.company_id,
                   quant.quantity,
                   quant.reserved_quantity,
                   quant.quantity - quant.reserved_quantity AS available_quantity
              FROM stock_quant quant
              JOIN stock_location location ON location.id = quant.location_id
                                          AND location.usage = 'internal'
              JOIN stock_warehouse warehouse ON warehouse.id = location.warehouse_id
              JOIN crm_team team ON team.key_account_warehouse_id = warehouse.id
              JOIN product_product product ON product.id = quant.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
            """
        )
