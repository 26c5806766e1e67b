"""The cancel dialog of a complaint: asks for the reason, then calls ``action_cancel``."""

from odoo import fields, models

from ..tools import checked_args


class KeyAccountComplaintCancel(models.TransientModel):
    _name = "key.account.complaint.cancel"
    _description = "Cancel a Key Account Complaint"

    complaint_id = fields.Many2one("key.account.complaint", required=True, ondelete="cascade")
    reason = fields.Text("Cancel Reason", required=True)

    @checked_args
    def action_confirm(self):
        """Cancel the complaint with the reason (the complaint's own checks apply)."""
        self.ensure_one()
        return self.complaint_id.action_cancel(reason=self.reason)
