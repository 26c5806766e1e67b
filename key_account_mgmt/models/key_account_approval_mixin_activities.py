"""The approvers' activities of the approval engine (one per approver of the step that
is due, archived (done) when the step is decided, deleted when the chain is withdrawn or
cancelled), on ``key.account.approval.mixin``: what the To Approve inbox and Mark Done
rely on."""

from odoo import api, models


class KeyAccountApprovalMixin(models.AbstractModel):
    _inherit = "key.account.approval.mixin"  # pylint: disable=consider-merging-classes-inherited

    def _approval_notify(self, step, approvers=None):
        """Schedule one activity per approver of the step that is now due."""
        self.ensure_one()
        activity_type_id = self._approval_activity_type_id()
        if approvers is None:
            approvers = step._approver_users()
        users = approvers - step.requester_id - step.document_user_id
        users -= step._separation_excluded_users(users)
        model_id = self._approval_model_id()
        res_name = self.display_name
        # quick_update: the activity is the notification, no assignment e-mail each;
        # the chain's approvers were subscribed together when approval was requested
        # (see mail.thread's message_subscribe here), a newcomer to the group still is here.
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True,
            key_account_approval_followers=tuple(step.participant_ids.partner_id.ids),
        ).create(
            [
                {
                    "activity_type_id": activity_type_id,
                    "res_model_id": model_id,
                    "res_name": res_name,  # stored computes given: no UPDATE after
                    "date_done": False,
                    "res_id": self.id,
                    "user_id": user.id,
                    "user_tz": user.tz,
                    "summary": f"{step.name} — {step._approver_label()}",
                    "automated": True,
                }
                for user in users
            ]
        )

    @api.model
    def _approval_activity_type_id(self):
        return self.env["ir.model.data"]._xmlid_to_res_id(
            "key_account_mgmt.mail_activity_type_kam_approval"
        )

    def _approval_activities(self, active=True):
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", self._approval_activity_type_id()),
                    ("active", "in", (True, False) if active is None else (active,)),
                ],
                # what the archive / unlink and their check (mail_activity.py) read
                ["active", "date_done", "date_deadline", "user_id", "activity_type_id"]
                + ["res_model", "res_id"],
            )
        )

    def _approval_close_activities(self, final=False):
        """Take the decided step's activities off the approvers' lists.

        They are archived, as done (one UPDATE, unlike an unlink that flushes and clears
        the whole cache), also by the decision that ends the chain; when the chain is
        withdrawn or its document cancelled (``final``) all of them are deleted.
        """
        if final:
            self._approval_activities(active=None).unlink()
        else:
            self._approval_activities().write({"active": False})
