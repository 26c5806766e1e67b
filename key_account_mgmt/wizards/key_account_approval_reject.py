from odoo import fields, models
from odoo.tools import safe_eval


class KeyAccountApprovalReject(models.TransientModel):
    """Ask for the reason of a rejection, which every approval chain requires."""

    _name = "key.account.approval.reject"
    _description = "Reject an Approval Step"

    res_model = fields.Char(required=True)
    res_ids = fields.Char(required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        self.ensure_one()
        records = self.env[self.res_model].browse(safe_eval.const_eval(self.res_ids))
        records.action_approval_reject(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
