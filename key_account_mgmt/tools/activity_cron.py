"""The algorithm of the addon's activity-creating scheduled jobs, written once.

The quarterly review (``res.partner._cron_key_account_quarterly_review``) and the visit-due
job (``key.account.visit.frequency._cron_key_account_visit_due``) both: take a
transaction-level advisory lock (a second worker returns at once and creates nothing),
search the due key accounts in batches (one query per domain, none per account), create
one automated activity per account for its account manager, and report the rest to
``ir.cron._notify_progress`` so that the scheduler runs the job again at once.
"""

import logging

from odoo import fields
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def create_due_activities(
    env, *, lock_key, job_name, domains, activity_type, summary, note=None, batch_size=1000
):
    """Give every key account matching one of ``domains`` (``res.partner`` domains, which
    must exclude the accounts that already have an open activity of ``activity_type``) an
    activity, at most ``batch_size`` per run; return how many were created."""
    env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", lock_key))
    if not env.cr.fetchone()[0]:
        _logger.info("%s already running in another worker; skipped.", job_name)
        return 0
    Partner = env["res.partner"]
    due = []
    remaining = 0
    for domain in domains:
        room = batch_size - len(due)
        if room <= 0:
            remaining += Partner.search_count(domain)
            continue
        partners = Partner.search(domain, limit=room, order="id")
        if len(partners) == room:
            remaining += Partner.search_count(domain) - len(partners)
        due.extend(partners)
    if due:
        today = fields.Date.context_today(Partner)
        model_id = env["ir.model"]._get_id("res.partner")
        extra = {"note": note} if note else {}
        env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "user_id": (partner.key_account_manager_id or env.user).id,
                    "summary": summary,
                    "date_deadline": today,
                    "automated": True,
                    **extra,
                }
                for partner in due
            ]
        )
    env["ir.cron"]._notify_progress(done=len(due), remaining=remaining)
    return len(due)
