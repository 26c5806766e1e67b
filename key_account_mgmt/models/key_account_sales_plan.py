"""Sales plans (销售计划) per period and scope: the targets the KPIs are measured against.

Owns ``key.account.sales.plan``: a plan per period (month, quarter, year) and scope
(an account manager, an office, a key account) with planned sales, new key accounts,
contract settlements and the commercial-expense budget; draft → confirmed (KAM director,
or a KAM manager for his office) → locked once its period is over (scheduled action),
on the addon's one state machine.  A plan may be split into plans of its office's
managers and accounts (``parent_id``); the children's sums are shown against it.  Two
plans of the same scope and overlapping periods are refused.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import checked_args

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}
SCOPE_FIELDS = {"user": "user_id", "team": "team_id", "partner": "partner_id"}


def period_end(period_type, date_from):
    """The last day of the period starting on ``date_from``."""
    return date_from + relativedelta(months=PERIOD_MONTHS[period_type], days=-1)


def is_period_start(period_type, date_from):
    """Whether ``date_from`` starts a calendar month, quarter or year."""
    if date_from.day != 1:
        return False
    if period_type == "quarter":
        return date_from.month in (1, 4, 7, 10)
    if period_type == "year":
        return date_from.month == 1
    return True


class KeyAccountSalesPlan(models.Model):
    _name = "key.account.sales.plan"
    _inherit = ["mail.thread", "key.account.state.machine"]
    _description = "Key Account Sales Plan"
    _order = "date_from desc, scope, id"
    _check_company_auto = True

    _TRANSITIONS = {
        "confirm": ("confirmed", ("draft",)),
        "reset_to_draft": ("draft", ("confirmed",)),
        "lock": ("locked", ("confirmed",)),
    }
    _EDITABLE_STATES = ("draft",)
    _DELETABLE_STATES = ("draft",)

    name = fields.Char(compute="_compute_name", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("locked", "Locked")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        "Period",
        required=True,
        default="quarter",
        tracking=True,
    )
    date_from = fields.Date("Period Start", required=True, tracking=True, index=True)
    date_to = fields.Date("Period End", compute="_compute_date_to", store=True, index=True)
    scope = fields.Selection(
        [("user", "Account Manager"), ("team", "Office"), ("partner", "Key Account")],
        required=True,
        default="user",
        tracking=True,
    )
    user_id = fields.Many2one("res.users", "Account Manager", tracking=True, index=True)
    team_id = fields.Many2one("crm.team", "Office", tracking=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        "Key Account",
        tracking=True,
        index=True,
        domain="[('is_key_account', '=', True)]",
    )
    parent_id = fields.Many2one(
        "key.account.sales.plan",
        "Split From",
        index=True,
        ondelete="restrict",
        help="The office plan this plan is a share of.",
    )
    child_ids = fields.One2many("key.account.sales.plan", "parent_id", "Split Into")
    planned_sales = fields.Monetary(tracking=True)
    planned_new_accounts = fields.Integer("Planned New Key Accounts", tracking=True)
    planned_settlements = fields.Integer("Planned Contract Settlements", tracking=True)
    expense_budget = fields.Monetary("Commercial-Expense Budget", tracking=True)
    split_sales = fields.Monetary("Split: Sales", compute="_compute_split")
    split_new_accounts = fields.Integer("Split: New Key Accounts", compute="_compute_split")
    split_settlements = fields.Integer("Split: Settlements", compute="_compute_split")
    split_expense_budget = fields.Monetary("Split: Expense Budget", compute="_compute_split")
    confirmed_by_id = fields.Many2one("res.users", "Confirmed by", readonly=True, copy=False)
    confirmed_date = fields.Datetime("Confirmed on", readonly=True, copy=False)

    _sql_constraints = [
        (
            "planned_figures_not_negative",
            (
                "CHECK(planned_sales >= 0 AND planned_new_accounts >= 0 "
                "AND planned_settlements >= 0 AND expense_budget >= 0)"
            ),
            (
                "Sales plan: planned sales, new key accounts, settlements and the expense "
                "budget cannot be negative."
            ),
        ),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("period_type", "date_from")
    def _compute_date_to(self):
        for plan in self:
            plan.date_to = period_end(plan.period_type, plan.date_from) if plan.date_from else False

    @api.depends("scope", "user_id", "team_id", "partner_id", "period_type", "date_from")
    def _compute_name(self):
        periods = dict(self._fields["period_type"]._description_selection(self.env))
        for plan in self:
            target = plan[SCOPE_FIELDS[plan.scope]] if plan.scope else False
            plan.name = " · ".join(
                filter(
                    None,
                    [
                        target.display_name if target else "",
                        periods.get(plan.period_type, ""),
                        fields.Date.to_string(plan.date_from) if plan.date_from else "",
                    ],
                )
            )

    @api.depends(
        "child_ids.planned_sales",
        "child_ids.planned_new_accounts",
        "child_ids.planned_settlements",
        "child_ids.expense_budget",
    )
    def _compute_split(self):
        for plan in self:
            children = plan.child_ids
            plan.split_sales = sum(children.mapped("planned_sales"))
            plan.split_new_accounts = sum(children.mapped("planned_new_accounts"))
            plan.split_settlements = sum(children.mapped("planned_settlements"))
            plan.split_expense_budget = sum(children.mapped("expense_budget"))

    _INTERNAL_FIELDS = frozenset({"confirmed_by_id", "confirmed_date"})

    def _document_label(self):
        return self.env._("Sales plan %(name)s", name=self.name or "")

    # ------------------------------------------------------------------ rules
    @api.constrains("scope", "user_id", "team_id", "partner_id")
    def _check_scope(self):
        for plan in self:
            wanted = SCOPE_FIELDS[plan.scope]
            if not plan[wanted]:
                raise ValidationError(
                    self.env._(
                        "%(field)s: a plan of this scope needs it.",
                        field=self._fields[wanted]._description_string(self.env),
                    )
                )
            others = [f for f in SCOPE_FIELDS.values() if f != wanted and plan[f]]
            if others:
                raise ValidationError(
                    self.env._(
                        "Scope: a plan is for one account manager, office or key account; "
                        "clear %(fields)s.",
                        fields=", ".join(
                            self._fields[f]._description_string(self.env) for f in others
                        ),
                    )
                )
            if plan.scope == "partner" and not plan.partner_id.is_key_account:
                raise ValidationError(
                    self.env._(
                        "Key Account: %(partner)s is not a key account.",
                        partner=plan.partner_id.display_name,
                    )
                )

    @api.constrains("period_type", "date_from")
    def _check_period(self):
        periods = dict(self._fields["period_type"]._description_selection(self.env))
        for plan in self:
            if not is_period_start(plan.period_type, plan.date_from):
                raise ValidationError(
                    self.env._(
                        "Period Start: a plan per %(period)s starts on the first day of a "
                        "%(period)s (%(date)s does not).",
                        period=periods[plan.period_type].lower(),
                        date=plan.date_from,
                    )
                )

    @api.constrains(
        "scope", "user_id", "team_id", "partner_id", "date_from", "date_to", "company_id"
    )
    def _check_no_overlap(self):
        """One search for the whole batch: the plans of the same scopes that overlap."""
        if not self:
            return
        domain = [
            ("id", "not in", self.ids),
            ("company_id", "in", self.company_id.ids),
            ("date_from", "<=", max(self.mapped("date_to"))),
            ("date_to", ">=", min(self.mapped("date_from"))),
            "|",
            "|",
            ("user_id", "in", self.user_id.ids),
            ("team_id", "in", self.team_id.ids),
            ("partner_id", "in", self.partner_id.ids),
        ]
        others = self.sudo().search(domain) | self
        for plan in self:
            field = SCOPE_FIELDS[plan.scope]
            clash = others.filtered(
                lambda o, p=plan, f=field: (
                    o != p
                    and o.scope == p.scope
                    and o[f] == p[f]
                    and o.company_id == p.company_id
                    and o.date_from <= p.date_to
                    and o.date_to >= p.date_from
                )
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "Period: %(scope)s already has the plan %(other)s for a period that "
                        "overlaps %(from)s – %(to)s.",
                        scope=plan[field].display_name,
                        other=clash[0].name,
                        **{"from": plan.date_from, "to": plan.date_to},
                    )
                )

    @api.constrains("parent_id", "scope", "user_id", "partner_id", "date_from", "date_to")
    def _check_parent(self):
        for plan in self.filtered("parent_id"):
            parent = plan.parent_id
            if parent.scope != "team" or plan.scope == "team":
                raise ValidationError(
                    self.env._(
                        "Split From: only an office plan is split, into plans of its "
                        "account managers and key accounts."
                    )
                )
            if plan.date_from < parent.date_from or plan.date_to > parent.date_to:
                raise ValidationError(
                    self.env._(
                        "Split From: %(plan)s lies outside the period of %(parent)s.",
                        plan=plan.name,
                        parent=parent.name,
                    )
                )

    # ------------------------------------------------------------------ who decides
    def _is_kam_director(self):
        return self.env.user.has_group("key_account_mgmt.group_kam_director")

    def _offices_led(self):
        """Offices whose plans the current KAM manager confirms: those he leads or works in."""
        user = self.env.user
        if not user.has_group("key_account_mgmt.group_kam_manager"):
            return self.env["crm.team"]
        return (
            self.env["crm.team"]
            .sudo()
            .search(["|", ("user_id", "=", user.id), ("crm_team_member_ids.user_id", "=", user.id)])
        )

    def _plan_office(self):
        self.ensure_one()
        if self.scope == "team":
            return self.team_id
        if self.scope == "partner":
            return self.partner_id.key_account_team_id
        return self.parent_id.team_id or self.user_id.sudo().sale_team_id

    def _check_may_decide(self):
        if self._is_kam_director():
            return
        offices = self._offices_led()
        for plan in self:
            if not offices or plan._plan_office() not in offices:
                raise UserError(
                    self.env._(
                        "Sales plan %(plan)s: only the KAM director, or a KAM manager for his "
                        "own office, confirms or reopens a plan.",
                        plan=plan.name,
                    )
                )

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_confirm(self):
        return self._transition("confirm")

    def _check_confirm(self):
        self._check_may_decide()
        for plan in self:
            if not (
                plan.planned_sales
                or plan.planned_new_accounts
                or plan.planned_settlements
                or plan.expense_budget
            ):
                raise UserError(
                    self.env._(
                        "Sales plan %(plan)s has no figure to confirm: fill at least the "
                        "planned sales, new key accounts, settlements or expense budget.",
                        plan=plan.name,
                    )
                )

    def _do_confirm(self):
        self._write_internal(
            {"confirmed_by_id": self.env.user.id, "confirmed_date": fields.Datetime.now()}
        )

    @checked_args
    def action_reset_to_draft(self):
        return self._transition("reset_to_draft")

    def _check_reset_to_draft(self):
        self._check_may_decide()

    def _do_reset_to_draft(self):
        self._write_internal({"confirmed_by_id": False, "confirmed_date": False})

    def _check_lock(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.date_to >= today:
                raise UserError(
                    self.env._(
                        "Sales plan %(plan)s: its period runs until %(date)s; it is locked "
                        "once the period is over.",
                        plan=plan.name,
                        date=plan.date_to,
                    )
                )

    @api.model
    def _cron_lock_closed_plans(self, batch_size=500):
        """Lock the confirmed plans whose period is over (idempotent: locked plans are
        not found again; rows another worker holds are left to it)."""
        today = fields.Date.context_today(self)
        domain = [("state", "=", "confirmed"), ("date_to", "<", today)]
        plans = self.search(domain, limit=batch_size)
        if not plans:
            return
        self.env.cr.execute(
            "SELECT id FROM key_account_sales_plan WHERE id IN %s FOR UPDATE SKIP LOCKED",
            [tuple(plans.ids)],
        )
        free = self.browse([row[0] for row in self.env.cr.fetchall()])
        free.invalidate_recordset(["state"])
        free = free.filtered(lambda p: p.state == "confirmed")
        if free:
            free._transition("lock")
        remaining = self.search_count(domain) if len(plans) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(free), remaining=remaining)
