"""The contact-log entry of a done visit (key.account.visit → key.account.contact.log).

Owns the link from the visit to the entry it wrote (客户联络表) and the writing of it:
once when the visit is done, updated when a visit is done again. The entry's
``visit_id`` is written only here, inside the visit's own action (the state machine's
internal context, which no RPC client can produce).
"""

from odoo import fields, models

from ..tools.guards import ACTION_SENTINEL
from .key_account_state_machine import TRANSITION_KEY


class KeyAccountVisit(models.Model):
    _inherit = "key.account.visit"  # pylint: disable=consider-merging-classes-inherited

    contact_log_id = fields.Many2one(
        "key.account.contact.log",
        "Contact Log Entry",
        compute="_compute_contact_log_id",
        help="The entry the done visit wrote into the contact log (客户联络表).",
    )

    def _compute_contact_log_id(self):
        logs = self.env["key.account.contact.log"].search_fetch(
            [("visit_id", "in", self.ids)], ["visit_id"]
        )
        by_visit = {log.visit_id.id: log for log in logs}
        for visit in self:
            visit.contact_log_id = by_visit.get(visit._origin.id, False)

    def _do_done(self):
        self._write_contact_log()
        return super()._do_done()

    def _write_contact_log(self):
        """Write (once) the contact-log entry of each done visit; a redone visit updates it."""
        Log = self.env["key.account.contact.log"].with_context(**{TRANSITION_KEY: ACTION_SENTINEL})
        existing = {
            log.visit_id: log
            for log in Log.search_fetch([("visit_id", "in", self.ids)], ["visit_id"])
        }
        to_create = []
        for visit in self:
            vals = visit._contact_log_vals()
            if visit in existing:
                existing[visit].write(vals)
            else:
                to_create.append(dict(vals, visit_id=visit.id))
        return Log.create(to_create)

    def _contact_log_vals(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "contact_id": self.contact_ids[:1].contact_id.id,
            "user_id": self.user_id.id,
            "date": self.date,
            "form": "visit",
            "topic": self.name,
            "result": self.outcome,
        }
