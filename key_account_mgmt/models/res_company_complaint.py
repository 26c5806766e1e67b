"""The company's complaint e-mail alias (e.g. ``complaints@``) and its settings.

``res.company.key_account_complaint_alias_name`` is the alias' local part; writing it
creates, renames or (empty) removes the company's ``mail.alias`` that turns an incoming
mail into a ``key.account.complaint`` of that company (``alias_defaults``: company, kind
complaint, channel e-mail; everyone may write to it: a sender who is no key-account
contact still gets a record, flagged ``needs_assignment``).  Exposed in Odoo's Settings
(administrators) and in the KAM director's Key Accounts Configuration dialog
(``wizards/key_account_config_complaint.py``).
"""

from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    key_account_complaint_alias_id = fields.Many2one(
        "mail.alias",
        "Complaint Alias",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="Incoming mail to this alias creates a complaint of the company.",
    )
    key_account_complaint_alias_name = fields.Char(
        "Complaint E-mail Alias",
        compute="_compute_key_account_complaint_alias_name",
        inverse="_inverse_key_account_complaint_alias_name",
        help="Local part of the address customers write complaints to (e.g. complaints); "
        "empty: no e-mail intake.",
    )
    key_account_complaint_alias_email = fields.Char(
        "Complaint E-mail Address", related="key_account_complaint_alias_id.alias_full_name"
    )

    @api.depends("key_account_complaint_alias_id.alias_name")
    def _compute_key_account_complaint_alias_name(self):
        for company in self:
            company.key_account_complaint_alias_name = (
                company.key_account_complaint_alias_id.alias_name or False
            )

    def _inverse_key_account_complaint_alias_name(self):
        # Writing res.company is reserved to administrators and to the KAM director's
        # checked dialog; the alias itself (a system record) is written as the system.
        model_id = self.env["ir.model"]._get_id("key.account.complaint")
        for company in self:
            alias_sudo = company.sudo().key_account_complaint_alias_id
            name = (company.key_account_complaint_alias_name or "").strip()
            if not name:
                if alias_sudo:
                    company.sudo().key_account_complaint_alias_id = False
                    alias_sudo.unlink()
                continue
            if alias_sudo:
                alias_sudo.alias_name = name
                continue
            alias_sudo = (
                self.env["mail.alias"]
                .sudo()
                .create(
                    {
                        "alias_name": name,
                        "alias_model_id": model_id,
                        "alias_domain_id": company.alias_domain_id.id,
                        "alias_contact": "everyone",
                        "alias_defaults": repr(
                            {"company_id": company.id, "kind": "complaint", "channel": "email"}
                        ),
                    }
                )
            )
            company.sudo().key_account_complaint_alias_id = alias_sudo


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    key_account_complaint_alias_name = fields.Char(
        related="company_id.key_account_complaint_alias_name", readonly=False
    )
    key_account_complaint_alias_domain = fields.Char(related="company_id.alias_domain_name")
