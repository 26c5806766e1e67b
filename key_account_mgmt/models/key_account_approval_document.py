from odoo import api, models
from odoo.exceptions import UserError


class KeyAccountApprovalDocument(models.AbstractModel):
    """The state machine shared by documents decided on the approval engine.

    A consumer (qualification application, gift request) also inherits
    ``key.account.approval.mixin``, has ``name`` and ``state`` (with ``draft`` and
    ``rejected``) and a ``rejection_reason``, and sets:

    * ``_TRANSITIONS``: ``{new state: (states it may be reached from)}``;
    * ``_DECISION_FIELDS``: fields that may still change once it has left draft;

    then calls :meth:`_approval_document_reject_by_write`,
    :meth:`_check_state_transition` and :meth:`_check_content_locked` from its
    ``write`` and :meth:`_approval_document_prepare_create` from its ``create``, and
    overrides :meth:`_check_state_rules` for its own conditions of a transition.
    """

    _name = "key.account.approval.document"
    _description = "Key Account Approval Document"

    _TRANSITIONS = {}
    _DECISION_FIELDS = frozenset({"state", "rejection_reason"})

    # ------------------------------------------------------------------ hooks
    def _document_label(self):
        """The document's kind and reference for messages, e.g. 'Application KAA/2025/0001'."""
        self.ensure_one()
        return self.name

    def _check_state_rules(self, new_state, vals):
        """Refuse the transition to ``new_state`` when the document's own conditions fail."""

    # ------------------------------------------------------------------ rules
    def _state_label(self, state=None):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[state or self.state]

    def _mail_fields(self):
        return {
            fname
            for fname in self._fields
            if fname.startswith(("message_", "activity_", "website_message"))
        }

    def _check_state_transition(self, vals):
        """Refuse any state change that the matching action would refuse."""
        new_state = vals["state"]
        for record in self:
            if record.state == new_state:
                raise UserError(
                    self.env._(
                        "%(doc)s is already %(state)s.",
                        doc=record._document_label(),
                        state=record._state_label(),
                    )
                )
            if record.state not in self._TRANSITIONS.get(new_state, ()):
                raise UserError(
                    self.env._(
                        "Status: %(doc)s cannot go from %(from)s to %(to)s.",
                        doc=record._document_label(),
                        **{"from": record._state_label(), "to": record._state_label(new_state)},
                    )
                )
        if new_state == "rejected" and not (vals.get("rejection_reason") or "").strip():
            raise UserError(self.env._("Rejection Reason: a rejection needs a reason."))
        self._check_state_rules(new_state, vals)

    def _check_content_locked(self, vals):
        """Refuse changes to the content of documents that have left draft."""
        content = set(vals) - self._DECISION_FIELDS - self._mail_fields()
        locked = self.filtered(lambda r: r.state != "draft") if content else self.browse()
        if locked:
            raise UserError(
                self.env._(
                    "%(doc)s is %(state)s: its content (%(fields)s) can only be changed "
                    "while it is a draft.",
                    doc=locked[0]._document_label(),
                    state=locked[0]._state_label(),
                    fields=", ".join(
                        sorted(
                            self._fields[fname].get_description(self.env)["string"]
                            for fname in content
                            if fname in self._fields
                        )
                    ),
                )
            )

    def _approval_document_reject_by_write(self, vals):
        """A plain write of the rejection is the engine's Reject, with its checks.

        Returns whether it was one (the caller then writes the other values only).
        """
        if vals.get("state") != "rejected" or all(
            record.approval_state == "rejected" for record in self
        ):
            return False
        self._check_state_transition(vals)
        self.action_approval_reject(reason=vals["rejection_reason"])
        return True

    @api.model
    def _approval_document_prepare_create(self, vals_list):
        """New documents are drafts, numbered by the sequence of the model's name."""
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                raise UserError(
                    self.env._(
                        "Status: a new %(kind)s is created as a draft and moves on only "
                        "through Submit and its approval.",
                        kind=self.env["ir.model"]._get(self._name).name,
                    )
                )
            if not vals.get("name") or vals["name"] == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(self._name) or self.env._("New")
        return vals_list

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        for record in self:
            if record.state not in ("draft", "cancelled"):
                raise UserError(
                    self.env._(
                        "%(doc)s is %(state)s: only draft or cancelled documents can be deleted.",
                        doc=record._document_label(),
                        state=record._state_label(),
                    )
                )
