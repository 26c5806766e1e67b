"""Why the current user cannot decide a document's waiting approval step.

Owns ``cannot_approve_reason`` of every approvable document (the approval mixin): the
alert the forms show where the Approve button is hidden, as Odoo's hr_expense does.  It
gives the first reason in the order the engine checks a decision (a step waits, not on
one's own document, an approver or his delegate, one step of a chain per person, the
document unchanged since the request); empty when the user can decide.  Computed in
batch: a query for the waiting steps and one for separation of duties, whatever the
number of documents.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError


class KeyAccountApprovalMixin(models.AbstractModel):
    _inherit = "key.account.approval.mixin"  # pylint: disable=consider-merging-classes-inherited

    cannot_approve_reason = fields.Char(
        "Why You Cannot Approve",
        compute="_compute_cannot_approve_reason",
        help="Why the current user cannot decide the step that waits (empty when he can).",
    )

    @api.depends("approval_ids.state", "approval_state")
    @api.depends_context("uid")
    def _compute_cannot_approve_reason(self):
        """In batch: one query for the pending steps, one for separation of duties."""
        Step = self.env["key.account.approval"].sudo()
        user = self.env.user
        real = self.filtered("id")
        steps = Step.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", real.ids),
                ("current", "=", True),
                ("state", "=", "pending"),
            ]
        )
        step_of = {step.res_id: step for step in steps.sorted("sequence", reverse=True)}
        blocked = set()
        if steps:
            blocked = set(
                Step.search(
                    [("id", "in", steps.ids), ("id", "in", Step._separation_blocked_sql(user))]
                ).ids
            )
        delegators = (
            self.env["key.account.delegation"]._delegators_of(user)
            if steps
            else self.env["res.users"]
        )
        states = dict(self._fields["approval_state"]._description_selection(self.env))
        for record in self:
            step = step_of.get(record.id)
            if not step:
                record.cannot_approve_reason = self.env._(
                    "No step waits for a decision (approval: %(state)s).",
                    state=states.get(record.approval_state, record.approval_state or "-"),
                )
            elif user in step.requester_id | step.document_user_id:
                record.cannot_approve_reason = self.env._(
                    "You requested this approval or are responsible for the document: "
                    "you cannot decide on your own document."
                )
            elif not step._holds(user) and not any(
                step._holds(delegator)
                and (
                    delegator not in step.requester_id | step.document_user_id
                    or step.approver_user_id == delegator
                )
                for delegator in delegators
            ):
                record.cannot_approve_reason = self.env._(
                    "%(step)s waits for %(who)s; you are not one of its approvers and hold "
                    "no valid written delegation from one.",
                    step=step.name,
                    who=step._approver_label(),
                )
            elif step.id in blocked:
                record.cannot_approve_reason = self.env._(
                    "You already decided another step of this chain: one person decides "
                    "only one step of a chain."
                )
            else:
                record.cannot_approve_reason = record._approval_unchanged_reason(step)

    def _approval_unchanged_reason(self, step):
        """Why ``step`` can no longer be approved as it was requested (empty if it can)."""
        try:
            self.sudo()._approval_check_unchanged(step)
        except UserError as exc:
            return exc.args[0] if exc.args else str(exc)
        return False
