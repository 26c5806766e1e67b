"""Check-in and check-out on the spot (key.account.check.in.mixin).

Owns the check-in/check-out fields (server time, browser position, distance to the
place), their validation (WGS84 pairs, check-out after check-in, distances not negative
as SQL ``CHECK``), the rule that only the document's own actions write them, and the
recording of a position (:meth:`_record_position`, through the state machine's
``_write_internal``). A consumer inherits it with ``key.account.state.machine`` and
says where it takes place with :meth:`_check_in_place_position`; the distance itself
is :func:`~..tools.geo.haversine_km`, plain Python.
"""

import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.geo import haversine_km

# Fields written only by the check-in/check-out actions (server time, browser position).
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


class KeyAccountCheckInMixin(models.AbstractModel):
    _name = "key.account.check.in.mixin"
    _inherit = ["key.account.state.machine"]
    _description = "Key Account Check-in/Check-out"

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

    _sql_constraints = [
        (
            "check_in_distance_not_negative",
            "CHECK(check_in_distance IS NULL OR check_in_distance >= 0)",
            "Check-in Distance (km): a distance is not negative.",
        ),
        (
            "check_out_distance_not_negative",
            "CHECK(check_out_distance IS NULL OR check_out_distance >= 0)",
            "Check-out Distance (km): a distance is not negative.",
        ),
    ]

    # ------------------------------------------------------------------ the place
    def _check_in_place_position(self):
        """(latitude, longitude) of where the document takes place, or ``()`` when
        unknown. The consumer says it (a visit: the account, or our company for a
        reception)."""
        return ()

    # ------------------------------------------------------------------ constraints
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

    @api.constrains(
        "check_in_latitude", "check_in_longitude", "check_out_latitude", "check_out_longitude"
    )
    def _check_coordinates(self):
        for record in self:
            self._check_position(
                record.check_in_latitude, record.check_in_longitude, self.env._("Check-in")
            )
            self._check_position(
                record.check_out_latitude, record.check_out_longitude, self.env._("Check-out")
            )

    @api.constrains("check_in_date", "check_out_date")
    def _check_check_out_after_check_in(self):
        for record in self.filtered("check_out_date"):
            if not record.check_in_date or record.check_out_date < record.check_in_date:
                raise ValidationError(
                    self.env._(
                        "Check-out: visit %(visit)s is checked out before it was checked in.",
                        visit=record.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self._in_transition():
            for vals in vals_list:
                self._check_check_fields_not_written(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self._in_transition():
            self._check_check_fields_not_written(vals)
        return super().write(vals)

    def _check_check_fields_not_written(self, vals):
        written = CHECK_FIELDS & set(vals)
        if written:
            raise UserError(
                self.env._(
                    "Check-in/Check-out (%(fields)s): recorded only by the Check-in and "
                    "Check-out buttons, with the server's time and the phone's position.",
                    fields=", ".join(sorted(written)),
                )
            )

    # ------------------------------------------------------------------ recording
    def _record_position(self, prefix, latitude, longitude, label):
        """Write ``<prefix>_*`` (``check_in`` or ``check_out``): now, the position given
        (both coordinates or neither) and the distance to the place when both are known."""
        self.ensure_one()
        self._check_position(latitude, longitude, label)
        located = latitude is not None and latitude is not False
        vals = {
            f"{prefix}_date": fields.Datetime.now(),
            f"{prefix}_located": located,
            f"{prefix}_latitude": latitude if located else False,
            f"{prefix}_longitude": longitude if located else False,
            f"{prefix}_distance": False,
        }
        place = self._check_in_place_position()
        if located and place:
            vals[f"{prefix}_distance"] = round(haversine_km(latitude, longitude, *place), 3)
        self._write_internal(vals)
        return True
