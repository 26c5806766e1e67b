from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.mail import generate_tracking_message_id

from ..tools import checked_args


class KeyAccountApprovalMixin(models.AbstractModel):
    """Make a document approvable by amount-banded sign / approve / file chains.

    A consumer inherits this mixin and sets a few class attributes::

        class SaleOrder(models.Model):
            _inherit = ["sale.order", "key.account.approval.mixin"]
            _approval_state_from = ("draft", "sent")   # states where approval runs
            _approval_state_to = ("sale",)             # states that need it done

    then overrides the hooks it needs (each documented below in one line):
    ``_approval_needed``, ``_approval_amount``, ``_approval_office_manager``,
    ``_approval_document_user``, ``_approval_on_approved``,
    ``_approval_on_rejected``, ``_approval_check_decision``.  Rules
    (``key.account.approval.rule``) for the model are data.  Reaching a
    ``_approval_state_to`` state by any write is refused until the chain is complete
    (:meth:`_approval_check_complete`).

    One set of approval buttons for every document (``action_approval_*``, the shared
    reject wizard); ``cannot_approve_reason`` (its own file) says why Approve is hidden.
    """

    _name = "key.account.approval.mixin"
    _description = "Key Account Approval Mixin"

    _approval_state_field = "state"
    _approval_state_from = ("draft",)
    _approval_state_to = ()

    approval_ids = fields.One2many(
        "key.account.approval",
        "res_id",
        "Approval Steps",
        domain=lambda self: [("res_model", "=", self._name)],
        copy=False,
        readonly=True,
    )
    approval_state = fields.Selection(
        [
            ("none", "Not Needed"),
            ("to_request", "To Request"),
            ("pending", "In Approval"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        compute="_compute_approval_state",
        store=True,
        copy=False,
        index=True,
        string="Approval",
    )
    approval_can_review = fields.Boolean(
        "Waits for Me",
        compute="_compute_approval_can_review",
        search="_search_approval_can_review",
    )
    approval_next_step = fields.Char(compute="_compute_approval_next_step")

    # ------------------------------------------------------------------ hooks
    def _approval_needed(self):
        """Whether this record needs an approval chain (default: always)."""
        self.ensure_one()
        return True

    @api.model
    def _approval_needed_depends(self):
        """Fields that ``_approval_needed`` reads, for the stored approval state."""
        return []

    def _approval_amount(self):
        """The amount that selects the rule's band, in company currency."""
        self.ensure_one()
        return 0.0

    def _approval_tier(self):
        """The key-account tier whose own rules (approval policy) apply, if any."""
        self.ensure_one()
        return self.env["key.account.tier"]

    def _approval_office_manager(self):
        """The user who signs as 'the account's office manager'."""
        self.ensure_one()
        return self.env["res.users"]

    def _approval_document_user(self):
        """The user responsible for the document, who may not approve it."""
        self.ensure_one()
        return self.env["res.users"]

    def _approval_on_approved(self):
        """Called when the last step is done."""

    def _approval_on_rejected(self, reason):
        """Called when a step is rejected (the remaining steps are cancelled)."""

    def _approval_check_decision(self, approve):
        """Called first by Approve (``approve``) and Reject: raise if the record does not wait."""

    def _approval_check_unchanged(self, step):
        """Called before ``step`` is approved: refuse (raise) when the record is no longer
        what its chain was requested for (default: no check)."""

    # ------------------------------------------------------------------ computes
    @api.depends(
        lambda self: (
            ["approval_ids.state", "approval_ids.current", self._approval_state_field]
            + self._approval_needed_depends()
        )
    )
    def _compute_approval_state(self):
        for record in self:
            if not record._approval_needed():
                record.approval_state = "none"
                continue
            steps = record.approval_ids.filtered("current")
            if not steps:
                # e.g. an order confirmed before its customer became a key account
                in_scope = record[self._approval_state_field] in self._approval_state_from
                record.approval_state = "to_request" if in_scope else "none"
            elif "rejected" in steps.mapped("state"):
                record.approval_state = "rejected"
            elif all(s.state == "done" for s in steps):
                record.approval_state = "approved"
            else:
                record.approval_state = "pending"

    @api.depends_context("uid")
    def _compute_approval_can_review(self):
        reviewable = self.search(
            self._search_approval_can_review("=", True) + [("id", "in", self.ids)]
        )
        for record in self:
            record.approval_can_review = record in reviewable

    def _search_approval_can_review(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Waits for Me'."))
        ids = (
            self.env["key.account.approval"]
            ._search(
                [
                    ("res_model", "=", self._name),
                    *self.env["key.account.approval"]._can_review_domain(),
                ]
            )
            .subselect("res_id")
        )
        op = "in" if (operator == "=") == value else "not in"
        return [("id", op, ids)]

    @api.depends("approval_ids.state")
    def _compute_approval_next_step(self):
        for record in self:
            pending = record.sudo().approval_ids.filtered(
                lambda s: s.current and s.state == "pending"
            )[:1]
            record.approval_next_step = (
                f"{pending.name} — {pending._approver_label()}" if pending else False
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.filtered(
            lambda r: r[self._approval_state_field] in self._approval_state_to
        )._approval_check_complete()
        return records

    def write(self, vals):
        if vals.get(self._approval_state_field) in self._approval_state_to:
            self._approval_check_complete()
        return super().write(vals)

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_approval_request(self):
        """Start the approval chain matching each record's amount."""
        self._approval_check_access()
        Rule = self.env["key.account.approval.rule"]
        vals_list, started = [], self.browse()
        for record in self:
            if not record._approval_needed():
                raise UserError(self.env._("%(doc)s needs no approval.", doc=record.display_name))
            if record[self._approval_state_field] not in self._approval_state_from:
                raise UserError(
                    self.env._(
                        "%(doc)s: approval can only be requested in its initial states.",
                        doc=record.display_name,
                    )
                )
            if record.approval_state in ("pending", "approved"):
                raise UserError(
                    self.env._(
                        "%(doc)s: its approval is already %(state)s.",
                        doc=record.display_name,
                        state=dict(self._fields["approval_state"]._description_selection(self.env))[
                            record.approval_state
                        ],
                    )
                )
            company = record._approval_company()
            amount = record._approval_amount()
            band = Rule._find_band(self._name, company, amount, record._approval_tier())
            if not band[0]:
                raise UserError(
                    self.env._(
                        "%(doc)s: no approval rule covers the amount %(amount)s.",
                        doc=record.display_name,
                        amount=company.currency_id.format(amount),
                    )
                )
            vals_list += record._approval_prepare_steps(band, amount)
            started |= record
        # older (rejected / cancelled) chains stay as history
        again = started.filtered(lambda r: r.approval_state != "to_request")
        if again:
            self.env["key.account.approval"].sudo().search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", again.ids),
                    ("current", "=", True),
                ]
            ).write({"current": False})
        steps = self.env["key.account.approval"].sudo().create(vals_list)
        # Approvers follow the document once, here, rather than one by one as each
        # step's activities are created.
        approvers_of = steps._approver_users_map()
        steps._prefetch_request_people(approvers_of)
        for record in started:
            record_steps = steps.filtered(lambda s, r=record: s.res_id == r.id)
            approvers = self.env["res.users"].union(*(approvers_of[s] for s in record_steps))
            owners = record_steps.requester_id | record_steps.document_user_id
            record_steps.participant_ids = approvers | owners
            approvers -= owners
            # the private API: the approvers' users and partners are in the cache (their
            # active flags and which are customers are known); message_subscribe would
            # read both again
            partners = approvers.partner_id.filtered("active")
            record.sudo()._message_subscribe(
                partner_ids=partners.ids,
                customer_ids=partners.filtered("partner_share").ids,
            )
        for record in started:
            first = steps.filtered(lambda s, r=record: s.res_id == r.id and s.state == "pending")
            record._approval_log(
                body=self.env._(
                    "Approval requested by %(user)s: %(count)s steps for %(amount)s.",
                    user=self.env.user.name,
                    count=len(steps.filtered(lambda s, r=record: s.res_id == r.id)),
                    amount=record._approval_company().currency_id.format(first.amount),
                )
            )
            record._approval_notify(first, approvers_of[first])
        return True

    @checked_args
    def action_approval_approve(self, comment: str | None = None):
        """Do the current user's step of each record (sign, approve or file)."""
        self._approval_check_decision(True)
        for record in self:
            record._approval_pending_step()._decide(True, comment)
        return True

    @checked_args
    def action_approval_reject(self, reason: str | None = None):
        """Reject with a reason; without one, open the wizard that asks for it."""
        self.env["key.account.approval"]._check_documents_decision_access(self)
        if not reason:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Reject"),
                "res_model": "key.account.approval.reject",
                "view_mode": "form",
                "target": "new",
                "context": {"default_res_model": self._name, "default_res_ids": str(self.ids)},
            }
        self._approval_check_decision(False)
        for record in self:
            record._approval_pending_step()._decide(False, reason)
        return True

    # ------------------------------------------------------------------ engine
    def _approval_check_access(self):
        """The acting user reads the documents themselves (company, record rules)."""
        if not self.env.su:
            self.check_access("read")

    def _approval_company(self):
        self.ensure_one()
        return (
            self["company_id"]
            if "company_id" in self._fields and self["company_id"]
            else (self.env.company)
        )

    def _approval_prepare_steps(self, band, amount):
        """Values of the steps of the rule ``band`` (see ``key.account.approval.rule._bands``)."""
        self.ensure_one()
        company = self._approval_company()
        requester = self.env.user
        rule_id, _tiers, _from, _to, steps = band
        kinds = dict(
            self.env["key.account.approval.rule.step"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        # the groups' names from the registry cache, one query for the users' (labels)
        group_names = self.env["key.account.approval"]._approver_group_names(
            tuple(sorted({s[3] for s in steps if s[3]})), self.env.lang
        )
        users = self.env["res.users"].sudo().browse(s[4] for s in steps if s[4])
        vals_list = []
        for index, (step_id, kind, approver_type, group_id, user_id) in enumerate(steps):
            user = users.browse(user_id).with_prefetch(users._prefetch_ids)
            if approver_type == "office_manager":
                user = self._approval_office_manager()
                if not user:
                    raise UserError(
                        self.env._(
                            "%(doc)s: the approval needs the office manager of the account, "
                            "but its office has none.",
                            doc=self.display_name,
                        )
                    )
            vals_list.append(
                {
                    "res_model": self._name,
                    "res_id": self.id,
                    "company_id": company.id,
                    "rule_id": rule_id,
                    "rule_step_id": step_id,
                    "sequence": index + 1,
                    "step_count": len(steps),
                    "name": self.env._(
                        "Step %(index)s/%(count)s %(kind)s",
                        index=index + 1,
                        count=len(steps),
                        kind=kinds[kind],
                    ),
                    "kind": kind,
                    "approver_group_id": group_id if approver_type == "group" else False,
                    "approver_user_id": user.id if approver_type != "group" else False,
                    "approver_label": (
                        user.name if approver_type != "group" else group_names.get(group_id)
                    ),
                    "requester_id": requester.id,
                    "document_user_id": self._approval_document_user().id,
                    "amount": amount,
                    "state": "pending" if index == 0 else "waiting",
                }
            )
        return vals_list

    def _approval_pending_step(self):
        self.ensure_one()
        self.env["key.account.approval"]._prefetch_steps(self)
        # the engine sees every step; _decide checks who may act on it
        step = self.sudo().approval_ids.filtered(lambda s: s.current and s.state == "pending")[:1]
        if not step:
            raise UserError(
                self.env._(
                    "%(doc)s has no step waiting for a decision (approval: %(state)s).",
                    doc=self.display_name,
                    state=dict(self._fields["approval_state"]._description_selection(self.env))[
                        self.approval_state
                    ],
                )
            )
        return step.sudo(self.env.su)

    def _approval_check_complete(self):
        """Refuse to go on while a record's chain is not complete; say who it waits for."""
        # Read the chain itself: approval_state is for display and filters.
        self.env["key.account.approval"]._prefetch_steps(self, needed_only=True)
        for record in self:
            if not record._approval_needed():
                continue
            steps = record.sudo().approval_ids.filtered("current")
            if steps and all(s.state == "done" for s in steps):
                continue
            pending = steps.filtered(lambda s: s.state == "pending")[:1]
            if pending:
                raise UserError(
                    self.env._(
                        "%(doc)s cannot go on before its approval is complete: %(step)s waits "
                        "for %(who)s.",
                        doc=record.display_name,
                        step=pending.name,
                        who=pending._approver_label(),
                    )
                )
            raise UserError(
                self.env._(
                    "%(doc)s cannot go on without an approval: request it first (Request "
                    "Approval).",
                    doc=record.display_name,
                )
            )

    def _approval_restart(self, reason):
        """Cancel the running or done chain and start a new one, saying why."""
        running = self.filtered(lambda r: r.approval_state in ("pending", "approved"))
        if not running:
            return
        running._approval_cancel()
        self.env["key.account.approval"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", running.ids), ("current", "=", True)]
        ).write({"current": False})
        for record in running:
            record._approval_log(self.env._("Approval restarted: %(reason)s.", reason=reason))
        running.action_approval_request()

    def _approval_cancel(self):
        """Cancel the running steps (the document itself was cancelled)."""
        self.env["key.account.approval"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("current", "=", True),
                ("state", "in", ("waiting", "pending")),
            ]
        ).write({"state": "cancelled"})
        self._approval_close_activities(final=True)

    def _approval_log_decision(self, step, approved):
        """Post the decision in the chatter: step, who (on behalf of whom), comment."""
        self.ensure_one()
        who = self.env.user.name
        if step.on_behalf_of_id:
            who = self.env._(
                "%(user)s on behalf of %(delegator)s",
                user=who,
                delegator=step.on_behalf_of_id.name,
            )
        if approved:
            body = self.env._("%(step)s done by %(who)s.", step=step.name, who=who)
        else:
            body = self.env._("%(step)s rejected by %(who)s.", step=step.name, who=who)
        if step.comment:
            body = self.env._(
                "%(decision)s Comment: %(comment)s", decision=body, comment=step.comment
            )
        # a log note (author, date, text) that does not notify every follower
        self._approval_log(body)

    def _approval_log(self, body):
        """Log ``body`` in the chatter as the acting user: mail.thread's ``_message_log``
        without its reply-to address, which a note never sent does not use and which reads
        the whole company row (a query and a tenth of a decision's CPU time, issue 10)."""
        self.ensure_one()
        author_id, email_from = self._message_compute_author(raise_on_email=False)
        return self.sudo()._message_create(
            [
                {
                    "author_id": author_id,
                    "email_from": email_from,
                    "model": self._name,
                    "res_id": self.id,
                    "record_alias_domain_id": False,
                    "record_company_id": False,
                    "record_name": False,
                    "body": escape(body),
                    "message_type": "notification",
                    "is_internal": True,
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                    "email_add_signature": False,
                    "message_id": generate_tracking_message_id("message-notify"),
                    "reply_to": False,
                }
            ]
        )
