import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common_complaint_intake import ComplaintIntakeCase


class ComplaintPortalCase(HttpCase, ComplaintIntakeCase):
    """Two key accounts, each with a portal user; a retailer (no key account) too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = cls._portal_user("kam_portal_a", cls.contact)
        cls.account_b = cls._make_key_account("KAM Intake Other Ltd")
        cls.contact_b = cls.env["res.partner"].create(
            {"name": "Mr Zhao", "parent_id": cls.account_b.id, "email": "zhao@other.example.com"}
        )
        cls.portal_b = cls._portal_user("kam_portal_b", cls.contact_b)
        retailer = cls.env["res.partner"].create({"name": "Retail Ltd", "is_company": True})
        cls.retail_contact = cls.env["res.partner"].create(
            {"name": "Mr Qian", "parent_id": retailer.id, "email": "qian@retail.example.com"}
        )
        cls.portal_retail = cls._portal_user("kam_portal_retail", cls.retail_contact)

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


@tagged("post_install", "-at_install")
class TestComplaintPortal(ComplaintPortalCase):
    """/my/complaints as a portal user of one account and of another."""

    def test_list_and_detail_own_company_only(self):
        """A's user sees A's complaints, list and detail; never B's."""
        mine = self._complaint()
        theirs = self._complaint(partner=self.contact_b)
        self.authenticate("kam_portal_a", "kam_portal_a")
        page = self.url_open("/my/complaints")
        self.assertEqual(page.status_code, 200)
        self.assertIn(mine.name, page.text)
        self.assertNotIn(theirs.name, page.text)
        detail = self.url_open(f"/my/complaints/{mine.id}")
        self.assertIn("The drums arrived dented", detail.text)
        self.assertIn("o_portal_chatter", detail.text)
        foreign = self.url_open(f"/my/complaints/{theirs.id}", allow_redirects=False)
        self.assertEqual(foreign.status_code, 303)
        self.assertNotIn(theirs.name, foreign.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["complaint_count"]})
        self.assertEqual(counters["complaint_count"], 1)
        self.assertIn('href="/my/complaints"', self.url_open("/my").text)

    def test_orm_rules_for_portal(self):
        """Over RPC the portal user reads his company's complaints only, creates none."""
        mine = self._complaint()
        theirs = self._complaint(partner=self.contact_b)
        Complaint = self.env["key.account.complaint"].with_user(self.portal_a)
        self.assertEqual(Complaint.search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal_a).read(["description"])
        with self.assertRaises(AccessError):
            Complaint.create({"kind": "complaint", "partner_id": self.contact.id})
        with self.assertRaises(AccessError):
            mine.with_user(self.portal_a).write({"description": "<p>changed</p>"})
        self.assertIn("dented", mine.description)

    def test_file_through_portal(self):
        """Filing on the portal creates a portal complaint of the user's account."""
        self.authenticate("kam_portal_b", "kam_portal_b")
        csrf = self._csrf("/my/complaints/new")
        response = self.url_open(
            "/my/complaints/new",
            data={"kind": "suggestion", "description": "Ship on pallets", "csrf_token": csrf},
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["key.account.complaint"].search(
            [("commercial_partner_id", "=", self.account_b.id)]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.partner_id, self.contact_b)
        self.assertEqual(complaint.channel, "portal")
        self.assertEqual(complaint.kind, "suggestion")
        self.assertEqual(complaint.state, "received")
        self.assertIn("Ship on pallets", complaint.description)
        self.assertIn(complaint.name, response.text)

    def test_file_refused(self):
        """No description, a made-up kind, a contact of no key account: nothing filed."""
        Complaint = self.env["key.account.complaint"]
        self.authenticate("kam_portal_a", "kam_portal_a")
        csrf = self._csrf("/my/complaints/new")
        for data, message in (
            ({"kind": "complaint", "description": "  "}, "Description"),
            ({"kind": "praise", "description": "x"}, "Kind"),
        ):
            response = self.url_open("/my/complaints/new", data=dict(data, csrf_token=csrf))
            self.assertIn(message, response.text)
        self.authenticate("kam_portal_retail", "kam_portal_retail")
        refused = self.url_open("/my/complaints/new")
        self.assertEqual(refused.status_code, 403)
        self.assertNotIn("o_kam_complaint_form", refused.text)
        csrf = self._csrf("/my/account")
        response = self.url_open(
            "/my/complaints/new",
            data={"kind": "complaint", "description": "x", "csrf_token": csrf},
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Complaint.search([("channel", "=", "portal")]))

    def test_satisfaction_question_on_page(self):
        """The replied complaint's page shows the reply and the rating links."""
        complaint = self._replied(self._complaint())
        token = complaint.sudo().rating_ids.access_token
        self.authenticate("kam_portal_a", "kam_portal_a")
        page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertIn("We will pack them in crates", page.text)
        self.assertIn(f"/rate/{token}/5", page.text)
        self.authenticate("kam_portal_b", "kam_portal_b")
        page = self.url_open(f"/rate/{token}/5")
        # another account's user gets Odoo's "wrong partner" page, not the form
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_rating_page_submit", page.text)


@tagged("post_install", "-at_install")
class TestComplaintPortalTour(ComplaintPortalCase):
    """A portal user files a complaint, then rates the reply, in the browser."""

    def test_portal_tour(self):
        """File at /my/complaints; customer service and the technician handle it; the
        portal user answers 'satisfied': the complaint is closed."""
        self.start_tour(
            "/my/complaints", "key_account_complaint_portal_file_tour", login="kam_portal_a"
        )
        complaint = self.env["key.account.complaint"].search(
            [("channel", "=", "portal"), ("commercial_partner_id", "=", self.account.id)]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.kind, "complaint")
        complaint.with_user(self.cs).action_dispatch()
        complaint.with_user(self.cs).action_review()
        complaint.with_user(self.tech).write(
            {"responsibility": "carrier", "judgement": "Forklift damage", "rework_type": "none"}
        )
        complaint.with_user(self.cs).reply = "<p>We replaced the three drums.</p>"
        complaint.with_user(self.cs).action_reply()
        self.start_tour(
            "/my/complaints", "key_account_complaint_portal_rate_tour", login="kam_portal_a"
        )
        complaint.invalidate_recordset()
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.sudo().rating_ids.rating, 5)
