from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    key_account_review_interval_days = fields.Integer(
        "Key Account Review Period (days)",
        default=90,
        help="A key account whose last review is older than this gets a review activity.",
    )
    key_account_acceptance_days = fields.Integer(
        "Office Acceptance Period (days)",
        default=3,
        help="Goods received by an office count as accepted when it raised no objection "
        "by the end of this many calendar days after the day of receipt (company time "
        "zone).",
    )

    @api.constrains("key_account_acceptance_days")
    def _check_key_account_acceptance_days(self):
        for company in self:
            if company.key_account_acceptance_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Office Acceptance Period of %(company)s: it must be at least one day.",
                        company=company.name,
                    )
                )
