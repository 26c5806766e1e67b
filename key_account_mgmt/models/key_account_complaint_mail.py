"""E-mail intake of complaints: the company alias' incoming mail becomes a complaint.

``message_new`` (called by ``mail.thread.message_process`` through the company's alias,
see ``res_company_complaint.py``) creates a complaint of the alias' company with the
mail's subject and body as description, channel e-mail, raised by the sender's contact:
the sender's partner of that company (or shared) is looked up by the address, a
key-account contact preferred.  A sender who is no key-account contact (unknown address,
a partner of no key account) still gets a complaint: its contact stays to be assigned
(``needs_assignment``) and the address is kept in ``email_from``.  Nothing is dropped.
Replies on the thread land in its chatter (``message_update``); a customer's reply ends
a period of waiting for information (the SLA clock runs again).
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import email_normalize, is_html_empty


class KeyAccountComplaintMail(models.Model):
    _inherit = "key.account.complaint"  # pylint: disable=consider-merging-classes-inherited

    email_from = fields.Char(
        "Sender's E-mail",
        readonly=True,
        copy=False,
        help="Address the complaint was mailed from (e-mail intake).",
    )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Create the complaint of an incoming mail (see the module docstring)."""
        values = dict(custom_values or {})
        company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
        values["company_id"] = company.id
        values.setdefault("kind", "complaint")
        values["channel"] = "email"
        for server_field in ("name", "state", "partner_id"):
            values.pop(server_field, None)
        sender = self._complaint_find_sender(
            msg_dict.get("email_from"), msg_dict.get("author_id"), company
        )
        if sender:
            values["partner_id"] = sender.id
        subject = (msg_dict.get("subject") or "").strip()
        body = msg_dict.get("body") or ""
        description = Markup("<p><strong>%s</strong></p>") % subject if subject else Markup()
        if not is_html_empty(body):
            description += Markup(body)
        values["description"] = description or False
        complaint = self.create(values)
        # email_from is the gateway's record of the sender, never a client's value.
        complaint._write_internal({"email_from": msg_dict.get("email_from") or False})
        return complaint

    def message_update(self, msg_dict, update_vals=None):
        """A reply on the thread: into the chatter (nothing of the complaint is
        overwritten); a reply of the customer ends the wait for his information."""
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        for complaint in self:
            customer = complaint.commercial_partner_id
            if (
                complaint.waiting_customer
                and customer
                and author.commercial_partner_id == customer
                and any(
                    w.reason == "information" and not w.date_end for w in complaint.sudo().wait_ids
                )
            ):
                complaint._wait_end()
        return True

    @api.model
    def _complaint_find_sender(self, email_from, author_id, company):
        """The sender's contact for a complaint of ``company``: the partners with that
        address of the company (or shared), the key-account contacts first, the
        gateway's author first among equals; empty when there is none."""
        email = email_normalize(email_from or "")
        if not email:
            return self.env["res.partner"]
        partners = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("email_normalized", "=", email),
                    ("company_id", "in", [False, company.id]),
                ],
                order="id",
            )
        )
        if not partners:
            return partners
        return partners.sorted(
            lambda p: (
                not p.commercial_partner_id.is_key_account,
                p.id != author_id,
                p.id,
            )
        )[:1]

    def _mail_get_partner_fields(self, introspect_fields=False):
        return ["partner_id"]

    @api.model
    def _mail_get_primary_email_field(self):
        return "email_from"
