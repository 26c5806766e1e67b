from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tools import SQL, ormcache

from ..tools import checked_args
from .key_account_approval_rule_step import STEP_KINDS


class KeyAccountApproval(models.Model):
    """One step of a document's approval chain (sign / approve / file).

    Steps of a chain run in sequence: exactly one is ``pending`` at a time, the
    later ones ``waiting``.  A decision locks the step's row (``FOR UPDATE
    NOWAIT``), so two users deciding the same step at once cannot both succeed:
    the second one is told who decided.
    """

    _name = "key.account.approval"
    _description = "Key Account Approval Step"
    _order = "res_model, res_id, current desc, sequence, id"
    _rec_name = "name"

    res_model = fields.Char("Document Model", required=True, index=True, readonly=True)
    res_id = fields.Many2oneReference(
        "Document", required=True, index=True, model_field="res_model", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    rule_id = fields.Many2one("key.account.approval.rule", readonly=True, ondelete="restrict")
    rule_step_id = fields.Many2one(
        "key.account.approval.rule.step", readonly=True, ondelete="set null"
    )
    sequence = fields.Integer(readonly=True)
    step_count = fields.Integer(readonly=True)
    name = fields.Char(readonly=True)
    kind = fields.Selection(STEP_KINDS, readonly=True)
    approver_group_id = fields.Many2one("res.groups", readonly=True)
    approver_user_id = fields.Many2one("res.users", readonly=True)
    approver_label = fields.Char(readonly=True)
    requester_id = fields.Many2one(
        "res.users", readonly=True, help="Who requested the approval; he cannot decide."
    )
    document_user_id = fields.Many2one(
        "res.users", readonly=True, help="Who is responsible for the document; he cannot decide."
    )
    participant_ids = fields.Many2many(
        "res.users",
        "key_account_approval_participant_rel",
        "approval_id",
        "user_id",
        readonly=True,
        help="Requester, responsible and approvers of the whole chain: they read all its steps.",
    )
    amount = fields.Monetary(readonly=True, currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    current = fields.Boolean(default=True, index=True, readonly=True)
    state = fields.Selection(
        [
            ("waiting", "Waiting"),
            ("pending", "To Decide"),
            ("done", "Done"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="waiting",
        required=True,
        index=True,
        readonly=True,
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    on_behalf_of_id = fields.Many2one("res.users", readonly=True)
    decision_date = fields.Datetime(readonly=True)
    comment = fields.Text(readonly=True)
    can_review = fields.Boolean(compute="_compute_can_review", search="_search_can_review")
    # Readable by whoever reads the step (record rules), even without the document.
    document_name = fields.Char(compute="_compute_document_name", compute_sudo=True)
    document_partner_name = fields.Char(
        "Customer", compute="_compute_document_name", compute_sudo=True
    )
    document_type = fields.Char(compute="_compute_document_name", compute_sudo=True)
    approver_group_name = fields.Char("Approver Group", related="approver_group_id.name")

    @api.depends("state", "approver_user_id", "approver_group_id")
    @api.depends_context("uid")
    def _compute_can_review(self):
        reviewable = self.search(self._can_review_domain() + [("id", "in", self.ids)])
        for step in self:
            step.can_review = step in reviewable

    def _search_can_review(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Can Review'."))
        domain = self._can_review_domain()
        if (operator == "=") == value:
            return domain
        return [("id", "not in", self._search(domain))]

    @api.model
    def _can_review_domain(self):
        """Pending steps the current user may decide, himself or through a delegation."""
        user = self.env.user
        actors = user | self.env["key.account.delegation"]._delegators_of(user)
        return [
            ("state", "=", "pending"),
            ("current", "=", True),
            ("requester_id", "!=", user.id),
            ("document_user_id", "!=", user.id),
            ("id", "not in", self._separation_blocked_sql(user)),
            "|",
            ("approver_user_id", "in", actors.ids),
            ("approver_group_id", "in", actors.groups_id.ids),
        ]

    @api.model
    def _separation_blocked_sql(self, user):
        """Pending steps ``user`` may not decide: he decided another step of the chain."""
        self.env["key.account.approval.rule"].flush_model(["allow_same_decider"])
        fnames = ["res_model", "res_id", "current", "state", "kind", "rule_id"]
        self.flush_model([*fnames, "decided_by_id", "on_behalf_of_id"])
        return SQL(
            "(SELECT s.id FROM key_account_approval s "
            "JOIN key_account_approval d ON d.res_model = s.res_model AND d.res_id = s.res_id "
            "AND d.current AND d.id != s.id AND d.state = 'done' AND d.kind != 'file' "
            "AND %(uid)s IN (d.decided_by_id, d.on_behalf_of_id) "
            "LEFT JOIN key_account_approval_rule r ON r.id = s.rule_id "
            "WHERE s.state = 'pending' AND s.current AND s.kind != 'file' "
            "AND r.allow_same_decider IS NOT TRUE)",
            uid=user.id,
        )

    def _separation_excluded_users(self, candidates=None):
        """Users who already decided another step of this chain (no activity for them);
        with ``candidates``, only those among them (the rule is then read only when one
        of them decided another step)."""
        self.ensure_one()
        step = self.sudo()
        if step.sequence <= 1 or step.kind == "file":
            return self.env["res.users"]
        done = step._chain().filtered(
            lambda s: s != step and s.state == "done" and s.kind != "file"
        )
        excluded = done.decided_by_id | done.on_behalf_of_id
        if candidates is not None:
            excluded &= candidates
        if not excluded or step.rule_id.allow_same_decider:
            return self.env["res.users"]
        return excluded

    def _compute_document_name(self):
        # one batch per document model, not one browse per step (the To Approve list)
        ids_by_model = defaultdict(list)
        for step in self:
            if step.res_model in self.env:
                ids_by_model[step.res_model].append(step.res_id)
        names, partners = {}, {}
        for model, ids in ids_by_model.items():
            for doc in self.env[model].browse(ids).exists():
                names[model, doc.id] = doc.display_name
                partner = doc["partner_id"] if "partner_id" in doc._fields else None
                partners[model, doc.id] = partner.commercial_partner_id.name if partner else False
        labels = {model: self.env["ir.model"]._get(model).name for model in ids_by_model}
        for step in self:
            key = (step.res_model, step.res_id)
            step.document_name = names.get(key, False)
            step.document_partner_name = partners.get(key, False)
            step.document_type = labels.get(step.res_model, False)

    # ------------------------------------------------------------------ who
    def _approver_users(self):
        """Users who hold this step themselves (without delegation): one search."""
        self.ensure_one()
        return self._approver_users_map()[self]

    def _approver_users_map(self):
        """``{step: users}`` as :meth:`_approver_users`, for many steps at once (the
        groups' members from the registry cache, see :meth:`_approver_group_members`)."""
        group_steps = self.filtered(lambda s: not s.approver_user_id and s.approver_group_id)
        members = {}
        if group_steps:
            members = self._approver_group_members(
                tuple(sorted(group_steps.approver_group_id.ids)),
                tuple(sorted(group_steps.company_id.ids)),
            )
        users = self.env["res.users"]
        several_companies = len(group_steps.company_id) > 1
        return {
            step: step.approver_user_id
            or users.browse(members.get(step.approver_group_id.id, ())).filtered(
                lambda u, c=step.company_id: not several_companies or c in u.company_ids
            )
            for step in self
        }

    @api.model
    @ormcache("group_ids", "company_ids")
    def _approver_group_members(self, group_ids, company_ids):
        """``{group id: user ids}``: the active internal users of each group who belong to
        one of the companies. Kept in the registry cache (one query per request and per
        decision less, issue 10): Odoo clears it whenever users' groups, companies or
        active flag change or groups are written (``res.users`` ``write``, ``res.groups``
        ``write``/``create``), and ``res_users.py`` when internal users are created."""
        rows = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=True)
            ._read_group(
                [
                    ("groups_id", "in", list(group_ids)),
                    ("company_ids", "in", list(company_ids)),
                    ("share", "=", False),
                ],
                ["groups_id"],
                ["id:array_agg"],
            )
        )
        return {group.id: tuple(sorted(ids)) for group, ids in rows}

    @api.model
    @ormcache("group_ids", "lang")
    def _approver_group_names(self, group_ids, lang):
        """``{group id: name}`` in ``lang``, the labels of a new chain's group steps (registry
        cache: Odoo clears it when groups are written)."""
        groups = self.env["res.groups"].sudo().with_context(lang=lang).browse(group_ids)
        return {group.id: group.name for group in groups.exists()}

    def _approver_label(self):
        self.ensure_one()
        return self.approver_label or ""

    def _resolve_actor(self, user, caller_su=False):
        """The delegator ``user`` acts for (empty if for himself), or raise AccessError.

        Nobody decides on his own document, except through the written delegation that
        the documented path requires: when the step is personally his (e.g. an account
        manager who is also the office manager signs the small band), nobody else holds
        it, so his valid delegate decides it on his behalf.
        """
        self.ensure_one()
        if caller_su:
            # Superuser mode (data loading, server code): no user to check.
            return self.env["res.users"]
        owners = self.requester_id | self.document_user_id
        if user in owners:
            raise AccessError(
                self.env._(
                    "%(step)s of %(doc)s: you cannot decide on your own document.",
                    step=self.name,
                    doc=self.document_name,
                )
            )
        if self._holds(user):
            return self.env["res.users"]
        for delegator in self.env["key.account.delegation"]._delegators_of(user):
            if self._holds(delegator) and (
                delegator not in owners or self.approver_user_id == delegator
            ):
                return delegator
        raise AccessError(
            self.env._(
                "%(step)s of %(doc)s waits for %(who)s; you are not one of its approvers "
                "and hold no valid written delegation from one.",
                step=self.name,
                doc=self.document_name,
                who=self._approver_label(),
            )
        )

    def _check_document_access(self, delegator=None):
        """The acting user reads the step's document (company and record rules).

        Acting through a delegation, the delegate acts within the delegator's authority:
        the delegator must read the document, and the delegate must belong to its company.
        Superuser mode (server code) is not checked.
        """
        self.ensure_one()
        if self.env.su:
            return
        user = self.env.user
        step = self.sudo()
        document = self.env[step.res_model].browse(step.res_id)
        try:
            # reading it fetches the row the access check below reads (no exists() query)
            document.sudo().create_date  # noqa: B018
        except MissingError:
            raise UserError(
                self.env._("%(step)s: its document no longer exists.", step=step.name)
            ) from None
        if not delegator:
            document.check_access("read")
            return
        if step.company_id not in user.company_ids:
            raise AccessError(
                self.env._(
                    "%(step)s: you do not belong to the company %(company)s of its document.",
                    step=step.name,
                    company=step.company_id.name,
                )
            )
        context = {k: v for k, v in self.env.context.items() if k != "allowed_company_ids"}
        document.with_env(self.env(user=delegator, su=False, context=context)).check_access("read")

    def _check_separation(self, persons):
        """One person decides at most one step of a chain (himself or by delegation).

        A filing step (备案) only records the decisions already taken and is not
        counted; a rule may allow the same person on several steps
        (``allow_same_decider``).
        """
        self.ensure_one()
        step = self.sudo()
        if not persons or step.kind == "file":
            return
        for other in step._chain():
            if other == step or other.state != "done" or other.kind == "file":
                continue
            same = (other.decided_by_id | other.on_behalf_of_id) & persons
            # the rule is read only when it matters
            if same and not step.rule_id.allow_same_decider:
                raise AccessError(
                    self.env._(
                        "%(step)s of %(doc)s: %(person)s already decided %(done)s of this "
                        "chain, and one person decides only one step of a chain (himself "
                        "or through a delegation) unless its rule allows more.",
                        step=step.name,
                        doc=step.document_name,
                        person=same[:1].name,
                        done=other.name,
                    )
                )

    def _holds(self, user):
        self.ensure_one()
        if self.approver_user_id:
            return user == self.approver_user_id
        # the user's groups as has_group reads them (registry cache, no query)
        return self.approver_group_id.id in user._get_group_ids()

    # ------------------------------------------------------------------ decisions
    def _decide(self, approve, comment=None):
        """Record the current user's decision on this pending step."""
        self.ensure_one()
        user, caller_su = self.env.user, self.env.su
        if comment is not None and not isinstance(comment, str):
            raise UserError(self.env._("Comment: a decision's comment must be text."))
        if not approve and not (comment or "").strip():
            raise UserError(self.env._("Rejection Reason: a rejection needs a reason."))
        # Steps are read and written by the engine only (users may not even see the
        # steps of others): the actor check below is the permission.
        step_sudo = self.sudo()
        delegator = step_sudo._resolve_actor(user, caller_su)
        if not caller_su:
            self._check_document_access(delegator)
            step_sudo._check_separation(user | delegator)
        step_sudo._lock_pending()
        following = step_sudo._chain().filtered(lambda s: s.state == "waiting")[:1]
        approvers = following._approver_users() if approve and following else None
        step_sudo._prefetch_people(user, following if approvers is not None else None, approvers)
        if approve:
            # decided on the document as it is now (e.g. a changed order is refused)
            document_sudo = self.env[step_sudo.res_model].browse(step_sudo.res_id).sudo()
            document_sudo._approval_check_unchanged(step_sudo)
        step_sudo.write(
            {
                "state": "done" if approve else "rejected",
                "decided_by_id": user.id,
                "on_behalf_of_id": delegator.id,
                "decision_date": fields.Datetime.now(),
                "comment": comment or False,
            }
        )
        # The decision's authority is established above; the document side (chatter,
        # next step, state) is applied as the engine, so that a delegate who cannot
        # read the document still records the delegator's decision (as himself).
        document = self.env[step_sudo.res_model].browse(step_sudo.res_id).sudo()
        document._approval_log_decision(step_sudo, approve)
        # only the decided step has activities: archived (done) before the next step's;
        # those of a withdrawn or cancelled chain are deleted (_approval_cancel)
        document._approval_close_activities()
        if approve:
            if following:
                following.state = "pending"
                document._approval_notify(following, approvers)
            else:
                document._approval_on_approved()
                document._approval_notify_outcome(True)
        else:
            step_sudo._chain().filtered(lambda s: s.state in ("waiting", "pending")).write(
                {"state": "cancelled"}
            )
            document._approval_on_rejected(comment)
            document._approval_notify_outcome(False, comment)
        return True

    def _chain(self):
        """All current steps of the same document (usually already in cache)."""
        self.ensure_one()
        document = self.env[self.res_model].browse(self.res_id)
        return document.approval_ids.filtered("current").sorted("sequence")

    @checked_args
    def action_approve(self):
        """Do this step (sign, approve or file) from the 'To Approve' list."""
        for step in self:
            step._decide(True)
        return True

    @checked_args
    def action_reject(self):
        """Open the reason wizard for this step's document."""
        self.ensure_one()
        self._check_decision_access()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject"),
            "res_model": "key.account.approval.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self.res_model, "default_res_ids": str([self.res_id])},
        }

    @checked_args
    def action_open_document(self):
        """Open the step's document, for those who may read it."""
        self.ensure_one()
        self._check_document_access()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    def _acting_delegator(self, user):
        """The delegator whose step ``user`` would decide (empty: himself, or nobody)."""
        self.ensure_one()
        step = self.sudo()
        if step._holds(user):
            return self.env["res.users"]
        delegators = self.env["key.account.delegation"]._delegators_of(user)
        return delegators.filtered(step._holds)[:1]

    def _check_decision_access(self):
        """The current user's access to the step's document, for deciding this step."""
        self.ensure_one()
        if not self.env.su:
            self._check_document_access(self._acting_delegator(self.env.user))

    @api.model
    def _check_documents_decision_access(self, documents):
        """The acting user may decide on ``documents``: he reads each one, or decides its
        pending step for a delegator who reads it (as :meth:`_decide` checks)."""
        if self.env.su:
            return
        for document in documents:
            step = document.sudo().approval_ids.filtered(
                lambda s: s.current and s.state == "pending"
            )[:1]
            if step:
                step.with_env(self.env)._check_decision_access()
            else:
                document.with_env(self.env).check_access("read")
