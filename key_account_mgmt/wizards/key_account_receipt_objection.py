from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import checked_args


class KeyAccountReceiptObjection(models.TransientModel):
    """Ask for the reason of the office's objection to a receipt."""

    _name = "key.account.receipt.objection"
    _description = "Raise Objection to an Office Receipt"

    picking_ids = fields.Many2many("stock.picking", string="Receipts")
    reason = fields.Text(required=True)

    @api.constrains("reason")
    def _check_reason(self):
        for wizard in self:
            if not (wizard.reason or "").strip():
                raise ValidationError(
                    self.env._("Reason: an objection to a receipt needs a written reason.")
                )

    @checked_args
    def action_object(self):
        if len(self) != 1:
            raise UserError(self.env._("Raise Objection: one objection at a time, please."))
        if not self.picking_ids:
            raise UserError(self.env._("Receipts: choose the receipts the objection is about."))
        self.picking_ids.action_key_account_object(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
