from odoo import api, fields, models
from odoo.exceptions import ValidationError


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

    @api.constrains("key_account_review_interval_days")
    def _check_key_account_review_interval(self):
        for settings in self:
            if settings.key_account_review_interval_days <= 0:
                raise ValidationError(
                    self.env._("Key Account Review Period: it must be at least one day.")
                )

    @api.constrains("key_account_acceptance_days")
    def _check_key_account_acceptance_days(self):
        for settings in self:
            if settings.key_account_acceptance_days <= 0:
                raise ValidationError(
                    self.env._("Office Acceptance Period: it must be at least one day.")
                )
