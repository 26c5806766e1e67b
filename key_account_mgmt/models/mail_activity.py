"""Activities of the addon: a quarterly review's to-do is the review; an approval's to-do
is decided with Approve / Reject only (issue 11, item 5).

An approval activity stands for a pending step: marking it done (with or without
feedback, scheduling the next one), cancelling it, deleting or archiving it while its
document still has a pending step is refused with a message pointing to Approve /
Reject, so that no step is ever left pending without its to-do. The engine closes the
activities once the step is decided (no pending step any more) or the chain is ended.
"""

from odoo import models
from odoo.exceptions import UserError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def write(self, vals):
        if "active" in vals and not vals["active"]:
            self._check_approval_activity_open()
        return super().write(vals)

    def unlink(self):
        self._check_approval_activity_open()
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

    def _check_approval_activity_open(self):
        """Refuse to close an approval to-do while its document has a pending step."""
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
        pending = self.env["key.account.approval"]
        for res_model, res_ids in ids_by_model.items():
            documents = self.env[res_model].sudo().browse(res_ids)
            if "approval_ids" not in documents._fields:
                continue
            # the documents' chains, usually in cache when the engine closes the to-dos
            pending = documents.approval_ids.filtered(
                lambda s: s.current and s.state == "pending"
            )[:1]
            if pending:
                break
        if pending:
            raise UserError(
                self.env._(
                    "%(step)s of %(doc)s is decided on the document with Approve Step or "
                    "Reject Step (or in To Approve), not by marking its activity done or "
                    "removing it: the to-do stays until the step is decided.",
                    step=pending.name,
                    doc=pending.document_name,
                )
            )
