"""Key-account tiers (等级): their criteria bands, their consequences (visit interval, gift
budget, approval rules, payment terms) and the matching of an account's figures to one."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KeyAccountTier(models.Model):
    """A key-account grade (等级) by credit standing (信誉程度).

    Criteria are half-open bands: a tier matches a credit score in
    ``[credit_score_min, credit_score_max)`` and an annual revenue in
    ``[revenue_min, revenue_max)`` (``revenue_max`` 0 = no upper limit), so a
    value on a band edge belongs to exactly one tier.
    """

    _name = "key.account.tier"
    _description = "Key Account Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short grade code such as A, B or C.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    description = fields.Text(translate=True)

    # --- criteria
    credit_score_min = fields.Float(
        "Credit Score From", help="Lowest credit score of the band (inclusive)."
    )
    credit_score_max = fields.Float(
        "Credit Score Below",
        default=101.0,
        help="Upper edge of the credit-score band (exclusive).",
    )
    revenue_min = fields.Monetary(
        "Annual Revenue From", help="Lowest annual revenue of the band (inclusive)."
    )
    revenue_max = fields.Monetary(
        "Annual Revenue Below",
        help="Upper edge of the annual-revenue band (exclusive); 0 means no upper limit.",
    )

    # --- consequences
    visit_interval_days = fields.Integer(
        "Visit Every (days)",
        default=30,
        help="Required visit frequency: an account of this tier is visited at least this often.",
    )
    gift_budget = fields.Monetary("Yearly Gift Budget")
    approval_rule_ids = fields.Many2many(
        "key.account.approval.rule",
        "key_account_approval_rule_tier_rel",
        "tier_id",
        "rule_id",
        "Own Approval Rules",
        help="Approval policy of the tier: rules that apply to its accounts instead of the "
        "general rules of the same document type.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        "Payment Terms",
        check_company=True,
        help="Payment terms granted to key accounts of this tier.",
    )
    partner_count = fields.Integer(compute="_compute_partner_count", string="Key Accounts")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The tier code must be unique per company.",
        ),
        (
            "revenue_not_negative",
            "CHECK(COALESCE(revenue_min, 0) >= 0 AND COALESCE(revenue_max, 0) >= 0)",
            "Annual Revenue From / Annual Revenue Below: annual revenue bands cannot be negative.",
        ),
        (
            "visit_interval_not_negative",
            "CHECK(COALESCE(visit_interval_days, 0) >= 0)",
            "Visit Every (days): the visit interval of a tier cannot be negative.",
        ),
        (
            "gift_budget_not_negative",
            "CHECK(COALESCE(gift_budget, 0) >= 0)",
            "Yearly Gift Budget: the gift budget of a tier cannot be negative.",
        ),
    ]

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("key_account_tier_id", "in", self.ids)],
                ["key_account_tier_id"],
                ["__count"],
            )
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

    @api.constrains(
        "credit_score_min",
        "credit_score_max",
        "revenue_min",
        "revenue_max",
        "company_id",
        "active",
    )
    def _check_criteria(self):
        for tier in self:
            if tier.credit_score_min >= tier.credit_score_max:
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s: the credit score band must have "
                        "'Credit Score From' below 'Credit Score Below'.",
                        tier=tier.display_name,
                    )
                )
            if tier.revenue_max and tier.revenue_min >= tier.revenue_max:
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s: 'Annual Revenue From' must be below "
                        "'Annual Revenue Below' (or leave the upper edge at 0).",
                        tier=tier.display_name,
                    )
                )
        # One query for every tier of the companies involved.
        others = self.search([("company_id", "in", self.company_id.ids), ("active", "=", True)])
        for tier in self.filtered("active"):
            for other in others:
                if other == tier or other.company_id != tier.company_id:
                    continue
                if tier._overlaps(other):
                    raise ValidationError(
                        self.env._(
                            "Tier %(tier)s overlaps tier %(other)s: their credit score "
                            "and annual revenue criteria both intersect, so an account "
                            "would match two tiers.",
                            tier=tier.display_name,
                            other=other.display_name,
                        )
                    )

    def _overlaps(self, other):
        self.ensure_one()
        inf = float("inf")
        score = (
            self.credit_score_min < other.credit_score_max
            and other.credit_score_min < self.credit_score_max
        )
        revenue = self.revenue_min < (other.revenue_max or inf) and other.revenue_min < (
            self.revenue_max or inf
        )
        return score and revenue

    @api.depends("code", "name")
    def _compute_display_name(self):
        for tier in self:
            tier.display_name = f"[{tier.code}] {tier.name}" if tier.code else tier.name

    @api.model
    def _match(self, credit_score, annual_revenue, company=None):
        """Return the active tier whose bands contain both values (or an empty recordset)."""
        company = company or self.env.company
        for tier in self.search([("company_id", "=", company.id)]):
            if (
                tier.credit_score_min <= credit_score < tier.credit_score_max
                and tier.revenue_min <= annual_revenue
                and (not tier.revenue_max or annual_revenue < tier.revenue_max)
            ):
                return tier
        return self.browse()

    def _partner_consequences(self, vals):
        """The values a partner moving to this tier receives besides ``vals`` (what the
        writer sets explicitly wins): the tier's payment terms."""
        self.ensure_one()
        if self.payment_term_id and "property_payment_term_id" not in vals:
            return {"property_payment_term_id": self.payment_term_id.id}
        return {}
