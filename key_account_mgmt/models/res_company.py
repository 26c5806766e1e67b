from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    key_account_review_interval_days = fields.Integer(
        "Key Account Review Period (days)",
        default=90,
        help="A key account whose last review is older than this gets a review activity.",
    )
