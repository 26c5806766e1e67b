"""Scorecard templates (考核评分表, seed 003 大客户经理/专员绩效考核指标): the configurable lines.

Owns ``key.account.scorecard.template`` and its lines: a KPI of the engine (``METRICS``)
or a qualitative skill the KAM director scores, each with its weight, and for KPIs the
threshold, the step, the penalty per step started below it and the floor (the seed:
sales completion worth 25 points, one point off for every 5 % started below 100 %).
The weights of a template total 100.  Lines change only through their template (its
form, its ``write``), so that the total is checked once all of them are written.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.guards import ACTION_SENTINEL, check_finite_numbers, is_action
from .key_account_kpi_value import METRIC_SELECTION

TEMPLATE_KEY = "key_account_scorecard_template"
# figures shown as a count or a score, not as a share (every other metric is a %)
PLAIN_METRICS = ("valid_complaints", "nps")
PARAM_FIELDS = (
    "sequence",
    "kind",
    "metric",
    "name",
    "weight",
    "threshold",
    "step",
    "penalty",
    "floor",
    "lower_is_better",
    "no_target_points",
)


class KeyAccountScorecardTemplate(models.Model):
    _name = "key.account.scorecard.template"
    _description = "Key Account Scorecard Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Empty: the template of every company without its own."
    )
    lock_days = fields.Integer(
        "Lock After (Days)",
        default=15,
        required=True,
        help="The quarterly job locks a quarter's scorecards this many days after the "
        "quarter has closed; until then it refreshes them every day.",
    )
    line_ids = fields.One2many(
        "key.account.scorecard.template.line", "template_id", "Lines", copy=True
    )
    total_weight = fields.Float(compute="_compute_total_weight")

    @api.depends("line_ids.weight")
    def _compute_total_weight(self):
        for template in self:
            template.total_weight = sum(template.line_ids.mapped("weight"))

    @api.constrains("line_ids", "active")
    def _check_total_weight(self):
        for template in self:
            total = round(sum(template.line_ids.mapped("weight")), 2)
            if template.active and total != 100:
                raise ValidationError(
                    self.env._(
                        "Weight: the lines of the scorecard template %(template)s must total "
                        "100 points (they total %(total)s).",
                        template=template.name,
                        total=total,
                    )
                )

    @api.constrains("lock_days")
    def _check_lock_days(self):
        for template in self:
            if not 0 <= template.lock_days <= 366:
                raise ValidationError(
                    self.env._("Lock After (Days): between 0 and 366 days after the quarter.")
                )

    def _with_lines_key(self):
        return self.with_context(**{TEMPLATE_KEY: ACTION_SENTINEL})

    @api.model_create_multi
    def create(self, vals_list):
        return super(KeyAccountScorecardTemplate, self._with_lines_key()).create(vals_list)

    def write(self, vals):
        return super(KeyAccountScorecardTemplate, self._with_lines_key()).write(vals)

    @api.model
    def _for_company(self, company):
        """The active template of ``company`` (its own first, else the shared one)."""
        templates = self.sudo().search(
            [("company_id", "in", [company.id, False])], order="sequence, id"
        )
        own = templates.filtered(lambda t: t.company_id == company)
        template = (own or templates)[:1]
        if not template:
            raise UserError(
                self.env._(
                    "Scorecard: no active scorecard template for %(company)s.",
                    company=company.name,
                )
            )
        template._check_total_weight()
        return template


class KeyAccountScorecardTemplateLine(models.Model):
    _name = "key.account.scorecard.template.line"
    _description = "Key Account Scorecard Template Line"
    _order = "sequence, id"

    template_id = fields.Many2one(
        "key.account.scorecard.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [("kpi", "KPI"), ("qualitative", "Qualitative Skill")],
        required=True,
        default="kpi",
    )
    metric = fields.Selection(METRIC_SELECTION)
    name = fields.Char("Indicator", required=True, translate=True, help="The indicator as printed.")
    weight = fields.Float(required=True, help="The points the line is worth.")
    threshold = fields.Float(
        help="Full points at or beyond it: a % for shares (100 = 100 %), a count for valid "
        "complaints, a score for the NPS."
    )
    step = fields.Float(default=5, help="Penalty for every step started beyond the threshold.")
    penalty = fields.Float("Penalty per Step", default=1)
    floor = fields.Float(help="The line never gives fewer points.")
    lower_is_better = fields.Boolean(
        help="Points are lost above the threshold (churn, complaints, expenses), not below."
    )
    no_target_points = fields.Selection(
        [("zero", "No points"), ("full", "Full weight")],
        "Without Target",
        required=True,
        default="zero",
        help="Points when the figure has no target (no plan, nothing due, no accounts).",
    )

    @api.constrains(
        "kind", "metric", "weight", "threshold", "step", "penalty", "floor", "template_id"
    )
    def _check_line(self):
        for line in self:
            if line.weight <= 0 or line.weight > 100:
                raise ValidationError(
                    self.env._(
                        "Weight: %(line)s is worth more than 0 and at most 100 points.",
                        line=line.name,
                    )
                )
            if line.kind == "kpi":
                if not line.metric:
                    raise ValidationError(
                        self.env._("Metric: the KPI line %(line)s needs one.", line=line.name)
                    )
                if line.step <= 0 or line.penalty < 0:
                    raise ValidationError(
                        self.env._(
                            "Step: %(line)s needs a positive step and a penalty of 0 or more.",
                            line=line.name,
                        )
                    )
                if not 0 <= line.floor <= line.weight:
                    raise ValidationError(
                        self.env._(
                            "Floor: %(line)s's floor lies between 0 and its weight.",
                            line=line.name,
                        )
                    )
            elif line.metric:
                raise ValidationError(
                    self.env._(
                        "Metric: %(line)s is a qualitative skill scored by the KAM director; "
                        "it has no metric.",
                        line=line.name,
                    )
                )

    def _check_through_template(self):
        if not is_action(self.env, TEMPLATE_KEY):
            raise UserError(
                self.env._(
                    "Scorecard template lines are edited on their template, so that the "
                    "weights are checked to total 100 once all lines are written."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_through_template()
        for vals in vals_list:
            check_finite_numbers(self, vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_through_template()
        check_finite_numbers(self, vals)
        return super().write(vals)

    def unlink(self):
        self._check_through_template()
        return super().unlink()

    def _params(self):
        """The line's parameters, copied onto a scorecard's line (a snapshot)."""
        self.ensure_one()
        vals = {fname: self[fname] for fname in PARAM_FIELDS}
        vals["template_line_id"] = self.id
        return vals
