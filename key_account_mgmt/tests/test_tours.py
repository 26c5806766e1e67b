import base64

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.key_account_mgmt.models.res_partner import ARCHIVE_COMPLETENESS_FIELDS


@tagged("post_install", "-at_install")
class TestKeyAccountTours(HttpCase):
    """Browser tours of the main flows, each run as the user who does it in real life.

    The tours are in key_account_mgmt/static/tests/tours/; every tour is followed by
    server-side checks of what it should have done.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="kam_tour_manager",
            name="KAM Tour Manager",
            groups="base.group_user,key_account_mgmt.group_kam_manager",
        )
        cls.dept = new_test_user(
            cls.env,
            login="kam_tour_dept",
            name="KAM Tour Department",
            groups="base.group_user,key_account_mgmt.group_kam_department",
        )
        cls.specialist = new_test_user(
            cls.env,
            login="kam_tour_specialist",
            name="KAM Tour Specialist",
            groups="base.group_user,key_account_mgmt.group_kam_specialist",
        )
        cls.tier_a = cls.env.ref("key_account_mgmt.key_account_tier_a")
        cls.tier_b = cls.env.ref("key_account_mgmt.key_account_tier_b")
        cls.Application = cls.env["key.account.application"]
        # an application names its office, by default its author's team (issue 11)
        cls.office = cls.env["crm.team"].create(
            {
                "name": "KAM Tour Office",
                "user_id": new_test_user(
                    cls.env,
                    login="kam_tour_office",
                    groups="base.group_user,key_account_mgmt.group_office_manager",
                ).id,
                "member_ids": [Command.link(cls.manager.id)],
            }
        )

    # ------------------------------------------------------------------ helpers
    def _company(self, name):
        return self.env["res.partner"].create({"name": name, "is_company": True})

    def _submitted_application(self, partner, tier, account_manager):
        """An application created by the KAM manager, documents attached, submitted."""
        app = self.Application.with_user(self.manager).create(
            {
                "partner_id": partner.id,
                "requested_tier_id": tier.id,
                "account_manager_id": account_manager.id,
                "has_signed_contract": True,
                "ties_up_funds": True,
                "good_credit_standing": True,
            }
        )
        for doc in app.document_ids:
            doc.attachment_ids = [
                Command.create(
                    {
                        "name": f"{doc.document_type_id.code}.pdf",
                        "datas": base64.b64encode(b"%PDF-1.4 test"),
                        # bound to the line, as the upload of the Files widget does
                        "res_model": doc._name,
                        "res_id": doc.id,
                    }
                )
            ]
        app.with_user(self.manager).action_submit()
        self.assertEqual(app.state, "submitted")
        return app

    def _expected_completeness(self, partner):
        filled = sum(1 for fname in ARCHIVE_COMPLETENESS_FIELDS if partner[fname])
        return round(100.0 * filled / len(ARCHIVE_COMPLETENESS_FIELDS), 2)

    # ------------------------------------------------------------------ qualification
    def test_01_application_submit_and_approve(self):
        partner = self._company("KAM Tour Customer Ltd")
        mandatory_types = self.env["key.account.document.type"].search([("mandatory", "=", True)])

        # The KAM manager creates the application, is refused without documents,
        # attaches them and submits.
        self.start_tour("/odoo", "key_account_application_tour", login=self.manager.login)
        self.env.invalidate_all()

        app = self.Application.search([("partner_id", "=", partner.id)])
        self.assertEqual(len(app), 1, "the tour created exactly one application")
        self.assertEqual(app.state, "submitted")
        self.assertEqual(app.user_id, self.manager, "the applicant is the user who created it")
        self.assertEqual(app.account_manager_id, self.manager)
        self.assertEqual(app.requested_tier_id, self.tier_b)
        self.assertEqual(app.contract_amount, 250000)
        self.assertTrue(app.has_signed_contract)
        self.assertTrue(app.ties_up_funds)
        self.assertTrue(app.good_credit_standing)
        self.assertNotEqual(app.name, "New")
        self.assertEqual(
            app.document_ids.filtered("mandatory").document_type_id,
            mandatory_types,
            "one checklist line per mandatory document type",
        )
        for doc in app.document_ids.filtered("mandatory"):
            self.assertEqual(doc.state, "provided", doc.name)
            self.assertEqual(len(doc.attachment_ids), 1, doc.name)
            self.assertEqual(
                doc.attachment_ids.raw, b"%PDF-1.4 key account tour document", doc.name
            )
        self.assertTrue(app.document_complete)
        self.assertFalse(partner.is_key_account, "submitting does not qualify the customer")
        self.assertIn(
            self.dept.id,
            app.activity_ids.user_id.ids,
            "the KAM department is asked to decide",
        )

        # A KAM department user approves.
        self.start_tour("/odoo", "key_account_application_approve_tour", login=self.dept.login)
        self.env.invalidate_all()

        self.assertEqual(app.state, "approved")
        self.assertEqual(app.decided_by_id, self.dept)
        self.assertTrue(app.decision_date)
        self.assertTrue(partner.is_key_account)
        self.assertTrue(partner.key_account_since)
        self.assertEqual(partner.key_account_tier_id, self.tier_b)
        self.assertEqual(partner.key_account_manager_id, self.manager)
        self.assertEqual(partner.key_account_stage, "trial")
        history = partner.key_account_tier_history_ids
        self.assertEqual(len(history), 1)
        self.assertEqual(history.new_tier_id, self.tier_b)
        self.assertIn(app.name, history.reason)
        self.assertFalse(
            app.activity_ids.filtered(lambda a: a.user_id == self.dept),
            "the decision closes the to-do of the department",
        )

    def test_02_application_reject(self):
        partner = self._company("KAM Tour Rejected Ltd")
        app = self._submitted_application(partner, self.tier_b, self.manager)

        self.start_tour("/odoo", "key_account_application_reject_tour", login=self.dept.login)
        self.env.invalidate_all()

        self.assertEqual(app.state, "rejected")
        self.assertEqual(
            app.rejection_reason, "Credit checks show overdue debts with other suppliers."
        )
        self.assertEqual(app.decided_by_id, self.dept)
        self.assertFalse(partner.is_key_account)
        self.assertFalse(partner.key_account_tier_id)
        self.assertFalse(app.activity_ids, "the rejection closes the to-dos")
        self.assertTrue(
            app.message_ids.filtered(
                lambda m: "overdue debts" in (m.body or "") and m.author_id == self.dept.partner_id
            ),
            "the rejection and its reason are logged in the chatter",
        )

    # ------------------------------------------------------------------ archive
    def _key_account_for_specialist(self):
        partner = self._company("KAM Tour Archive Ltd")
        app = self._submitted_application(partner, self.tier_a, self.specialist)
        app.with_user(self.dept).action_approval_approve()
        self.assertTrue(partner.is_key_account)
        self.assertEqual(partner.key_account_manager_id, self.specialist)
        return partner

    def _run_archive_tour(self):
        partner = self._key_account_for_specialist()
        before = partner.key_account_archive_completeness
        self.assertEqual(before, self._expected_completeness(partner))

        self.start_tour("/odoo", "key_account_archive_tour", login=self.specialist.login)
        self.env.invalidate_all()

        self.assertEqual(partner.main_business, "Ready-mix concrete plants and precast elements")
        self.assertEqual(partner.product_preferences, "Sulphate-resistant cement, 42.5 grade")
        self.assertEqual(partner.price_sensitivity, "high")
        self.assertEqual(len(partner.competitor_ids), 1)
        competitor = partner.competitor_ids
        self.assertEqual(competitor.name, "Rival Cement Group")
        self.assertEqual(competitor.products, "Imported clinker")
        self.assertEqual(competitor.share, 35)
        after = partner.key_account_archive_completeness
        self.assertGreater(after, before)
        # main business, products wanted, price sensitivity and competitors: 4 more fields.
        self.assertAlmostEqual(after, before + 400.0 / len(ARCHIVE_COMPLETENESS_FIELDS), delta=0.02)
        self.assertEqual(after, self._expected_completeness(partner))
        self.assertEqual(partner.key_account_tier_id, self.tier_a, "the tier is untouched")

    def test_03_archive(self):
        self._run_archive_tour()

    def test_05_contact_log(self):
        """The account manager logs a call with his key account."""
        account = self._company("KAM Tour Contact Log Ltd")
        app = self._submitted_application(account, self.tier_b, self.specialist)
        app.with_user(self.dept).action_approval_approve()
        self.assertTrue(account.is_key_account)
        self.start_tour("/odoo", "key_account_contact_log_tour", login=self.specialist.login)
        self.env.invalidate_all()
        log = self.env["key.account.contact.log"].search([("partner_id", "=", account.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual(log.topic, "Delivery schedule for the March pour")
        self.assertEqual(log.result, "Two deliveries agreed")
        self.assertEqual((log.user_id, log.form), (self.specialist, "phone"))

    def test_04_archive_phone(self):
        # Same flow at phone size with touch events, as Odoo's own mobile tours run
        # (e.g. test_main_flows.TestUiMobile); the browser is started per tour, so this
        # only affects this test.
        self.browser_size = "375x667"
        self.touch_enabled = True
        self._run_archive_tour()
