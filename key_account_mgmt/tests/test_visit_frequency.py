from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.key_account_mgmt.models.key_account_visit_frequency import VISIT_DUE_JOB_LOCK

from .common import KeyAccountCase

QUALIFIED = "2030-01-01 09:00:00"


@tagged("post_install", "-at_install")
class TestVisitFrequency(KeyAccountCase):
    """Required visit interval per tier and segment, and the visit-due scheduled action."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Frequency = cls.env["key.account.visit.frequency"]
        cls.due_type = cls.env.ref("key_account_mgmt.mail_activity_type_kam_visit_due")
        with freeze_time(QUALIFIED):
            # B tier: 30 days, 21 for service-sensitive (shipped data); A tier: 14 days
            cls.b_price = cls._make_key_account("B Price", requested_tier_id=cls.tier_b.id)
            cls.b_service = cls._make_key_account("B Service", requested_tier_id=cls.tier_b.id)
            cls.a_price = cls._make_key_account("A Price", requested_tier_id=cls.tier_a.id)
            cls.b_visited = cls._make_key_account("B Visited", requested_tier_id=cls.tier_b.id)
        cls.b_price.key_account_segment = "price"
        cls.b_service.key_account_segment = "service"
        cls.a_price.key_account_segment = "price"
        cls.b_visited.key_account_segment = "price"
        cls.accounts = cls.b_price | cls.b_service | cls.a_price | cls.b_visited
        # Key accounts outside the test (demo data) are already flagged, so the job's
        # figures below are about the test's accounts only.
        others = cls.env["res.partner"].search(
            [("is_key_account", "=", True), ("id", "not in", cls.accounts.ids)]
        )
        cls.env["mail.activity"].create(
            [
                {
                    "activity_type_id": cls.due_type.id,
                    "res_model_id": cls.env["ir.model"]._get_id("res.partner"),
                    "res_id": partner.id,
                    "user_id": cls.env.uid,
                }
                for partner in others
            ]
        )

    def _due_activities(self, partners=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", (partners or self.accounts).ids),
                ("activity_type_id", "=", self.due_type.id),
            ]
        )

    def _done_visit(self, partner, when):
        visit = self.env["key.account.visit"].create(
            {"partner_id": partner.id, "name": "Routine", "planned_date": when, "outcome": "ok"}
        )
        with freeze_time(when):
            visit.action_done()
        return visit

    def _run(self, **kwargs):
        return self.Frequency._cron_key_account_visit_due(**kwargs)

    def test_interval_per_tier_and_segment(self):
        """A segment row overrides the tier's interval; without one the tier's applies."""
        intervals = self.Frequency._intervals(self.tier_a | self.tier_b)
        self.assertEqual(intervals[self.tier_b, "service"], 21)
        self.assertEqual(intervals[self.tier_b, "price"], 30)
        self.assertEqual(intervals[self.tier_b, False], 30)
        self.assertEqual(intervals[self.tier_a, "service"], 7)
        self.assertEqual(intervals[self.tier_a, "price"], 14)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.Frequency.create(
                {"tier_id": self.tier_c.id, "segment": "price", "interval_days": -1}
            )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Frequency.create(
                {"tier_id": self.tier_b.id, "segment": "service", "interval_days": 5}
            )

    def test_only_the_director_configures_frequencies(self):
        """The KAM director edits the frequencies, everyone else reads them."""
        row = self.Frequency.with_user(self.director).create(
            {"tier_id": self.tier_c.id, "segment": "technology", "interval_days": 40}
        )
        self.assertEqual(row.company_id, self.tier_c.company_id)
        self.assertEqual(row.with_user(self.specialist).interval_days, 40)
        with self.assertRaises(AccessError):
            row.with_user(self.manager).write({"interval_days": 1})

    def test_flags_overdue_accounts_once(self):
        """Overdue accounts get one activity for their manager; a rerun adds nothing."""
        self._done_visit(self.b_visited, datetime(2030, 1, 20, 9, 0))
        # 25 days after qualification: only the A account (14 days) and the
        # service-sensitive B account (21 days) are overdue
        with freeze_time("2030-01-26 06:00:00"):
            self.assertEqual(self._run(), 2)
        activities = self._due_activities()
        self.assertEqual(set(activities.mapped("res_id")), {self.a_price.id, self.b_service.id})
        self.assertEqual(activities.user_id, self.specialist, "the account manager")
        self.assertEqual(
            set(activities.mapped("date_deadline")), {fields.Date.to_date("2030-01-26")}
        )
        with freeze_time("2030-01-26 07:00:00"):
            self.assertEqual(self._run(), 0, "idempotent: nothing new on a rerun")
        self.assertEqual(self._due_activities(), activities)
        # 35 days after: the B price account is due too; B visited (visit 16 days ago) is not
        with freeze_time("2030-02-05 06:00:00"):
            self.assertEqual(self._run(), 1)
        self.assertEqual(
            set(self._due_activities().mapped("res_id")),
            {self.a_price.id, self.b_service.id, self.b_price.id},
        )
        # a done visit closes the activity; the account is due again one interval later
        self._done_visit(self.a_price, datetime(2030, 2, 6, 3, 0))
        self.assertFalse(self._due_activities(self.a_price))
        with freeze_time("2030-02-10 06:00:00"):
            self.assertEqual(self._run(), 0)
        with freeze_time("2030-02-21 06:00:00"):
            self.assertEqual(self._run(), 2)  # A price again, B visited (32 days)
        self.assertEqual(len(self._due_activities(self.a_price)), 1)

    def test_planned_cancelled_or_missed_visits_do_not_count(self):
        """Only done visits satisfy the frequency."""
        Visit = self.env["key.account.visit"]
        planned = Visit.create(
            {
                "partner_id": self.a_price.id,
                "name": "Planned",
                "planned_date": "2030-01-10 02:00:00",
            }
        )
        cancelled = Visit.create(
            {"partner_id": self.a_price.id, "name": "Off", "planned_date": "2030-01-11 02:00:00"}
        )
        cancelled.action_cancel()
        self.assertEqual(planned.state, "planned")
        with freeze_time("2030-01-20 06:00:00"):
            self._run()
        self.assertEqual(len(self._due_activities(self.a_price)), 1)

    def test_zero_interval_and_fresh_accounts_are_not_flagged(self):
        """An interval of 0 means no requirement; a fresh account has one interval of grace."""
        self.Frequency.create({"tier_id": self.tier_a.id, "segment": "price", "interval_days": 0})
        with freeze_time("2030-01-10 06:00:00"):
            self.assertEqual(self._run(), 0)
        with freeze_time("2030-03-10 06:00:00"):
            self._run()
        self.assertFalse(self._due_activities(self.a_price))
        self.assertEqual(len(self._due_activities(self.b_price)), 1)

    def test_batches_report_progress(self):
        """With a small batch the job does part of the work and reports the rest."""
        calls = []

        def notify(cron, done=0, remaining=0, **kw):
            calls.append((done, remaining))

        with (
            freeze_time("2030-03-01 06:00:00"),
            patch.object(type(self.env["ir.cron"]), "_notify_progress", notify),
        ):
            self.assertEqual(self._run(batch_size=3), 3)
            self.assertEqual(self._run(batch_size=3), 1)
            self.assertEqual(self._run(batch_size=3), 0)
        self.assertEqual(calls, [(3, 1), (1, 0), (0, 0)])
        self.assertEqual(len(self._due_activities()), 4)

    def test_a_concurrent_run_does_nothing(self):
        """While another worker holds the job's lock, a second run returns at once."""
        with self.registry.cursor() as other_cr:
            other_cr.execute(SQL("SELECT pg_advisory_lock(%s)", VISIT_DUE_JOB_LOCK))
            try:
                with freeze_time("2030-03-01 06:00:00"):
                    self.assertEqual(self._run(), 0)
                self.assertFalse(self._due_activities())
            finally:
                other_cr.execute(SQL("SELECT pg_advisory_unlock(%s)", VISIT_DUE_JOB_LOCK))
        with freeze_time("2030-03-01 06:00:00"):
            self.assertEqual(self._run(), 4)

    def test_cron_record_runs_the_job(self):
        """The shipped scheduled action calls the job."""
        cron = self.env.ref("key_account_mgmt.ir_cron_key_account_visit_due")
        self.assertEqual(cron.model_id.model, "key.account.visit.frequency")
        with freeze_time("2030-03-01 06:00:00"):
            cron.method_direct_trigger()
        self.assertEqual(len(self._due_activities()), 4)
