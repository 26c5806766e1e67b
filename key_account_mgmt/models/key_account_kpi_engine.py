"""The KPI engine (issue 13, seed 003 第2章 大客户部绩效考核指标): ``key.account.kpi.engine``.

Owns the measures behind the seed's KPIs and their drill-down.  ``_compute`` returns, for
one period, every account manager's, office's (crm.team) and company's figures at once:
each measure is ONE ``_read_group`` (or one search) over all of them, never a query per
manager; the arithmetic is ``tools/kpi.py`` (pure functions, tested on their own).
Targets come from confirmed or locked ``key.account.sales.plan`` rows: user plans for
managers, office plans for offices, the sum of office plans for the company; a zero or
missing plan gives ``None`` ("no target").

The engine reads as superuser: it is private (never callable by RPC); its callers (the
"Compute KPIs" wizard, the scorecard) check who may see the figures.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import kpi

METRICS = (
    "sales_completion",
    "new_accounts",
    "settlement_rate",
    "collection_rate",
    "archive_completeness",
    "churn_rate",
    "retention_rate",
    "valid_complaints",
    "expense_rate",
    "csat",
    "nps",
)
LEVELS = ("user", "team", "company")
PAID_STATES = ("paid", "in_payment")
PERIOD_ORDER = {"month": 1, "quarter": 2, "year": 3}


def _dec(value):
    return Decimal(str(value or 0))


def _start(day):
    return datetime.combine(day, time.min)


def _end(day):
    return datetime.combine(day + timedelta(days=1), time.min)


class KeyAccountKpiEngine(models.AbstractModel):
    _name = "key.account.kpi.engine"
    _description = "Key Account KPI Engine"

    METRICS = METRICS

    # ------------------------------------------------------------------ helpers
    def _companies(self, companies):
        if companies is None:
            return self.env.companies
        if isinstance(companies, models.BaseModel):
            return companies
        return self.env["res.company"].browse(list(companies))

    @staticmethod
    def _add(acc, user, team, company, key, amount):
        """Add ``amount`` under ``key`` for the user, the office and the company."""
        if user:
            acc[("user", user)][key] += amount
        if team:
            acc[("team", team)][key] += amount
        if company:
            acc[("company", company)][key] += amount

    @staticmethod
    def _id(record):
        return record.id if record else False

    def _invoice_domain(self, companies):
        return [
            ("company_id", "in", companies.ids),
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("commercial_partner_id.is_key_account", "=", True),
        ]

    # ------------------------------------------------------------------ measures
    def _measure_sales(self, acc, date_from, date_to, companies):
        """Posted customer invoices minus credit notes, untaxed, company currency."""
        rows = self.env["account.move"]._read_group(
            self._invoice_domain(companies)
            + [("invoice_date", ">=", date_from), ("invoice_date", "<=", date_to)],
            ["invoice_user_id", "team_id", "company_id", "move_type"],
            ["amount_untaxed_signed:sum"],
        )
        for user, team, company, move_type, amount in rows:
            key = "invoiced" if move_type == "out_invoice" else "refunded"
            amount = _dec(amount) if key == "invoiced" else -_dec(amount)
            self._add(acc, self._id(user), self._id(team), company.id, key, amount)

    def _measure_new_accounts(self, acc, date_from, date_to, companies):
        """Qualification applications approved in the period (decision date)."""
        rows = self.env["key.account.application"]._read_group(
            [
                ("company_id", "in", companies.ids),
                ("state", "=", "approved"),
                ("decision_date", ">=", _start(date_from)),
                ("decision_date", "<", _end(date_to)),
            ],
            ["account_manager_id", "team_id", "company_id"],
            ["__count"],
        )
        for user, team, company, count in rows:
            self._add(acc, self._id(user), self._id(team), company.id, "new", count)

    def _settled_orders(self, date_from, date_to, companies):
        """Key-account orders fully invoiced whose invoices are all paid, the last
        payment falling in the period: {order: settled date}.  Only orders with an
        invoice paid (reconciled) in the period are looked at."""
        paid_in_period = self.env["account.move"].search(
            self._invoice_domain(companies)
            + [
                ("move_type", "=", "out_invoice"),
                ("payment_state", "in", PAID_STATES),
                (
                    "line_ids",
                    "any",
                    [
                        (
                            "matched_credit_ids",
                            "any",
                            [("max_date", ">=", date_from), ("max_date", "<=", date_to)],
                        )
                    ],
                ),
            ]
        )
        if not paid_in_period:
            return {}
        orders = self.env["sale.order"].search(
            [
                ("order_line.invoice_lines.move_id", "in", paid_in_period.ids),
                ("state", "=", "sale"),
                ("invoice_status", "=", "invoiced"),
            ]
        )
        invoices = orders.invoice_ids.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice"
        )
        rows = self.env["account.partial.reconcile"]._read_group(
            [("debit_move_id.move_id", "in", invoices.ids)],
            ["debit_move_id"],
            ["max_date:max"],
        )
        paid_on = {}
        for line, day in rows:
            move = line.move_id.id
            paid_on[move] = max(paid_on.get(move, day), day)
        settled = {}
        for order in orders:
            mine = order.invoice_ids & invoices
            if not mine or any(m.payment_state not in PAID_STATES for m in mine):
                continue
            day = max(paid_on.get(m.id, date_from) for m in mine)
            if date_from <= day <= date_to:
                settled[order] = day
        return settled

    def _measure_settlements(self, acc, date_from, date_to, companies):
        for order in self._settled_orders(date_from, date_to, companies):
            self._add(acc, order.user_id.id, order.team_id.id, order.company_id.id, "settled", 1)

    def _due_invoices_domain(self, date_from, date_to, companies):
        return self._invoice_domain(companies) + [
            ("move_type", "=", "out_invoice"),
            ("invoice_date_due", ">=", date_from),
            ("invoice_date_due", "<=", date_to),
        ]

    def _measure_collection(self, acc, date_from, date_to, companies):
        """Amount due = customer invoices falling due in the period minus the credit notes
        reconciled with them; collected = what payments (not credit notes) settled of
        them: total − residual − credit notes applied.  A reversal (credit note) lowers
        what is due, a partial payment counts for its amount, an unreconciled payment
        counts for nothing."""
        domain = self._due_invoices_domain(date_from, date_to, companies)
        rows = self.env["account.move"]._read_group(
            domain,
            ["invoice_user_id", "team_id", "company_id"],
            ["amount_total_signed:sum", "amount_residual_signed:sum"],
        )
        for user, team, company, total, residual in rows:
            ids = (self._id(user), self._id(team), company.id)
            self._add(acc, *ids, "due", _dec(total))
            self._add(acc, *ids, "collected", _dec(total) - _dec(residual))
        credits = self.env["account.partial.reconcile"]._read_group(
            [
                ("debit_move_id.move_id", "any", domain),
                ("credit_move_id.move_id.move_type", "=", "out_refund"),
            ],
            ["debit_move_id"],
            ["amount:sum"],
        )
        for line, amount in credits:
            move = line.move_id
            ids = (self._id(move.invoice_user_id), self._id(move.team_id), move.company_id.id)
            self._add(acc, *ids, "due", -_dec(amount))
            self._add(acc, *ids, "collected", -_dec(amount))

    def _measure_archive(self, acc, companies):
        """Average archive completeness of each manager's (office's) key accounts."""
        Partner = self.env["res.partner"]
        domain = [
            ("is_key_account", "=", True),
            "|",
            ("company_id", "=", False),
            ("company_id", "in", companies.ids),
        ]
        for level, fname in (("user", "key_account_manager_id"), ("team", "key_account_team_id")):
            for record, total, count in Partner._read_group(
                domain + [(fname, "!=", False)],
                [fname],
                ["key_account_archive_completeness:sum", "__count"],
            ):
                acc[(level, record.id)]["archive_sum"] += _dec(total)
                acc[(level, record.id)]["archive_count"] += count
        [(total, count)] = Partner._read_group(
            domain, [], ["key_account_archive_completeness:sum", "__count"]
        )
        for company in companies:
            acc[("company", company.id)]["archive_sum"] += _dec(total)
            acc[("company", company.id)]["archive_count"] += count

    def _measure_churn(self, acc, date_from, date_to, companies):
        """Accounts at the start (approved before it) and the lost among them: stage
        Lost, or no posted invoice within the company's window ending on the period's
        last day.  Counted in SQL (``_read_group``); one per company for the lost, as
        each company has its own window."""
        App = self.env["key.account.application"]
        groupby = ["account_manager_id", "team_id", "company_id"]
        at_start = [("state", "=", "approved"), ("decision_date", "<", _start(date_from))]
        for user, team, company, count in App._read_group(
            at_start + [("company_id", "in", companies.ids)], groupby, ["__count"]
        ):
            self._add(acc, self._id(user), self._id(team), company.id, "at_start", count)
        for company in companies:
            window = company.key_account_churn_days or 180
            invoiced = self.env["account.move"]._search(
                self._invoice_domain(company)
                + [
                    ("move_type", "=", "out_invoice"),
                    ("invoice_date", ">", date_to - timedelta(days=window)),
                    ("invoice_date", "<=", date_to),
                    ("commercial_partner_id", "!=", False),
                ]
            )
            lost_domain = at_start + [
                ("company_id", "=", company.id),
                "|",
                ("partner_id.key_account_stage", "=", "lost"),
                (
                    "partner_id",
                    "not in",
                    invoiced.subselect(SQL.identifier(invoiced.table, "commercial_partner_id")),
                ),
            ]
            for user, team, company_, count in App._read_group(lost_domain, groupby, ["__count"]):
                self._add(acc, self._id(user), self._id(team), company_.id, "lost", count)

    def _measure_complaints(self, acc, date_from, date_to, companies):
        Complaint = self.env["key.account.complaint"]
        rows = Complaint._kpi_valid_complaints(
            [
                ("company_id", "in", companies.ids),
                ("received_date", ">=", _start(date_from)),
                ("received_date", "<", _end(date_to)),
            ],
            ["user_id", "team_id", "company_id"],
        )
        for user, team, company, count in rows:
            self._add(acc, self._id(user), self._id(team), company.id, "complaints", count)
        rows = Complaint._kpi_csat(
            [
                ("key_account_company_id", "in", companies.ids),
                ("write_date", ">=", _start(date_from)),
                ("write_date", "<", _end(date_to)),
            ],
            ["user_id", "team_id", "company_id"],
        )
        for user, team, company, satisfied, answered, _share in rows:
            ids = (self._id(user), self._id(team), company.id)
            self._add(acc, *ids, "satisfied", satisfied)
            self._add(acc, *ids, "rated", answered)

    def _measure_expenses(self, acc, date_from, date_to, companies):
        """Gift values (approved/issued) and visit expenses of the period."""
        rows = self.env["key.account.gift.request"]._read_group(
            [
                ("company_id", "in", companies.ids),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
                ("committed_amount", "!=", 0),
            ],
            ["user_id", "team_id", "company_id"],
            ["committed_amount:sum"],
        )
        for user, team, company, amount in rows:
            self._add(acc, self._id(user), self._id(team), company.id, "spent", _dec(amount))
        rows = self.env["key.account.visit"]._read_group(
            [
                ("company_id", "in", companies.ids),
                ("state", "=", "done"),
                ("date", ">=", _start(date_from)),
                ("date", "<", _end(date_to)),
                ("expense_amount", "!=", 0),
            ],
            ["user_id", "partner_id", "company_id"],
            ["expense_amount:sum"],
        )
        partners = self.env["res.partner"].browse({r[1].id for r in rows})
        teams = {p.id: p.key_account_team_id.id for p in partners}
        for user, partner, company, amount in rows:
            team = teams.get(partner.id)
            self._add(acc, self._id(user), team, company.id, "spent", _dec(amount))

    def _nps_model(self):
        """The model answering ``_kpi_nps``: the satisfaction survey's answer lines
        (models/survey_nps.py), read as the engine."""
        return self.env["survey.user_input.line"].sudo()

    def _nps_domain(self, date_from, date_to):
        """Answers of the surveys sent for a period starting in this one."""
        return [
            ("key_account_date_from", ">=", date_from),
            ("key_account_date_from", "<=", date_to),
        ]

    def _measure_nps(self, acc, date_from, date_to, companies):
        """NPS answers counted per score (``_kpi_nps(domain, groupby)``: one
        ``_read_group``, rows ``{groupby..., "score", "count"}``) by account manager and
        office; the company's are its offices' (an answer without an office counts for
        every company computed).  Returns False (NPS None) while there is no survey."""
        model = self._nps_model()
        if model is None:
            return False
        rows = model._kpi_nps(
            self._nps_domain(date_from, date_to), ["key_account_user_id", "key_account_team_id"]
        )
        for row in rows:
            user, team = row["key_account_user_id"], row["key_account_team_id"]
            score, count = row["score"], row["count"]
            kind = "promoters" if score >= 9 else "detractors" if score <= 6 else "passives"
            if team and team.company_id and team.company_id not in companies:
                continue
            targets = [c.id for c in (team.company_id if team and team.company_id else companies)]
            for key in ("nps_" + kind, "nps_answers"):
                self._add(acc, self._id(user), self._id(team), False, key, count)
                for company_id in targets:
                    acc[("company", company_id)][key] += count
        return True

    # ------------------------------------------------------------------ targets
    def _targets(self, date_from, date_to, companies):
        """{(level, id): {figure: Decimal}} from confirmed/locked plans inside the
        period; when a scope has plans of several period types, the longest is taken
        (a year plan is not added to its quarters')."""
        rows = self.env["key.account.sales.plan"]._read_group(
            [
                ("company_id", "in", companies.ids),
                ("state", "in", ("confirmed", "locked")),
                ("scope", "in", ("user", "team")),
                ("date_from", ">=", date_from),
                ("date_to", "<=", date_to),
            ],
            ["scope", "user_id", "team_id", "company_id", "period_type"],
            [
                "planned_sales:sum",
                "planned_new_accounts:sum",
                "planned_settlements:sum",
                "expense_budget:sum",
            ],
        )
        best = {}
        for scope, user, team, company, period_type, *figures in rows:
            key = ("user", user.id) if scope == "user" else ("team", team.id)
            rank = PERIOD_ORDER[period_type]
            if key not in best or best[key][0] < rank:
                best[key] = (rank, company.id, [_dec(f) for f in figures])
        targets = defaultdict(lambda: defaultdict(Decimal))
        for key, (_rank, company_id, figures) in best.items():
            names = ("sales", "new", "settled", "budget")
            for name, value in zip(names, figures, strict=True):
                targets[key][name] += value
                if key[0] == "team":
                    targets[("company", company_id)][name] += value
        return targets

    # ------------------------------------------------------------------ API
    @api.model
    def _compute(self, date_from, date_to, companies=None) -> dict:
        """{(level, res_id): {metric: {"actual", "target", "value"}}} for level in
        ("user", "team", "company"): every manager, office and company of the period."""
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        companies = self._companies(companies)
        engine = self.sudo().with_context(active_test=False)
        acc = defaultdict(lambda: defaultdict(Decimal))
        engine._measure_sales(acc, date_from, date_to, companies)
        engine._measure_new_accounts(acc, date_from, date_to, companies)
        engine._measure_settlements(acc, date_from, date_to, companies)
        engine._measure_collection(acc, date_from, date_to, companies)
        engine._measure_archive(acc, companies)
        engine._measure_churn(acc, date_from, date_to, companies)
        engine._measure_complaints(acc, date_from, date_to, companies)
        engine._measure_expenses(acc, date_from, date_to, companies)
        has_nps = engine._measure_nps(acc, date_from, date_to, companies)
        targets = engine._targets(date_from, date_to, companies)
        for company in companies:
            acc.setdefault(("company", company.id), defaultdict(Decimal))
        result = {}
        for key in set(acc) | set(targets):
            result[key] = self._metrics(acc[key], targets.get(key, {}), has_nps)
        return result

    def _metrics(self, a, t, has_nps):
        def target(name):
            value = t.get(name)
            return value if value else None

        def line(actual, planned, value):
            return {"actual": actual, "target": planned, "value": value}

        sales = a["invoiced"] - a["refunded"]
        new = int(a["new"])
        at_start, lost = int(a["at_start"]), int(a["lost"])
        at_end = at_start - lost + new
        archive = kpi.mean(a["archive_sum"] / 100, a["archive_count"])
        nps_value = (
            kpi.nps_from_counts(a["nps_promoters"], a["nps_detractors"], a["nps_answers"])
            if has_nps
            else None
        )
        return {
            "sales_completion": line(
                sales,
                target("sales"),
                kpi.sales_completion(a["invoiced"], a["refunded"], target("sales")),
            ),
            "new_accounts": line(new, target("new"), kpi.new_account_rate(new, target("new"))),
            "settlement_rate": line(
                int(a["settled"]),
                target("settled"),
                kpi.settlement_rate(a["settled"], target("settled")),
            ),
            "collection_rate": line(
                a["collected"], a["due"] or None, kpi.collection_rate(a["collected"], a["due"])
            ),
            "archive_completeness": line(archive, None, archive),
            "churn_rate": line(lost, at_start or None, kpi.churn_rate(lost, at_start)),
            "retention_rate": line(
                at_end - new, at_start or None, kpi.retention_rate(at_end, new, at_start)
            ),
            "valid_complaints": line(int(a["complaints"]), None, int(a["complaints"])),
            "expense_rate": line(
                a["spent"], target("budget"), kpi.expense_rate(a["spent"], target("budget"))
            ),
            "csat": line(
                int(a["satisfied"]), int(a["rated"]) or None, kpi.csat(a["satisfied"], a["rated"])
            ),
            "nps": line(int(a["nps_answers"]), None, nps_value),
        }
