"""Periods in which a complaint waits on the customer (``key.account.complaint.wait``).

The SLA clock stops during them: customer service starts one when it asks the customer
for something (a lot number, a photo) and ends it when the answer is in; the reply to
the customer starts one by itself (awaiting the customer's satisfaction answer) that
the rating, "not satisfied" or the closing ends.  Only the complaint's own actions
write them (``action_wait_customer`` / ``action_resume`` and the reply hooks); for
everyone else they are read-only, so the times that the SLA and the KPIs exclude are
the ones the log shows.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.guards import ACTION_SENTINEL, is_action

WAIT_ACTION_KEY = "key_account_complaint_wait_action"


class KeyAccountComplaintWait(models.Model):
    _name = "key.account.complaint.wait"
    _description = "Complaint Waiting on the Customer"
    _order = "date_start, id"

    complaint_id = fields.Many2one(
        "key.account.complaint", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    reason = fields.Selection(
        [
            ("information", "Information Asked From the Customer"),
            ("answer", "Customer's Answer to the Reply"),
        ],
        required=True,
        readonly=True,
    )
    note = fields.Char(readonly=True)
    date_start = fields.Datetime("Waiting Since", required=True, readonly=True)
    date_end = fields.Datetime("Waiting Until", readonly=True)
    user_id = fields.Many2one("res.users", "Started By", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_internal()
        return super().create(vals_list)

    def write(self, vals):
        self._check_internal()
        return super().write(vals)

    def unlink(self):
        self._check_internal()
        return super().unlink()

    def _check_internal(self):
        if not is_action(self.env, WAIT_ACTION_KEY):
            raise UserError(
                self.env._(
                    "Waiting on the Customer: the periods are recorded by the complaint's "
                    "Wait on Customer / Resume buttons, never written directly."
                )
            )

    def _internal(self):
        """This recordset in the complaint's own action environment (see ``_check_internal``)."""
        return self.with_context(**{WAIT_ACTION_KEY: ACTION_SENTINEL})
