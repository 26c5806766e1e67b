"""The key-account visit and its states (key.account.visit).

Owns the plan (account, type, date, participants, agenda), the record (outcome,
expenses, photos, next steps), the rules on them and the visit's state machine on
``key.account.state.machine``: planned → checked in → done, missed or cancelled, and
back to planned. Check-in/check-out fields and their recording live in
``key_account_check_in_mixin.py``, the participants' calendar event in
``key_account_visit_calendar.py``, the contact-log entry of a done visit in
``key_account_visit_contact_log.py``, the bounds on what a client sends in
``key_account_visit_rules.py``.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, is_html_empty

from ..tools import checked_args
from ..tools.dates import add_hours

# Defined before the visit, which inherits them (models/__init__.py imports them later).
from . import key_account_check_in_mixin, key_account_state_machine  # noqa: F401

VISIT_TYPES = [
    ("regular", "Regular Visit"),
    ("reception", "Reception (customer visits us)"),
    ("senior", "Senior-Management Visit"),
]

# What defines the visit: fixed once the visit is done.
PLAN_FIELDS = frozenset({"partner_id", "visit_type", "planned_date", "company_id"})


class KeyAccountVisit(models.Model):
    """A visit to a key account (客户拜访计划表), or its reception at our premises (客户接待).

    Planned with purpose, contacts, participants and expected result; recorded on the
    phone with check-in/check-out (server time, browser position), outcome, photos and
    next steps. The state moves only through the ``action_*`` methods, steps of
    :attr:`_TRANSITIONS`, which hold the rules.
    """

    _name = "key.account.visit"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "key.account.check.in.mixin",  # itself on key.account.state.machine
        "key.account.state.machine",
    ]
    _description = "Key Account Visit"
    _order = "planned_date desc, id desc"
    _check_company_auto = True

    _TRANSITIONS = {
        "check_in": ("checked_in", ("planned",)),
        "done": ("done", ("planned", "checked_in")),
        "mark_missed": ("missed", ("planned", "checked_in")),
        "cancel": ("cancelled", ("planned", "checked_in")),
        "reset_to_planned": ("planned", ("cancelled", "missed")),
    }
    _INITIAL_STATE = "planned"
    # A done visit may still be completed (outcome, expenses, photos): only its plan is
    # fixed (PLAN_FIELDS, below), so no state locks the whole content.
    _EDITABLE_STATES = ("planned", "checked_in", "done", "cancelled", "missed")
    _DELETABLE_STATES = ("planned", "checked_in", "cancelled", "missed")

    # --- plan
    name = fields.Char("Purpose", required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        "Key Account",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_key_account', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    account_manager_id = fields.Many2one(
        "res.users",
        "Account Manager",
        related="partner_id.key_account_manager_id",
        store=True,
        index=True,
    )
    visit_type = fields.Selection(VISIT_TYPES, required=True, default="regular", tracking=True)
    contact_ids = fields.Many2many(
        "key.account.contact",
        "key_account_visit_contact_rel",
        "visit_id",
        "contact_id",
        "Contacts Met",
        domain="[('partner_id', '=', partner_id)]",
    )
    planned_date = fields.Datetime(
        required=True, index=True, tracking=True, default=fields.Datetime.now
    )
    duration = fields.Float("Duration (hours)", default=1.0, required=True)
    planned_end = fields.Datetime(compute="_compute_planned_end")
    user_id = fields.Many2one(
        "res.users",
        "Responsible",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    participant_ids = fields.Many2many(
        "res.users",
        "key_account_visit_participant_rel",
        "visit_id",
        "user_id",
        "Account Team",
        domain="[('share', '=', False)]",
        help="Colleagues of the account team who go on the visit.",
    )
    senior_participant_ids = fields.Many2many(
        "res.users",
        "key_account_visit_senior_rel",
        "visit_id",
        "user_id",
        "Senior Management",
        domain="[('share', '=', False)]",
        help="Senior managers taking part (高层拜访).",
    )
    expected_result = fields.Text()
    agenda = fields.Html(help="Agenda of a senior-management visit or of a reception.")
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("checked_in", "Checked In"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
            ("missed", "Missed"),
        ],
        required=True,
        default="planned",
        tracking=True,
        index=True,
        copy=False,
    )
    date = fields.Datetime(
        "Visit Date",
        compute="_compute_date",
        store=True,
        index=True,
        help="When the visit took place: the check-in time, else the planned date.",
    )

    # --- record (from the phone)
    place_located = fields.Boolean(
        "Place Geolocated",
        compute="_compute_place_located",
        help="The visit place has a geolocation, so distances can be measured.",
    )
    outcome = fields.Text(copy=False)
    # Commercial expense (travel, meals, hospitality) of the visit, in company currency:
    # with the account, its manager and the date it is aggregated by _read_group (KPIs).
    currency_id = fields.Many2one(related="company_id.currency_id")
    expense_amount = fields.Monetary(
        "Visit Expenses",
        copy=False,
        tracking=True,
        help="Travel, meals and hospitality spent on this visit (company currency).",
    )
    next_step_ids = fields.One2many(
        "key.account.visit.next.step", "visit_id", "Next Steps", copy=False
    )
    photo_ids = fields.Many2many(
        "ir.attachment",
        "key_account_visit_photo_rel",
        "visit_id",
        "attachment_id",
        "Photos",
        copy=False,
    )

    _sql_constraints = [
        (
            "duration_positive",
            "CHECK(duration > 0)",
            "Duration: a visit lasts more than 0 hours.",
        ),
        (
            "expense_amount_not_negative",
            "CHECK(expense_amount IS NULL OR expense_amount >= 0)",
            "Visit Expenses: the expenses of a visit cannot be negative.",
        ),
    ]

    def init(self):
        # Visits checked in before the "Checked In" state existed (18.0.1.2.0) were kept
        # as planned: they are checked in.
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET state = 'checked_in' "
                "WHERE state = 'planned' AND check_in_date IS NOT NULL",
                SQL.identifier(self._table),
            )
        )

    # ------------------------------------------------------------------ computes
    @api.depends("planned_date", "duration")
    def _compute_planned_end(self):
        for visit in self:
            # False when it cannot be represented (refused on save)
            visit.planned_end = add_hours(visit.planned_date, visit.duration) or False

    @api.depends("check_in_date", "planned_date")
    def _compute_date(self):
        for visit in self:
            visit.date = visit.check_in_date or visit.planned_date

    @api.depends(
        "visit_type",
        "partner_id.partner_latitude",
        "partner_id.partner_longitude",
        "company_id.partner_id.partner_latitude",
        "company_id.partner_id.partner_longitude",
    )
    def _compute_place_located(self):
        for visit in self:
            visit.place_located = bool(visit._check_in_place_position())

    # ------------------------------------------------------------------ constraints
    @api.constrains("partner_id")
    def _check_key_account(self):
        self.partner_id._check_key_account_only(self.env._("visits"))

    @api.constrains("contact_ids", "partner_id")
    def _check_contacts(self):
        for visit in self:
            visit.partner_id._check_key_account_contacts(
                visit.contact_ids.contact_id, self.env._("Contacts Met")
            )

    @api.constrains("visit_type", "agenda", "senior_participant_ids")
    def _check_senior_visit(self):
        for visit in self.filtered(lambda v: v.visit_type == "senior"):
            if not visit.senior_participant_ids:
                raise ValidationError(
                    self.env._(
                        "Senior Management: the senior-management visit %(visit)s needs at "
                        "least one senior manager among the participants.",
                        visit=visit.display_name,
                    )
                )
            if is_html_empty(visit.agenda):
                raise ValidationError(
                    self.env._(
                        "Agenda: the senior-management visit %(visit)s is planned with its "
                        "agenda; fill it in.",
                        visit=visit.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "planned") != "planned" and not self._in_transition():
                raise UserError(
                    self.env._(
                        "Status: a visit is created as planned; use Done, Cancel or Missed "
                        "on the visit to move it on."
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        if PLAN_FIELDS & set(vals):
            closed = self.filtered(lambda v: v.state == "done")
            if closed:
                raise UserError(
                    self.env._(
                        "Visit %(visit)s is done: its account, type and date (%(fields)s) "
                        "can no longer be changed.",
                        visit=closed[0].display_name,
                        fields=", ".join(sorted(PLAN_FIELDS & set(vals))),
                    )
                )
        return super().write(vals)

    def _write_state_from_client(self, vals):
        raise UserError(
            self.env._(
                "Status: a visit moves on only through its buttons (Done, Cancel, "
                "Missed, Back to Planned), which check the rules."
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_deletable_states(self):
        done = self.filtered(lambda v: v.state not in self._DELETABLE_STATES)
        if done:
            raise UserError(
                self.env._(
                    "Visit %(visit)s is done and written into the contact log; it cannot be "
                    "deleted.",
                    visit=done[0].display_name,
                )
            )

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = (
                f"{visit.partner_id.name} – {visit.name}" if visit.partner_id else visit.name
            )

    # ------------------------------------------------------------------ actions
    def action_check_in(self, latitude=None, longitude=None):
        """Check in now at the given browser position (both or neither coordinates)."""
        self.ensure_one()
        if self.state != "planned" or self.check_in_date:
            raise UserError(
                self.env._(
                    "Check-in: visit %(visit)s is not planned any more or already checked in.",
                    visit=self.display_name,
                )
            )
        return self._transition("check_in", latitude=latitude, longitude=longitude)

    def _check_check_in(self, latitude=None, longitude=None):
        self._check_position(latitude, longitude, self.env._("Check-in"))

    def _do_check_in(self, latitude=None, longitude=None):
        return self._record_position("check_in", latitude, longitude, self.env._("Check-in"))

    def action_check_out(self, latitude=None, longitude=None):
        """Check out now at the given browser position (both or neither coordinates); the
        state stays checked in until the visit is done."""
        self.ensure_one()
        if self.state != "checked_in" or not self.check_in_date or self.check_out_date:
            raise UserError(
                self.env._(
                    "Check-out: visit %(visit)s must be checked in first and not checked out yet.",
                    visit=self.display_name,
                )
            )
        return self._record_position("check_out", latitude, longitude, self.env._("Check-out"))

    @checked_args
    def action_done(self):
        """Record the visit as done: contact-log entry, follow-up activities, visit due closed."""
        for visit in self:
            if visit.state not in ("planned", "checked_in"):
                raise UserError(
                    self.env._(
                        "Status: visit %(visit)s is not planned, so it cannot be done.",
                        visit=visit.display_name,
                    )
                )
        return self._transition("done")

    def _check_done(self):
        now = fields.Datetime.now()
        for visit in self:
            if not (visit.outcome or "").strip():
                raise UserError(
                    self.env._(
                        "Outcome: record the outcome of visit %(visit)s before marking it done.",
                        visit=visit.display_name,
                    )
                )
            # from the source fields, whatever a client wrote into the stored date
            if (visit.check_in_date or visit.planned_date) > now:
                raise UserError(
                    self.env._(
                        "Visit Date: visit %(visit)s is planned for %(date)s; it can be done "
                        "only once it has taken place (check in, or wait for the date).",
                        visit=visit.display_name,
                        date=fields.Datetime.to_string(visit.planned_date),
                    )
                )

    def _do_done(self):
        self.next_step_ids._schedule_activities()
        self.partner_id.activity_feedback(
            ["key_account_mgmt.mail_activity_type_kam_visit_due"],
            feedback=self.env._("Key account visited."),
        )

    @checked_args
    def action_cancel(self):
        self._check_state_from(("planned", "checked_in"), self.env._("cancelled"))
        return self._transition("cancel")

    def _do_cancel(self):
        """Hook: the visit is cancelled (its calendar event is archived)."""

    @checked_args
    def action_mark_missed(self):
        self._check_state_from(("planned", "checked_in"), self.env._("missed"))
        return self._transition("mark_missed")

    def _check_mark_missed(self):
        now = fields.Datetime.now()
        early = self.filtered(lambda v: v.planned_date > now)
        if early:
            raise UserError(
                self.env._(
                    "Status: visit %(visit)s is still ahead; only a past visit can be missed.",
                    visit=early[0].display_name,
                )
            )

    def _do_mark_missed(self):
        """Hook: the visit is missed (its calendar event is archived)."""

    @checked_args
    def action_reset_to_planned(self):
        self._check_state_from(("cancelled", "missed"), self.env._("planned"))
        return self._transition("reset_to_planned")

    def _do_reset_to_planned(self):
        # a visit checked in before it was cancelled goes back to where it was
        self.filtered("check_in_date")._write_internal({"state": "checked_in"})

    # ------------------------------------------------------------------ business
    def _check_state_from(self, allowed, target):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for visit in self:
            if visit.state not in allowed:
                raise UserError(
                    self.env._(
                        "Status: visit %(visit)s is %(state)s and cannot be %(target)s.",
                        visit=visit.display_name,
                        state=labels[visit.state],
                        target=target,
                    )
                )

    def _check_in_place_position(self):
        """(latitude, longitude) of where the visit takes place, or ``()`` when unknown."""
        self.ensure_one()
        place = self.company_id.partner_id if self.visit_type == "reception" else self.partner_id
        # Odoo stores "not geolocated" as 0/0 (base_geolocalize does the same).
        if place and (place.partner_latitude or place.partner_longitude):
            return place.partner_latitude, place.partner_longitude
        return ()
