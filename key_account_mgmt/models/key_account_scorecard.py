"""KPI scorecards (考核评分表): one per account manager or office (crm.team) and quarter.

Owns ``key.account.scorecard`` and its lines: the engine's figures of the quarter
(actual, target, value) and the points the template gives them, the qualitative skills
the KAM director scores, the total; draft → locked on the addon's state machine.  The
figures are written only by the snapshot (``key_account_scorecard_snapshot.py``)
through ``_write_internal``; a client writes nothing but the director's scores and
comment on a draft scorecard.  A locked scorecard never changes again (audit).
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import checked_args
from ..tools.guards import ACTION_SENTINEL, check_finite_numbers, is_action
from .key_account_kpi_value import METRIC_SELECTION
from .key_account_scorecard_template import PLAIN_METRICS
from .key_account_state_machine import TRANSITION_KEY

DIRECTOR = "key_account_mgmt.group_kam_director"


def quarter_label(date_from):
    return f"{date_from.year} Q{(date_from.month - 1) // 3 + 1}"


class KeyAccountScorecard(models.Model):
    _name = "key.account.scorecard"
    _inherit = ["mail.thread", "key.account.state.machine"]
    _description = "Key Account KPI Scorecard"
    _order = "date_from desc, level, total desc, id"

    _TRANSITIONS = {"lock": ("locked", ("draft",))}
    _EDITABLE_STATES = ("draft",)
    _DELETABLE_STATES = ("draft",)
    # what a client (the KAM director) may write: the scores on the lines, a comment
    _CLIENT_FIELDS = frozenset({"line_ids", "note"})

    name = fields.Char(compute="_compute_name", store=True)
    state = fields.Selection(
        [("draft", "Open"), ("locked", "Locked")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    level = fields.Selection(
        [("user", "Account Manager"), ("team", "Office")], required=True, readonly=True
    )
    res_id = fields.Integer("Scored Record", required=True, readonly=True)
    user_id = fields.Many2one("res.users", "Account Manager", readonly=True, index=True)
    team_id = fields.Many2one("crm.team", "Office", readonly=True, index=True)
    date_from = fields.Date("Quarter Start", required=True, readonly=True, index=True)
    date_to = fields.Date("Quarter End", required=True, readonly=True)
    quarter = fields.Char(readonly=True, index=True)
    template_id = fields.Many2one(
        "key.account.scorecard.template", readonly=True, ondelete="restrict"
    )
    line_ids = fields.One2many("key.account.scorecard.line", "scorecard_id", "Lines")
    kpi_points = fields.Float("KPI Points", compute="_compute_total", store=True)
    skill_points = fields.Float(compute="_compute_total", store=True)
    total = fields.Float("Total Points", compute="_compute_total", store=True, aggregator="avg")
    computed_date = fields.Datetime("Computed on", readonly=True)
    locked_date = fields.Datetime("Locked on", readonly=True, copy=False)
    locked_by_id = fields.Many2one("res.users", "Locked by", readonly=True, copy=False)
    note = fields.Text("Director's Comment")

    _sql_constraints = [
        (
            "one_scorecard",
            "UNIQUE(company_id, date_from, date_to, level, res_id)",
            "Scorecard: one per account manager or office, company and quarter.",
        ),
    ]

    @api.depends("level", "user_id", "team_id", "quarter")
    def _compute_name(self):
        for card in self:
            who = card.user_id if card.level == "user" else card.team_id
            card.name = f"{who.sudo().name or ''} · {card.quarter or ''}"

    @api.depends("line_ids.points", "line_ids.kind")
    def _compute_total(self):
        for card in self:
            kpi = sum(card.line_ids.filtered(lambda x: x.kind == "kpi").mapped("points"))
            skill = sum(card.line_ids.filtered(lambda x: x.kind == "qualitative").mapped("points"))
            card.kpi_points, card.skill_points, card.total = kpi, skill, kpi + skill

    def _document_label(self):
        return self.env._("Scorecard %(name)s", name=self.name or "")

    # ------------------------------------------------------------------ guards
    @api.model
    def _is_director(self):
        return self.env.user.has_group(DIRECTOR)

    def _check_director(self, what):
        if not self._is_director():
            raise AccessError(self.env._("Scorecard: only the KAM director %(what)s.", what=what))

    @api.model_create_multi
    def create(self, vals_list):
        if not self._in_transition():
            raise UserError(
                self.env._(
                    "Scorecard: scorecards are created by “Compute now” and the quarterly "
                    "job from the KPI engine, not entered."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self._in_transition():
            fixed = set(vals) - self._CLIENT_FIELDS - {"state"} - self._mail_fields()
            if fixed:
                raise UserError(
                    self.env._(
                        "%(fields)s: computed by the scorecard from the KPI engine, not written.",
                        fields=self._field_labels(fixed),
                    )
                )
            if self._CLIENT_FIELDS & set(vals):
                self._check_director("scores and comments on a scorecard")
        return super().write(vals)

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_lock(self):
        """Refresh the figures one last time and lock the scorecards (KAM director)."""
        self._check_director("locks a scorecard")
        self.check_access("write")
        today = fields.Date.context_today(self)
        for card in self:
            if card.date_to >= today:
                raise UserError(
                    self.env._(
                        "Quarter End: %(doc)s's quarter runs until %(date)s; a scorecard is "
                        "locked once its quarter is over.",
                        doc=card._document_label(),
                        date=card.date_to,
                    )
                )
        for (company, date_from, date_to), cards in self._groups().items():
            self.sudo()._snapshot_group(company, date_from, date_to, only=cards.sudo())
        return self.sudo()._transition("lock")

    def _do_lock(self):
        self._write_internal({"locked_date": fields.Datetime.now(), "locked_by_id": self.env.uid})

    @checked_args
    def action_recompute(self):
        """Refresh the figures of open scorecards from the KPI engine (KAM director)."""
        self._check_director("recomputes a scorecard")
        self.check_access("write")
        locked = self.filtered(lambda c: c.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "%(doc)s is locked: its figures are a snapshot and never change.",
                    doc=locked[0]._document_label(),
                )
            )
        for (company, date_from, date_to), cards in self._groups().items():
            self.sudo()._snapshot_group(company, date_from, date_to, only=cards.sudo())
        return True

    def _groups(self):
        groups = {}
        for card in self:
            key = (card.company_id, card.date_from, card.date_to)
            groups[key] = groups.get(key, self.browse()) | card
        return groups


class KeyAccountScorecardLine(models.Model):
    _name = "key.account.scorecard.line"
    _description = "Key Account KPI Scorecard Line"
    _order = "scorecard_id, sequence, id"

    # what the KAM director writes on a qualitative line of an open scorecard
    _SCORE_FIELDS = frozenset({"score", "comment"})

    scorecard_id = fields.Many2one(
        "key.account.scorecard", required=True, ondelete="cascade", index=True, readonly=True
    )
    state = fields.Selection(related="scorecard_id.state")
    company_id = fields.Many2one(related="scorecard_id.company_id", store=True, index=True)
    template_line_id = fields.Many2one(
        "key.account.scorecard.template.line", readonly=True, ondelete="set null", index=True
    )
    sequence = fields.Integer(readonly=True)
    kind = fields.Selection(
        [("kpi", "KPI"), ("qualitative", "Qualitative Skill")], required=True, readonly=True
    )
    metric = fields.Selection(METRIC_SELECTION, readonly=True)
    name = fields.Char("Indicator", readonly=True)
    label = fields.Char("Indicator Name", compute="_compute_label")
    weight = fields.Float(readonly=True)
    threshold = fields.Float(readonly=True)
    step = fields.Float(readonly=True)
    penalty = fields.Float("Penalty per Step", readonly=True)
    floor = fields.Float(readonly=True)
    lower_is_better = fields.Boolean(readonly=True)
    no_target_points = fields.Selection(
        [("zero", "No points"), ("full", "Full weight")], "Without Target", readonly=True
    )
    actual = fields.Float(readonly=True)
    target = fields.Float(readonly=True)
    value = fields.Float(readonly=True, help="The KPI: a % for shares, else a count or score.")
    unit = fields.Char(compute="_compute_label")
    has_target = fields.Boolean(readonly=True)
    kpi_points = fields.Float("KPI Points", readonly=True)
    score = fields.Float(help="The KAM director's score, from 0 to the line's weight.")
    comment = fields.Char()
    scored_by_id = fields.Many2one("res.users", "Scored by", readonly=True)
    scored_date = fields.Datetime("Scored on", readonly=True)
    points = fields.Float(compute="_compute_points", store=True)

    @api.depends("kind", "metric", "name")
    @api.depends_context("lang")
    def _compute_label(self):
        metrics = dict(self._fields["metric"]._description_selection(self.env))
        for line in self:
            if line.kind == "kpi":
                line.label = metrics.get(line.metric, line.name)
            else:
                line.label = line.template_line_id.sudo().name or line.name
            line.unit = "" if line.kind != "kpi" or line.metric in PLAIN_METRICS else "%"

    @api.depends("kind", "kpi_points", "score")
    def _compute_points(self):
        for line in self:
            line.points = line.score if line.kind == "qualitative" else line.kpi_points

    @api.constrains("score", "weight", "kind")
    def _check_score(self):
        for line in self:
            if line.kind == "kpi" and line.score:
                raise ValidationError(
                    self.env._(
                        "Score: %(line)s is a KPI; its points come from its figure.",
                        line=line.label,
                    )
                )
            if not 0 <= line.score <= line.weight:
                raise ValidationError(
                    self.env._(
                        "Score: %(line)s is scored from 0 to %(weight)s points (not %(score)s).",
                        line=line.label,
                        weight=line.weight,
                        score=line.score,
                    )
                )

    def _internal(self):
        return self.with_context(**{TRANSITION_KEY: ACTION_SENTINEL})

    def _in_transition(self):
        return is_action(self.env, TRANSITION_KEY)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._in_transition():
            raise UserError(
                self.env._("Scorecard lines come from the template and the KPI engine.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if self._in_transition():
            return super().write(vals)
        fixed = set(vals) - self._SCORE_FIELDS
        if fixed:
            raise UserError(
                self.env._(
                    "%(fields)s: computed by the scorecard from the KPI engine, not written.",
                    fields=", ".join(
                        sorted(
                            self._fields[f]._description_string(self.env)
                            for f in fixed
                            if f in self._fields
                        )
                    )
                    or ", ".join(sorted(fixed)),
                )
            )
        self.env["key.account.scorecard"]._check_director("scores the qualitative skills")
        check_finite_numbers(self, vals)
        for line in self:
            if line.scorecard_id.state != "draft":
                raise UserError(
                    self.env._(
                        "%(doc)s is locked: its scores can no longer be changed.",
                        doc=line.scorecard_id._document_label(),
                    )
                )
            if "score" in vals and line.kind != "qualitative":
                raise ValidationError(
                    self.env._(
                        "Score: %(line)s is a KPI; its points come from its figure.",
                        line=line.label,
                    )
                )
        result = super().write(vals)
        if "score" in vals:
            self._internal().write(
                {"scored_by_id": self.env.uid, "scored_date": fields.Datetime.now()}
            )
        return result

    def unlink(self):
        if not self._in_transition():
            raise UserError(
                self.env._("Scorecard lines come from the template and the KPI engine.")
            )
        return super().unlink()

    @checked_args
    def action_drilldown(self):
        """Open the records behind this KPI figure (invoices, applications, orders, key
        accounts, complaints, gift requests, ratings)."""
        return self._drilldown()

    @checked_args
    def action_drilldown_visits(self):
        """Open the visit expenses behind the commercial expense rate."""
        return self._drilldown(source="visits")

    def _drilldown(self, source=None):
        self.ensure_one()
        self.check_access("read")
        card = self.scorecard_id
        card.check_access("read")
        if self.kind != "kpi":
            raise UserError(
                self.env._(
                    "%(line)s is scored by the KAM director; it has no records behind it.",
                    line=self.label,
                )
            )
        metric = self.metric
        if source == "visits" and metric == "expense_rate":
            metric = "expense_rate_visits"
        elif source is not None:
            raise UserError(
                self.env._("%(line)s has no visit expenses behind it.", line=self.label)
            )
        return self.env["key.account.kpi.engine"]._drilldown_action(
            metric, card.level, card.res_id, card.date_from, card.date_to
        )
