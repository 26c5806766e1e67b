from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..tools.working_time import deadline, elapsed_hours, merge_periods
from .common_complaint_intake import ComplaintIntakeCase

FRI_15 = datetime(2026, 11, 27, 15, 0)  # a Friday


def _toy_calendar():
    """(work, plan) of a calendar working every hour of Mon–Fri, for the pure tests."""

    def work(start, end):
        hours, cursor = 0.0, start
        while cursor < end:
            step = min(end, cursor.replace(minute=0, second=0) + timedelta(hours=1))
            if cursor.weekday() < 5:
                hours += (step - cursor).total_seconds() / 3600
            cursor = step
        return hours

    def plan(hours, start):
        cursor = start
        while True:
            if cursor.weekday() < 5:
                step = cursor.replace(minute=0, second=0) + timedelta(hours=1)
                avail = (step - cursor).total_seconds() / 3600
                if hours <= avail:
                    return cursor + timedelta(hours=hours)
                hours -= avail
                cursor = step
            else:
                cursor = (cursor + timedelta(days=1)).replace(hour=0, minute=0)

    return work, plan


@tagged("post_install", "-at_install")
class TestComplaintWorkingTime(ComplaintIntakeCase):
    """The working-time arithmetic of the SLA, apart from the ORM."""

    def test_merge_periods(self):
        """Overlapping and open waiting periods merge; an open one ends at now."""
        now = datetime(2026, 11, 30, 12, 0)
        merged = merge_periods(
            [
                (datetime(2026, 11, 30, 9), datetime(2026, 11, 30, 10)),
                (datetime(2026, 11, 30, 9, 30), None),
                (datetime(2026, 11, 30, 8), datetime(2026, 11, 30, 8, 30)),
            ],
            now,
        )
        self.assertEqual(
            merged,
            [
                (datetime(2026, 11, 30, 8), datetime(2026, 11, 30, 8, 30)),
                (datetime(2026, 11, 30, 9), now),
            ],
        )

    def test_deadline_skips_weekend_and_waiting(self):
        """A deadline skips the weekend and is pushed back by the waiting time."""
        work, plan = _toy_calendar()
        now = datetime(2026, 12, 5)
        self.assertEqual(deadline(work, plan, 24, FRI_15, [], now), datetime(2026, 11, 30, 15, 0))
        waits = [(datetime(2026, 11, 30, 1), datetime(2026, 11, 30, 4))]
        self.assertEqual(
            deadline(work, plan, 24, FRI_15, waits, now), datetime(2026, 11, 30, 18, 0)
        )
        self.assertEqual(elapsed_hours(work, FRI_15, datetime(2026, 11, 30, 18), waits, now), 24.0)


@tagged("post_install", "-at_install")
class TestComplaintSla(ComplaintIntakeCase):
    """Deadlines, times and SLA state in working hours, waiting on the customer excluded."""

    def test_default_targets_a_fastest(self):
        """The default service levels make grade A the fastest."""
        Sla = self.env["key.account.complaint.sla"]
        rows = {
            sla.tier_id: sla
            for sla in Sla.search(
                [("kind", "=", "complaint"), ("company_id", "=", self.company.id)]
            )
        }
        self.assertLess(rows[self.tier_a].response_hours, rows[self.tier_b].response_hours)
        self.assertLess(rows[self.tier_b].resolution_hours, rows[self.tier_c].resolution_hours)

    def test_sla_over_weekend_and_waiting(self):
        """Grade B complaint received on Friday 15:00: deadlines skip the weekend, the
        waiting period pushes them back and counts in neither time."""
        with freeze_time(FRI_15):
            complaint = self._complaint(kind="complaint")
            self.assertEqual(complaint.tier_id, self.tier_b)
            # B complaint: 4 h response, 40 h resolution (Mon–Fri 08–12, 13–17)
            self.assertEqual(complaint.response_deadline, datetime(2026, 11, 30, 10, 0))
            self.assertEqual(complaint.resolution_deadline, datetime(2026, 12, 4, 15, 0))
            self.assertEqual(complaint.response_alert_date, datetime(2026, 11, 30, 9, 12))
            self.assertEqual(complaint.sla_state, "on_time")
        with freeze_time(datetime(2026, 11, 30, 9, 0)):
            complaint.with_user(self.cs).action_wait_customer(note="Lot number?")
            self.assertTrue(complaint.waiting_customer)
        with freeze_time(datetime(2026, 12, 1, 9, 0)):
            complaint.with_user(self.cs).action_resume()
            self.assertFalse(complaint.waiting_customer)
            # 8 working hours waited (Mon 09–12, 13–17, Tue 08–09)
            self.assertEqual(complaint.response_deadline, datetime(2026, 12, 1, 10, 0))
            self.assertEqual(complaint.resolution_deadline, datetime(2026, 12, 7, 15, 0))
        with freeze_time(datetime(2026, 12, 1, 9, 30)):
            complaint.with_user(self.cs).action_dispatch()
            # Fri 2 h + Mon 1 h before the wait + Tue 0.5 h after it
            self.assertAlmostEqual(complaint.response_hours, 3.5, places=4)
            self.assertEqual(complaint.sla_state, "on_time")
            self.assertEqual(complaint.resolution_hours, 0.0)

    def test_reply_stops_resolution_clock(self):
        """The reply stops the resolution time; waiting for the answer is excluded after
        a reopen."""
        with freeze_time(FRI_15):
            complaint = self._complaint()
        with freeze_time(datetime(2026, 11, 30, 10, 0)):
            self._replied(complaint)
            self.assertAlmostEqual(complaint.resolution_hours, 4.0, places=4)
            self.assertTrue(complaint.waiting_customer, "awaiting the customer's answer")
        with freeze_time(datetime(2026, 12, 2, 10, 0)):
            complaint.with_user(self.cs).action_reopen()
            self.assertFalse(complaint.waiting_customer)
            # B suggestion: 80 h; the two days (16 h) awaiting the answer push it back
            self.assertEqual(
                complaint.resolution_deadline,
                self.calendar.plan_hours(80 + 16, FRI_15, compute_leaves=True),
            )

    def test_breach_state(self):
        """A first response after its deadline leaves the complaint breached."""
        with freeze_time(FRI_15):
            complaint = self._complaint(kind="complaint")
        with freeze_time(datetime(2026, 11, 30, 11, 0)):
            complaint.with_user(self.cs).action_dispatch()
            self.assertEqual(complaint.sla_state, "breached")
            self.assertEqual(
                self.env["key.account.complaint"].search_count(
                    [("sla_state", "=", "breached"), ("id", "=", complaint.id)]
                ),
                1,
            )

    def test_client_cannot_write_sla_fields(self):
        """Deadlines, SLA state, waiting and escalation flags are refused over RPC."""
        complaint = self._complaint()
        for vals in (
            {"sla_state": "on_time"},
            {"response_deadline": "2030-01-01 00:00:00"},
            {"sla_response_alert": "escalated", "description": "<p>x</p>"},
            {"waiting_customer": True},
            {"email_from": "x@example.com"},
        ):
            with self.assertRaisesRegex(UserError, "never written directly"):
                complaint.with_user(self.cs).write(vals)
        with self.assertRaisesRegex(UserError, "never written directly"):
            self.env["key.account.complaint"].with_user(self.cs).create(
                {"kind": "suggestion", "partner_id": self.contact.id, "sla_state": "breached"}
            )
        with self.assertRaisesRegex(UserError, "Waiting on the Customer"):
            self.env["key.account.complaint.wait"].sudo().create(
                {
                    "complaint_id": complaint.id,
                    "reason": "information",
                    "date_start": "2026-01-01 00:00:00",
                }
            )
        self.assertEqual(complaint.sla_response_alert, "none")
        self.assertFalse(complaint.wait_ids)

    def test_wait_only_customer_service(self):
        """Only customer service stops the clock; not twice; not once replied."""
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.tech).action_wait_customer(note="x")
        self.assertFalse(complaint.wait_ids)
        complaint.with_user(self.cs).action_wait_customer()
        with self.assertRaisesRegex(UserError, "already waits"):
            complaint.with_user(self.cs).action_wait_customer()
        with self.assertRaisesRegex(UserError, "note"):
            complaint.with_user(self.cs).action_wait_customer(note=5)
        self.assertEqual(len(complaint.wait_ids), 1)

    def test_sla_config_rules(self):
        """Service levels: positive targets, resolution not shorter, one row per key."""
        Sla = self.env["key.account.complaint.sla"].with_user(self.director)
        with self.assertRaisesRegex(ValidationError, "First Response Target"):
            Sla.create(
                {
                    "tier_id": self.tier_a.id,
                    "kind": "complaint",
                    "response_hours": 0,
                    "resolution_hours": 4,
                    "active": False,
                }
            )
        with self.assertRaisesRegex(ValidationError, "Resolution Target"):
            Sla.create(
                {
                    "tier_id": self.tier_a.id,
                    "kind": "complaint",
                    "response_hours": 8,
                    "resolution_hours": 4,
                    "active": False,
                }
            )
        with self.assertRaisesRegex(ValidationError, "keep one"):
            Sla.create(
                {
                    "tier_id": self.tier_a.id,
                    "kind": "complaint",
                    "response_hours": 1,
                    "resolution_hours": 4,
                }
            )
        with self.assertRaises(AccessError):
            self.env["key.account.complaint.sla"].with_user(self.cs).create(
                {"kind": "complaint", "response_hours": 1, "resolution_hours": 4}
            )


@tagged("post_install", "-at_install")
class TestComplaintEscalation(ComplaintIntakeCase):
    """The SLA job: the manager warned at 80 %, the directors at the breach, once."""

    def _activities(self, complaint, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "key.account.complaint"),
                ("res_id", "=", complaint.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def test_escalation_job_twice(self):
        """Run twice at 80 % and twice after the deadline: one warning, one breach
        round; a complaint waiting on the customer is left alone."""
        Complaint = self.env["key.account.complaint"]
        risk = "key_account_mgmt.mail_activity_type_kam_complaint_sla_risk"
        breach = "key_account_mgmt.mail_activity_type_kam_complaint_sla_breach"
        with freeze_time(FRI_15):
            complaint = self._complaint(kind="complaint")
            waiting = self._complaint(kind="complaint")
            waiting.with_user(self.cs).action_wait_customer(note="photos")
        with freeze_time(datetime(2026, 11, 30, 9, 30)):
            Complaint._cron_key_account_complaint_sla()
            warned = self._activities(complaint, risk)
            self.assertEqual(warned.user_id, self.specialist)
            self.assertEqual(complaint.sla_state, "at_risk")
            self.assertEqual(complaint.sla_response_alert, "warned")
            Complaint._cron_key_account_complaint_sla()
            self.assertEqual(self._activities(complaint, risk), warned)
            self.assertFalse(self._activities(waiting, risk) | self._activities(waiting, breach))
        with freeze_time(datetime(2026, 11, 30, 10, 30)):
            Complaint._cron_key_account_complaint_sla()
            breached = self._activities(complaint, breach)
            self.assertIn(self.director, breached.user_id)
            self.assertNotIn(self.cs, breached.user_id)
            self.assertEqual(complaint.sla_state, "breached")
            self.assertEqual(complaint.sla_response_alert, "escalated")
            Complaint._cron_key_account_complaint_sla()
            self.assertEqual(self._activities(complaint, breach), breached)
            self.assertEqual(self._activities(complaint, risk), warned)
