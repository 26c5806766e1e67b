from odoo import fields, models


class KeyAccountReceiptObjection(models.TransientModel):
    """Ask for the reason of the office's objection to a receipt."""

    _name = "key.account.receipt.objection"
    _description = "Raise Objection to an Office Receipt"

    picking_ids = fields.Many2many("stock.picking", string="Receipts")
    reason = fields.Text(required=True)

    def action_object(self):
        self.ensure_one()
        self.picking_ids.action_key_account_object(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
