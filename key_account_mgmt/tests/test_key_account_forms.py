"""Issue 11 items 7, 9, 14, 16: quick-creates, partner form layout, key-account reports."""

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form
from odoo.tools.safe_eval import safe_eval

from .common import KeyAccountCase


class TestApplicationCustomerQuickCreate(KeyAccountCase):
    """Issue 11 item 7: the customer quick-created on an application is a company."""

    def test_quick_created_customer_is_company(self):
        """The customer field of the application form quick-creates (name_create, with the
        field's context, as the web client does) a company, as the account manager."""
        Application = self.env["key.account.application"].with_user(self.specialist)
        arch = Application.get_views([(False, "form")])["views"]["form"]["arch"]
        node = etree.fromstring(arch).xpath("//field[@name='partner_id']")[0]
        context = safe_eval(node.get("context") or "{}", {"uid": self.specialist.id})
        self.assertIs(context.get("default_is_company"), True)
        Partner = self.env["res.partner"].with_user(self.specialist).with_context(**context)
        partner = Partner.browse(Partner.name_create("Quick Created Ltd")[0])
        self.assertTrue(partner.is_company)
        self.assertEqual(partner.company_type, "company")
        form = Form(Application)
        form.partner_id = partner
        form.requested_tier_id = self.tier_b
        app = form.save()
        self.assertEqual(app.partner_id, partner)


class TestRecipientQuickCreate(KeyAccountCase):
    """Issue 11 item 9: a gift's recipient is created from the field as a key contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._make_key_account("Recipient Account Ltd")
        cls.other = cls._make_key_account("Other Office Account Ltd")

    def test_name_create_makes_a_key_contact_of_the_account(self):
        """name_create with the form's account: a person of the account, its key contact."""
        Contact = self.env["key.account.contact"].with_user(self.specialist)
        contact_id, name = Contact.with_context(default_partner_id=self.account.id).name_create(
            "Mr Wang Lei"
        )
        contact = Contact.browse(contact_id)
        self.assertEqual(name, contact.display_name)
        self.assertEqual(contact.contact_id.name, "Mr Wang Lei")
        self.assertEqual(contact.partner_id, self.account)
        self.assertEqual(contact.contact_id.parent_id, self.account)
        self.assertFalse(contact.contact_id.is_company)
        self.assertIn(contact, self.account.key_contact_ids)

    def test_name_create_refusals(self):
        """Without an account, with a bogus one, an empty name or an account the user may
        not work on: refused, nothing created."""
        Contact = self.env["key.account.contact"].with_user(self.specialist)
        before = self.env["res.partner"].search_count([])
        for ctx in ({}, {"default_partner_id": "x"}, {"default_partner_id": True}):
            with self.assertRaisesRegex(UserError, "^Key Account: choose the key account"):
                Contact.with_context(**ctx).name_create("Nobody")
        with self.assertRaisesRegex(UserError, "^Contact: give the name"):
            Contact.with_context(default_partner_id=self.account.id).name_create("  ")
        with self.assertRaisesRegex(UserError, "name"):
            Contact.with_context(default_partner_id=self.account.id).name_create(42)
        with self.assertRaises(AccessError):  # reads key contacts, creates none
            self.env["key.account.contact"].with_user(self.users["finance"]).with_context(
                default_partner_id=self.account.id
            ).name_create("Mr Finance")
        outsider = self.users["cs"]
        with self.assertRaises(AccessError):
            self.env["key.account.contact"].with_user(outsider).with_context(
                default_partner_id=self.account.id
            ).name_create("Mr Outsider")
        self.assertEqual(self.env["res.partner"].search_count([]), before)


class TestPartnerFormLayout(KeyAccountCase):
    """Issue 11 item 14: a key account's own buttons and tab come first."""

    def test_key_account_buttons_and_tab_first(self):
        """The partner form as the account manager: the visits, gifts, next visit and
        days-since-visit buttons lead the button box; the Key Account tab is first."""
        arch = (
            self.env["res.partner"]
            .with_user(self.specialist)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        doc = etree.fromstring(arch)
        buttons = doc.xpath("//div[@name='button_box']/button")
        first = [(b.get("name"), b.get("icon")) for b in buttons[:4]]
        self.assertEqual(
            first,
            [
                ("action_view_key_account_visits", "fa-car"),
                ("action_view_key_account_gift_requests", "fa-gift"),
                ("action_view_key_account_visits", "fa-calendar-check-o"),
                ("action_view_key_account_visits", "fa-hourglass-half"),
            ],
        )
        pages = [p.get("name") for p in doc.xpath("//notebook/page")]
        self.assertEqual(pages[:2], ["key_account", "key_account_terms"])


class TestKeyAccountReporting(KeyAccountCase):
    """Issue 11 item 16: the analytic account's name, the pivot and the graph."""

    def test_analytic_account_display_name_not_doubled(self):
        """The key account's analytic account reads as the account's name, once."""
        account = self._make_key_account("Doubled Name Ltd")
        analytic = account.key_account_analytic_account_id
        self.assertEqual(analytic.name, "Doubled Name Ltd")
        self.assertEqual(analytic.partner_id, account)
        self.assertEqual(analytic.display_name, "Doubled Name Ltd")
        # another analytic account keeps Odoo's "name - partner"
        other = self.env["account.analytic.account"].create(
            {"name": "Project", "plan_id": analytic.plan_id.id, "partner_id": account.id}
        )
        self.assertEqual(other.display_name, "Project - Doubled Name Ltd")

    def test_stages_grouped_in_stage_order(self):
        """Grouped by development stage (as the graph does), stages come in their order."""
        stages = ["stable", "crisis", "target", "trial", "market_visit"]
        for index, stage in enumerate(stages):
            account = self._make_key_account(f"Stage Account {index}")
            account.sudo().key_account_stage = stage
        groups = (
            self.env["res.partner"]
            .with_user(self.director)
            .web_read_group(
                [("is_key_account", "=", True), ("key_account_stage", "!=", False)],
                ["__count"],
                ["key_account_stage"],
                lazy=False,
            )["groups"]
        )
        order = [
            key for key, _label in self.env["res.partner"]._fields["key_account_stage"].selection
        ]
        got = [g["key_account_stage"] for g in groups]
        self.assertEqual(got, sorted(got, key=order.index))
        self.assertEqual(set(got), set(stages))

    def test_pivot_measures(self):
        """The key-account pivot counts accounts and sums their revenue, not only the
        archive completeness."""
        view = self.env.ref("key_account_mgmt.res_partner_view_pivot_key_account")
        arch = etree.fromstring(
            self.env["res.partner"].with_user(self.director).get_view(view.id, "pivot")["arch"]
        )
        self.assertEqual(arch.get("display_quantity"), "1")
        measures = arch.xpath("//field[@type='measure']/@name")
        self.assertIn("annual_revenue", measures)
        self.assertIn("key_account_archive_completeness", measures)
