"""The rules of a gift request's content (derived fields, account access), on create as
on write."""

from odoo import api, models
from odoo.exceptions import AccessError, UserError


class KeyAccountGiftRequest(models.Model):
    """The rules of a gift request's content, on create as on write.

    ====================  ========================================================
    what                  rule
    ====================  ========================================================
    account manager,      derived from the account (and the key contact, the
    office, recipient     quantity and the unit value); never written by a
    person, total value,  client, so the band, the budget, the cap and "the
    gift expense          account manager does not approve his own account's
                          gift" always apply to the real figures
    account               one the user may work on, also when it is changed
    recipient             a key contact of the account, checked again on submit
    deliveries            linked by the approval only; "issued" is set by their
                          validation (as the system), never by a client
    ====================  ========================================================
    """

    _inherit = "key.account.gift.request"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_gift_derived_fields(vals)
        for vals in vals_list:
            if vals.get("partner_id"):
                self._check_gift_account_access(self.env["res.partner"].browse(vals["partner_id"]))
        return super().create(vals_list)

    def write(self, vals):
        self._check_gift_derived_fields(vals)
        if vals.get("partner_id"):
            self._check_gift_account_access(self.env["res.partner"].browse(vals["partner_id"]))
        res = super().write(vals)
        if "partner_id" in vals:
            # Odoo checked the rules on the request as it was: check its new account too.
            try:
                self.check_access("write")
            except AccessError:
                self._raise_gift_account_access(self.partner_id)
        return res

    @api.model
    def _check_gift_account_access(self, partner):
        try:
            partner.check_access("read")
        except AccessError:
            self._raise_gift_account_access(partner)

    @api.model
    def _raise_gift_account_access(self, partners):
        raise AccessError(
            self.env._(
                "Key Account: you may not file gifts for %(account)s.",
                account=", ".join(partners.sudo().mapped("display_name")),
            )
        ) from None

    def _kam_guarded_hint(self, field_names):
        return self.env._(
            "It is derived from the key account, the recipient, the quantity and the unit "
            "value of the gift request."
        )

    @api.model
    def _check_gift_derived_fields(self, vals):
        """The transfers are linked by the issue of the approved gift, never by a client
        (the computed figures are refused with every derived field: models/base.py)."""
        if "picking_ids" in vals:
            raise UserError(
                self.env._(
                    "Transfers: linked by the issue of the approved gift request; they "
                    "cannot be written."
                )
            )
