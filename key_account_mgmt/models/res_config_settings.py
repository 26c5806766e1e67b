"""The addon's company settings on the settings page: related fields only, validated by
``res.company`` itself (see ``res_company.py``)."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    key_account_review_interval_days = fields.Integer(
        related="company_id.key_account_review_interval_days", readonly=False
    )
    key_account_gift_location_id = fields.Many2one(
        related="company_id.key_account_gift_location_id", readonly=False
    )
    key_account_gift_recipient_cap = fields.Monetary(
        related="company_id.key_account_gift_recipient_cap", readonly=False
    )
    key_account_acceptance_days = fields.Integer(
        related="company_id.key_account_acceptance_days", readonly=False
    )
