"""Drill-down of the KPI engine (issue 13): every figure opens the records behind it.

``key.account.kpi.engine._drilldown_action(metric, level, res_id, date_from, date_to)``
returns the window action listing the invoices, applications, orders, key accounts,
complaints, gift requests (visits: metric ``expense_rate_visits``) or ratings that
make the figure.  The list is read with the user's own rights: a figure never opens
more than the user may see.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .key_account_kpi_engine import LEVELS, METRICS, _end, _start

# metric → (model, level fields (user, team, company))
DRILL_MODELS = {
    "sales_completion": ("account.move", ("invoice_user_id", "team_id", "company_id")),
    "collection_rate": ("account.move", ("invoice_user_id", "team_id", "company_id")),
    "new_accounts": ("key.account.application", ("account_manager_id", "team_id", "company_id")),
    "settlement_rate": ("sale.order", ("user_id", "team_id", "company_id")),
    "archive_completeness": (
        "res.partner",
        ("key_account_manager_id", "key_account_team_id", None),
    ),
    "churn_rate": ("res.partner", None),
    "retention_rate": ("res.partner", None),
    "valid_complaints": ("key.account.complaint", ("user_id", "team_id", "company_id")),
    "expense_rate": ("key.account.gift.request", ("user_id", "team_id", "company_id")),
    "expense_rate_visits": ("key.account.visit", ("user_id", None, "company_id")),
    "csat": (
        "rating.rating",
        ("key_account_user_id", "key_account_team_id", "key_account_company_id"),
    ),
}


class KeyAccountKpiEngine(models.AbstractModel):
    _inherit = "key.account.kpi.engine"

    def _drill_domain(self, metric, date_from, date_to):
        d_from, d_to = fields.Date.to_string(date_from), fields.Date.to_string(date_to)
        t_from = fields.Datetime.to_string(_start(date_from))
        t_to = fields.Datetime.to_string(_end(date_to))
        key = [("commercial_partner_id.is_key_account", "=", True), ("state", "=", "posted")]
        return {
            "sales_completion": key
            + [
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("invoice_date", ">=", d_from),
                ("invoice_date", "<=", d_to),
            ],
            "collection_rate": key
            + [
                ("move_type", "=", "out_invoice"),
                ("invoice_date_due", ">=", d_from),
                ("invoice_date_due", "<=", d_to),
            ],
            "new_accounts": [
                ("state", "=", "approved"),
                ("decision_date", ">=", t_from),
                ("decision_date", "<", t_to),
            ],
            "archive_completeness": [("is_key_account", "=", True)],
            "valid_complaints": [
                ("is_valid", "=", True),
                ("received_date", ">=", t_from),
                ("received_date", "<", t_to),
            ],
            "expense_rate": [
                ("committed_amount", "!=", 0),
                ("date", ">=", d_from),
                ("date", "<=", d_to),
            ],
            "expense_rate_visits": [
                ("state", "=", "done"),
                ("expense_amount", "!=", 0),
                ("date", ">=", t_from),
                ("date", "<", t_to),
            ],
            "csat": [
                ("key_account_complaint_id", "!=", False),
                ("consumed", "=", True),
                ("write_date", ">=", t_from),
                ("write_date", "<", t_to),
            ],
        }.get(metric, [])

    def _drill_level_domain(self, fnames, level, res_id):
        fname = fnames[LEVELS.index(level)]
        if fname:
            return [(fname, "=", res_id)]
        if level == "team":  # visits: the office of the key account
            return [("partner_id.key_account_team_id", "=", res_id)]
        return []

    def _drill_ids(self, metric, level, res_id, date_from, date_to):
        """Records found by the engine itself (settled orders, accounts at the start)."""
        engine = self.sudo()
        fname = {"user": "account_manager_id", "team": "team_id", "company": "company_id"}[level]
        if metric == "settlement_rate":
            companies = self.env.companies
            orders = engine._settled_orders(date_from, date_to, companies)
            field = {"user": "user_id", "team": "team_id", "company": "company_id"}[level]
            return [o.id for o in orders if o[field].id == res_id]
        apps = engine.env["key.account.application"].search(
            [
                ("state", "=", "approved"),
                ("decision_date", "<", _start(date_from)),
                (fname, "=", res_id),
            ]
        )
        return apps.partner_id.ids

    @api.model
    def _drilldown_action(self, metric, level, res_id, date_from, date_to) -> dict:
        """The window action listing the records behind ``metric`` of the user / office
        / company ``res_id`` in the period."""
        if metric not in METRICS + ("expense_rate_visits",) or level not in LEVELS:
            raise UserError(
                self.env._(
                    "KPI: %(metric)s per %(level)s has no records to show.",
                    metric=metric,
                    level=level,
                )
            )
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        if metric == "nps":
            model = self._nps_model()
            if model is None:
                raise UserError(self.env._("NPS: no satisfaction survey answers yet."))
            res_model = model._name
            domain = self._nps_domain(date_from, date_to) + [
                ("key_account_id", "!=", False),
                ("question_id.key_account_nps", "=", True),
            ]
            if level == "company":
                domain += [("key_account_team_id.company_id", "in", [res_id, False])]
            else:
                fname = "key_account_user_id" if level == "user" else "key_account_team_id"
                domain += [(fname, "=", res_id)]
            domain = [
                (f, o, fields.Date.to_string(v) if hasattr(v, "isoformat") else v)
                for f, o, v in domain
            ]
        else:
            res_model, fnames = DRILL_MODELS[metric]
            if fnames is None or metric == "settlement_rate":
                ids = self._drill_ids(metric, level, res_id, date_from, date_to)
                domain = [("id", "in", ids)]
            else:
                domain = self._drill_domain(metric, date_from, date_to)
                domain += self._drill_level_domain(fnames, level, res_id)
        labels = dict(self.env["key.account.kpi.value"]._fields["metric"].selection)
        return {
            "type": "ir.actions.act_window",
            "name": labels.get(metric, self.env._("Visit Expenses")),
            "res_model": res_model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": {"create": False, "active_test": False},
        }
