from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class KeyAccountApprovalRule(models.Model):
    """An amount band of an approvable document type, with its ordered steps.

    A band is the closed interval ``[amount_from, amount_to]`` of the document's
    amount in company currency, rounded to the currency's precision
    (``amount_to`` 0 = no upper limit).  The shipped sale-order bands are
    0–99,999.99, 100,000–300,000 and 300,000.01 upwards, so every amount,
    100,000 and 300,000 included, falls in exactly one band.
    """

    _name = "key.account.approval.rule"
    _description = "Key Account Approval Rule"
    _order = "model_name, amount_from, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    model_name = fields.Selection(
        selection="_selection_model_name", string="Document", required=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_from = fields.Monetary(help="Lowest amount of the band (included).")
    amount_to = fields.Monetary(
        help="Highest amount of the band (included); 0 means no upper limit."
    )
    tier_ids = fields.Many2many(
        "key.account.tier",
        "key_account_approval_rule_tier_rel",
        "rule_id",
        "tier_id",
        "Tiers",
        help="Only for accounts of these tiers, instead of the general rules; empty: general.",
    )
    step_ids = fields.One2many("key.account.approval.rule.step", "rule_id", "Steps", copy=True)
    allow_same_decider = fields.Boolean(
        "Same person may decide several steps",
        help="Off (the default): one person decides at most one step of a chain, himself "
        "or through a delegation (a filing step is not counted). On: the same person may "
        "decide several steps of this rule's chains.",
    )

    @api.model
    def _selection_model_name(self):
        return [
            (name, self.env[name]._description)
            for name in sorted(self.env.registry)
            if getattr(self.env.registry[name], "_approval_state_field", None)
            and not self.env.registry[name]._abstract
        ]

    @api.constrains("amount_from", "amount_to", "model_name", "company_id", "active", "tier_ids")
    def _check_band(self):
        for rule in self:
            if rule.amount_from < 0 or rule.amount_to < 0:
                raise ValidationError(
                    self.env._(
                        "Approval rule %(rule)s: amounts cannot be negative.", rule=rule.name
                    )
                )
            if rule.amount_to and rule.amount_to < rule.amount_from:
                raise ValidationError(
                    self.env._(
                        "Approval rule %(rule)s: 'Amount To' must not be below 'Amount From' "
                        "(or 0 for no upper limit).",
                        rule=rule.name,
                    )
                )
        others = self.search(
            [
                ("model_name", "in", list(set(self.mapped("model_name")))),
                ("company_id", "in", self.company_id.ids),
            ]
        )
        inf = float("inf")
        for rule in self.filtered("active"):
            for other in others:
                if other == rule or (other.model_name, other.company_id) != (
                    rule.model_name,
                    rule.company_id,
                ):
                    continue
                # general rules compete with general ones, tier rules with those of a
                # shared tier
                if bool(rule.tier_ids) != bool(other.tier_ids) or (
                    rule.tier_ids and not rule.tier_ids & other.tier_ids
                ):
                    continue
                if rule.amount_from <= (other.amount_to or inf) and other.amount_from <= (
                    rule.amount_to or inf
                ):
                    raise ValidationError(
                        self.env._(
                            "Approval rule %(rule)s overlaps rule %(other)s: an amount would "
                            "fall in both bands. Bands include both edges, e.g. "
                            "0–99,999.99 and 100,000–300,000.",
                            rule=rule.name,
                            other=other.name,
                        )
                    )

    @api.constrains("step_ids", "active")
    def _check_steps(self):
        for rule in self.filtered("active"):
            if not rule.step_ids:
                raise ValidationError(
                    self.env._("Approval rule %(rule)s needs at least one step.", rule=rule.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    @tools.ormcache("model_name", "company_id")
    def _bands(self, model_name, company_id):
        """The active rules of a document model and company, as plain data cached in the
        registry (cleared whenever a rule or a step changes): one tuple per rule,
        ``(id, tier ids, amount_from, amount_to, steps)``, each step a tuple
        ``(step id, kind, approver_type, group id, user id)`` in order."""
        rules = self.sudo().search_fetch(
            [("model_name", "=", model_name), ("company_id", "=", company_id)],
            ["tier_ids", "amount_from", "amount_to", "step_ids"],
        )
        rules.step_ids.fetch(["kind", "approver_type", "group_id", "user_id", "sequence"])
        return tuple(
            (
                rule.id,
                frozenset(rule.tier_ids.ids),
                rule.amount_from,
                rule.amount_to,
                tuple(
                    (step.id, step.kind, step.approver_type, step.group_id.id, step.user_id.id)
                    for step in rule.step_ids
                ),
            )
            for rule in rules
        )

    @api.model
    def _find(self, model_name, company, amount, tier=None):
        """The active rule of ``model_name`` whose band holds ``amount`` (company currency).

        Rules of the account's tier (its approval policy) come before the general ones.
        """
        return self.browse(self._find_band(model_name, company, amount, tier)[0])

    @api.model
    def _find_band(self, model_name, company, amount, tier=None):
        """Like :meth:`_find`, as the cached ``(id, ..., steps)`` tuple of :meth:`_bands`
        (``(False, ..., ())`` when no rule covers the amount)."""
        amount = company.currency_id.round(amount)
        bands = self._bands(model_name, company.id)
        tier_bands = [band for band in bands if tier and tier.id in band[1]]
        general = [band for band in bands if not band[1]]
        for band in tier_bands or general:
            if band[2] <= amount and (not band[3] or amount <= band[3]):
                return band
        return (False, frozenset(), 0.0, 0.0, ())
