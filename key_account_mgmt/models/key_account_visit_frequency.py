"""Visit frequency (拜访频率): the required visit interval per tier and segment, and the
scheduled job that gives overdue key accounts a "visit due" activity."""

from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.activity_cron import create_due_activities

# Advisory-lock key of the visit-due job (any constant unique to the job).
VISIT_DUE_JOB_LOCK = 0x4B414D04


class KeyAccountVisitFrequency(models.Model):
    """Required visit interval of a tier for one segment (拜访频率), overriding the tier's own.

    The interval of a key account is the row of its tier and segment if there is one,
    else the tier's ``visit_interval_days``; 0 means no required visits.
    """

    _name = "key.account.visit.frequency"
    _description = "Key Account Visit Frequency"
    _order = "tier_id, segment"

    tier_id = fields.Many2one("key.account.tier", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="tier_id.company_id", store=True, index=True)
    segment = fields.Selection(
        selection=lambda self: self.env["res.partner"]._fields["key_account_segment"].selection,
        required=True,
    )
    interval_days = fields.Integer(
        "Visit Every (days)",
        required=True,
        help="Accounts of this tier and segment are visited at least this often; 0 = no "
        "required visits.",
    )

    _sql_constraints = [
        (
            "tier_segment_uniq",
            "unique(tier_id, segment)",
            "Visit frequency: there is already a row for this tier and segment.",
        ),
    ]

    @api.constrains("interval_days")
    def _check_interval_days(self):
        # not a SQL CHECK: the row is inserted before this runs, and the refusal of a
        # negative interval on create is a ValidationError naming the tier and segment
        for row in self:
            if row.interval_days < 0:
                raise ValidationError(
                    self.env._(
                        "Visit Every (days) of %(tier)s / %(segment)s cannot be negative.",
                        tier=row.tier_id.display_name,
                        segment=row.segment,
                    )
                )

    @api.model
    def _intervals(self, tiers):
        """{(tier, segment or False): interval days} for every tier × segment of ``tiers``."""
        segments = [False] + [
            key for key, _label in self.env["res.partner"]._fields["key_account_segment"].selection
        ]
        overrides = {
            (row.tier_id, row.segment): row.interval_days
            for row in self.search([("tier_id", "in", tiers.ids)])
        }
        return {
            (tier, segment): overrides.get((tier, segment), tier.visit_interval_days)
            for tier in tiers
            for segment in segments
        }

    # ------------------------------------------------------------------ scheduled action
    @api.model
    def _cron_key_account_visit_due(self, batch_size=1000):
        """Create one "visit due" activity for the account manager of every key account
        without a done visit within its required interval.

        Idempotent (accounts with an open visit-due activity are skipped; a done visit
        closes it), batched and safe with several workers (``create_due_activities``).
        One query per tier × segment, none per account.
        """
        activity_type = self.env.ref("key_account_mgmt.mail_activity_type_kam_visit_due")
        today = fields.Date.context_today(self)
        tiers = self.env["key.account.tier"].with_context(active_test=False).search([])
        domains = (
            self._visit_due_domain(tier, segment, interval, activity_type, today)
            for (tier, segment), interval in self._intervals(tiers).items()
            if interval > 0
        )
        return create_due_activities(
            self.env,
            lock_key=VISIT_DUE_JOB_LOCK,
            job_name="Visit-due job",
            domains=domains,
            activity_type=activity_type,
            summary=self.env._("Key account visit due"),
            note=self.env._("No visit recorded within the required interval: plan a visit."),
            batch_size=batch_size,
        )

    @api.model
    def _visit_due_domain(self, tier, segment, interval, activity_type, today):
        cutoff_date = today - timedelta(days=interval)
        cutoff = datetime.combine(cutoff_date, time.min)
        return [
            *self.env["res.partner"]._key_account_domain(),
            ("key_account_tier_id", "=", tier.id),
            ("key_account_segment", "=", segment),
            # a fresh key account is due one interval after its qualification
            "|",
            ("key_account_since", "=", False),
            ("key_account_since", "<=", cutoff_date),
            ("key_account_visit_ids", "not any", [("state", "=", "done"), ("date", ">=", cutoff)]),
            ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
        ]
