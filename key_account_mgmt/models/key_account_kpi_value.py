"""The KPI report (issue 13): ``key.account.kpi.value``, one stored row per period, level
(account manager, office, company), figure and metric, refreshed from the KPI engine.

``_refresh(date_from, date_to, companies=None)`` upserts the engine's figures: a second
run over unchanged data writes nothing.  Rows are written only by the refresh (the
"Compute KPIs" wizard, as superuser after its own access check); no user has write
access.  Pivot and graph views put the plan (target) beside the actual.
"""

from odoo import api, fields, models

from ..tools import checked_args
from .key_account_kpi_engine import METRICS
from .key_account_sales_plan import PERIOD_MONTHS, is_period_start, period_end

METRIC_SELECTION = [
    ("sales_completion", "Sales Plan Completion"),
    ("new_accounts", "New Key Account Development"),
    ("settlement_rate", "Contract Settlement Rate"),
    ("collection_rate", "Payment Collection Rate"),
    ("archive_completeness", "Archive Completeness"),
    ("churn_rate", "Key Account Churn Rate"),
    ("retention_rate", "Key Account Retention Rate"),
    ("valid_complaints", "Valid Complaints"),
    ("expense_rate", "Commercial Expense Rate"),
    ("csat", "Customer Satisfaction (CSAT)"),
    ("nps", "Net Promoter Score (NPS)"),
]
VALUE_FIELDS = ("actual", "target", "value")


def period_type_of(date_from, date_to):
    """month / quarter / year when the dates are exactly one, else custom."""
    for period_type in PERIOD_MONTHS:
        if (
            is_period_start(period_type, date_from)
            and period_end(period_type, date_from) == date_to
        ):
            return period_type
    return "custom"


class KeyAccountKpiValue(models.Model):
    _name = "key.account.kpi.value"
    _description = "Key Account KPI"
    _order = "period_start desc, level, metric, id"
    _rec_name = "metric"

    period_start = fields.Date(required=True, readonly=True, index=True)
    period_end = fields.Date(required=True, readonly=True, index=True)
    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year"), ("custom", "Custom")],
        "Period",
        required=True,
        readonly=True,
    )
    level = fields.Selection(
        [("user", "Account Manager"), ("team", "Office"), ("company", "Company")],
        required=True,
        readonly=True,
        index=True,
    )
    res_id = fields.Integer("Measured Record", required=True, readonly=True)
    user_id = fields.Many2one("res.users", "Account Manager", readonly=True, index=True)
    team_id = fields.Many2one("crm.team", "Office", readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    metric = fields.Selection(METRIC_SELECTION, required=True, readonly=True, index=True)
    actual = fields.Float(readonly=True, aggregator="sum")
    target = fields.Float("Plan", readonly=True, aggregator="sum")
    value = fields.Float(
        "Ratio",
        readonly=True,
        aggregator="avg",
        help="Actual over plan (a share, 1.0 = 100 %); 0 with Has Value unset when there is "
        "no target.",
    )
    has_target = fields.Boolean(
        "Has Value",
        readonly=True,
        help="The ratio exists: a non-zero plan, or a metric measured without a plan "
        "(archive completeness, valid complaints, CSAT, NPS).",
    )

    _sql_constraints = [
        (
            "one_figure",
            "UNIQUE(period_start, period_end, company_id, level, res_id, metric)",
            "KPI: one figure per period, company, level, record and metric.",
        ),
    ]

    @api.depends("metric", "level", "user_id", "team_id", "company_id", "period_start")
    def _compute_display_name(self):
        labels = dict(self._fields["metric"]._description_selection(self.env))
        for row in self:
            who = row.user_id or row.team_id or row.company_id
            row.display_name = (
                f"{labels.get(row.metric, '')} · {who.display_name} · {row.period_start}"
            )

    @staticmethod
    def _float(value):
        return float(value) if value is not None else 0.0

    def _row_vals(self, level, res_id, metric, figures, teams):
        return {
            "actual": self._float(figures["actual"]),
            "target": self._float(figures["target"]),
            "value": self._float(figures["value"]),
            "has_target": figures["value"] is not None,
            "user_id": res_id if level == "user" else False,
            "team_id": res_id if level == "team" else teams.get(res_id, False),
        }

    @api.model
    def _refresh(self, date_from, date_to, companies=None):
        """Upsert the engine's figures of the period for each company; return
        ``(created, written, removed)`` counts (all 0 on a second run)."""
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        engine = self.env["key.account.kpi.engine"]
        companies = engine._companies(companies)
        rows = self.sudo()
        existing = {
            (r.company_id.id, r.level, r.res_id, r.metric): r
            for r in rows.search(
                [
                    ("period_start", "=", date_from),
                    ("period_end", "=", date_to),
                    ("company_id", "in", companies.ids),
                ]
            )
        }
        period_type = period_type_of(date_from, date_to)
        to_create, written, seen = [], 0, set()
        for company in companies:
            result = engine._compute(date_from, date_to, companies=company)
            user_ids = [res_id for level, res_id in result if level == "user"]
            teams = {
                u.id: u.sale_team_id.id
                for u in self.env["res.users"]
                .sudo()
                .with_context(active_test=False)
                .browse(user_ids)
            }
            for (level, res_id), metrics in result.items():
                if level == "company" and res_id != company.id:
                    continue
                for metric in METRICS:
                    key = (company.id, level, res_id, metric)
                    seen.add(key)
                    vals = self._row_vals(level, res_id, metric, metrics[metric], teams)
                    row = existing.get(key)
                    if row is None:
                        to_create.append(
                            dict(
                                vals,
                                period_start=date_from,
                                period_end=date_to,
                                period_type=period_type,
                                level=level,
                                res_id=res_id,
                                company_id=company.id,
                                metric=metric,
                            )
                        )
                        continue
                    changed = {
                        k: v
                        for k, v in vals.items()
                        if (row[k].id if isinstance(row[k], models.BaseModel) else row[k]) != v
                    }
                    if changed:
                        row.write(changed)
                        written += 1
        stale = rows.browse([r.id for key, r in existing.items() if key not in seen])
        stale.unlink()
        rows.create(to_create)
        return len(to_create), written, len(stale)

    @checked_args
    def action_drilldown(self):
        """Open the records behind this figure."""
        self.ensure_one()
        self.check_access("read")
        return self.env["key.account.kpi.engine"]._drilldown_action(
            self.metric, self.level, self.res_id, self.period_start, self.period_end
        )
