"""The one state machine of the addon's documents.

Owns, for every model that inherits it: the transition table, the only way a ``state``
changes (``action_<step>`` → :meth:`_transition` → ``_check_<step>`` → write →
``_do_<step>``), the content lock of documents that have left their editable states,
the state of new records and "delete only in these states".  A client cannot lift any
of it: the internal writes carry :data:`~..tools.guards.ACTION_SENTINEL` in the context
(a Python object no JSON payload produces), never a plain flag.

A consumer declares, and nothing else::

    _inherit = ["mail.thread", "key.account.state.machine"]
    _TRANSITIONS = {
        # step: (target state, states it may be taken from)
        "submit": ("submitted", ("draft",)),
        "cancel": ("cancelled", ("draft", "submitted")),
    }
    _EDITABLE_STATES = ("draft",)          # content may change only in these states
    _OPEN_FIELDS = frozenset({"note"})     # may change in any state
    _INTERNAL_FIELDS = frozenset({"move_id"})  # optional: written by the steps only
    _DELETABLE_STATES = ("draft", "cancelled")
    _SEQUENCE_CODE = "key.account.stock.release"   # optional: numbers ``name``

    def action_submit(self):
        return self._transition("submit")

    def _check_submit(self):               # optional: raise to refuse
        ...

    def _do_submit(self):                  # optional: side effects once the state is written
        ...

The values a step writes with the state (a decision's reason, who decided) come from
:meth:`_transition_vals`.  Stored values the database can check (not negative, within
a range) are ``_sql_constraints``; on create and write the records' constrained fields are
flushed at once, so a client reads the constraint's message (naming the field) as a
``ValidationError`` of that call (:func:`~..tools.sql_checks.sql_checks`).
"""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.guards import ACTION_SENTINEL, is_action
from ..tools.sql_checks import sql_checks

TRANSITION_KEY = "key_account_transition"


class KeyAccountStateMachine(models.AbstractModel):
    _name = "key.account.state.machine"
    _description = "Key Account Document State Machine"

    _TRANSITIONS = {}
    _EDITABLE_STATES = ("draft",)
    _OPEN_FIELDS = frozenset()
    _DELETABLE_STATES = ("draft", "cancelled")
    _INITIAL_STATE = "draft"
    _SEQUENCE_CODE = None  # ir.sequence code numbering new records' ``name``
    # Fields only the steps write (through _write_internal), never a client (create/write).
    _INTERNAL_FIELDS = frozenset()

    # ------------------------------------------------------------------ labels
    def _document_label(self):
        """The document's kind and reference for messages, e.g. 'Application KAA/2025/0001'."""
        self.ensure_one()
        return self.display_name

    def _state_label(self, state=None):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env)).get(
            state or self.state, state or self.state
        )

    def _field_labels(self, fnames):
        return ", ".join(
            sorted(
                self._fields[fname]._description_string(self.env)
                for fname in fnames
                if fname in self._fields
            )
        )

    def _mail_fields(self):
        return {
            fname
            for fname in self._fields
            if fname.startswith(("message_", "activity_", "website_message", "rating_"))
        }

    # ------------------------------------------------------------------ the machine
    def _in_transition(self):
        return is_action(self.env, TRANSITION_KEY)

    def _write_internal(self, vals):
        """Write values only the addon's own actions may write (state, decision fields).

        Access rights and record rules still apply: call it on ``self.sudo()`` only after
        the action checked the acting user's right to act on the document.
        """
        return self.with_context(**{TRANSITION_KEY: ACTION_SENTINEL}).write(vals)

    def _transition(self, step, **kwargs):
        """Take ``step`` of the transition table on every record, or refuse all of them.

        Checks the source states, runs ``_check_<step>(**kwargs)``, writes the target
        state and runs ``_do_<step>(**kwargs)``; returns what ``_do_<step>`` returns
        (an action) or True.
        """
        if step not in self._TRANSITIONS:
            raise UserError(self.env._("%(step)s is not a step of this document.", step=step))
        target, _sources = self._TRANSITIONS[step]
        if self.ids:
            # Two users pressing at once: the second one waits, then sees the new state.
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE",
                    SQL.identifier(self._table),
                    tuple(self.ids),
                )
            )
            self.invalidate_recordset(["state"])
        self._check_sources(step)
        check = getattr(self, f"_check_{step}", None)
        if check:
            check(**kwargs)
        self._write_internal({**self._transition_vals(step, **kwargs), "state": target})
        do = getattr(self, f"_do_{step}", None)
        result = do(**kwargs) if do else None
        return True if result is None else result

    def _check_sources(self, step):
        """Refuse records that are not in a source state of ``step``."""
        target, sources = self._TRANSITIONS[step]
        for record in self:
            if record.state == target:
                raise UserError(
                    self.env._(
                        "%(doc)s is already %(state)s.",
                        doc=record._document_label(),
                        state=record._state_label(),
                    )
                )
            if record.state not in sources:
                raise UserError(
                    self.env._(
                        "Status: %(doc)s cannot go from %(from)s to %(to)s.",
                        doc=record._document_label(),
                        **{"from": record._state_label(), "to": record._state_label(target)},
                    )
                )

    def _transition_vals(self, step, **kwargs):
        """Values written together with the target state of ``step`` (default: none)."""
        return {}

    # ------------------------------------------------------------------ messages
    def _error_initial_state(self):
        return UserError(
            self.env._(
                "Status: a new %(kind)s is created as %(state)s and moves on only "
                "through its buttons.",
                kind=self.env["ir.model"]._get(self._name).name,
                state=self._state_label_of(self._INITIAL_STATE),
            )
        )

    def _error_internal_fields(self, fnames):
        return UserError(
            self.env._(
                "%(fields)s: written by the steps of the %(kind)s only, not by a client.",
                fields=self._field_labels(fnames),
                kind=self.env["ir.model"]._get(self._name).name,
            )
        )

    def _error_locked(self, fnames):
        """``self``: the first record whose content is locked."""
        return UserError(
            self.env._(
                "%(doc)s is %(state)s: %(fields)s can no longer be changed.",
                doc=self._document_label(),
                state=self._state_label(),
                fields=self._field_labels(fnames),
            )
        )

    def _error_not_deletable(self):
        return UserError(
            self.env._(
                "%(doc)s is %(state)s: only documents that are %(states)s can be deleted.",
                doc=self._document_label(),
                state=self._state_label(),
                states=", ".join(self._state_label_of(s) for s in self._DELETABLE_STATES),
            )
        )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self._in_transition():
            for vals in vals_list:
                if vals.get("state", self._INITIAL_STATE) != self._INITIAL_STATE:
                    raise self._error_initial_state()
                internal = self._INTERNAL_FIELDS & set(vals)
                if internal:
                    raise self._error_internal_fields(internal)
        if self._SEQUENCE_CODE:
            for vals in vals_list:
                if not vals.get("name") or vals["name"] == self.env._("New"):
                    vals["name"] = self.env["ir.sequence"].sudo().next_by_code(
                        self._SEQUENCE_CODE
                    ) or self.env._("New")
        with sql_checks(self, {fname for vals in vals_list for fname in vals}) as flush:
            records = super().create(vals_list)
            flush(records)
        return records

    def write(self, vals):
        if not self._in_transition():
            if "state" in vals:
                return self._write_state_from_client(vals)
            internal = self._INTERNAL_FIELDS & set(vals)
            if internal:
                raise self._error_internal_fields(internal)
            self._check_content_locked(vals)
        with sql_checks(self, vals) as flush:
            res = super().write(vals)
            flush(self)
        return res

    def _content_fields(self, vals):
        """The fields of ``vals`` that change the document's content (locked outside
        ``_EDITABLE_STATES``)."""
        return set(vals) - {"state"} - self._OPEN_FIELDS - self._mail_fields()

    def _check_content_locked(self, vals):
        content = self._content_fields(vals)
        locked = (
            self.filtered(lambda r: r.state not in self._EDITABLE_STATES)
            if content
            else self.browse()
        )
        if locked:
            raise locked[0]._error_locked(content)

    def _write_state_from_client(self, vals):
        """A ``state`` written like any field (a form, an RPC client) is refused: the
        status moves only through the document's buttons, each with its checks.

        A model may instead route the write to the matching step (and return what
        ``write`` returns): ``key.account.approval.document`` does."""
        buttons = sorted(
            {
                self._state_label_of(target)
                for target, sources in self._TRANSITIONS.values()
                if any(r.state in sources for r in self)
            }
        )
        raise UserError(
            self.env._(
                "Status: %(kind)s changes its status only through its buttons (%(targets)s), "
                "not by writing it.",
                kind=self.env["ir.model"]._get(self._name).name,
                targets=", ".join(buttons) or "-",
            )
        )

    def _state_label_of(self, state):
        return dict(self._fields["state"]._description_selection(self.env)).get(state, state)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_deletable_states(self):
        for record in self:
            if record.state not in self._DELETABLE_STATES:
                raise record._error_not_deletable()
