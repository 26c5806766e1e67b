from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .test_tours_approval import KeyAccountBuilders

ACTION = "key_account_mgmt.key_account_complaint_action"


@tagged("post_install", "-at_install")
class TestComplaintTours(KeyAccountBuilders, HttpCase):
    """Browser tours of the complaint flow: customer service and the technician each in
    their own session (desktop), the technician's rework result at phone size."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, name, group):
            return new_test_user(
                cls.env, login=login, name=name, groups=f"base.group_user,key_account_mgmt.{group}"
            )

        cls.specialist = user(
            "kam_s6_specialist", "KAM Tour Account Manager", "group_kam_specialist"
        )
        cls.manager = user("kam_s6_manager", "KAM Tour Manager", "group_kam_manager")
        cls.dept = user("kam_s6_dept", "KAM Tour Department", "group_kam_department")
        cls.cs = user("kam_s6_cs", "KAM Tour Customer Service", "group_customer_service")
        cls.tech = user("kam_s6_tech", "KAM Tour Technician", "group_technical")
        cls.tier_b = cls.env.ref("key_account_mgmt.key_account_tier_b")
        cls.office = cls.env["crm.team"].create(
            {
                "name": "KAM Tour Complaint Office",
                "user_id": cls.manager.id,
                "member_ids": [Command.link(cls.manager.id)],
            }
        )
        cls.account = cls._make_key_account("KAM Tour Complaint Ltd")
        cls.contact = cls.env["res.partner"].create(
            {"name": "Tour Complainant Li", "parent_id": cls.account.id}
        )

    def _tour(self, name, user, record=None):
        url = f"/odoo/action-{ACTION}/{record.id}" if record else "/odoo"
        self.start_tour(url, name, login=user.login)
        self.env.invalidate_all()

    def test_complaint_through_departments(self):
        """Dispatch, judgement, rework (phone), reply and close, each by its department."""
        self._tour("key_account_complaint_service_tour", self.cs)
        complaint = self.env["key.account.complaint"].search(
            [("commercial_partner_id", "=", self.account.id)]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.state, "technical_review")
        self.assertEqual(complaint.dispatched_by_id, self.cs)
        self.assertEqual(complaint.user_id, self.specialist)
        self.assertEqual(complaint.activity_ids.user_id, self.specialist)

        self._tour("key_account_complaint_judge_tour", self.tech, complaint)
        self.assertEqual(complaint.state, "rework")
        self.assertEqual(
            (complaint.responsibility, complaint.rework_type, complaint.judged_by_id),
            ("ours", "physical", self.tech),
        )
        self.assertTrue(complaint.is_valid)

        self.browser_size = "390x844"
        self.touch_enabled = True
        self._tour("key_account_complaint_rework_tour", self.tech, complaint)
        line = complaint.rework_line_ids
        self.assertEqual((line.result, line.quantity, line.done_by_id), ("passed", 2, self.tech))

        self.browser_size = "1366x768"
        self.touch_enabled = False
        self._tour("key_account_complaint_reply_tour", self.cs, complaint)
        complaint = complaint.with_context(active_test=False)
        self.assertEqual(complaint.state, "closed")
        self.assertFalse(complaint.active)
        self.assertEqual((complaint.replied_by_id, complaint.closed_by_id), (self.cs, self.cs))
        self.assertIn("replaced free of charge", complaint.reply)
