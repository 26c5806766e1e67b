from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KeyAccountCase

# The context keys that lifted the guards before the state machine, and the machine's
# own key with values a JSON-RPC client can send.
FORGED = {
    "key_account_visit_action": True,
    "key_account_symposium_action": 1,
    "key_account_transition": True,
}
NEGATIVE_EXPENSE = "^Visit Expenses: the expenses of a visit cannot be negative.$"


@tagged("post_install", "-at_install")
class TestVisitStateMachine(KeyAccountCase):
    """Issue 10: visits, symposiums, next steps and contact logs on the one state machine."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._make_key_account("Machine Customer")
        cls.account.write({"partner_latitude": 31.2304, "partner_longitude": 121.4737})
        cls.Visit = cls.env["key.account.visit"]

    def _visit(self, **vals):
        values = {
            "partner_id": self.account.id,
            "name": "Quarterly review",
            "planned_date": fields.Datetime.now() - timedelta(hours=2),
        }
        values.update(vals)
        return self.Visit.with_user(self.specialist).create(values)

    # ------------------------------------------------------------------ forged keys
    def test_visit_old_context_key_refused(self):
        """The specialist's write of state or check-in fields with the old context keys
        is refused, and nothing is written."""
        visit = self._visit()
        forged = visit.with_context(**FORGED)
        with self.assertRaisesRegex(UserError, "Status: a visit moves on only"):
            forged.write({"state": "done"})
        with self.assertRaisesRegex(UserError, "Check-in/Check-out"):
            forged.write(
                {
                    "check_in_date": fields.Datetime.now(),
                    "check_in_latitude": 31.0,
                    "check_in_longitude": 121.0,
                }
            )
        with self.assertRaisesRegex(UserError, "Status: a visit is created as planned"):
            self.Visit.with_user(self.specialist).with_context(**FORGED).create(
                {"partner_id": self.account.id, "name": "Forged", "state": "checked_in"}
            )
        with self.assertRaisesRegex(UserError, "Calendar Event: the event of a visit"):
            forged.write({"calendar_event_id": False})
        self.assertEqual(visit.state, "planned")
        self.assertFalse(visit.check_in_date)
        self.assertFalse(visit.check_in_latitude)
        self.assertTrue(visit.calendar_event_id)
        self.assertFalse(self.Visit.search([("name", "=", "Forged")]))

    def test_symposium_old_context_key_refused(self):
        """A KAM manager's write of the symposium state with the old context key is
        refused; a symposium is not created held either."""
        Symposium = self.env["key.account.symposium"].with_user(self.manager)
        symposium = Symposium.create(
            {
                "name": "Symposium 2032",
                "date": "2032-11-20 01:00:00",
                "invitee_ids": [Command.create({"partner_id": self.account.id})],
            }
        )
        with self.assertRaisesRegex(UserError, "Status: a symposium moves on only"):
            symposium.with_context(**FORGED).write({"state": "held"})
        with self.assertRaisesRegex(UserError, "Status: a symposium is created as planned"):
            Symposium.with_context(**FORGED).create(
                {"name": "Held already", "date": "2032-01-01 00:00:00", "state": "cancelled"}
            )
        self.assertEqual(symposium.state, "planned")
        self.assertFalse(self.env["key.account.symposium"].search([("name", "=", "Held already")]))
        # the specialist reads it but may not close it (nor learn who has not answered)
        with self.assertRaises(AccessError):
            symposium.with_user(self.specialist).action_held()
        # through its button, with its check
        with self.assertRaisesRegex(UserError, "record whether Machine Customer attended"):
            symposium.action_held()
        symposium.invitee_ids.attendance = "attended"
        symposium.action_held()
        self.assertEqual(symposium.state, "held")

    def test_next_step_old_context_key_refused(self):
        """The specialist cannot set a next step's follow-up activity with the old
        context key, on create or on write."""
        visit = self._visit()
        Step = self.env["key.account.visit.next.step"].with_user(self.specialist)
        step = Step.create({"visit_id": visit.id, "name": "Call back"})
        activity = self.account.activity_schedule(user_id=self.specialist.id, summary="x")
        with self.assertRaisesRegex(UserError, "Follow-up Activity"):
            step.with_context(**FORGED).write({"activity_id": activity.id, "scheduled": True})
        with self.assertRaisesRegex(UserError, "Follow-up Activity"):
            Step.with_context(**FORGED).create(
                {"visit_id": visit.id, "name": "Forged", "scheduled": True}
            )
        self.assertFalse(step.activity_id)
        self.assertFalse(step.scheduled)
        self.assertEqual(visit.next_step_ids, step)

    def test_contact_log_old_context_key_refused(self):
        """The specialist cannot tie a contact-log entry to a visit with the old context
        key; the done visit does it itself."""
        visit = self._visit(outcome="Agreed")
        Log = self.env["key.account.contact.log"].with_user(self.specialist)
        with self.assertRaisesRegex(UserError, "linked to a visit only by the visit"):
            Log.with_context(**FORGED).create(
                {"partner_id": self.account.id, "topic": "fake", "visit_id": visit.id}
            )
        log = Log.create({"partner_id": self.account.id, "topic": "call"})
        with self.assertRaisesRegex(UserError, "linked to a visit only by the visit"):
            log.with_context(**FORGED).write({"visit_id": visit.id})
        self.assertFalse(log.visit_id)
        self.assertFalse(Log.search([("visit_id", "=", visit.id)]))
        visit.with_user(self.specialist).action_done()
        self.assertEqual(visit.contact_log_id.topic, "Quarterly review")

    # ------------------------------------------------------------------ the states
    def test_check_in_moves_to_checked_in(self):
        """Check-in moves a planned visit to checked in; check-out keeps it there; done,
        cancel and back to planned follow the table."""
        visit = self._visit().with_user(self.specialist)
        with self.assertRaisesRegex(UserError, "must be checked in first"):
            visit.action_check_out()
        visit.action_check_in(latitude=31.2404, longitude=121.4737)
        self.assertEqual(visit.state, "checked_in")
        self.assertAlmostEqual(visit.check_in_distance, 1.112, delta=0.002)
        visit.action_check_out()
        self.assertEqual(visit.state, "checked_in")
        self.assertTrue(visit.check_out_date)
        visit.action_cancel()
        self.assertEqual(visit.state, "cancelled")
        self.assertFalse(visit.calendar_event_id.active)
        visit.action_reset_to_planned()
        self.assertEqual(visit.state, "checked_in", "back to where it was")
        self.assertTrue(visit.calendar_event_id.active)
        visit.outcome = "Agreed"
        visit.action_done()
        self.assertEqual(visit.state, "done")
        with self.assertRaisesRegex(UserError, "Done and cannot be cancelled"):
            visit.action_cancel()

    def test_visits_checked_in_before_the_state_are_migrated(self):
        """A visit checked in but still planned (18.0.1.2.0) becomes checked in on update."""
        visit = self._visit()
        visit.with_user(self.specialist).action_check_in()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE key_account_visit SET state = 'planned' WHERE id = %s", [visit.id]
        )
        self.Visit.init()
        visit.invalidate_recordset(["state"])
        self.assertEqual(visit.state, "checked_in")
        untouched = self._visit(name="Not yet")
        self.Visit.init()
        self.assertEqual(untouched.state, "planned")

    # ------------------------------------------------------------------ SQL checks
    def test_expense_not_negative_is_a_sql_check(self):
        """A negative visit expense written by the specialist is refused by the SQL
        CHECK, on create and on write, as a ValidationError naming the field; nothing is
        written."""
        visit = self._visit(expense_amount=50)
        self.assertIn(
            "key_account_visit_expense_amount_not_negative", self.env.registry._sql_constraints
        )
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaisesRegex(ValidationError, NEGATIVE_EXPENSE),
        ):
            visit.with_user(self.specialist).write({"expense_amount": -0.01})
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaisesRegex(ValidationError, NEGATIVE_EXPENSE),
        ):
            self._visit(name="Negative", expense_amount=-10)
        self.assertEqual(visit.expense_amount, 50)
        self.assertFalse(self.Visit.search([("name", "=", "Negative")]))
        # the maximum stays a Python rule, in one place
        with self.assertRaisesRegex(UserError, "above the maximum"):
            visit.with_user(self.specialist).write({"expense_amount": 1_000_000.01})

    def test_distances_not_negative_are_sql_checks(self):
        """Check-in and check-out distances are never negative, even written internally."""
        visit = self._visit()
        for fname in ("check_in_distance", "check_out_distance"):
            with (
                self.subTest(field=fname),
                mute_logger("odoo.sql_db"),
                self.assertRaisesRegex(ValidationError, "Distance \\(km\\): a distance is not"),
            ):
                visit.sudo()._write_internal({fname: -1.0})
        self.assertFalse(visit.check_in_distance)
        self.assertFalse(visit.check_out_distance)
