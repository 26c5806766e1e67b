"""The documents decided on the approval engine (qualification applications, gift
requests, stock release requests): one state machine, one set of approval buttons.

Owns, for every consumer, on top of ``key.account.state.machine`` (the transition table,
``action_`` → ``_check_`` → ``_do_``) and ``key.account.approval.mixin`` (the chain):

* the five states and their steps: Submit (``draft`` → ``submitted``, the chain is
  requested), Approve and Reject (taken by the chain's last approval or a rejection, with
  its reason), Cancel (the running chain is cancelled);
* create and write: new documents are drafts numbered by the sequence of the model's
  name; the content changes only while it is a draft; the decision fields (rejection
  reason, who decided and when) are written by the decision only;
* a status written like a field (a form, an RPC client) is the matching button, with all
  its checks (Submit, Cancel, the engine's Reject), never a way around them;
* "delete only drafts and cancelled documents";
* the check of the approval buttons (the document waits for the chain).

A consumer declares, and nothing else: ``_TRANSITIONS`` (when it differs from the five
states below), ``_OPEN_FIELDS`` / ``_INTERNAL_FIELDS`` (beyond the decision's), the
approval hooks of the mixin (amount, office manager, document user), its
``_check_<step>`` / ``_do_<step>`` and its ``_document_label``.
"""

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools import checked_args


class KeyAccountApprovalDocument(models.AbstractModel):
    _name = "key.account.approval.document"
    _inherit = ["key.account.approval.mixin", "key.account.state.machine"]
    _description = "Key Account Approval Document"

    _TRANSITIONS = {
        "submit": ("submitted", ("draft",)),
        "approve": ("approved", ("submitted",)),
        "reject": ("rejected", ("submitted",)),
        "cancel": ("cancelled", ("draft", "submitted")),
    }
    _INTERNAL_FIELDS = frozenset({"rejection_reason"})
    _approval_state_from = ("submitted",)
    _approval_state_to = ("approved",)

    # the steps the approval engine takes; the others are the document's own buttons
    _APPROVAL_STEPS = ("approve", "reject")

    @property
    def _SEQUENCE_CODE(self):
        return self._name

    # ------------------------------------------------------------------ labels
    def _document_label(self):
        """The document's kind and reference for messages, e.g. 'Application KAA/2025/0001'."""
        self.ensure_one()
        return self.name

    def _buttons_label(self):
        return self.env._("Submit, the approval and Cancel")

    # ------------------------------------------------------------------ messages
    def _error_initial_state(self):
        return UserError(
            self.env._(
                "Status: a new %(kind)s is created as a draft and moves on only through "
                "Submit and its approval.",
                kind=self.env["ir.model"]._get(self._name).name,
            )
        )

    def _error_internal_fields(self, fnames):
        return UserError(
            self.env._(
                "Decision: %(fields)s cannot be written: the decision is recorded by the "
                "decision itself, a rejection reason is recorded by a rejection only.",
                fields=self._field_labels(fnames),
            )
        )

    def _error_locked(self, fnames):
        return UserError(
            self.env._(
                "%(doc)s is %(state)s, no longer a draft: its content (%(fields)s) can only "
                "be changed while it is a draft.",
                doc=self._document_label(),
                state=self._state_label(),
                fields=self._field_labels(fnames),
            )
        )

    def _error_not_deletable(self):
        return UserError(
            self.env._(
                "%(doc)s is %(state)s: only draft or cancelled documents can be deleted.",
                doc=self._document_label(),
                state=self._state_label(),
            )
        )

    # ------------------------------------------------------------------ the machine
    def _step_to(self, state):
        """The step of the transition table that leads to ``state`` (None if none)."""
        return next(
            (step for step, (target, _sources) in self._TRANSITIONS.items() if target == state),
            None,
        )

    def _write_state_from_client(self, vals):
        """A written status is the matching button with all its checks.

        Submit and Cancel run their step; a rejection with its reason is the engine's
        Reject (who may decide, separation of duties); an approval is the chain's last
        decision only; any other step (e.g. a gift's issue) is the system's.  A refusal
        says which buttons move the status.
        """
        vals = dict(vals)
        target = vals.pop("state")
        step = self._step_to(target)
        reason = vals.pop("rejection_reason", None) if step == "reject" else None
        try:
            if step is None:
                raise UserError(
                    self.env._(
                        "Status: %(state)s is not a status of %(kind)s.",
                        state=target,
                        kind=self.env["ir.model"]._get(self._name).name,
                    )
                )
            if vals:
                self.write(vals)
            self._check_sources(step)
            if step == "reject":
                self._check_reject(reason=reason)
                self.action_approval_reject(reason=reason)
            elif step == "approve":
                self._approval_check_complete()
                raise UserError(self.env._("Status: the approval sets it."))
            elif hasattr(type(self), f"action_{step}"):
                self._transition(step)
            else:
                raise UserError(self._step_not_by_hand(step))
        except UserError as exc:
            if len(exc.args) != 1 or not isinstance(exc.args[0], str):
                raise
            raise type(exc)(
                self.env._(
                    "Status: %(kind)s changes state only through %(buttons)s, not by "
                    "writing it: %(error)s",
                    kind=self.env["ir.model"]._get(self._name).name,
                    buttons=self._buttons_label(),
                    error=exc.args[0],
                )
            ) from exc
        return True

    def _step_not_by_hand(self, step):
        """Why a client cannot take ``step`` (a step of the system)."""
        return self.env._(
            "%(doc)s becomes %(state)s by the system, not by hand.",
            doc=self[:1]._document_label(),
            state=self[:1]._state_label_of(self._TRANSITIONS[step][0]),
        )

    def _transition_vals(self, step, **kwargs):
        vals = super()._transition_vals(step, **kwargs)
        if step in self._APPROVAL_STEPS:
            if step == "reject":
                vals["rejection_reason"] = kwargs.get("reason")
            if "decided_by_id" in self._fields:
                vals["decided_by_id"] = self.env.user.id
            if "decision_date" in self._fields:
                vals["decision_date"] = fields.Datetime.now()
        return vals

    # ------------------------------------------------------------------ CRUD
    def write(self, vals):
        # before the mixin's "approved only once the chain is complete": a written status
        # is first of all a button (see _write_state_from_client)
        if "state" in vals and not self._in_transition():
            return self._write_state_from_client(vals)
        return super().write(vals)

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_submit(self):
        """Submit: the approval chain matching the document starts."""
        return self._transition("submit")

    @checked_args
    def action_cancel(self):
        """Cancel: the running approval chain is cancelled."""
        return self._transition("cancel")

    def _do_submit(self, **kwargs):
        self.action_approval_request()

    def _do_cancel(self, **kwargs):
        self._approval_cancel()

    def _check_reject(self, reason=None, **kwargs):
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Rejection Reason: a rejection needs a reason."))

    # ------------------------------------------------------------------ approval hooks
    def _approval_check_decision(self, approve):
        """The approval buttons act on documents that wait for their chain."""
        # read as the engine: a delegate decides documents he may not read himself
        try:
            self.sudo()._check_sources("approve" if approve else "reject")
        except UserError as exc:
            raise UserError(
                self.env._("%(error)s It has no step waiting for a decision.", error=exc.args[0])
            ) from None

    def _approval_on_approved(self):
        self._transition("approve")

    def _approval_on_rejected(self, reason):
        self._transition("reject", reason=reason)
