from odoo import fields, models


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    is_key_account = fields.Boolean(
        "Key-Account Operation",
        copy=False,
        help="Operation type reserved for key-account goods (created by the key-account "
        "warehouse set-up).",
    )
