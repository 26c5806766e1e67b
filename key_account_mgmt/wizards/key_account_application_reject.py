from odoo import fields, models

from ..tools import checked_args


class KeyAccountApplicationReject(models.TransientModel):
    """Ask for the reason of a rejection, which the application requires."""

    _name = "key.account.application.reject"
    _description = "Reject Key Account Application"

    application_ids = fields.Many2many("key.account.application", string="Applications")
    reason = fields.Text(required=True)

    @checked_args
    def action_reject(self):
        self.ensure_one()
        self.application_ids.action_reject(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
