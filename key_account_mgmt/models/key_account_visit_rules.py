"""Rules of a visit (key.account.visit) that hold for every value a client sends:
durations and the expenses' maximum within sane bounds (not negative is a SQL ``CHECK``
on the visit), numbers that are numbers, the calendar event never re-pointed by a
client, and one visit per check-in or check-out call."""

import math

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from ..tools import checked_args
from ..tools.dates import ends_after_year_9999
from ..tools.guards import check_finite_numbers
from ..tools.sql_checks import sql_checks

# A visit, a reception or a senior-management visit takes at most a day (travel to a
# remote plant and the dinner included); a longer one is a typing error or a forged value
# (and would block the participants' calendars for weeks).
VISIT_MAX_HOURS = 24.0
# Travel, meals and hospitality of one visit, in company currency; above it, a typing
# error or a forged value that would distort the expense KPIs.
VISIT_MAX_EXPENSE = 1_000_000.0


class KeyAccountVisit(models.Model):
    _inherit = "key.account.visit"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ constraints
    @api.constrains("planned_date", "duration")
    def _check_duration(self):
        for visit in self:
            duration = visit.duration
            if not math.isfinite(duration) or not 0 < duration <= VISIT_MAX_HOURS:
                raise ValidationError(
                    self.env._(
                        "Duration (hours): visit %(visit)s lasts %(hours)s hours; a visit lasts "
                        "more than 0 and at most %(max)s hours.",
                        visit=visit.display_name,
                        hours=duration,
                        max=VISIT_MAX_HOURS,
                    )
                )
            if ends_after_year_9999(visit.planned_date, duration):
                raise ValidationError(
                    self.env._(
                        "Planned Date: visit %(visit)s would end after the year 9999; plan it "
                        "at a real date.",
                        visit=visit.display_name,
                    )
                )

    @api.constrains("expense_amount")
    def _check_expense_amount_maximum(self):
        for visit in self:
            amount = visit.expense_amount
            if not math.isfinite(amount) or amount > VISIT_MAX_EXPENSE:
                raise ValidationError(
                    self.env._(
                        "Visit Expenses of %(visit)s: %(amount)s is above the maximum of "
                        "%(max)s for one visit.",
                        visit=visit.display_name,
                        amount=amount,
                        max=VISIT_MAX_EXPENSE,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_client_vals(vals)
        # a violated SQL CHECK (expenses, distances) is the caller's ValidationError now
        # (the state machine of branch i-engine does the same for every document)
        with sql_checks(self, {fname for vals in vals_list for fname in vals}) as flush:
            visits = super().create(vals_list)
            flush(visits)
        return visits

    def write(self, vals):
        self._check_client_vals(vals)
        with sql_checks(self, vals) as flush:
            res = super().write(vals)
            flush(self)
        return res

    def _check_client_vals(self, vals):
        check_finite_numbers(self, vals)
        # the participants' event is the visit's own, made and updated by the visit: a
        # client re-pointing it would have the visit rewrite someone else's event
        if "calendar_event_id" in vals and not self._in_transition():
            raise UserError(
                self.env._(
                    "Calendar Event: the event of a visit is created and updated by the visit "
                    "itself; it cannot be set by hand."
                )
            )

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_check_in(self, latitude: float | None = None, longitude: float | None = None):
        """Check in now at the given browser position (both or neither coordinates)."""
        self._check_one_visit(self.env._("Check-in"))
        return super().action_check_in(latitude=latitude, longitude=longitude)

    @checked_args
    def action_check_out(self, latitude: float | None = None, longitude: float | None = None):
        """Check out now at the given browser position (both or neither coordinates)."""
        self._check_one_visit(self.env._("Check-out"))
        return super().action_check_out(latitude=latitude, longitude=longitude)

    def _check_one_visit(self, label):
        if len(self) != 1:
            raise UserError(
                self.env._(
                    "%(what)s: records the position of one visit at a time (%(count)s given).",
                    what=label,
                    count=len(self),
                )
            )
