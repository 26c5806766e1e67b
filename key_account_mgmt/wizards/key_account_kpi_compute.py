"""The "Compute KPIs" dialog (issue 13): refreshes the KPI report for one period."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..models.key_account_sales_plan import is_period_start, period_end
from ..tools import checked_args

COMPUTE_GROUPS = ("key_account_mgmt.group_kam_department", "key_account_mgmt.group_kam_director")


class KeyAccountKpiCompute(models.TransientModel):
    _name = "key.account.kpi.compute"
    _description = "Compute Key Account KPIs"

    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        "Period",
        required=True,
        default="quarter",
    )
    date_from = fields.Date(
        "Period Start",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(
            month=(fields.Date.context_today(self).month - 1) // 3 * 3 + 1, day=1
        ),
    )
    date_to = fields.Date("Period End", compute="_compute_date_to")

    @api.depends("period_type", "date_from")
    def _compute_date_to(self):
        for wizard in self:
            wizard.date_to = (
                period_end(wizard.period_type, wizard.date_from) if wizard.date_from else False
            )

    @api.constrains("period_type", "date_from")
    def _check_period(self):
        for wizard in self:
            if not is_period_start(wizard.period_type, wizard.date_from):
                raise ValidationError(
                    self.env._(
                        "Period Start: %(date)s does not start a calendar month, quarter or "
                        "year of the chosen period.",
                        date=wizard.date_from,
                    )
                )

    @checked_args
    def action_compute(self):
        """Refresh the KPI report of the period for the allowed companies."""
        self.ensure_one()
        if not any(self.env.user.has_group(g) for g in COMPUTE_GROUPS):
            raise AccessError(
                self.env._(
                    "Compute KPIs: only the KAM department or the KAM director computes KPIs."
                )
            )
        date_to = period_end(self.period_type, self.date_from)
        self.env["key.account.kpi.value"].sudo()._refresh(
            self.date_from, date_to, companies=self.env.companies
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.key_account_kpi_value_action"
        )
        action["domain"] = [("period_start", "=", self.date_from), ("period_end", "=", date_to)]
        return action
