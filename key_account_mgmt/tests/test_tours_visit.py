from odoo.tests import HttpCase, new_test_user, tagged

from .common import KeyAccountCase


def make_visit_tour_account(env, specialist, manager, dept):
    """The key account of ``key_account_visit_tour`` (geolocated, ``specialist`` its
    account manager, qualified through an application) and its key contact Mr Liu."""
    account = env["res.partner"].create(
        {
            "name": "KAM Tour Visit Ltd",
            "is_company": True,
            "partner_latitude": 31.2304,
            "partner_longitude": 121.4737,
        }
    )
    app = (
        env["key.account.application"]
        .with_user(manager)
        .create(
            {
                "partner_id": account.id,
                "requested_tier_id": env.ref("key_account_mgmt.key_account_tier_b").id,
                "account_manager_id": specialist.id,
                # an application names its office (issue 11): the manager's, else his own
                "team_id": (
                    manager.sale_team_id
                    or env["crm.team"].create(
                        {"name": "KAM Tour Visit Office", "user_id": manager.id}
                    )
                ).id,
                "has_signed_contract": True,
                "ties_up_funds": True,
                "good_credit_standing": True,
            }
        )
    )
    KeyAccountCase._attach_all(app)
    app.with_user(manager).action_submit()
    app.with_user(dept).action_approval_approve()
    person = env["res.partner"].create({"name": "Mr Liu", "parent_id": account.id})
    key_contact = env["key.account.contact"].create(
        {"partner_id": account.id, "contact_id": person.id}
    )
    return account, person, key_contact


@tagged("post_install", "-at_install")
class TestVisitTour(HttpCase):
    """The visit flow in the browser at phone size, as the specialist does it on the road."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.specialist = new_test_user(
            cls.env,
            login="kam_tour_visit_specialist",
            name="KAM Tour Visit Specialist",
            groups="base.group_user,key_account_mgmt.group_kam_specialist",
        )
        manager = new_test_user(
            cls.env,
            login="kam_tour_visit_manager",
            groups="base.group_user,key_account_mgmt.group_kam_manager",
        )
        dept = new_test_user(
            cls.env,
            login="kam_tour_visit_dept",
            groups="base.group_user,key_account_mgmt.group_kam_department",
        )
        cls.account, cls.person, cls.key_contact = make_visit_tour_account(
            cls.env, cls.specialist, manager, dept
        )

    def test_visit_phone(self):
        """Plan, check in with GPS, record the outcome, check out without GPS, done."""
        self.assertTrue(self.account.is_key_account)
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.start_tour("/odoo", "key_account_visit_tour", login=self.specialist.login)
        self.env.invalidate_all()
        visit = self.env["key.account.visit"].search([("partner_id", "=", self.account.id)])
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.name, "Present the sulphate-resistant grade")
        self.assertEqual((visit.user_id, visit.state), (self.specialist, "done"))
        self.assertEqual(visit.contact_ids, self.key_contact)
        self.assertEqual(visit.outcome, "Trial order of 200 t agreed")
        self.assertTrue(visit.check_in_located)
        self.assertAlmostEqual(visit.check_in_latitude, 31.2404, places=4)
        self.assertAlmostEqual(visit.check_in_longitude, 121.4737, places=4)
        self.assertAlmostEqual(visit.check_in_distance, 1.112, delta=0.002)
        self.assertTrue(visit.check_out_date)
        self.assertFalse(visit.check_out_located, "the refused position is not invented")
        self.assertTrue(visit.calendar_event_id)
        log = self.env["key.account.contact.log"].search([("visit_id", "=", visit.id)])
        self.assertEqual((log.form, log.topic, log.result), ("visit", visit.name, visit.outcome))
        self.assertEqual(log.contact_id, self.person)
