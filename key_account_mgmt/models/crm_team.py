from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    # The office's key-account warehouse (大客户仓库): goods for the office's key
    # accounts are stocked, marked, shipped and booked there (SPEC S3).
    key_account_warehouse_id = fields.Many2one(
        "stock.warehouse",
        "Key-Account Warehouse",
        check_company=True,
        help="Warehouse that serves this office's key accounts: their sale orders pick it "
        "and their goods are held and received there. A key account may override it.",
    )
