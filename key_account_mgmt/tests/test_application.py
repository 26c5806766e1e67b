from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KeyAccountCase


@tagged("post_install", "-at_install")
class TestApplication(KeyAccountCase):
    """Qualification applications (S1): documents, conditions, decision, duplicates."""

    def test_create_fills_document_checklist(self):
        """A new application lists every active document type, all missing."""
        app = (
            self.env["key.account.application"]
            .with_user(self.manager)
            .create(self._application_vals(self.customer))
        )
        types = self.env["key.account.document.type"].search([])
        self.assertEqual(app.document_ids.document_type_id, types)
        self.assertEqual(set(app.document_ids.mapped("state")), {"missing"})
        self.assertTrue(app.name.startswith("KAA/"))
        self.assertFalse(app.document_complete)

    def test_submit_refused_while_mandatory_document_missing(self):
        """Submit names the missing mandatory document and changes nothing."""
        app = self._make_application(self.customer)
        reconciliation = app.document_ids.filtered(
            lambda d: d.document_type_id.code == "reconciliation"
        )
        reconciliation.with_user(self.manager).attachment_ids = [Command.clear()]
        self.assertEqual(reconciliation.state, "missing")
        with self.assertRaisesRegex(UserError, "Reconciliation Statement"):
            app.with_user(self.manager).action_submit()
        self.assertEqual(app.state, "draft")
        self.assertFalse(app.activity_ids)

    def test_submit_refused_by_rpc_write(self):
        """A plain write of the state goes through the same submit checks."""
        app = (
            self.env["key.account.application"]
            .with_user(self.manager)
            .create(self._application_vals(self.customer))
        )
        with self.assertRaisesRegex(UserError, "mandatory documents are missing"):
            app.with_user(self.manager).write({"state": "submitted"})
        self.assertEqual(app.state, "draft")

    def test_optional_document_not_required(self):
        """A non-mandatory document may stay missing."""
        self.env.ref("key_account_mgmt.document_type_office_evaluation").mandatory = False
        app = (
            self.env["key.account.application"]
            .with_user(self.manager)
            .create(self._application_vals(self.customer))
        )
        self._attach_all(app, mandatory_only=True)
        app.with_user(self.manager).action_submit()
        self.assertEqual(app.state, "submitted")

    def test_submit_refused_when_conditions_not_met(self):
        """The three key-account conditions of seed 003 §一 must hold."""
        app = self._make_application(self.customer, ties_up_funds=False)
        with self.assertRaisesRegex(UserError, "tying up company funds"):
            app.with_user(self.manager).action_submit()
        self.assertEqual(app.state, "draft")

    def test_full_flow_makes_key_account(self):
        """Submit, approve: the partner becomes a key account with tier, team and history."""
        app = self._make_application(self.customer, credit_score=75, annual_revenue=1e7)
        app.with_user(self.manager).action_submit()
        self.assertEqual(app.state, "submitted")
        decider_activities = app.activity_ids.filtered(lambda a: a.user_id == self.dept)
        self.assertEqual(len(decider_activities), 1, "one decision activity per decider")
        self.assertNotIn(self.manager, app.activity_ids.user_id)

        self.assertFalse(self.customer.is_key_account)
        app.with_user(self.dept).action_approval_approve()
        self.assertEqual(app.state, "approved")
        self.assertEqual(app.decided_by_id, self.dept)
        self.assertFalse(app.activity_ids, "decision activities are closed")
        partner = self.customer
        self.assertTrue(partner.is_key_account)
        self.assertTrue(partner.key_account_since)
        self.assertEqual(partner.key_account_tier_id, self.tier_b)
        self.assertEqual(partner.property_payment_term_id, self.tier_b.payment_term_id)
        self.assertEqual(partner.key_account_manager_id, self.specialist)
        self.assertEqual(partner.key_account_team_id, self.office)
        self.assertEqual(partner.credit_score, 75)
        self.assertEqual(partner.key_account_last_review_date, partner.key_account_since)
        history = partner.key_account_tier_history_ids
        self.assertEqual(len(history), 1)
        self.assertEqual(history.new_tier_id, self.tier_b)
        self.assertIn(app.name, history.reason)
        self.assertTrue(
            self.env["res.partner"].search([("is_key_account", "=", True), ("id", "=", partner.id)])
        )

    def test_is_key_account_cannot_be_written(self):
        """Only an approved application makes a key account: the flag cannot be written."""
        with self.assertRaisesRegex(UserError, "only through an approved qualification"):
            self.customer.with_user(self.director).write({"is_key_account": True})
        with self.assertRaisesRegex(UserError, "only through an approved qualification"):
            self.env["res.partner"].with_user(self.director).create(
                {"name": "Sneaky", "is_key_account": True}
            )
        self.assertFalse(self.customer.is_key_account)

    def test_approve_own_application_refused(self):
        """A department user cannot approve the application he filed himself."""
        app = self._make_application(self.customer, user=self.dept)
        app.with_user(self.dept).action_submit()
        self.assertFalse(app.with_user(self.dept).approval_can_review)
        with self.assertRaisesRegex(AccessError, "your own document"):
            app.with_user(self.dept).action_approval_approve()
        with self.assertRaisesRegex(UserError, "Approve waits for KAM Department"):
            app.with_user(self.dept).write({"state": "approved"})
        self.assertEqual(app.state, "submitted")
        self.assertFalse(self.customer.is_key_account)

    def test_approve_refused_for_non_decider(self):
        """A KAM manager cannot approve, neither by button nor by write."""
        app = self._make_application(self.customer)
        app.with_user(self.manager).action_submit()
        other_manager = self.users["manager"].copy({"login": "kam_manager_2"})
        for user in (self.manager, other_manager, self.specialist):
            with self.assertRaises(AccessError):
                app.with_user(user).action_approval_approve()
        self.assertEqual(app.state, "submitted")

    def test_double_approve(self):
        """A second click on Approve is refused with a clear message, nothing changes."""
        app = self._make_application(self.customer)
        app.with_user(self.manager).action_submit()
        app.with_user(self.dept).action_approval_approve()
        history_count = len(self.customer.key_account_tier_history_ids)
        with self.assertRaisesRegex(UserError, "already Approved"):
            app.with_user(self.director).action_approval_approve()
        self.assertEqual(app.decided_by_id, self.dept)
        self.assertEqual(len(self.customer.key_account_tier_history_ids), history_count)

    def test_reject_needs_reason(self):
        """Rejection without a reason is refused; with one, it is recorded."""
        app = self._make_application(self.customer)
        app.with_user(self.manager).action_submit()
        with self.assertRaisesRegex(UserError, "Rejection Reason"):
            app.with_user(self.dept).write({"state": "rejected"})
        with self.assertRaisesRegex(UserError, "Rejection Reason"):
            app.with_user(self.dept).write({"state": "rejected", "rejection_reason": "   "})
        self.assertEqual(app.state, "submitted")
        action = app.with_user(self.dept).action_approval_reject()
        self.assertEqual(action["res_model"], "key.account.approval.reject")
        wizard_form = Form(
            self.env["key.account.approval.reject"]
            .with_user(self.dept)
            .with_context(**action["context"])
        )
        wizard_form.reason = "Statement not stamped"
        wizard_form.save().action_reject()
        self.assertEqual(app.state, "rejected")
        self.assertEqual(app.rejection_reason, "Statement not stamped")
        self.assertFalse(self.customer.is_key_account)
        self.assertFalse(app.activity_ids)

    def test_duplicate_application_refused(self):
        """A second live application for the same customer is refused, by form and by RPC."""
        self._make_application(self.customer)
        with self.assertRaisesRegex(ValidationError, "already has a qualification application"):
            self.env["key.account.application"].with_user(self.manager).create(
                self._application_vals(self.customer)
            )
        with self.assertRaisesRegex(ValidationError, "already has a qualification application"):
            form = Form(self.env["key.account.application"].with_user(self.manager))
            form.partner_id = self.customer
            form.requested_tier_id = self.tier_a
            form.save()
        self.assertEqual(
            self.env["key.account.application"].search_count(
                [("partner_id", "=", self.customer.id)]
            ),
            1,
        )

    def test_new_application_allowed_after_rejection(self):
        """A rejected or cancelled application does not block a new one."""
        app = self._make_application(self.customer)
        app.with_user(self.manager).action_submit()
        app.with_user(self.dept).action_approval_reject(reason="Incomplete")
        second = self._make_application(self.customer)
        second.with_user(self.manager).action_cancel()
        third = self._make_application(self.customer)
        self.assertEqual(third.state, "draft")

    def test_content_locked_after_submit(self):
        """A submitted application and its documents cannot be edited."""
        app = self._make_application(self.customer)
        app.with_user(self.manager).action_submit()
        with self.assertRaisesRegex(UserError, "only be changed while it is a draft"):
            app.with_user(self.manager).write({"requested_tier_id": self.tier_a.id})
        with self.assertRaisesRegex(UserError, "only be changed while it is a draft"):
            app.document_ids[0].with_user(self.manager).write({"attachment_ids": [(5, 0, 0)]})
        self.assertEqual(app.requested_tier_id, self.tier_b)
        # verifying a document is the department's part, allowed after submit
        app.document_ids[0].with_user(self.dept).write({"verified": True})
        self.assertEqual(app.document_ids[0].state, "verified")
        with self.assertRaisesRegex(UserError, "only the KAM Department verifies"):
            app.document_ids[1].with_user(self.manager).write({"verified": True})

    def test_state_cannot_jump(self):
        """A draft cannot be approved directly, even by a decider over RPC."""
        app = self._make_application(self.customer)
        with self.assertRaisesRegex(UserError, "cannot go from Draft to Approved"):
            app.with_user(self.dept).write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "created as a draft"):
            self.env["key.account.application"].with_user(self.dept).create(
                self._application_vals(
                    self.env["res.partner"].create({"name": "X"}), state="approved"
                )
            )

    def test_development_value(self):
        """The value assessment follows (profit − costs) × (1 − risk) and gives a verdict."""
        form = Form(self.env["key.account.application"].with_user(self.manager))
        form.partner_id = self.customer
        form.expected_sales = 1_000_000
        form.expected_profit = 200_000
        form.stock_interest_cost = 10_000
        form.staff_cost = 40_000
        form.travel_cost = 20_000
        form.management_cost = 30_000
        form.risk_coefficient = 0.25
        app = form.save()
        self.assertEqual(app.total_cost, 100_000)
        self.assertEqual(app.development_value, 75_000)
        self.assertEqual(app.value_verdict, "worth")
        app.with_user(self.manager).write({"expected_profit": 90_000})
        self.assertEqual(app.value_verdict, "not_worth")
        with self.assertRaisesRegex(ValidationError, "Travel Costs cannot be negative"):
            app.with_user(self.manager).write({"travel_cost": -1})
        with self.assertRaisesRegex(ValidationError, "Risk Coefficient must be between 0 and 1"):
            app.with_user(self.manager).write({"risk_coefficient": 1.5})
        self.assertEqual(app.risk_coefficient, 0.25)

    def test_floor_price_confidential(self):
        """The settlement floor price and credit inputs are hidden from specialists."""
        app = self._make_application(self.customer, settlement_floor_price=123.0)
        app.with_user(self.manager).action_submit()
        app.with_user(self.dept).action_approval_approve()
        as_specialist = app.with_user(self.specialist)
        self.assertEqual(as_specialist.partner_id, self.customer)
        with self.assertRaises(AccessError):
            as_specialist.read(["settlement_floor_price"])
        with self.assertRaises(AccessError):
            self.customer.with_user(self.specialist).read(["credit_score"])
        self.assertEqual(app.with_user(self.users["finance"]).settlement_floor_price, 123.0)

    def test_form_created_application_gets_checklist(self):
        """An application made in the form has its document checklist before saving."""
        form = Form(self.env["key.account.application"].with_user(self.manager))
        form.partner_id = self.customer
        form.requested_tier_id = self.tier_b
        form.has_signed_contract = form.ties_up_funds = form.good_credit_standing = True
        doc_types = self.env["key.account.document.type"].search([])
        self.assertEqual(len(form.document_ids), len(doc_types))
        app = form.save()
        self.assertTrue(app.document_ids)
        self.assertFalse(app.document_complete)
        with self.assertRaisesRegex(UserError, "mandatory documents are missing"):
            app.with_user(self.manager).action_submit()

    def test_applicant_cannot_unmark_mandatory(self):
        """Whether a document is mandatory is configuration, not the applicant's choice."""
        app = (
            self.env["key.account.application"]
            .with_user(self.manager)
            .create(self._application_vals(self.customer))
        )
        with self.assertRaisesRegex(UserError, "set on the document type"):
            app.document_ids.with_user(self.manager).write({"mandatory": False})
        self.assertTrue(all(app.document_ids.mapped("mandatory")))
        self.assertTrue(all(app.document_ids.document_type_id.mapped("mandatory")))

    def test_decision_fields_not_writable(self):
        """Reason, decider and date come from the decision only."""
        app = self._make_application(self.customer)
        app.with_user(self.manager).action_submit()
        app.with_user(self.dept).action_approval_reject(reason="Not stamped")
        for vals in (
            {"rejection_reason": "Rewritten"},
            {"decided_by_id": self.manager.id},
            {"decision_date": "2020-01-01 00:00:00"},
        ):
            with self.assertRaisesRegex(UserError, "recorded by the decision itself"):
                app.with_user(self.manager).write(vals)
        self.assertEqual(app.rejection_reason, "Not stamped")
        self.assertEqual(app.decided_by_id, self.dept)

    def test_deciders_read_uploaded_files(self):
        """Files uploaded by the office are readable by the department that decides."""
        app = self._make_application(self.customer)
        app.with_user(self.manager).action_submit()
        attachment = app.document_ids[0].attachment_ids
        self.assertEqual(
            (attachment.res_model, attachment.res_id),
            ("key.account.application.document", app.document_ids[0].id),
        )
        self.assertTrue(attachment.with_user(self.dept).datas)
        with self.assertRaises(AccessError):
            attachment.with_user(self.plain_user).datas  # noqa: B018

    def test_unlink_only_draft(self):
        """A submitted application cannot be deleted."""
        app = self._make_application(self.customer)
        app.with_user(self.manager).action_submit()
        with self.assertRaises(UserError):
            app.with_user(self.director).unlink()
