"""Activities of the addon: a quarterly review's to-do is the review; an approval's to-do
is decided with Approve / Reject only (issue 11, item 5).

An approval activity stands for a pending step: marking it done (with or without
feedback, scheduling the next one) while its document still has a pending step is
refused with a message pointing to Approve / Reject, and so are cancelling, deleting or
archiving it by the people of the chain (assignee, requester, responsible), so that no
step is left pending without its to-do. The engine closes the
activities once the step is decided (no pending step any more) or the chain is ended.
"""

from odoo import models
from odoo.exceptions import UserError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def write(self, vals):
        if "active" in vals and not vals["active"]:
            self._check_approval_activity_open(removal=True)
        return super().write(vals)

    def unlink(self):
        self._check_approval_activity_open(removal=True)
        return super().unlink()

    def _action_done(self, feedback=False, attachment_ids=None):
        self._check_approval_activity_open()
        # Completing a quarterly review activity is the review: stamp the account.
        review_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_review", raise_if_not_found=False
        )
        if review_type:
            reviews = self.filtered(
                lambda a: a.activity_type_id == review_type and a.res_model == "res.partner"
            )
            if reviews:
                partners = self.env["res.partner"].browse(reviews.mapped("res_id")).exists()
                partners._key_account_mark_reviewed()
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def _check_approval_activity_open(self, removal=False):
        """Refuse to close an approval to-do while its document has a pending step.

        Marking it done is refused to anyone. Removing (deleting, archiving) it is refused
        to the people of the chain: its assignee, the requester and the responsible of
        the document; an administrator archiving a user still removes that user's to-dos
        (the group's other approvers keep theirs).
        """
        approval_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "key_account_mgmt.mail_activity_type_kam_approval", raise_if_not_found=False
        )
        if not approval_type_id:
            return
        # the engine's own data: the step is read whoever acts (see key.account.approval)
        activities = self.sudo().filtered(
            lambda a: a.active and a.activity_type_id.id == approval_type_id
        )
        if not activities:
            return
        ids_by_model = {}
        for activity in activities:
            ids_by_model.setdefault(activity.res_model, []).append(activity.res_id)
        pending = {}
        for res_model, res_ids in ids_by_model.items():
            documents = self.env[res_model].sudo().browse(res_ids)
            if "approval_ids" not in documents._fields:
                continue
            # the documents' chains, usually in cache when the engine closes the to-dos
            for step in documents.approval_ids:
                if step.current and step.state == "pending":
                    pending[step.res_model, step.res_id] = step
        user = self.env.user
        for activity in activities:
            step = pending.get((activity.res_model, activity.res_id))
            if not step:
                continue
            if removal and user not in (
                activity.user_id | step.requester_id | step.document_user_id
            ):
                continue
            raise UserError(
                self.env._(
                    "%(step)s of %(doc)s is decided on the document with Approve Step or "
                    "Reject Step (or in To Approve), not by marking its activity done or "
                    "removing it: the to-do stays until the step is decided.",
                    step=step.name,
                    doc=step.document_name,
                )
            )
