"""The participants' calendar event of a visit (key.account.visit).

Owns the event: its link on the visit, its creation with the visit, its update when
what it shows changes (only what changed, so the invitations are not re-sent), its
archiving when the visit is cancelled or missed and back, its deletion with the visit,
and its privacy (S8).

Every internal user reads every calendar event in Odoo (the calendar's own rule for
employees), so a record rule of a KAM group could not narrow it: rules of one user's
groups add up. Odoo's own event privacy does bind everybody: a private event shows
its organiser and time as "Busy" to anyone who is not an attendee, its title (the
account), place, description and attendees are hidden, and it cannot be grouped by
them. The visit itself (key.account.visit) is where the account team, the office and
the KAM department read visits, under the addon's rules.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import is_html_empty, plaintext2html

from ..tools import checked_args

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


class KeyAccountVisit(models.Model):
    _inherit = "key.account.visit"  # pylint: disable=consider-merging-classes-inherited

    calendar_event_id = fields.Many2one(
        "calendar.event", copy=False, readonly=True, ondelete="set null"
    )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._sync_calendar_event()
        return visits

    def write(self, vals):
        res = super().write(vals)
        if EVENT_FIELDS & set(vals):
            self._sync_calendar_event()
        return res

    def unlink(self):
        events = self.calendar_event_id
        res = super().unlink()
        events.unlink()
        return res

    # ------------------------------------------------------------------ states
    def _do_cancel(self):
        res = super()._do_cancel()
        self.calendar_event_id.active = False
        return res

    def _do_mark_missed(self):
        res = super()._do_mark_missed()
        self.calendar_event_id.active = False
        return res

    def _do_reset_to_planned(self):
        res = super()._do_reset_to_planned()
        self.with_context(active_test=False).calendar_event_id.active = True
        return res

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_open_calendar_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.calendar_event_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ the event
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
            "privacy": "private",
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
                visit._write_internal({"calendar_event_id": event.id})
