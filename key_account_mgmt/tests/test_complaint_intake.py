from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_complaint_intake import ComplaintIntakeCase

MAIL = """Return-Path: <{email_from}>
To: {to}
Received: by mail1.example.com (Postfix, from userid 10002)
    id 5DF9ABFB2A; Fri, 10 Aug 2012 16:16:39 +0200 (CEST)
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit
Date: Fri, 10 Aug 2012 14:16:26 +0000
Message-ID: {msg_id}
{extra}
{body}
"""


@tagged("post_install", "-at_install")
class TestComplaintMailIntake(ComplaintIntakeCase):
    """E-mail intake: the company alias turns a real message into a complaint."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "kam-intake.example.com"})
        cls.company.alias_domain_id = cls.alias_domain
        cls.company.key_account_complaint_alias_name = "complaints"
        cls.to = "complaints@kam-intake.example.com"

    def _process(self, email_from, subject, msg_id, body="The drums arrived dented.", extra=""):
        raw = MAIL.format(
            email_from=email_from,
            to=self.to,
            subject=subject,
            msg_id=msg_id,
            extra=extra,
            body=body,
        )
        # The mail gateway runs as the system (fetchmail, mailgate script).
        return self.env["mail.thread"].sudo().message_process(None, raw)

    def test_alias_configured(self):
        """The company alias targets complaints of the company, open to everyone."""
        alias = self.company.key_account_complaint_alias_id
        self.assertEqual(alias.alias_full_name, self.to)
        self.assertEqual(alias.alias_model_id.model, "key.account.complaint")
        self.assertEqual(alias.alias_contact, "everyone")
        self.assertEqual(self.company.key_account_complaint_alias_email, self.to)

    def test_key_account_contact_mail(self):
        """A key-account contact's mail: a complaint of his account, in its chatter;
        the reply on the thread lands in the same chatter."""
        complaint_id = self._process(
            "Ms Wang <wang@intake-account.example.com>", "Dented drums", "<intake-1@example.com>"
        )
        complaint = self.env["key.account.complaint"].browse(complaint_id)
        self.assertEqual(complaint.partner_id, self.contact)
        self.assertEqual(complaint.commercial_partner_id, self.account)
        self.assertEqual(complaint.user_id, self.specialist)
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.kind, "complaint")
        self.assertEqual(complaint.company_id, self.company)
        self.assertEqual(complaint.state, "received")
        self.assertFalse(complaint.needs_assignment)
        self.assertIn("Dented drums", complaint.description)
        self.assertIn("<wang@intake-account.example.com>", complaint.email_from)
        self.assertTrue(complaint.name.startswith("KAC/"))
        self.assertIn("The drums arrived dented", complaint.message_ids[-1].body)
        # the customer answers on the thread while customer service waits on him
        complaint.with_user(self.cs).action_wait_customer(note="Lot number?")
        reply_id = self._process(
            "Ms Wang <wang@intake-account.example.com>",
            "Re: Dented drums",
            "<intake-2@example.com>",
            body="Lot 2026-118.",
            extra="In-Reply-To: <intake-1@example.com>\nReferences: <intake-1@example.com>",
        )
        self.assertEqual(reply_id, complaint.id)
        self.assertEqual(
            self.env["key.account.complaint"].search_count([("email_from", "!=", False)]), 1
        )
        self.assertIn("Lot 2026-118", complaint.message_ids[0].body)
        self.assertFalse(complaint.waiting_customer, "the customer's reply restarts the clock")
        self.assertIn("Dented drums", complaint.description, "the reply overwrote nothing")

    def test_unknown_sender_flagged(self):
        """An unknown sender still gets a complaint, flagged for assignment."""
        complaint = self.env["key.account.complaint"].browse(
            self._process("Stranger <who@nowhere.example.com>", "Broken", "<intake-3@example.com>")
        )
        self.assertTrue(complaint)
        self.assertFalse(complaint.partner_id)
        self.assertTrue(complaint.needs_assignment)
        self.assertIn("<who@nowhere.example.com>", complaint.email_from)
        self.assertEqual(complaint.sla_id.tier_id, self.env["key.account.tier"])

    def test_non_key_account_partner_flagged(self):
        """A known partner of no key account gets a complaint flagged for assignment;
        a partner of another company is not used."""
        other = self.env["res.partner"].create(
            {"name": "Retail Ltd", "is_company": True, "email": "shop@retail.example.com"}
        )
        foreign_company = self.env["res.company"].create({"name": "Other Co"})
        self.env["res.partner"].create(
            {
                "name": "Foreign",
                "email": "shop@retail.example.com",
                "company_id": foreign_company.id,
            }
        )
        complaint = self.env["key.account.complaint"].browse(
            self._process("shop@retail.example.com", "Late", "<intake-4@example.com>")
        )
        self.assertEqual(complaint.partner_id, other)
        self.assertTrue(complaint.needs_assignment)

    def test_alias_settings_director_only(self):
        """The KAM director sets the alias in his dialog; customer service cannot."""
        config = Form(self.env["key.account.config"].with_user(self.director))
        self.assertEqual(config.complaint_alias_name, "complaints")
        config.complaint_alias_name = "claims"
        config.save().action_save()
        self.assertEqual(
            self.company.key_account_complaint_alias_id.alias_full_name,
            "claims@kam-intake.example.com",
        )
        with self.assertRaises(AccessError):
            self.env["key.account.config"].with_user(self.cs).create(
                {"complaint_alias_name": "hijack"}
            ).action_save()
        self.assertEqual(self.company.key_account_complaint_alias_name, "claims")
        with self.assertRaises(AccessError):
            self.company.with_user(self.cs).write({"key_account_complaint_alias_name": "x"})
        self.assertEqual(self.company.key_account_complaint_alias_name, "claims")

    def test_alias_name_taken(self):
        """An alias name already used is refused with the alias error."""
        self.env["mail.alias"].create(
            {
                "alias_name": "sales",
                "alias_model_id": self.env["ir.model"]._get_id("res.partner"),
                "alias_domain_id": self.alias_domain.id,
            }
        )
        with self.assertRaisesRegex(UserError, "already linked"):
            self.company.key_account_complaint_alias_name = "sales"
            self.company.flush_recordset()
        self.assertEqual(self.company.key_account_complaint_alias_name, "complaints")

    def test_alias_per_company(self):
        """Each company's alias files complaints into that company; the sender is looked
        up among that company's (or shared) contacts only."""
        company_2 = self.env["res.company"].create({"name": "KAM Intake Co 2"})
        company_2.alias_domain_id = self.alias_domain
        company_2.key_account_complaint_alias_name = "complaints-two"
        own_contact = self.env["res.partner"].create(
            {"name": "Co 1 only", "email": "only1@example.com", "company_id": self.company.id}
        )
        raw_to = "complaints-two@kam-intake.example.com"
        raw = MAIL.format(
            email_from=own_contact.email,
            to=raw_to,
            subject="Other company",
            msg_id="<intake-5@example.com>",
            extra="",
            body="Wrong pallet.",
        )
        complaint = self.env["key.account.complaint"].browse(
            self.env["mail.thread"].sudo().message_process(None, raw)
        )
        self.assertEqual(complaint.company_id, company_2)
        self.assertFalse(complaint.partner_id, "company 1's contact is not used in company 2")
        self.assertTrue(complaint.needs_assignment)
