"""Office receipts and their acceptance (SPEC S3.3/4, 3日内无异议): goods received into an
office's key-account warehouse wait for the office's acceptance, explicit or tacit.

=====================  ==============================  ============================
transition             who                             rule
=====================  ==============================  ============================
(validated) → awaiting  whoever validates the receipt   destination in an office's
                                                       key-account warehouse, source
                                                       outside it
awaiting → objected    office manager / members,       before the deadline, with a
                       KAM department                  reason
awaiting/objected →    same                            explicit acceptance
accepted
awaiting → accepted    the scheduled action            deadline passed, no objection
=====================  ==============================  ============================

The deadline is the end of the N-th calendar day after the day of receipt, in the
company's time zone (N = company setting, default 3): goods received on Monday at any
hour may be objected to until Thursday 24:00 local time. The acceptance fields are
written by this flow only (as the system, after checking the acting user).
"""

import logging
from datetime import datetime, time, timedelta

import psycopg2
import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_datetime

from ..tools import checked_args
from ..tools.actions import wizard_action

_logger = logging.getLogger(__name__)

ACCEPTANCE_STATES = [
    ("awaiting", "Awaiting Acceptance"),
    ("objected", "Objected"),
    ("accepted", "Accepted"),
]
# Written by the acceptance flow only (validation, objection, acceptance, the job).
ACCEPTANCE_FIELDS = frozenset(
    {
        "key_account_office_id",
        "key_account_acceptance_state",
        "key_account_received_date",
        "key_account_acceptance_deadline",
        "key_account_accepted_date",
        "key_account_accepted_by_id",
        "key_account_acceptance_mode",
        "key_account_objection_reason",
        "key_account_objected_by_id",
        "key_account_objection_date",
    }
)


class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    # --- office receipt and tacit acceptance (3日内无异议)
    key_account_office_id = fields.Many2one(
        "crm.team", "Receiving Office", readonly=True, copy=False, index="btree_not_null"
    )
    key_account_acceptance_state = fields.Selection(
        ACCEPTANCE_STATES, "Office Acceptance", readonly=True, copy=False, index=True
    )
    key_account_received_date = fields.Datetime("Received On", readonly=True, copy=False)
    key_account_acceptance_deadline = fields.Datetime(
        "Objection Deadline",
        readonly=True,
        copy=False,
        help="Without an objection by then, the goods count as accepted and are booked "
        "to the office: the end of the N-th calendar day after receipt, in the company's "
        "time zone.",
    )
    key_account_accepted_date = fields.Datetime("Accepted On", readonly=True, copy=False)
    key_account_accepted_by_id = fields.Many2one(
        "res.users", "Accepted By", readonly=True, copy=False
    )
    key_account_acceptance_mode = fields.Selection(
        [("explicit", "By the Office"), ("tacit", "Tacitly (No Objection in Time)")],
        "Accepted How",
        readonly=True,
        copy=False,
    )
    key_account_objection_reason = fields.Text("Objection", readonly=True, copy=False)
    key_account_objected_by_id = fields.Many2one(
        "res.users", "Objected By", readonly=True, copy=False
    )
    key_account_objection_date = fields.Datetime("Objected On", readonly=True, copy=False)

    def _auto_init(self):
        res = super()._auto_init()
        # The tacit-acceptance job reads the due receipts only: a small partial index.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS stock_picking_key_account_awaiting_idx "
                "ON stock_picking (key_account_acceptance_deadline, id) "
                "WHERE key_account_acceptance_state = 'awaiting'"
            )
        )
        return res

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(ACCEPTANCE_FIELDS & set(vals) for vals in vals_list):
            self._raise_key_account_acceptance_readonly()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and ACCEPTANCE_FIELDS & set(vals):
            self._raise_key_account_acceptance_readonly()
        return super().write(vals)

    def _raise_key_account_acceptance_readonly(self):
        raise UserError(
            self.env._(
                "Office Acceptance: the acceptance of a key-account receipt is set by its "
                "validation, the office's objection or acceptance and the tacit-acceptance "
                "job; it cannot be written directly."
            )
        )

    # ------------------------------------------------------------------ validation
    def _action_done(self):
        res = super()._action_done()
        self._key_account_start_acceptance()
        return res

    def _key_account_start_acceptance(self):
        todo = self.filtered(lambda p: p.state == "done" and not p.key_account_acceptance_state)
        offices = todo._key_account_receiving_offices()
        if not offices:
            return
        received = todo.filtered(lambda p: p.id in offices)
        by_key = {}
        for picking in received:
            received_at = picking.date_done or fields.Datetime.now()
            key = (offices[picking.id], picking.company_id, received_at)
            by_key.setdefault(key, self.browse())
            by_key[key] |= picking
        bodies = {}
        for (office, company, received_at), pickings in by_key.items():
            deadline = self._key_account_acceptance_deadline(received_at, company)
            # written as the acceptance flow: the fields are closed to direct writes
            pickings.sudo().write(
                {
                    "key_account_office_id": office.id,
                    "key_account_acceptance_state": "awaiting",
                    "key_account_received_date": received_at,
                    "key_account_acceptance_deadline": deadline,
                }
            )
            when = self._key_account_format_local(deadline - timedelta(seconds=1), company)
            for picking in pickings:
                bodies[picking.id] = self.env._(
                    "Received into the key-account warehouse of office %(office)s: awaiting "
                    "the office's acceptance. Without an objection by %(deadline)s the goods "
                    "count as accepted and are booked to the office.",
                    office=office.display_name,
                    deadline=when,
                )
        received._message_log_batch(bodies=bodies)

    @api.model
    def _key_account_company_tz(self, company):
        """The company's time zone: its partner's, else UTC."""
        return pytz.timezone(company.partner_id.tz or "UTC")

    @api.model
    def _key_account_acceptance_deadline(self, received_at, company):
        """End of the N-th calendar day after the day of receipt (company time zone), as
        naive UTC: received Monday 15:00 with N = 3 → Friday 00:00 local time."""
        tz = self._key_account_company_tz(company)
        local_day = pytz.utc.localize(received_at).astimezone(tz).date()
        days = company.key_account_acceptance_days
        end = tz.localize(datetime.combine(local_day + timedelta(days=days + 1), time.min))
        return end.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _key_account_format_local(self, value, company):
        tz = self._key_account_company_tz(company)
        return format_datetime(self.env, value, tz=tz.zone, dt_format="yyyy-MM-dd HH:mm:ss")

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_key_account_object(self, reason: str | None = None):
        """Raise the office's objection with a reason (text); without one, open the wizard."""
        # the objection is written as superuser: the user must read the receipts himself
        self.check_access("read")
        if not reason:
            return wizard_action(
                self.env,
                "key.account.receipt.objection",
                self.env._("Raise Objection"),
                {"default_picking_ids": self.ids},
            )
        reason = reason.strip()
        if not reason:
            raise UserError(self.env._("Objection: an objection needs a reason."))
        self._key_account_check_office_user()
        now = fields.Datetime.now()
        for picking in self:
            if picking.key_account_acceptance_state != "awaiting":
                raise UserError(
                    self.env._(
                        "Objection: %(picking)s is not awaiting acceptance (%(state)s).",
                        picking=picking.display_name,
                        state=picking._key_account_state_label(),
                    )
                )
            if picking.key_account_acceptance_deadline <= now:
                raise UserError(
                    self.env._(
                        "Objection: the objection period of %(picking)s ended on %(deadline)s; "
                        "the goods count as accepted.",
                        picking=picking.display_name,
                        deadline=self._key_account_format_local(
                            picking.key_account_acceptance_deadline - timedelta(seconds=1),
                            picking.company_id,
                        ),
                    )
                )
        self.sudo().write(
            {
                "key_account_acceptance_state": "objected",
                "key_account_objection_reason": reason,
                "key_account_objected_by_id": self.env.user.id,
                "key_account_objection_date": now,
            }
        )
        self._message_log_batch(
            bodies={
                picking.id: self.env._(
                    "Objection raised by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
                for picking in self
            }
        )
        return True

    @checked_args
    def action_key_account_accept(self):
        """The office accepts the goods (also after an objection was settled)."""
        # the acceptance is written as superuser: the user must read the receipts himself
        self.check_access("read")
        self._key_account_check_office_user()
        for picking in self:
            if picking.key_account_acceptance_state not in ("awaiting", "objected"):
                raise UserError(
                    self.env._(
                        "Acceptance: %(picking)s is not awaiting acceptance (%(state)s).",
                        picking=picking.display_name,
                        state=picking._key_account_state_label(),
                    )
                )
        self.sudo().write(
            {
                "key_account_acceptance_state": "accepted",
                "key_account_accepted_date": fields.Datetime.now(),
                "key_account_accepted_by_id": self.env.user.id,
                "key_account_acceptance_mode": "explicit",
            }
        )
        self._message_log_batch(
            bodies={
                picking.id: self.env._(
                    "Accepted by %(user)s for office %(office)s: the goods are booked to the "
                    "office.",
                    user=self.env.user.name,
                    office=picking.key_account_office_id.display_name,
                )
                for picking in self
            }
        )
        return True

    def _key_account_state_label(self):
        self.ensure_one()
        labels = dict(self._fields["key_account_acceptance_state"]._description_selection(self.env))
        return labels.get(self.key_account_acceptance_state) or self.env._("not an office receipt")

    def _key_account_check_office_user(self):
        """The receiving office's manager or members, or the KAM department, act on it."""
        user = self.env.user
        if user.has_group("key_account_mgmt.group_kam_department"):
            return
        if not user.has_group("key_account_mgmt.group_kam_specialist"):
            raise AccessError(
                self.env._(
                    "Office Acceptance: only key-account roles (the receiving office or the "
                    "KAM department) object to or accept office receipts."
                )
            )
        for picking in self:
            office = picking.key_account_office_id
            if user not in office.user_id | office.member_ids:
                raise AccessError(
                    self.env._(
                        "Office Acceptance: %(picking)s was received by office %(office)s; "
                        "only its manager and members, or the KAM department, may object to "
                        "or accept it.",
                        picking=picking.display_name,
                        office=office.display_name,
                    )
                )

    # ------------------------------------------------------------------ scheduled action
    @api.model
    def _cron_key_account_tacit_acceptance(self, batch_size=1000):
        """Accept the receipts whose objection deadline has passed without an objection.

        Batched (``_notify_progress`` reschedules the rest), idempotent (only receipts
        still awaiting acceptance are taken) and safe with several workers (the batch is
        taken with ``FOR UPDATE SKIP LOCKED``: two workers never take the same receipt).
        """
        now = fields.Datetime.now()
        self.flush_model(["key_account_acceptance_state", "key_account_acceptance_deadline"])
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        """
                        SELECT id FROM stock_picking
                         WHERE key_account_acceptance_state = 'awaiting'
                           AND key_account_acceptance_deadline <= %s
                         ORDER BY key_account_acceptance_deadline, id
                         LIMIT %s
                           FOR UPDATE SKIP LOCKED
                        """,
                        now,
                        batch_size,
                    )
                )
                ids = [row[0] for row in self.env.cr.fetchall()]
        except psycopg2.errors.SerializationFailure:
            # Another worker accepted receipts of this batch after our snapshot was taken
            # (REPEATABLE READ): leave them to it; the rest is taken on the next run.
            _logger.info("Tacit acceptance: another worker is on it; this run stops here.")
            ids = []
        pickings = self.sudo().browse(ids)
        if pickings:
            pickings.with_context(tracking_disable=True).write(
                {
                    "key_account_acceptance_state": "accepted",
                    "key_account_accepted_date": now,
                    "key_account_accepted_by_id": self.env.user.id,
                    "key_account_acceptance_mode": "tacit",
                }
            )
            formats = {}
            bodies = {}
            for picking in pickings:
                key = (picking.company_id, picking.key_account_acceptance_deadline)
                if key not in formats:
                    formats[key] = self._key_account_format_local(
                        key[1] - timedelta(seconds=1), key[0]
                    )
                bodies[picking.id] = self.env._(
                    "Accepted tacitly: no objection by %(deadline)s. The goods are booked to "
                    "office %(office)s.",
                    deadline=formats[key],
                    office=picking.key_account_office_id.display_name,
                )
            pickings._message_log_batch(bodies=bodies)
            self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM stock_picking WHERE key_account_acceptance_state = "
                "'awaiting' AND key_account_acceptance_deadline <= %s",
                now,
            )
        )
        remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=len(pickings), remaining=remaining)
        return len(pickings)
