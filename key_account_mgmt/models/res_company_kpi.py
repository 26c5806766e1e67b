"""The company's KPI settings (issue 13): the churn window of the KPI engine."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    key_account_churn_days = fields.Integer(
        "Churn Window (days)",
        default=180,
        help="A key account without a posted customer invoice within this many days up to "
        "the end of a period counts as lost in that period (churn rate, retention).",
    )

    @api.constrains("key_account_churn_days")
    def _check_key_account_churn_days(self):
        for company in self:
            if not 1 <= company.key_account_churn_days <= 3660:
                raise ValidationError(
                    self.env._(
                        "Churn Window (days): %(days)s is not between 1 and 3660 days.",
                        days=company.key_account_churn_days,
                    )
                )
