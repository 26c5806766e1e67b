"""The KPI scorecard form (考核评分表), on the addon's one form layout."""

from odoo import api, models


class ReportKeyAccountScorecard(models.AbstractModel):
    _name = "report.key_account_mgmt.report_ka_scorecard"
    _inherit = "key.account.form.report"
    _description = "KPI Scorecard (考核评分表)"
    _form_model = "key.account.scorecard"

    @api.model
    def _form_values(self, docs):
        return {"number": self._number}

    @api.model
    def _number(self, value, digits=2):
        return f"{value:,.{digits}f}"
