"""Response and resolution times, SLA deadlines and waiting on the customer of complaints.

Design (documented in the README):

* **Working time** is the working calendar of the complaint's company
  (``res.company.resource_calendar_id``, public holidays of the calendar excluded);
  ``tools/working_time.py`` does the arithmetic.
* **Waiting on the customer** is a log (``key.account.complaint.wait``): customer service
  starts a period with ``action_wait_customer(note)`` and ends it with ``action_resume()``;
  the reply starts one by itself ("awaiting the customer's answer") that the rating,
  "not satisfied" (reopen), closing or cancelling ends.  Waiting time counts in neither
  the times nor the deadlines.
* **Times** (stored, for ``_read_group``): ``response_hours`` = working hours from
  ``received_date`` to ``first_response_date``; ``resolution_hours`` = working hours from
  ``received_date`` to ``replied_date`` once replied (closed included), 0 while open.
* **Deadlines** (stored): ``sla_id`` is the row of ``key.account.complaint.sla`` for the
  company, the account's tier and the kind; ``response_deadline`` / ``resolution_deadline``
  are its targets planned on the calendar from ``received_date`` (``plan_hours``), pushed
  back by every waiting period; ``*_alert_date`` the same at ``alert_percent`` (80 %) of
  the target.  An open waiting period counts up to the moment of the computation; ending
  it recomputes the deadlines.
* **SLA state** (stored, searchable): breached when a target was missed, at risk when an
  open target's alert date has passed, on time otherwise.  It is recomputed with the
  dates above and refreshed by the escalation job (``key_account_complaint_escalation.py``),
  which skips complaints waiting on the customer (their clock is stopped).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import checked_args
from ..tools.working_time import deadline, elapsed_hours

# Fields only the complaint's own actions or computations write.
TIME_SERVER_FIELDS = frozenset(
    {
        "wait_ids",
        "waiting_customer",
        "sla_id",
        "response_deadline",
        "resolution_deadline",
        "response_alert_date",
        "resolution_alert_date",
        "response_hours",
        "resolution_hours",
        "sla_state",
        "sla_response_alert",
        "sla_resolution_alert",
        # e-mail intake and portal (key_account_complaint_mail.py / _portal.py)
        "email_from",
        "access_token",
    }
)
SLA_STATES = [("on_time", "On Time"), ("at_risk", "At Risk"), ("breached", "Breached")]
ALERT_LEVELS = [("none", "Not Alerted"), ("warned", "Warned"), ("escalated", "Escalated")]
RESOLVED_STATES = ("replied", "closed")


class KeyAccountComplaintTime(models.Model):
    _inherit = "key.account.complaint"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ waiting
    wait_ids = fields.One2many(
        "key.account.complaint.wait", "complaint_id", "Waiting Periods", readonly=True
    )
    waiting_customer = fields.Boolean(
        "Waiting on Customer",
        compute="_compute_waiting_customer",
        store=True,
        index=True,
        help="A waiting period is open: the SLA clock is stopped.",
    )
    waiting_hours = fields.Float(
        "Hours Waited on Customer",
        compute="_compute_waiting_hours",
        help="Working hours spent waiting on the customer (an open period up to now).",
    )

    # ------------------------------------------------------------------ SLA
    sla_id = fields.Many2one(
        "key.account.complaint.sla",
        "Service Level",
        compute="_compute_sla_id",
        store=True,
        index=True,
    )
    response_deadline = fields.Datetime(
        "First Response Due", compute="_compute_deadlines", store=True, index=True
    )
    resolution_deadline = fields.Datetime(
        "Resolution Due", compute="_compute_deadlines", store=True, index=True
    )
    response_alert_date = fields.Datetime(
        "First Response Warning On", compute="_compute_deadlines", store=True
    )
    resolution_alert_date = fields.Datetime(
        "Resolution Warning On", compute="_compute_deadlines", store=True
    )
    response_hours = fields.Float(
        "Response Time (working hours)",
        compute="_compute_times",
        store=True,
        aggregator="avg",
        help="Working hours from receipt to the first response, waiting on the customer excluded.",
    )
    resolution_hours = fields.Float(
        "Resolution Time (working hours)",
        compute="_compute_times",
        store=True,
        aggregator="avg",
        help="Working hours from receipt to the reply, waiting on the customer excluded "
        "(0 until replied).",
    )
    sla_state = fields.Selection(
        SLA_STATES,
        "SLA Status",
        compute="_compute_sla_state",
        store=True,
        index=True,
        tracking=True,
    )
    sla_response_alert = fields.Selection(
        ALERT_LEVELS, "First Response Escalation", default="none", readonly=True, copy=False
    )
    sla_resolution_alert = fields.Selection(
        ALERT_LEVELS, "Resolution Escalation", default="none", readonly=True, copy=False
    )

    # ------------------------------------------------------------------ computes
    @api.depends("wait_ids.date_end")
    def _compute_waiting_customer(self):
        for complaint in self:
            complaint.waiting_customer = any(not w.date_end for w in complaint.wait_ids)

    @api.depends("wait_ids.date_start", "wait_ids.date_end", "received_date")
    def _compute_waiting_hours(self):
        now = fields.Datetime.now()
        for complaint in self:
            work, _plan = complaint._sla_calendar_functions()
            periods = complaint._sla_wait_periods()
            complaint.waiting_hours = sum(
                work(start, end or now) for start, end in periods if (end or now) > start
            )

    @api.depends("company_id", "tier_id", "kind")
    def _compute_sla_id(self):
        targets = self.env["key.account.complaint.sla"]._targets_map(
            (c.company_id, c.tier_id, c.kind) for c in self
        )
        for complaint in self:
            complaint.sla_id = targets.get(
                (complaint.company_id, complaint.tier_id, complaint.kind), False
            )

    @api.depends(
        "received_date",
        "sla_id.response_hours",
        "sla_id.resolution_hours",
        "sla_id.alert_percent",
        "wait_ids.date_start",
        "wait_ids.date_end",
        "company_id.resource_calendar_id",
    )
    def _compute_deadlines(self):
        now = fields.Datetime.now()
        for complaint in self:
            sla, start = complaint.sla_id, complaint.received_date
            if not sla or not start:
                complaint.update(
                    {
                        "response_deadline": False,
                        "resolution_deadline": False,
                        "response_alert_date": False,
                        "resolution_alert_date": False,
                    }
                )
                continue
            work, plan = complaint._sla_calendar_functions()
            periods = complaint._sla_wait_periods()
            share = sla.alert_percent / 100.0
            complaint.update(
                {
                    "response_deadline": deadline(
                        work, plan, sla.response_hours, start, periods, now
                    ),
                    "resolution_deadline": deadline(
                        work, plan, sla.resolution_hours, start, periods, now
                    ),
                    "response_alert_date": deadline(
                        work, plan, sla.response_hours * share, start, periods, now
                    ),
                    "resolution_alert_date": deadline(
                        work, plan, sla.resolution_hours * share, start, periods, now
                    ),
                }
            )

    @api.depends(
        "received_date",
        "first_response_date",
        "replied_date",
        "state",
        "wait_ids.date_start",
        "wait_ids.date_end",
        "company_id.resource_calendar_id",
    )
    def _compute_times(self):
        now = fields.Datetime.now()
        for complaint in self:
            work, _plan = complaint._sla_calendar_functions()
            periods = complaint._sla_wait_periods()
            start = complaint.received_date
            complaint.response_hours = elapsed_hours(
                work, start, complaint.first_response_date, periods, now
            )
            complaint.resolution_hours = (
                elapsed_hours(work, start, complaint.replied_date, periods, now)
                if complaint.state in RESOLVED_STATES
                else 0.0
            )

    @api.depends(
        "state",
        "first_response_date",
        "replied_date",
        "response_deadline",
        "resolution_deadline",
        "response_alert_date",
        "resolution_alert_date",
    )
    def _compute_sla_state(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.sla_state = complaint._sla_state_at(now)

    # ------------------------------------------------------------------ CRUD guard
    def write(self, vals):
        if not self._in_transition():
            internal = set(vals) & TIME_SERVER_FIELDS
            if internal:
                raise UserError(
                    self.env._(
                        "%(fields)s: set by the complaint's own steps and its service "
                        "levels, never written directly.",
                        fields=self._field_labels(internal),
                    )
                )
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._in_transition():
            for vals in vals_list:
                internal = set(vals) & TIME_SERVER_FIELDS
                if internal:
                    raise UserError(
                        self.env._(
                            "%(fields)s: set by the complaint's own steps and its service "
                            "levels, never written directly.",
                            fields=self._field_labels(internal),
                        )
                    )
        return super().create(vals_list)

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_wait_customer(self, note: str | None = None):
        """Stop the SLA clock: customer service waits on the customer (``note``: what for)."""
        self._check_role(
            ("key_account_mgmt.group_customer_service", "key_account_mgmt.group_kam_director"),
            self.env._("Wait on Customer (customer service)"),
        )
        for complaint in self:
            if complaint.state not in complaint._EDITABLE_STATES:
                raise UserError(
                    self.env._(
                        "Waiting on Customer: %(doc)s is %(state)s; only a complaint being "
                        "handled waits on the customer.",
                        doc=complaint._document_label(),
                        state=complaint._state_label(),
                    )
                )
            if complaint.waiting_customer:
                raise UserError(
                    self.env._(
                        "Waiting on Customer: %(doc)s already waits on the customer.",
                        doc=complaint._document_label(),
                    )
                )
        self._wait_start("information", note=(note or "").strip() or False)
        return True

    @checked_args
    def action_resume(self):
        """Restart the SLA clock: the customer's answer is in."""
        self._check_role(
            ("key_account_mgmt.group_customer_service", "key_account_mgmt.group_kam_director"),
            self.env._("Resume (customer service)"),
        )
        if self.filtered(lambda c: not c.waiting_customer):
            raise UserError(
                self.env._("Waiting on Customer: the complaint does not wait on the customer.")
            )
        self._wait_end()
        return True

    # ------------------------------------------------------------------ state hooks
    def _do_reply(self, **kwargs):
        result = super()._do_reply(**kwargs)
        self._wait_end()
        self._wait_start("answer")
        return result

    def _do_reopen(self, **kwargs):
        result = super()._do_reopen(**kwargs)
        self._wait_end()
        return result

    def _do_close(self, **kwargs):
        result = super()._do_close(**kwargs)
        self._wait_end()
        return result

    def _do_cancel(self, **kwargs):
        result = super()._do_cancel(**kwargs)
        self._wait_end()
        return result

    # ------------------------------------------------------------------ helpers
    def _wait_start(self, reason, note=False):
        """Open a waiting period on every complaint (after the caller's checks)."""
        now = fields.Datetime.now()
        # The log is written only here and in _wait_end, after the action's checks.
        self.env["key.account.complaint.wait"].sudo()._internal().create(
            [
                {
                    "complaint_id": complaint.id,
                    "reason": reason,
                    "note": note,
                    "date_start": now,
                    "user_id": self.env.user.id,
                }
                for complaint in self
            ]
        )
        if reason == "information":
            body = (
                self.env._(
                    "Waiting on the customer (%(note)s): the SLA clock is stopped.", note=note
                )
                if note
                else self.env._("Waiting on the customer: the SLA clock is stopped.")
            )
            for complaint in self:
                complaint.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _wait_end(self):
        """Close the open waiting periods of the complaints, if any."""
        open_waits = self.sudo().wait_ids.filtered(lambda w: not w.date_end)
        if open_waits:
            open_waits._internal().write({"date_end": fields.Datetime.now()})
            for complaint in self.filtered(
                lambda c: any(w.reason == "information" for w in open_waits if w.complaint_id == c)
            ):
                complaint.message_post(
                    body=self.env._("Customer's answer in: the SLA clock runs again."),
                    subtype_xmlid="mail.mt_note",
                )

    def _sla_wait_periods(self):
        self.ensure_one()
        return [(w.date_start, w.date_end) for w in self.sudo().wait_ids]

    def _sla_calendar(self):
        self.ensure_one()
        return (
            self.company_id.resource_calendar_id
            or self.env.ref("resource.resource_calendar_std", raise_if_not_found=False)
        ).sudo()

    def _sla_calendar_functions(self):
        """(work, plan) of the company's working calendar, for ``tools/working_time``."""
        calendar = self._sla_calendar()

        def work(start, end):
            return calendar.get_work_hours_count(start, end, compute_leaves=True)

        def plan(hours, start):
            return calendar.plan_hours(hours, start, compute_leaves=True)

        return work, plan

    def _sla_state_at(self, now):
        """on_time / at_risk / breached of the complaint at ``now``."""
        self.ensure_one()
        if not self.sla_id or not self.received_date:
            return "on_time"
        states = set()
        open_ = self.state not in ("cancelled",) + RESOLVED_STATES
        for done_date, due, alert, pending in (
            (self.first_response_date, self.response_deadline, self.response_alert_date, True),
            (
                self.replied_date if self.state in RESOLVED_STATES else False,
                self.resolution_deadline,
                self.resolution_alert_date,
                open_,
            ),
        ):
            if done_date:
                if due and done_date > due:
                    states.add("breached")
            elif pending and self.state != "cancelled":
                if due and now >= due:
                    states.add("breached")
                elif alert and now >= alert:
                    states.add("at_risk")
        if "breached" in states:
            return "breached"
        return "at_risk" if "at_risk" in states else "on_time"
