from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class KeyAccountDelegation(models.Model):
    """Written delegation (当事人不在，可用书面形式授权签约).

    During ``[date_from, date_to]`` the delegate sees and acts on the
    delegator's approval steps; decisions are recorded "on behalf of" the
    delegator.  A delegation without its signed authorisation attached, or
    outside its dates, does not apply.
    """

    _name = "key.account.delegation"
    _inherit = ["mail.thread"]
    _description = "Key Account Approval Delegation"
    _order = "date_from desc, id desc"

    delegator_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )
    delegate_id = fields.Many2one("res.users", required=True, tracking=True, index=True)
    date_from = fields.Date("From", required=True, default=fields.Date.context_today, tracking=True)
    date_to = fields.Date("To", required=True, tracking=True)
    reason = fields.Char(required=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "key_account_delegation_attachment_rel",
        "delegation_id",
        "attachment_id",
        "Written Authorisation",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.constrains(
        "delegator_id", "delegate_id", "date_from", "date_to", "attachment_ids", "active"
    )
    def _check_delegation(self):
        for rec in self.filtered("active"):
            if rec.delegator_id == rec.delegate_id:
                raise ValidationError(self.env._("Delegate: you cannot delegate to yourself."))
            if rec.date_to < rec.date_from:
                raise ValidationError(
                    self.env._("Delegation dates: 'To' must not be before 'From'.")
                )
            if not rec.attachment_ids:
                raise ValidationError(
                    self.env._(
                        "Written Authorisation: attach the signed written authorisation "
                        "of the delegation."
                    )
                )
        self._check_no_cycle()

    def _check_no_cycle(self):
        """Refuse a delegation that closes a loop with overlapping ones (A→B→…→A)."""
        for rec in self.filtered("active"):
            overlapping = self.sudo().search(
                [
                    ("date_from", "<=", rec.date_to),
                    ("date_to", ">=", rec.date_from),
                    ("company_id", "=", rec.company_id.id),
                ]
            )
            edges = {}
            for d in overlapping:
                edges.setdefault(d.delegator_id.id, set()).add(d.delegate_id.id)
            seen, todo = set(), [rec.delegate_id.id]
            while todo:
                user_id = todo.pop()
                if user_id == rec.delegator_id.id:
                    raise ValidationError(
                        self.env._(
                            "Delegate: delegating from %(from)s to %(to)s would close a cycle "
                            "of delegations over the same dates.",
                            **{"from": rec.delegator_id.name, "to": rec.delegate_id.name},
                        )
                    )
                if user_id not in seen:
                    seen.add(user_id)
                    todo.extend(edges.get(user_id, ()))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.user.has_group("key_account_mgmt.group_kam_director"):
            for vals in vals_list:
                if vals.get("delegator_id", self.env.uid) != self.env.uid:
                    raise AccessError(
                        self.env._("Delegator: you can only delegate your own approvals.")
                    )
        delegations = super().create(vals_list)
        delegations._bind_attachments()
        # record rules on approval steps read the delegations
        self.env.registry.clear_cache()
        return delegations

    def write(self, vals):
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._bind_attachments()
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    def _bind_attachments(self):
        """Bind the authorisation files to the delegation, so its readers read them."""
        for rec in self:
            rec.attachment_ids.filtered(lambda a: not a.res_id).write(
                {"res_model": self._name, "res_id": rec.id}
            )

    @api.model
    def _delegators_of(self, user, day=None):
        """Users whose steps ``user`` may act on ``day`` (valid delegations only)."""
        day = day or fields.Date.context_today(self)
        delegations = self.sudo().search(
            [
                ("delegate_id", "=", user.id),
                ("date_from", "<=", day),
                ("date_to", ">=", day),
                ("attachment_ids", "!=", False),
            ]
        )
        return delegations.delegator_id
