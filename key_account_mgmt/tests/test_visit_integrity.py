import math
from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KeyAccountCase


@tagged("post_install", "-at_install")
class TestVisitIntegrity(KeyAccountCase):
    """Issue 9, visits: derived fields, forged context keys, bounds and bad arguments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._make_key_account("Integrity Customer")
        cls.Visit = cls.env["key.account.visit"]

    def _visit(self, user=None, **vals):
        values = {
            "partner_id": self.account.id,
            "name": "Quarterly review",
            "planned_date": fields.Datetime.now() + timedelta(days=3),
            "outcome": "Written ahead of time",
        }
        values.update(vals)
        return self.Visit.with_user(user or self.specialist).create(values)

    # ------------------------------------------------------------------ done rule
    def test_stored_date_cannot_fake_a_past_visit(self):
        """Writing the stored visit date into the past does not let a future visit be
        done without a check-in: the write is refused, and the rule reads the sources."""
        visit = self._visit()
        past = fields.Datetime.now() - timedelta(days=10)
        with self.assertRaisesRegex(AccessError, "“Visit Date” of Key Account Visit is computed"):
            visit.write({"date": past})
        with self.assertRaisesRegex(
            AccessError, "“Account Manager” of Key Account Visit is computed"
        ):
            visit.write({"account_manager_id": self.manager.id})
        with self.assertRaisesRegex(UserError, "Visit Date"):
            self._visit(date=past)
        self.assertEqual(visit.date, visit.planned_date)
        self.assertEqual(self.account.key_account_manager_id, self.specialist)
        # even a date written by an import (as superuser) does not count as the visit
        visit.sudo().write({"date": past})
        with self.assertRaisesRegex(UserError, "only once it has taken place"):
            visit.action_done()
        self.assertEqual(visit.state, "planned")
        self.assertFalse(self.env["key.account.contact.log"].search([("visit_id", "=", visit.id)]))
        visit.action_check_in()
        visit.action_done()
        self.assertEqual(visit.state, "done")

    def test_two_next_steps_for_the_same_assignee(self):
        """Done with two agreed actions for the same colleague: two follow-up activities."""
        visit = self._visit(planned_date=fields.Datetime.now() - timedelta(hours=2))
        Step = self.env["key.account.visit.next.step"].with_user(self.specialist)
        Step.create(
            [
                {"visit_id": visit.id, "name": "Send the quotation", "user_id": self.manager.id},
                {"visit_id": visit.id, "name": "Book the plant tour", "user_id": self.manager.id},
            ]
        )
        visit.action_done()
        activities = visit.next_step_ids.activity_id
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.user_id, self.manager)
        self.assertEqual(
            set(activities.mapped("summary")), {"Send the quotation", "Book the plant tour"}
        )
        self.assertTrue(all(visit.next_step_ids.mapped("scheduled")))

    # ------------------------------------------------------------------ forged context keys
    def test_forged_visit_context_key_refused(self):
        """The old context key sent over RPC no longer lifts the visit's guards."""
        visit = self._visit(planned_date=fields.Datetime.now() - timedelta(hours=2))
        forged = visit.with_context(key_account_visit_action=True)
        with self.assertRaisesRegex(UserError, "Status: a visit moves on only"):
            forged.write({"state": "done"})
        with self.assertRaisesRegex(UserError, "Check-in/Check-out"):
            forged.write({"check_in_date": fields.Datetime.now()})
        self.assertEqual(visit.state, "planned")
        self.assertFalse(visit.check_in_date)

    def test_forged_next_step_context_key_refused(self):
        """A next step's follow-up fields stay the visit's, whatever context is sent."""
        visit = self._visit(planned_date=fields.Datetime.now() - timedelta(hours=2))
        step = (
            self.env["key.account.visit.next.step"]
            .with_user(self.specialist)
            .create({"visit_id": visit.id, "name": "Call back"})
        )
        activity = self.account.activity_schedule(user_id=self.specialist.id, summary="x")
        with self.assertRaisesRegex(UserError, "Follow-up Activity"):
            step.with_context(key_account_visit_action=True).write(
                {"activity_id": activity.id, "scheduled": True}
            )
        with self.assertRaisesRegex(
            AccessError, "“Key Account” of Key Account Visit Next Step is computed"
        ):
            step.write({"partner_id": self.customer.id})
        self.assertFalse(step.activity_id)
        self.assertFalse(step.scheduled)
        self.assertEqual(step.partner_id, self.account)
        # nor is the visit's calendar event re-pointed to someone else's event
        event = self.env["calendar.event"].create({"name": "Board meeting"})
        with self.assertRaisesRegex(UserError, "Calendar Event: the event of a visit"):
            visit.with_context(key_account_visit_action=True).write({"calendar_event_id": event.id})
        self.assertNotEqual(visit.calendar_event_id, event)
        # a step moved onto a visit of an account the specialist does not work on
        far_office = self.env["crm.team"].create(
            {"name": "Far Office", "user_id": self.users["office"].id}
        )
        foreign_account = self._make_key_account(
            "Foreign Customer", account_manager_id=self.manager.id, team_id=far_office.id
        )
        foreign_visit = self.Visit.create(
            {
                "partner_id": foreign_account.id,
                "name": "Their visit",
                "user_id": self.manager.id,
            }
        )
        with self.assertRaises(AccessError):
            step.write({"visit_id": foreign_visit.id})
        self.assertEqual(step.visit_id, visit)

    def test_forged_contact_log_link_refused(self):
        """A contact-log entry is tied to a visit by the visit only, not by a client."""
        visit = self._visit(planned_date=fields.Datetime.now() - timedelta(hours=2))
        Log = self.env["key.account.contact.log"].with_user(self.specialist)
        with self.assertRaisesRegex(UserError, "linked to a visit only by the visit"):
            Log.with_context(key_account_visit_action=True).create(
                {"partner_id": self.account.id, "topic": "fake", "visit_id": visit.id}
            )
        log = Log.create({"partner_id": self.account.id, "topic": "call"})
        with self.assertRaisesRegex(UserError, "linked to a visit only by the visit"):
            log.write({"visit_id": visit.id})
        with self.assertRaisesRegex(
            AccessError, "“Account Manager” of Key Account Contact Log is computed"
        ):
            log.write({"account_manager_id": self.manager.id})
        self.assertFalse(log.visit_id)
        visit.action_done()
        self.assertEqual(visit.contact_log_id.topic, "Quarterly review")

    def test_forged_symposium_context_key_refused(self):
        """A symposium is held or cancelled through its buttons only, whatever context."""
        symposium = (
            self.env["key.account.symposium"]
            .with_user(self.director)
            .create(
                {
                    "name": "Symposium 2031",
                    "date": "2031-11-20 01:00:00",
                    "invitee_ids": [Command.create({"partner_id": self.account.id})],
                }
            )
        )
        forged = symposium.with_user(self.dept).with_context(key_account_symposium_action=True)
        with self.assertRaisesRegex(UserError, "Status: a symposium moves on only"):
            forged.write({"state": "held"})
        with self.assertRaisesRegex(AccessError, "“Year” of Key Account Symposium is computed"):
            forged.write({"year": 2020})
        with self.assertRaisesRegex(UserError, "created as planned"):
            self.env["key.account.symposium"].with_user(self.dept).with_context(
                key_account_symposium_action=True
            ).create({"name": "Done already", "date": "2031-01-01 00:00:00", "state": "held"})
        with self.assertRaisesRegex(AccessError, "of Key Account Symposium Invitee is computed"):
            symposium.invitee_ids.with_user(self.dept).write({"symposium_date": "2020-01-01"})
        self.assertEqual((symposium.state, symposium.year), ("planned", 2031))
        self.assertEqual(symposium.invitee_ids.symposium_date, datetime(2031, 11, 20, 1, 0))

    # ------------------------------------------------------------------ bad input
    def test_visit_end_after_year_9999_refused(self):
        """A visit ending after 9999 is refused cleanly, on create and on write."""
        end_of_time = datetime(9999, 12, 31, 23, 0)
        with self.assertRaisesRegex(ValidationError, "after the year 9999"):
            self._visit(planned_date=end_of_time, duration=2)
        visit = self._visit()
        with self.assertRaisesRegex(ValidationError, "after the year 9999"):
            visit.write({"planned_date": end_of_time, "duration": 3})
        self.assertEqual(visit.duration, 1.0)
        self.assertLess(visit.planned_date.year, 9999)
        self.assertEqual(visit.calendar_event_id.stop, visit.planned_end)

    def test_duration_bounds(self):
        """A visit lasts more than 0 and at most 24 hours; not-a-number is refused."""
        visit = self._visit()
        for duration in (24.5, 1e300, math.inf, math.nan):
            with (
                self.subTest(duration=duration),
                self.assertRaisesRegex(ValidationError, "Duration \\(hours\\)"),
            ):
                visit.write({"duration": duration})
        with self.assertRaisesRegex(ValidationError, "Duration \\(hours\\)"):
            self._visit(duration=25)
        self.assertEqual(visit.duration, 1.0)
        visit.write({"duration": 24})
        self.assertEqual(visit.calendar_event_id.duration, 24)

    def test_expense_bounds(self):
        """A visit expense of 1e300 (or infinity, or not-a-number) is refused."""
        visit = self._visit(expense_amount=500)
        for amount in (1e300, 1_000_000.01, math.inf, math.nan):
            with self.subTest(amount=amount), self.assertRaisesRegex(ValidationError, "Visit Exp"):
                visit.write({"expense_amount": amount})
        with self.assertRaisesRegex(ValidationError, "Visit Expenses"):
            self._visit(expense_amount=1e300)
        self.assertEqual(visit.expense_amount, 500)

    def test_check_in_arguments(self):
        """Check-in on two visits, with text coordinates or unknown arguments: clean
        errors, nothing recorded."""
        visits = self._visit() | self._visit(name="Second")
        with self.assertRaisesRegex(UserError, "one visit at a time \\(2 given\\)"):
            visits.action_check_in()
        with self.assertRaisesRegex(UserError, "one visit at a time \\(2 given\\)"):
            visits.action_check_out(latitude=1.0, longitude=2.0)
        with self.assertRaisesRegex(UserError, "must be a number"):
            visits[0].action_check_in(latitude="31.2", longitude="121.4")
        with self.assertRaisesRegex(UserError, "unknown argument"):
            visits[0].action_check_in(latitude=31.2, longitude=121.4, accuracy=5)
        self.assertFalse(any(visits.mapped("check_in_date")))
        visits[0].action_check_in(latitude=31, longitude=121)
        self.assertTrue(visits[0].check_in_located)
