"""Key Accounts configuration for the KAM director, without system administration rights.

Odoo's Settings (``res.config.settings``) are for administrators only.  The
addon's own settings live on the company (``res.company``: review period,
office acceptance period, gift stock location, yearly gift cap per recipient,
each validated there); this dialog lets a KAM director edit exactly those
fields of his current company, and nothing else of it.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools import checked_args

# res.company field ← field of this dialog
COMPANY_FIELDS = {
    "key_account_review_interval_days": "review_interval_days",
    "key_account_acceptance_days": "acceptance_days",
    "key_account_gift_location_id": "gift_location_id",
    "key_account_gift_recipient_cap": "gift_recipient_cap",
}


class KeyAccountConfig(models.TransientModel):
    _name = "key.account.config"
    _description = "Key Accounts Configuration"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    review_interval_days = fields.Integer(
        "Quarterly Review Period (days)",
        help="A key account whose last review is older than this gets a review activity.",
    )
    acceptance_days = fields.Integer(
        "Office Acceptance Period (days)",
        help="Goods received by an office count as accepted when it raised no objection "
        "by the end of this many calendar days after the day of receipt.",
    )
    gift_location_id = fields.Many2one(
        "stock.location",
        "Gift Stock Location",
        domain="[('usage', '=', 'internal'), ('company_id', 'in', [company_id, False])]",
        help="Approved gifts are issued from this internal location by a delivery.",
    )
    gift_recipient_cap = fields.Monetary(
        "Yearly Gift Cap per Recipient",
        currency_field="currency_id",
        help="Most value of gifts one person may receive in a calendar year (0: no cap).",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        company = self.env.company
        for company_field, field in COMPANY_FIELDS.items():
            if field in fields_list:
                value = company[company_field]
                values[field] = value.id if isinstance(value, models.BaseModel) else value
        return values

    @checked_args
    def action_save(self):
        """Write the dialog's values on the company, as its KAM director."""
        self.ensure_one()
        user = self.env.user
        if not user.has_group("key_account_mgmt.group_kam_director"):
            raise AccessError(
                self.env._("Key Accounts Configuration: only a KAM director may change it.")
            )
        if self.company_id not in user.company_ids:
            raise AccessError(
                self.env._(
                    "Key Accounts Configuration: you do not work for %(company)s.",
                    company=self.company_id.name,
                )
            )
        location = self.gift_location_id
        if location and not location.sudo().company_id <= self.company_id:
            raise AccessError(
                self.env._(
                    "Gift Stock Location: %(location)s belongs to another company.",
                    location=location.sudo().display_name,
                )
            )
        # The KAM director has no write access on res.company (it holds far more than
        # the addon's settings); after the checks above, exactly the addon's own fields
        # of his own company are written, and res.company's constraints validate them.
        company_sudo = self.company_id.sudo()
        company_sudo.write(
            {
                company_field: (
                    self[field].id if isinstance(self[field], models.BaseModel) else self[field]
                )
                for company_field, field in COMPANY_FIELDS.items()
            }
        )
        return {"type": "ir.actions.client", "tag": "soft_reload"}
