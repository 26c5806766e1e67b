from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class KeyAccountDelegation(models.Model):
    """Written delegation (当事人不在，可用书面形式授权签约).

    During ``[date_from, date_to]`` the delegate sees and acts on the
    delegator's approval steps; decisions are recorded "on behalf of" the
    delegator.  A delegation without its signed authorisation attached, or
    outside its dates, does not apply.

    Only the delegator and a KAM director create, change or archive a delegation;
    for everyone else, the delegate included, it is read-only.  A non-director
    delegates only his own approvals; every rule below holds on create and on write.
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
    can_change = fields.Boolean(
        compute="_compute_can_change",
        help="Whether the current user may change it: its delegator or a KAM director.",
    )

    @api.depends("delegator_id")
    @api.depends_context("uid")
    def _compute_can_change(self):
        admin = self._is_delegation_admin()
        for rec in self:
            rec.can_change = admin or not rec.delegator_id or rec.delegator_id == self.env.user

    @api.constrains(
        "delegator_id",
        "delegate_id",
        "date_from",
        "date_to",
        "attachment_ids",
        "active",
        "company_id",
        "reason",
    )
    def _check_delegation(self):
        for rec in self.filtered("active"):
            if rec.delegator_id == rec.delegate_id:
                raise ValidationError(self.env._("Delegate: you cannot delegate to yourself."))
            if rec.date_to < rec.date_from:
                raise ValidationError(
                    self.env._("Delegation dates: 'To' must not be before 'From'.")
                )
            if not (rec.reason or "").strip():
                raise ValidationError(self.env._("Reason: a delegation needs its reason."))
            if not rec.attachment_ids:
                raise ValidationError(
                    self.env._(
                        "Written Authorisation: attach the signed written authorisation "
                        "of the delegation."
                    )
                )
            for user in rec.delegator_id | rec.delegate_id:
                if rec.company_id not in user.sudo().company_ids:
                    raise ValidationError(
                        self.env._(
                            "Company: %(user)s does not belong to the company %(company)s "
                            "of the delegation.",
                            user=user.name,
                            company=rec.company_id.name,
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

    def _is_delegation_admin(self):
        return self.env.su or self.env.user.has_group("key_account_mgmt.group_kam_director")

    def _check_own_attachments(self, vals):
        """The written authorisation is a file the acting user may read himself."""
        if self.env.su or "attachment_ids" not in vals:
            return
        ids = set()
        for command in vals["attachment_ids"] or ():
            if isinstance(command, int):
                ids.add(command)
            elif isinstance(command, (list, tuple)) and command and command[0] == 4:
                ids.add(command[1])
            elif isinstance(command, (list, tuple)) and command and command[0] == 6:
                ids.update(command[2] or ())
        if ids:
            self.env["ir.attachment"].browse(ids).check_access("read")

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_delegation_admin():
            for vals in vals_list:
                if vals.get("delegator_id", self.env.uid) != self.env.uid:
                    raise AccessError(
                        self.env._("Delegator: you can only delegate your own approvals.")
                    )
        for vals in vals_list:
            self._check_own_attachments(vals)
        delegations = super().create(vals_list)
        delegations._bind_attachments()
        # record rules on approval steps read the delegations
        self.env.registry.clear_cache()
        return delegations

    def write(self, vals):
        if not self._is_delegation_admin():
            others = self.sudo().filtered(lambda d: d.delegator_id.id != self.env.uid)
            if others:
                raise AccessError(
                    self.env._(
                        "Delegation %(name)s: only its delegator (%(delegator)s) or a KAM "
                        "director may change it; for you it is read-only.",
                        name=others[0].display_name,
                        delegator=others[0].delegator_id.name,
                    )
                )
            if "delegator_id" in vals and vals["delegator_id"] != self.env.uid:
                raise AccessError(
                    self.env._("Delegator: you can only delegate your own approvals.")
                )
        self._check_own_attachments(vals)
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._bind_attachments()
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        if not self._is_delegation_admin():
            raise AccessError(
                self.env._(
                    "Delegations: only a KAM director deletes a delegation; its delegator "
                    "archives it."
                )
            )
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
