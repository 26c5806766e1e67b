from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .test_tours_approval import KeyAccountBuilders
from .test_tours_visit import make_visit_tour_account

# Shared with key_account_mgmt/static/tests/tours/key_account_gift_request_tour.js.
KEY_ACCOUNT = "KAM Tour Gift Ltd"
RECIPIENT = "Mr Tour Zhang"
GIFT = "KAM Tour Tea Gift Box"
REASON = "Spring Festival greetings to the purchasing director"


@tagged("post_install", "-at_install")
class TestGiftTours(KeyAccountBuilders, HttpCase):
    """Browser tour of the gift request (S5), at phone size, as the account manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, name, group):
            return new_test_user(
                cls.env, login=login, name=name, groups=f"base.group_user,key_account_mgmt.{group}"
            )

        cls.specialist = user(
            "kam_s5_specialist", "KAM Tour Account Manager", "group_kam_specialist"
        )
        cls.manager = user("kam_s5_manager", "KAM Tour Gift Manager", "group_kam_manager")
        cls.dept = user("kam_s5_dept", "KAM Tour Gift Department", "group_kam_department")
        cls.office_manager = user(
            "kam_s5_office", "KAM Tour Office Manager", "group_office_manager"
        )
        cls.tier_b = cls.env.ref("key_account_mgmt.key_account_tier_b")
        cls.office = cls.env["crm.team"].create(
            {
                "name": "KAM Tour Gift Office",
                "user_id": cls.office_manager.id,
                "member_ids": [Command.link(cls.manager.id)],
            }
        )
        # qualified through an application, the specialist as its account manager
        cls.account = cls._make_key_account(KEY_ACCOUNT)
        person = cls.env["res.partner"].create({"name": RECIPIENT, "parent_id": cls.account.id})
        cls.recipient = cls.env["key.account.contact"].create(
            {"partner_id": cls.account.id, "contact_id": person.id}
        )
        cls.gift = cls.env["product.product"].create(
            {"name": GIFT, "type": "consu", "standard_price": 300, "list_price": 450}
        )

    def test_gift_request_desktop(self):
        """The account manager files and submits a gift request (desktop)."""
        self._run_gift_request_tour()

    def test_gift_request_phone(self):
        """The account manager files and submits a gift request from his phone."""
        # Phone size with touch events, as Odoo's own mobile tours run.
        self.browser_size = "375x667"
        self.touch_enabled = True
        self._run_gift_request_tour()

    def test_visit_then_gift_request_phone(self):
        """On his phone, the account manager plans a visit, checks in, records the
        outcome, and then files the gift request (SPEC S4 + S5 in one session)."""
        visit_account, _person, key_contact = make_visit_tour_account(
            self.env, self.specialist, self.manager, self.dept
        )
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour("/odoo", "key_account_visit_tour", login=self.specialist.login)
        self.env.invalidate_all()
        visit = self.env["key.account.visit"].search([("partner_id", "=", visit_account.id)])
        self.assertEqual((len(visit), visit.state, visit.user_id), (1, "done", self.specialist))
        self.assertEqual(visit.contact_ids, key_contact)
        self.assertTrue(visit.check_in_located)
        self.assertEqual(visit.outcome, "Trial order of 200 t agreed")
        self.assertTrue(
            self.env["key.account.contact.log"].search_count([("visit_id", "=", visit.id)])
        )
        self._run_gift_request_tour()

    def _run_gift_request_tour(self):
        self.start_tour("/odoo", "key_account_gift_request_tour", login=self.specialist.login)
        self.env.invalidate_all()

        request = self.env["key.account.gift.request"].search(
            [("partner_id", "=", self.account.id)]
        )
        self.assertEqual(len(request), 1, "the tour filed exactly one request")
        self.assertEqual(request.state, "to_approve")
        self.assertEqual(request.user_id, self.specialist)
        self.assertEqual(request.manager_id, self.specialist)
        self.assertEqual(request.recipient_id, self.recipient)
        self.assertEqual((request.product_id, request.quantity), (self.gift, 2))
        self.assertEqual((request.unit_value, request.amount_total), (300, 600))
        self.assertEqual((request.occasion, request.reason), ("spring_festival", REASON))
        self.assertEqual(
            [(s.kind, s.approver_user_id, s.state) for s in request.approval_ids],
            [("approve", self.office_manager, "pending")],
        )
        self.assertEqual(request.activity_ids.user_id, self.office_manager)
