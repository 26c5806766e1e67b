"""The quarterly review of key accounts (季度复核): the scheduled job that gives overdue
accounts a review activity and the "Mark Reviewed" action that records the review."""

from datetime import timedelta

from odoo import api, fields, models

from ..tools import checked_args
from ..tools.activity_cron import create_due_activities
from .res_partner import REVIEW_JOB_LOCK


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @checked_args
    def action_key_account_mark_reviewed(self):
        """Record the quarterly review of these key accounts and close their review activities."""
        self._check_key_account_archive_access()
        self.activity_feedback(
            ["key_account_mgmt.mail_activity_type_kam_review"],
            feedback=self.env._("Quarterly review done."),
        )
        self._key_account_mark_reviewed()
        return True

    def _key_account_mark_reviewed(self):
        # Whoever completes the review activity stamps the date, nothing else.
        self.sudo().write({"key_account_last_review_date": fields.Date.context_today(self)})

    # ------------------------------------------------------------------ scheduled action
    @api.model
    def _cron_key_account_quarterly_review(self, batch_size=1000):
        """Create one review activity per key account whose last review is overdue.

        Batched, idempotent (accounts with an open review activity are skipped) and safe
        with several workers: see ``tools.activity_cron.create_due_activities``.
        """
        review_type = self.env.ref("key_account_mgmt.mail_activity_type_kam_review")
        today = fields.Date.context_today(self)
        domains = (
            self._key_account_review_due_domain(company, review_type, today)
            for company in self.env["res.company"].sudo().search([])
        )
        return create_due_activities(
            self.env,
            lock_key=REVIEW_JOB_LOCK,
            job_name="Quarterly review job",
            domains=domains,
            activity_type=review_type,
            summary=self.env._("Quarterly key-account review"),
            batch_size=batch_size,
        )

    @api.model
    def _key_account_review_due_domain(self, company, review_type, today):
        cutoff = today - timedelta(days=company.key_account_review_interval_days or 90)
        company_domain = [("company_id", "=", company.id)]
        if company == self.env.company:
            company_domain = ["|", ("company_id", "=", False), ("company_id", "=", company.id)]
        return [
            *self._key_account_domain(),
            *company_domain,
            "|",
            ("key_account_last_review_date", "=", False),
            ("key_account_last_review_date", "<", cutoff),
            ("activity_ids", "not any", [("activity_type_id", "=", review_type.id)]),
        ]
