"""The SLA escalation job of complaints (scheduled action, ``data/ir_cron_complaint_data.xml``).

For every open complaint not waiting on the customer:

* when ``alert_percent`` (80 %) of a target (first response, resolution) is used, the
  account manager gets a "service level at risk" activity (flag ``warned``);
* when the target is missed, every KAM director of the company gets a "service level
  breached" activity (flag ``escalated``).

The flags ``sla_response_alert`` / ``sla_resolution_alert`` make it idempotent: a
second run creates nothing.  Batched (``ir.cron._notify_progress`` reschedules the
rest) and safe with several workers: the batch is locked with ``FOR UPDATE SKIP
LOCKED`` inside a savepoint, so two workers never take the same complaint.
"""

import logging

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

PENDING_RESPONSE = [("first_response_date", "=", False)]
PENDING_RESOLUTION = [("state", "not in", ("replied", "closed", "cancelled"))]


class KeyAccountComplaintEscalation(models.Model):
    _inherit = "key.account.complaint"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _sla_escalation_domain(self, now):
        """Open complaints with a threshold passed that was not acted on yet."""
        return [
            ("state", "not in", ("closed", "cancelled")),
            ("waiting_customer", "=", False),
            "|",
            "|",
            "|",
            "&",
            "&",
            *PENDING_RESPONSE,
            ("response_alert_date", "<=", now),
            ("sla_response_alert", "=", "none"),
            "&",
            "&",
            *PENDING_RESPONSE,
            ("response_deadline", "<=", now),
            ("sla_response_alert", "!=", "escalated"),
            "&",
            "&",
            *PENDING_RESOLUTION,
            ("resolution_alert_date", "<=", now),
            ("sla_resolution_alert", "=", "none"),
            "&",
            "&",
            *PENDING_RESOLUTION,
            ("resolution_deadline", "<=", now),
            ("sla_resolution_alert", "!=", "escalated"),
        ]

    @api.model
    def _cron_key_account_complaint_sla(self, batch_size=500):
        """Warn the account manager at the alert share of a target, the KAM directors
        when it is missed; returns the number of complaints handled."""
        now = fields.Datetime.now()
        Complaint = self.sudo().with_context(active_test=False)
        domain = self._sla_escalation_domain(now)
        candidates = Complaint.search(domain, limit=batch_size, order="id")
        ids = []
        if candidates:
            self.env.flush_all()
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        SQL(
                            "SELECT id FROM key_account_complaint WHERE id IN %s "
                            "ORDER BY id FOR UPDATE SKIP LOCKED",
                            tuple(candidates.ids),
                        )
                    )
                    ids = [row[0] for row in self.env.cr.fetchall()]
            except psycopg2.errors.SerializationFailure:
                # Another worker escalated complaints of this batch after our snapshot
                # was taken: leave them to it; the rest is taken on the next run.
                _logger.info("Complaint SLA job: another worker is on it; this run stops here.")
                ids = []
        complaints = Complaint.browse(ids)
        if complaints:
            complaints._sla_escalate(now)
            self.env.flush_all()
        remaining = Complaint.search_count(domain) if len(candidates) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(complaints), remaining=remaining)
        return len(complaints)

    def _sla_escalate(self, now):
        """Create the warning and breach activities of the (locked) complaints and set
        their flags; refresh their SLA state."""
        risk_type = self.env.ref("key_account_mgmt.mail_activity_type_kam_complaint_sla_risk")
        breach_type = self.env.ref("key_account_mgmt.mail_activity_type_kam_complaint_sla_breach")
        directors_of = self._sla_directors_map()
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        today = fields.Date.context_today(self)
        for complaint in self:
            vals = {}
            targets = (
                (
                    "sla_response_alert",
                    not complaint.first_response_date,
                    complaint.response_alert_date,
                    complaint.response_deadline,
                    self.env._("first response"),
                ),
                (
                    "sla_resolution_alert",
                    complaint.state not in ("replied", "closed", "cancelled"),
                    complaint.resolution_alert_date,
                    complaint.resolution_deadline,
                    self.env._("resolution"),
                ),
            )
            for flag, pending, alert, due, label in targets:
                level = complaint[flag]
                if not pending or level == "escalated":
                    continue
                if due and due <= now:
                    users = directors_of.get(complaint.company_id, self.env["res.users"])
                    activity_type, summary = (
                        breach_type,
                        self.env._(
                            "Service level breached (%(target)s): %(doc)s",
                            target=label,
                            doc=complaint.name,
                        ),
                    )
                    vals[flag] = "escalated"
                elif alert and alert <= now and level == "none":
                    users = complaint.user_id or directors_of.get(
                        complaint.company_id, self.env["res.users"]
                    )
                    activity_type, summary = (
                        risk_type,
                        self.env._(
                            "Service level at risk (%(target)s): %(doc)s",
                            target=label,
                            doc=complaint.name,
                        ),
                    )
                    vals[flag] = "warned"
                else:
                    continue
                activities += [
                    {
                        "activity_type_id": activity_type.id,
                        "res_model_id": model_id,
                        "res_id": complaint.id,
                        "user_id": user.id,
                        "summary": summary,
                        "date_deadline": today,
                        "automated": True,
                    }
                    for user in users
                ]
            state = complaint._sla_state_at(now)
            if state != complaint.sla_state:
                vals["sla_state"] = state
            if vals:
                complaint._write_internal(vals)
        if activities:
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                activities
            )

    def _sla_directors_map(self):
        """``{company: KAM directors working for it}`` in one query."""
        group = self.env.ref("key_account_mgmt.group_kam_director")
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.ids),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.ids),
                ]
            )
        )
        return {
            company: users.filtered(lambda u, c=company: c in u.company_ids)
            for company in self.company_id
        }
