from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KeyAccountCase
from .common_held_stock import KeyAccountHeldStockCase
from .test_gift_request import GiftCase

# Context keys a client could send to lift a guard: the state machine's own key with a
# JSON value, and the old keys of the addon's actions and of Odoo's tracking.
FORGED_CONTEXT = {
    "key_account_transition": True,
    "key_account_visit_action": True,
    "key_account_symposium_action": "1",
    "key_account_approval_followers": [1],
    "tracking_disable": True,
}


@tagged("post_install", "-at_install")
class TestApplicationStateGuards(KeyAccountCase):
    """Applications: no context key, no written status or decision opens a way around the
    steps; the reason one cannot approve; the SQL checks of the amounts."""

    def test_forged_context_state_and_decision_refused(self):
        """A specialist sending the old context keys cannot approve, reject or decide."""
        app = self._make_application(self.customer)
        app.with_user(self.manager).action_submit()
        forged = app.with_user(self.specialist).with_context(**FORGED_CONTEXT)
        for vals in (
            {"state": "approved"},
            {"state": "rejected", "rejection_reason": "forged"},
            {"state": "cancelled"},
            {"decided_by_id": self.specialist.id, "decision_date": "2020-01-01 00:00:00"},
            {"rejection_reason": "forged"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                forged.write(vals)
        self.assertEqual(app.state, "submitted")
        self.assertEqual(app.approval_state, "pending")
        self.assertFalse(app.decided_by_id)
        self.assertFalse(app.rejection_reason)
        with self.assertRaisesRegex(UserError, "created as a draft"):
            self.env["key.account.application"].with_user(self.specialist).with_context(
                **FORGED_CONTEXT
            ).create(
                self._application_vals(
                    self.env["res.partner"].create({"name": "Forged Ltd", "is_company": True}),
                    state="approved",
                )
            )

    def test_cannot_approve_reason(self):
        """The form says why the Approve button is hidden; empty for the decider."""
        app = self._make_application(self.customer)
        self.assertRegex(
            app.with_user(self.dept).cannot_approve_reason, "No step waits for a decision"
        )
        app.with_user(self.manager).action_submit()
        self.assertFalse(app.with_user(self.dept).cannot_approve_reason)
        self.assertTrue(app.with_user(self.dept).approval_can_review)
        self.assertRegex(app.with_user(self.manager).cannot_approve_reason, "your own document")
        self.assertRegex(
            app.with_user(self.specialist).cannot_approve_reason,
            "waits for KAM Department; you are not one of its approvers",
        )
        app.with_user(self.dept).action_approval_approve()
        self.assertRegex(app.with_user(self.dept).cannot_approve_reason, r"approval: Approved")

    def test_cannot_approve_reason_in_batch(self):
        """The reason of many applications costs the queries of one."""
        apps = self.env["key.account.application"]
        for index in range(3):
            partner = self.env["res.partner"].create(
                {"name": f"Batch Customer {index}", "is_company": True}
            )
            app = self._make_application(partner)
            app.with_user(self.manager).action_submit()
            apps |= app
        counts = []
        # warm-up (Odoo's convention): registry caches (ir.model, groups) filled once
        apps[2:].with_user(self.specialist).mapped("cannot_approve_reason")
        for records in (apps[:1], apps):
            records.invalidate_recordset()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.with_user(self.specialist).mapped("cannot_approve_reason")
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])

    def test_sql_checks_amounts(self):
        """A negative cost or amount is refused by the database, naming the field."""
        app = self._make_application(self.customer, travel_cost=10)
        for fname, label in (
            ("travel_cost", "Travel Costs"),
            ("contract_amount", "Contract Amount"),
            ("expected_sales", "Expected Sales"),
        ):
            with self.subTest(field=fname):
                with self.assertRaisesRegex(ValidationError, f"{label} cannot be negative"):
                    app.with_user(self.manager).write({fname: -1})
                # what an RPC client reads when the value reaches the table another way
                with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught:
                    self.env.cr.execute(
                        f"UPDATE key_account_application SET {fname} = -1 WHERE id = %s",
                        [app.id],
                    )
                error = _as_validation_error(self.env, caught.exception)
                self.assertIsInstance(error, ValidationError)
                self.assertIn(f"{label} cannot be negative", error.args[0])
        app.invalidate_recordset()
        self.assertEqual(app.travel_cost, 10)
        self.assertFalse(app.contract_amount < 0 or app.expected_sales < 0)


@tagged("post_install", "-at_install")
class TestGiftStateGuards(GiftCase):
    """Gift requests: no context key, no written status or decision field lifts a step."""

    def test_forged_context_state_and_decision_refused(self):
        """The requester sending the old context keys cannot approve, issue or reject."""
        request = self._submitted(500)
        forged = request.with_user(self.specialist).with_context(**FORGED_CONTEXT)
        for vals in (
            {"state": "approved"},
            {"state": "issued"},
            {"state": "rejected", "rejection_reason": "forged"},
            {"rejection_reason": "forged"},
            {"picking_ids": [(6, 0, [])]},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                forged.write(vals)
        self.assertEqual(request.state, "to_approve")
        self.assertFalse(request.rejection_reason)
        self.assertEqual(request.approval_state, "pending")
        approved = self._approve(request)
        with self.assertRaisesRegex(UserError, "issued when its delivery"):
            approved.with_user(self.specialist).with_context(**FORGED_CONTEXT).write(
                {"state": "issued"}
            )
        self.assertEqual(approved.state, "approved")

    def test_sql_checks_quantity_value(self):
        """A negative quantity or unit value is refused by the database, naming the field."""
        request = self._request(500)
        for vals, message in (
            ({"quantity": -1}, "Quantity of gift request must be above zero"),
            ({"unit_value": -5}, "Unit Value of gift request cannot be negative"),
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                request.with_user(self.specialist).write(vals)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught:
            self.env.cr.execute(
                "UPDATE key_account_gift_request SET quantity = -1 WHERE id = %s", [request.id]
            )
        self.assertIn(
            "Quantity of gift request must be above zero",
            _as_validation_error(self.env, caught.exception).args[0],
        )
        request.invalidate_recordset()
        self.assertEqual((request.quantity, request.unit_value), (1, 500))


@tagged("post_install", "-at_install")
class TestStockReleaseStateGuards(KeyAccountHeldStockCase):
    """Stock releases: no context key or written field approves a request or links a move."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(20)
        hold = (
            cls.env["key.account.stock.hold"]
            .with_user(cls.users["office"])
            .create({"partner_id": cls.account.id, "product_id": cls.product.id, "quantity": 8})
        )
        hold.action_hold()

    def _release(self, qty=5):
        form = Form(self.env["key.account.stock.release"].with_user(self.specialist))
        form.partner_id = self.account
        form.product_id = self.product
        form.quantity = qty
        form.reason = "Urgent order of another account"
        return form.save()

    def test_forged_context_state_and_decision_refused(self):
        """The requester sending the old context keys cannot approve, link a move or
        reject; the goods stay held."""
        release = self._release()
        release.action_submit()
        move = self.env["stock.move"].search([], limit=1)
        forged = release.with_user(self.specialist).with_context(**FORGED_CONTEXT)
        for vals in (
            {"state": "approved"},
            {"state": "rejected", "rejection_reason": "forged"},
            {"move_id": move.id},
            {"rejection_reason": "forged"},
            {"user_id": self.dept.id},
            {"quantity": 1},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                forged.write(vals)
        self.assertEqual(release.state, "submitted")
        self.assertFalse(release.move_id)
        self.assertFalse(release.rejection_reason)
        self.assertEqual((release.user_id, release.quantity), (self.specialist, 5))
        self.assertEqual(release.held_qty, 8)

    def test_cannot_approve_reason(self):
        """The requester is told he cannot decide his own request; the department can."""
        release = self._release()
        release.action_submit()
        self.assertRegex(
            release.with_user(self.specialist).cannot_approve_reason, "your own document"
        )
        self.assertFalse(release.with_user(self.dept).cannot_approve_reason)

    def test_sql_check_quantity(self):
        """A quantity of zero or below is refused by the database, naming the field."""
        release = self._release()
        with self.assertRaisesRegex(ValidationError, "Quantity to release must be positive"):
            release.with_user(self.specialist).write({"quantity": -2})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught:
            self.env.cr.execute(
                "UPDATE key_account_stock_release SET quantity = 0 WHERE id = %s", [release.id]
            )
        self.assertIn(
            "Quantity to release must be positive",
            _as_validation_error(self.env, caught.exception).args[0],
        )
        release.invalidate_recordset()
        self.assertEqual(release.quantity, 5)
