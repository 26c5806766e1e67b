"""The return dialog of a complaint: approve a quantity or refuse with a reason; the
decision itself is the complaint's ``action_return_approve`` / ``action_return_refuse``."""

from odoo import fields, models

from ..tools import checked_args


class KeyAccountComplaintReturnDecision(models.TransientModel):
    _name = "key.account.complaint.return.decision"
    _description = "Key Account Complaint Return Decision"

    complaint_id = fields.Many2one("key.account.complaint", required=True, ondelete="cascade")
    product_id = fields.Many2one(related="complaint_id.product_id")
    picking_id = fields.Many2one(related="complaint_id.picking_id")
    quantity = fields.Float("Return Quantity", digits="Product Unit of Measure")
    reason = fields.Text("Return Refusal Reason")

    @checked_args
    def action_approve(self):
        """Approve the return of the quantity."""
        self.ensure_one()
        return self.complaint_id.action_return_approve(quantity=self.quantity)

    @checked_args
    def action_refuse(self):
        """Refuse the return with the reason."""
        self.ensure_one()
        return self.complaint_id.action_return_refuse(reason=self.reason or "")
