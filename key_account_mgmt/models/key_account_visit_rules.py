"""Rules of a visit that hold for every value a client sends: durations and expenses
within sane bounds, positions as WGS84 numbers, one visit per check-in, and the stored
computed fields (visit date, account manager) never written directly."""

import math
from datetime import datetime, timedelta

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from ..tools import checked_args
from ..tools.guards import (
    check_finite_numbers,
    is_action,
)

# A visit, a reception or a senior-management visit takes at most a day (travel to a
# remote plant and the dinner included); a longer one is a typing error or a forged value
# (and would block the participants' calendars for weeks).
VISIT_MAX_HOURS = 24.0
# Travel, meals and hospitality of one visit, in company currency; above it, a typing
# error or a forged value that would distort the expense KPIs.
VISIT_MAX_EXPENSE = 1_000_000.0


class KeyAccountVisit(models.Model):
    _inherit = "key.account.visit"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ computes
    @api.depends("planned_date", "duration")
    def _compute_planned_end(self):
        for visit in self:
            visit.planned_end = visit._visit_end()

    def _visit_end(self):
        """The planned end, or False when it cannot be represented (refused on save)."""
        self.ensure_one()
        if not self.planned_date:
            return False
        try:
            return self.planned_date + timedelta(hours=self.duration or 0)
        except (OverflowError, ValueError):
            return False

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
            if visit.planned_date and datetime.max - visit.planned_date < timedelta(hours=duration):
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

    @api.model
    def _check_position(self, latitude, longitude, label):
        """Refuse a position that is not a WGS84 pair (both values or neither, in range)."""
        if (latitude is None or latitude is False) != (longitude is None or longitude is False):
            raise ValidationError(
                self.env._(
                    "%(what)s position: latitude and longitude come together; give both "
                    "or neither.",
                    what=label,
                )
            )
        if latitude is None or latitude is False:
            return
        for value, name, bound in (
            (latitude, self.env._("latitude"), 90),
            (longitude, self.env._("longitude"), 180),
        ):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValidationError(
                    self.env._(
                        "%(what)s %(coordinate)s: %(value)s is not a number.",
                        what=label,
                        coordinate=name,
                        value=value,
                    )
                )
            if not -bound <= value <= bound or math.isnan(value):
                raise ValidationError(
                    self.env._(
                        "%(what)s %(coordinate)s: %(value)s is outside -%(bound)s..%(bound)s.",
                        what=label,
                        coordinate=name,
                        value=value,
                        bound=bound,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_client_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_client_vals(vals)
        return super().write(vals)

    def _check_client_vals(self, vals):
        check_finite_numbers(self, vals)
        # the participants' event is the visit's own, made and updated by the visit: a
        # client re-pointing it would have the visit rewrite someone else's event
        if "calendar_event_id" in vals and not (
            self.env.su or is_action(self.env, "key_account_visit_action")
        ):
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
