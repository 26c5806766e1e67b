import math
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty, plaintext2html

from ..tools import checked_args
from ..tools.guards import ACTION_SENTINEL, is_action

EARTH_RADIUS_KM = 6371.0088

VISIT_TYPES = [
    ("regular", "Regular Visit"),
    ("reception", "Reception (customer visits us)"),
    ("senior", "Senior-Management Visit"),
]

# Fields written only by the check-in/check-out buttons (server time, browser position).
CHECK_FIELDS = frozenset(
    {
        "check_in_date",
        "check_in_latitude",
        "check_in_longitude",
        "check_in_distance",
        "check_in_located",
        "check_out_date",
        "check_out_latitude",
        "check_out_longitude",
        "check_out_distance",
        "check_out_located",
    }
)
# What defines the visit: fixed once the visit is done.
PLAN_FIELDS = frozenset({"partner_id", "visit_type", "planned_date", "company_id"})
# Fields copied onto the participants' calendar event.
EVENT_FIELDS = frozenset(
    {
        "name",
        "partner_id",
        "planned_date",
        "duration",
        "user_id",
        "participant_ids",
        "senior_participant_ids",
        "visit_type",
        "expected_result",
        "agenda",
    }
)


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres between two WGS84 positions."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class KeyAccountVisit(models.Model):
    """A visit to a key account (客户拜访计划表), or its reception at our premises (客户接待).

    Planned with purpose, contacts, participants and expected result; recorded on the
    phone with check-in/check-out (server time, browser position), outcome, photos and
    next steps. ``planned`` → ``done`` / ``cancelled`` / ``missed``; the state moves only
    through the ``action_*`` methods, which hold the rules.
    """

    _name = "key.account.visit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Key Account Visit"
    _order = "planned_date desc, id desc"
    _check_company_auto = True

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
    calendar_event_id = fields.Many2one(
        "calendar.event", copy=False, readonly=True, ondelete="set null"
    )

    # --- record (from the phone)
    check_in_date = fields.Datetime("Check-in", copy=False, readonly=True)
    check_in_latitude = fields.Float("Check-in Latitude", digits=(10, 7), copy=False, readonly=True)
    check_in_longitude = fields.Float(
        "Check-in Longitude", digits=(10, 7), copy=False, readonly=True
    )
    check_in_located = fields.Boolean("Check-in Position Known", copy=False, readonly=True)
    check_in_distance = fields.Float(
        "Check-in Distance (km)",
        digits=(10, 3),
        copy=False,
        readonly=True,
        help="Distance between the check-in position and the visit place "
        "(the account's geolocation; our company's for a reception), when both are known.",
    )
    check_out_date = fields.Datetime("Check-out", copy=False, readonly=True)
    check_out_latitude = fields.Float(
        "Check-out Latitude", digits=(10, 7), copy=False, readonly=True
    )
    check_out_longitude = fields.Float(
        "Check-out Longitude", digits=(10, 7), copy=False, readonly=True
    )
    check_out_located = fields.Boolean("Check-out Position Known", copy=False, readonly=True)
    check_out_distance = fields.Float(
        "Check-out Distance (km)", digits=(10, 3), copy=False, readonly=True
    )
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
    contact_log_id = fields.Many2one(
        "key.account.contact.log",
        "Contact Log Entry",
        compute="_compute_contact_log_id",
        help="The entry the done visit wrote into the contact log (客户联络表).",
    )

    _sql_constraints = [
        (
            "duration_positive",
            "CHECK(duration > 0)",
            "Duration: a visit lasts more than 0 hours.",
        ),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("planned_date", "duration")
    def _compute_planned_end(self):
        for visit in self:
            visit.planned_end = visit.planned_date and visit.planned_date + timedelta(
                hours=visit.duration or 0
            )

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
            visit.place_located = bool(visit._visit_place_position())

    def _compute_contact_log_id(self):
        logs = self.env["key.account.contact.log"].search_fetch(
            [("visit_id", "in", self.ids)], ["visit_id"]
        )
        by_visit = {log.visit_id.id: log for log in logs}
        for visit in self:
            visit.contact_log_id = by_visit.get(visit._origin.id, False)

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

    @api.constrains("expense_amount")
    def _check_expense_amount(self):
        for visit in self:
            if visit.expense_amount < 0:
                raise ValidationError(
                    self.env._(
                        "Visit Expenses of %(visit)s cannot be negative.",
                        visit=visit.display_name,
                    )
                )

    @api.constrains(
        "check_in_latitude", "check_in_longitude", "check_out_latitude", "check_out_longitude"
    )
    def _check_coordinates(self):
        for visit in self:
            self._check_position(
                visit.check_in_latitude, visit.check_in_longitude, self.env._("Check-in")
            )
            self._check_position(
                visit.check_out_latitude, visit.check_out_longitude, self.env._("Check-out")
            )

    @api.constrains("check_in_date", "check_out_date")
    def _check_check_out_after_check_in(self):
        for visit in self.filtered("check_out_date"):
            if not visit.check_in_date or visit.check_out_date < visit.check_in_date:
                raise ValidationError(
                    self.env._(
                        "Check-out: visit %(visit)s is checked out before it was checked in.",
                        visit=visit.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "planned") != "planned":
                raise UserError(
                    self.env._(
                        "Status: a visit is created as planned; use Done, Cancel or Missed "
                        "on the visit to move it on."
                    )
                )
            self._check_check_fields_not_written(vals)
        visits = super().create(vals_list)
        visits._sync_calendar_event()
        return visits

    def write(self, vals):
        internal = is_action(self.env, "key_account_visit_action")
        if not internal:
            if "state" in vals:
                raise UserError(
                    self.env._(
                        "Status: a visit moves on only through its buttons (Done, Cancel, "
                        "Missed, Back to Planned), which check the rules."
                    )
                )
            self._check_check_fields_not_written(vals)
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
        res = super().write(vals)
        if EVENT_FIELDS & set(vals):
            self._sync_calendar_event()
        return res

    def _check_check_fields_not_written(self, vals):
        written = CHECK_FIELDS & set(vals)
        if written and not self.env.su:
            raise UserError(
                self.env._(
                    "Check-in/Check-out (%(fields)s): recorded only by the Check-in and "
                    "Check-out buttons, with the server's time and the phone's position.",
                    fields=", ".join(sorted(written)),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_planned(self):
        done = self.filtered(lambda v: v.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "Visit %(visit)s is done and written into the contact log; it cannot be "
                    "deleted.",
                    visit=done[0].display_name,
                )
            )

    def unlink(self):
        events = self.calendar_event_id
        res = super().unlink()
        events.unlink()
        return res

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
        return self._record_position("check_in", latitude, longitude, self.env._("Check-in"))

    def action_check_out(self, latitude=None, longitude=None):
        """Check out now at the given browser position (both or neither coordinates)."""
        self.ensure_one()
        if self.state != "planned" or not self.check_in_date or self.check_out_date:
            raise UserError(
                self.env._(
                    "Check-out: visit %(visit)s must be planned, checked in first and not "
                    "checked out yet.",
                    visit=self.display_name,
                )
            )
        return self._record_position("check_out", latitude, longitude, self.env._("Check-out"))

    @checked_args
    def action_done(self):
        """Record the visit as done: contact-log entry, follow-up activities, visit due closed."""
        now = fields.Datetime.now()
        for visit in self:
            if visit.state != "planned":
                raise UserError(
                    self.env._(
                        "Status: visit %(visit)s is not planned, so it cannot be done.",
                        visit=visit.display_name,
                    )
                )
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
        self._internal_write({"state": "done"})
        self._write_contact_log()
        self.next_step_ids._schedule_activities()
        self.partner_id.activity_feedback(
            ["key_account_mgmt.mail_activity_type_kam_visit_due"],
            feedback=self.env._("Key account visited."),
        )
        return True

    @checked_args
    def action_cancel(self):
        self._check_state_from(("planned",), self.env._("cancelled"))
        self._internal_write({"state": "cancelled"})
        self.calendar_event_id.active = False
        return True

    @checked_args
    def action_mark_missed(self):
        self._check_state_from(("planned",), self.env._("missed"))
        now = fields.Datetime.now()
        early = self.filtered(lambda v: v.planned_date > now)
        if early:
            raise UserError(
                self.env._(
                    "Status: visit %(visit)s is still ahead; only a past visit can be missed.",
                    visit=early[0].display_name,
                )
            )
        self._internal_write({"state": "missed"})
        self.calendar_event_id.active = False
        return True

    @checked_args
    def action_reset_to_planned(self):
        self._check_state_from(("cancelled", "missed"), self.env._("planned"))
        self._internal_write({"state": "planned"})
        self.with_context(active_test=False).calendar_event_id.active = True
        return True

    @checked_args
    def action_open_calendar_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.calendar_event_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ business
    def _internal_write(self, vals):
        # a value no RPC client can send (see tools/guards.py)
        return self.with_context(key_account_visit_action=ACTION_SENTINEL).write(vals)

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

    def _visit_place_position(self):
        """(latitude, longitude) of where the visit takes place, or None when unknown."""
        self.ensure_one()
        place = self.company_id.partner_id if self.visit_type == "reception" else self.partner_id
        # Odoo stores "not geolocated" as 0/0 (base_geolocalize does the same).
        if place and (place.partner_latitude or place.partner_longitude):
            return place.partner_latitude, place.partner_longitude
        return None

    def _record_position(self, prefix, latitude, longitude, label):
        self._check_position(latitude, longitude, label)
        located = latitude is not None and latitude is not False
        vals = {
            f"{prefix}_date": fields.Datetime.now(),
            f"{prefix}_located": located,
            f"{prefix}_latitude": latitude if located else False,
            f"{prefix}_longitude": longitude if located else False,
            f"{prefix}_distance": False,
        }
        place = self._visit_place_position()
        if located and place:
            vals[f"{prefix}_distance"] = round(haversine_km(latitude, longitude, *place), 3)
        self._internal_write(vals)
        return True

    def _calendar_event_vals(self):
        self.ensure_one()
        users = self.user_id | self.participant_ids | self.senior_participant_ids
        parts = [plaintext2html(self.expected_result)] if self.expected_result else []
        if not is_html_empty(self.agenda):
            parts.append(self.agenda)
        description = Markup("").join(parts) or False
        return {
            "name": self.env._("Visit: %(visit)s", visit=self.display_name),
            "start": self.planned_date,
            "stop": self.planned_end,
            "duration": self.duration,
            "user_id": self.user_id.id,
            "partner_ids": [fields.Command.set(users.partner_id.ids)],
            "location": (
                self.company_id.partner_id if self.visit_type == "reception" else self.partner_id
            ).contact_address.strip()
            or False,
            "description": description,
        }

    def _sync_calendar_event(self):
        """Create or update the participants' calendar event of each visit."""
        Event = self.env["calendar.event"]
        to_create = self.filtered(lambda v: not v.calendar_event_id)
        for visit in self - to_create:
            event = visit.calendar_event_id
            vals = visit._calendar_event_vals()
            # Only what changed: a rewritten start would re-send the invitations.
            changed = {
                key: value
                for key, value in vals.items()
                if key != "partner_ids"
                and (event[key].id if key == "user_id" else event[key] or False) != value
            }
            users = visit.user_id | visit.participant_ids | visit.senior_participant_ids
            if set(users.partner_id.ids) != set(event.partner_ids.ids):
                changed["partner_ids"] = vals["partner_ids"]
            if changed:
                event.write(changed)
        if to_create:
            events = Event.create([visit._calendar_event_vals() for visit in to_create])
            for visit, event in zip(to_create, events, strict=True):
                visit._internal_write({"calendar_event_id": event.id})

    def _write_contact_log(self):
        """Write (once) the contact-log entry of each done visit; a redone visit updates it."""
        Log = self.env["key.account.contact.log"].with_context(
            key_account_visit_action=ACTION_SENTINEL
        )
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
