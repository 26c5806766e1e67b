from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KeyAccountCase

APP = "key.account.application"


@tagged("post_install", "-at_install")
class TestApplicationIntegrity(KeyAccountCase):
    """Application credit data, customer, cancel and reject over RPC (issue 9)."""

    def _apps(self, partner):
        return self.env[APP].search([("partner_id", "=", partner.id)])

    def test_credit_data_refused_for_specialist(self):
        """A specialist cannot enter the confidential credit data, on create or on write."""
        for fname, label in (
            ("credit_score", "Credit Score"),
            ("annual_revenue", "Annual Revenue"),
            ("settlement_floor_price", "Settlement Floor Price"),
        ):
            with self.assertRaisesRegex(AccessError, f"^{label}: the credit data"):
                self.env[APP].with_user(self.specialist).create(
                    self._application_vals(self.customer, **{fname: 90})
                )
        self.assertFalse(self._apps(self.customer))
        app = self.env[APP].with_user(self.specialist).create(self._application_vals(self.customer))
        with self.assertRaisesRegex(AccessError, "Credit Score: the credit data"):
            app.with_user(self.specialist).write({"credit_score": 99, "contract_amount": 5})
        self.assertFalse(app.sudo().credit_score)
        self.assertFalse(app.contract_amount)
        # a copy does not carry data its author may not enter
        filed = self._make_application(
            self.env["res.partner"].create({"name": "Filed Ltd", "is_company": True}),
            credit_score=80,
        )
        copy = filed.with_user(self.specialist).copy(
            {"partner_id": self.env["res.partner"].create({"name": "C", "is_company": True}).id}
        )
        self.assertFalse(copy.sudo().credit_score)
        # the confidential groups do
        app.with_user(self.manager).write({"credit_score": 70, "annual_revenue": 1e6})
        self.assertEqual(app.sudo().credit_score, 70)

    def test_credit_data_range(self):
        """Out-of-range credit data is refused on create and write, naming the field."""
        cases = (
            ({"credit_score": 150}, "Credit Score must be between 0 and 100, not 150"),
            ({"credit_score": -20}, "Credit Score must be between 0 and 100, not -20"),
            ({"annual_revenue": -1}, "Annual Revenue cannot be negative"),
            ({"settlement_floor_price": -5.5}, "Settlement Floor Price cannot be negative"),
            ({"credit_score": "high"}, "Credit Score must be a number"),
        )
        for vals, message in cases:
            with self.assertRaisesRegex(ValidationError, message):
                self.env[APP].with_user(self.manager).create(
                    self._application_vals(self.customer, **vals)
                )
        self.assertFalse(self._apps(self.customer))
        app = self._make_application(self.customer, credit_score=60)
        for vals, message in cases:
            with self.assertRaisesRegex(ValidationError, message):
                app.with_user(self.manager).write(vals)
        self.assertEqual(app.sudo().credit_score, 60)
        self.assertFalse(app.sudo().annual_revenue)
        # the database refuses them too
        self.env.cr.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'key_account_application'::regclass"
        )
        names = {row[0] for row in self.env.cr.fetchall()}
        self.assertIn("key_account_application_credit_score_range", names)
        self.assertIn("key_account_application_annual_revenue_not_negative", names)
        # an application in range goes through and reaches the partner
        app.with_user(self.manager).action_submit()
        app.with_user(self.dept).action_approval_approve()
        self.assertEqual(self.customer.sudo().credit_score, 60)

    def test_person_refused(self):
        """An application is for a company, not a person (create and write)."""
        person = self.env["res.partner"].create({"name": "Mr Wang", "parent_id": self.customer.id})
        with self.assertRaisesRegex(ValidationError, "Customer: .*Mr Wang is a person"):
            self.env[APP].with_user(self.manager).create(self._application_vals(person))
        self.assertFalse(self._apps(person))
        app = self.env[APP].with_user(self.manager).create(self._application_vals(self.customer))
        with self.assertRaisesRegex(ValidationError, "Mr Wang is a person"):
            app.with_user(self.manager).write({"partner_id": person.id})
        self.assertEqual(app.partner_id, self.customer)

    def test_cancel_only_applicant_department_manager(self):
        """A specialist cannot cancel a KAM manager's application (button or write)."""
        app = self._make_application(self.customer)  # filed by the manager
        self.assertEqual(app.with_user(self.specialist).account_manager_id, self.specialist)
        with self.assertRaisesRegex(AccessError, "Cancel: application .* was filed by"):
            app.with_user(self.specialist).action_cancel()
        with self.assertRaisesRegex(AccessError, "only the applicant"):
            app.with_user(self.specialist).write({"state": "cancelled"})
        app.with_user(self.manager).action_submit()
        with self.assertRaisesRegex(AccessError, "only the applicant"):
            app.with_user(self.specialist).action_cancel()
        self.assertEqual(app.state, "submitted")
        self.assertTrue(app.approval_ids.filtered(lambda s: s.state == "pending"))
        app.with_user(self.dept).action_cancel()
        self.assertEqual(app.state, "cancelled")
        # the specialist's own application
        own = (
            self.env[APP]
            .with_user(self.specialist)
            .create(
                self._application_vals(
                    self.env["res.partner"].create({"name": "O", "is_company": True})
                )
            )
        )
        own.with_user(self.specialist).action_cancel()
        self.assertEqual(own.state, "cancelled")

    def test_reject_bad_arguments(self):
        """action_reject with a non-text or empty reason, or unknown arguments: a clean error."""
        app = self._make_application(self.customer)
        app.with_user(self.manager).action_submit()
        as_dept = app.with_user(self.dept)
        with self.assertRaisesRegex(UserError, "the argument reason must be text"):
            as_dept.action_approval_reject(reason=123)
        with self.assertRaisesRegex(UserError, "the argument reason must be text"):
            as_dept.action_approval_reject(["no"])
        with self.assertRaisesRegex(UserError, "Rejection Reason: a rejection needs a reason"):
            as_dept.action_approval_reject(reason="   ")
        with self.assertRaisesRegex(UserError, "unknown argument"):
            as_dept.action_approval_reject(reason="x", force=True)
        with self.assertRaisesRegex(UserError, "unknown argument"):
            as_dept.action_approval_approve(force=True)
        self.assertEqual(app.state, "submitted")
        self.assertFalse(app.rejection_reason)
        as_dept.action_approval_reject(reason="Not stamped")
        self.assertEqual(app.state, "rejected")

    def test_applicant_not_reassigned_by_specialist(self):
        """A specialist cannot make himself the applicant of a manager's application."""
        app = self._make_application(self.customer)
        with self.assertRaisesRegex(AccessError, "Applicant: an application is filed in your own"):
            app.with_user(self.specialist).write({"user_id": self.specialist.id})
        with self.assertRaisesRegex(AccessError, "Applicant"):
            app.with_user(self.specialist).write(
                {"user_id": self.specialist.id, "state": "cancelled"}
            )
        other = self.env["res.partner"].create({"name": "Other Ltd", "is_company": True})
        with self.assertRaisesRegex(AccessError, "Applicant"):
            self.env[APP].with_user(self.specialist).create(
                self._application_vals(other, user_id=self.manager.id)
            )
        self.assertEqual((app.user_id, app.state), (self.manager, "draft"))
        self.assertFalse(self._apps(other))
        # a KAM manager files for someone else
        filed = (
            self.env[APP]
            .with_user(self.manager)
            .create(self._application_vals(other, user_id=self.specialist.id))
        )
        self.assertEqual(filed.user_id, self.specialist)

    def test_computed_fields_not_writable(self):
        """Development value, verdict, total cost and approval state are computed only."""
        app = self._make_application(self.customer, expected_profit=100, staff_cost=40)
        for vals, label in (
            ({"development_value": 1e9}, "Development Value"),
            ({"value_verdict": "worth", "expected_profit": 5}, "Value Verdict"),
            ({"total_cost": 0}, "Total Cost"),
            ({"approval_state": "approved"}, "Approval"),
        ):
            with self.assertRaisesRegex(AccessError, f"“{label}”.*computed by the application"):
                app.with_user(self.manager).write(vals)
            with self.assertRaisesRegex(AccessError, f"“{label}”.*computed by the application"):
                self.env[APP].with_user(self.manager).create(
                    self._application_vals(
                        self.env["res.partner"].create({"name": "N", "is_company": True}), **vals
                    )
                )
        self.assertEqual(
            (app.development_value, app.total_cost, app.value_verdict, app.expected_profit),
            (60, 40, "worth", 100),
        )
        self.assertEqual(len(self.env[APP].search([("partner_id.name", "=", "N")])), 0)
