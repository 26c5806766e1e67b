from datetime import date

from freezegun import freeze_time

from odoo import sql_db
from odoo.tests import tagged

from ..models.res_partner import REVIEW_JOB_LOCK
from .common import KeyAccountCase


@tagged("post_install", "-at_install")
class TestQuarterlyReview(KeyAccountCase):
    """The quarterly review job: due accounts only, batches, idempotence, one worker at a time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-01-05"):
            cls.accounts = cls.env["res.partner"]
            for i in range(3):
                cls.accounts |= cls._make_key_account(f"Reviewed {i}")
        cls.review_type = cls.env.ref("key_account_mgmt.mail_activity_type_kam_review")
        cls.Partner = cls.env["res.partner"]

    def _review_activities(self):
        return self.env["mail.activity"].search(
            [
                ("activity_type_id", "=", self.review_type.id),
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self.accounts.ids),
            ]
        )

    def test_not_due_before_period(self):
        """Accounts reviewed less than the period ago get nothing."""
        with freeze_time("2026-04-05"):  # exactly 90 days later: not older than the period
            self.assertEqual(self.Partner._cron_key_account_quarterly_review(), 0)
        self.assertFalse(self._review_activities())

    def test_creates_one_activity_per_due_account_idempotently(self):
        """Due accounts get one activity for their manager; a second run creates nothing."""
        with freeze_time("2026-04-06"):
            self.assertEqual(self.Partner._cron_key_account_quarterly_review(), 3)
            activities = self._review_activities()
            self.assertEqual(len(activities), 3)
            self.assertEqual(activities.user_id, self.specialist)
            self.assertEqual(self.Partner._cron_key_account_quarterly_review(), 0)
        self.assertEqual(len(self._review_activities()), 3)

    def test_batches_report_progress(self):
        """A batch smaller than the work leaves the rest for the next call."""
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": self.env.ref("key_account_mgmt.ir_cron_key_account_quarterly_review").id}
        )
        cron_partner = self.Partner.with_context(ir_cron_progress_id=progress.id)
        with freeze_time("2026-04-06"):
            self.assertEqual(cron_partner._cron_key_account_quarterly_review(batch_size=2), 2)
            self.assertEqual((progress.done, progress.remaining), (2, 1))
            self.assertEqual(cron_partner._cron_key_account_quarterly_review(batch_size=2), 1)
            self.assertEqual((progress.done, progress.remaining), (1, 0))
        self.assertEqual(len(self._review_activities()), 3)

    def test_completing_activity_records_review(self):
        """Marking the review activity done stamps the review date; the job then skips it."""
        with freeze_time("2026-04-06"):
            self.Partner._cron_key_account_quarterly_review()
            account = self.accounts[0]
            activity = self._review_activities().filtered(lambda a: a.res_id == account.id)
            activity.with_user(self.specialist).action_feedback(feedback="Visited, all fine")
            self.assertEqual(account.key_account_last_review_date, date(2026, 4, 6))
            self.assertEqual(len(self._review_activities()), 2)
            self.assertEqual(self.Partner._cron_key_account_quarterly_review(), 0)

    def test_mark_reviewed_button(self):
        """The account team's 'Mark Reviewed' closes the activity and stamps the date."""
        with freeze_time("2026-04-06"):
            self.Partner._cron_key_account_quarterly_review()
            account = self.accounts[1]
            account.with_user(self.specialist).action_key_account_mark_reviewed()
            self.assertEqual(account.key_account_last_review_date, date(2026, 4, 6))
            self.assertFalse(self._review_activities().filtered(lambda a: a.res_id == account.id))

    def test_queries_do_not_grow_with_accounts(self):
        """One batch of 3 or of 9 due accounts costs the same queries (no query per account)."""
        with freeze_time("2026-01-05"):
            for i in range(7):
                self._make_key_account(f"More {i}")
        counts = []
        with freeze_time("2026-04-06"):
            self.Partner._cron_key_account_quarterly_review(batch_size=1)  # warm-up
            for batch in (3, 6):
                self.env.flush_all()
                self.env.invalidate_all()
                with self.assertQueryCount(__system__=25):
                    before = sql_db.sql_counter
                    done = self.Partner._cron_key_account_quarterly_review(batch_size=batch)
                    self.env.flush_all()
                    counts.append(sql_db.sql_counter - before)
                self.assertEqual(done, batch)
        self.assertLessEqual(abs(counts[1] - counts[0]), 2, counts)

    def test_configured_period(self):
        """The period comes from the company setting."""
        self.company.key_account_review_interval_days = 30
        with freeze_time("2026-02-05"):
            self.assertEqual(self.Partner._cron_key_account_quarterly_review(), 3)


@tagged("post_install", "-at_install")
class TestQuarterlyReviewWorkers(KeyAccountCase):
    """Two workers: its own class, so that no earlier test's transaction holds the lock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-01-05"):
            cls.accounts = cls._make_key_account("Worker A") | cls._make_key_account("Worker B")
        cls.review_type = cls.env.ref("key_account_mgmt.mail_activity_type_kam_review")
        cls.Partner = cls.env["res.partner"]

    _review_activities = TestQuarterlyReview._review_activities

    def test_second_worker_skips_while_first_runs(self):
        """While another worker holds the job's lock, a run creates nothing."""
        dbname = self.env.cr.dbname
        with sql_db.db_connect(dbname).cursor() as other_worker:
            other_worker.execute("SELECT pg_try_advisory_xact_lock(%s)", (REVIEW_JOB_LOCK,))
            self.assertTrue(other_worker.fetchone()[0])
            with freeze_time("2026-04-06"):
                self.assertEqual(self.Partner._cron_key_account_quarterly_review(), 0)
            self.assertFalse(self._review_activities())
            other_worker.rollback()
        with freeze_time("2026-04-06"):
            self.assertEqual(self.Partner._cron_key_account_quarterly_review(), 2)
