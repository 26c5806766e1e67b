"""Customer service records the customer's satisfaction answer given by phone.

Same effect as the rating link (``rating_apply``): satisfied closes the complaint,
okay or dissatisfied reopens it.  Only customer service (or a KAM director) with
access to the complaint, only on a replied or closed complaint.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.key_account_complaint_rating import RATING_VALUES
from ..tools import checked_args

CS_GROUPS = ("key_account_mgmt.group_customer_service", "key_account_mgmt.group_kam_director")


class KeyAccountComplaintRatingWizard(models.TransientModel):
    _name = "key.account.complaint.rating.wizard"
    _description = "Record the Customer's Satisfaction Answer"

    complaint_id = fields.Many2one("key.account.complaint", required=True, ondelete="cascade")
    rating = fields.Selection(
        [("5", "Satisfied"), ("3", "Okay"), ("1", "Dissatisfied")],
        "Customer's Answer",
        required=True,
    )
    feedback = fields.Text("Customer's Words")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_rating_value(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_rating_value(vals)
        return super().write(vals)

    def _check_rating_value(self, vals):
        if "rating" in vals and vals["rating"] not in [str(v) for v in RATING_VALUES]:
            raise UserError(
                self.env._(
                    "Customer's Answer: %(value)s is not an answer; it is 5 (satisfied), "
                    "3 (okay) or 1 (dissatisfied).",
                    value=vals["rating"],
                )
            )

    @checked_args
    def action_apply(self):
        """Apply the answer to the complaint as the customer's rating."""
        self.ensure_one()
        complaint = self.complaint_id
        complaint.check_access("write")
        user = self.env.user
        if not any(user.has_group(group) for group in CS_GROUPS):
            raise AccessError(
                self.env._(
                    "Customer's Answer: only customer service records the customer's "
                    "satisfaction answer."
                )
            )
        if complaint.state not in ("replied", "closed"):
            raise UserError(
                self.env._(
                    "Customer's Answer: %(doc)s is %(state)s; the satisfaction question "
                    "follows the reply.",
                    doc=complaint._document_label(),
                    state=complaint._state_label(),
                )
            )
        # Checked above: customer service, write access to this complaint.  The rating
        # record and the close/reopen are written as the system, like Odoo's rating form.
        complaint_sudo = complaint.sudo()
        partner = complaint_sudo.partner_id
        rating_sudo = complaint_sudo.rating_ids.filtered(
            lambda r: not r.consumed and r.partner_id == partner
        )[:1]
        if not rating_sudo:
            complaint_sudo._rating_get_access_token(partner=partner)
            rating_sudo = complaint_sudo.rating_ids.filtered(
                lambda r: not r.consumed and r.partner_id == partner
            )[:1]
        feedback = self.feedback or ""
        note = self.env._("Answer given by phone to %(user)s.", user=user.name)
        complaint_sudo.rating_apply(
            int(self.rating),
            rating=rating_sudo,
            feedback=f"{feedback}\n{note}" if feedback else note,
        )
        return {"type": "ir.actions.act_window_close"}
