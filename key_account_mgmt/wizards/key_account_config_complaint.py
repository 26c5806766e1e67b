"""The complaint e-mail alias in the KAM director's Key Accounts Configuration dialog."""

from odoo import api, fields, models

from ..tools import checked_args


class KeyAccountConfig(models.TransientModel):
    _inherit = "key.account.config"

    complaint_alias_name = fields.Char(
        "Complaint E-mail Alias",
        help="Local part of the address customers write complaints to (e.g. complaints); "
        "empty: no e-mail intake.",
    )
    complaint_alias_domain = fields.Char(related="company_id.alias_domain_name")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "complaint_alias_name" in fields_list:
            values["complaint_alias_name"] = self.env.company.key_account_complaint_alias_name
        return values

    @checked_args
    def action_save(self):
        # super() checks that the user is a KAM director of this company, then writes.
        result = super().action_save()
        company_sudo = self.company_id.sudo()
        name = (self.complaint_alias_name or "").strip() or False
        if company_sudo.key_account_complaint_alias_name != name:
            company_sudo.key_account_complaint_alias_name = name
        return result
