from odoo import api, models
from odoo.exceptions import AccessError


class KeyAccountAccountLine(models.AbstractModel):
    """A line of a key account's archive (key contact, competitor): it stays on an account
    its author may work on.

    Odoo checks the record rules of a write on the line as it was; moving a line to
    another account (``partner_id``) is checked again on the account it lands on, so a
    specialist cannot put his lines on another office's account. Its company (and any
    other computed field) is derived, never written by a client.
    """

    _name = "key.account.account.line"
    _description = "Key Account Archive Line"

    @api.model_create_multi
    def create(self, vals_list):
        self._check_target_accounts(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "partner_id" in vals:
            self._check_target_accounts([vals])
        res = super().write(vals)
        if "partner_id" in vals and not self.env.su:
            try:
                self.check_access("write")
            except AccessError:
                raise AccessError(self._target_account_error(self.partner_id)) from None
        return res

    @api.model
    def _check_target_accounts(self, vals_list):
        if self.env.su:
            return
        partner_ids = {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        for partner in self.env["res.partner"].browse(sorted(partner_ids)):
            try:
                partner.check_access("write")
            except AccessError:
                raise AccessError(self._target_account_error(partner)) from None

    @api.model
    def _target_account_error(self, partners):
        return self.env._(
            "Key Account: you may not work on %(account)s; %(kind)s lines stay on the "
            "accounts of your own office.",
            account=", ".join(partners.sudo().mapped("display_name")),
            kind=self.env["ir.model"]._get(self._name).name,
        )
