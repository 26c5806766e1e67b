"""The annual key-account symposium (key.account.symposium) and its states.

Owns the symposium's fields, its invitees' attendance figures and its state machine on
``key.account.state.machine``: planned → held (once every invitee's attendance is
known) or cancelled, through its buttons only.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import checked_args

# Defined before the symposium, which inherits it (models/__init__.py imports it later).
from . import key_account_state_machine  # noqa: F401


class KeyAccountSymposium(models.Model):
    """The annual key-account symposium (座谈会, seed 004): senior management meets the key
    accounts, hears their views on products, service and marketing and discusses plans.
    Invitees (one line per account) carry the attendance and the feedback collected."""

    _name = "key.account.symposium"
    _inherit = ["mail.thread", "mail.activity.mixin", "key.account.state.machine"]
    _description = "Key Account Symposium"
    _order = "date desc, id desc"
    _check_company_auto = True

    _TRANSITIONS = {
        "held": ("held", ("planned",)),
        "cancel": ("cancelled", ("planned",)),
    }
    _INITIAL_STATE = "planned"
    # the summary is written after the symposium, and a cancelled one may be corrected
    _EDITABLE_STATES = ("planned", "held", "cancelled")
    _DELETABLE_STATES = ("planned", "held", "cancelled")

    name = fields.Char(required=True, tracking=True)
    date = fields.Datetime(required=True, tracking=True)
    year = fields.Integer(compute="_compute_year", store=True, index=True)
    place = fields.Char(tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users", "Organizer", required=True, default=lambda self: self.env.user, tracking=True
    )
    agenda = fields.Html()
    state = fields.Selection(
        [("planned", "Planned"), ("held", "Held"), ("cancelled", "Cancelled")],
        required=True,
        default="planned",
        tracking=True,
        copy=False,
    )
    invitee_ids = fields.One2many(
        "key.account.symposium.invitee", "symposium_id", "Invited Accounts", copy=True
    )
    invitee_count = fields.Integer("Invited", compute="_compute_attendance")
    attended_count = fields.Integer("Attended", compute="_compute_attendance")
    summary = fields.Html(help="Conclusions of the symposium.")

    @api.depends("date")
    def _compute_year(self):
        for rec in self:
            rec.year = rec.date.year if rec.date else 0

    @api.depends("invitee_ids.attendance")
    def _compute_attendance(self):
        for rec in self:
            rec.invitee_count = len(rec.invitee_ids)
            rec.attended_count = len(rec.invitee_ids.filtered(lambda i: i.attendance == "attended"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "planned") != "planned" and not self._in_transition():
                raise UserError(self.env._("Status: a symposium is created as planned."))
        return super().create(vals_list)

    def _write_state_from_client(self, vals):
        raise UserError(self.env._("Status: a symposium moves on only through Held and Cancel."))

    @checked_args
    def action_held(self):
        """Close the symposium once the attendance of every invited account is known."""
        # the check reads every invitee as superuser: only for those who may close it
        self.check_access("write")
        self._check_planned()
        return self._transition("held")

    def _check_held(self):
        for rec in self:
            undecided = rec._undecided_invitees()
            if undecided:
                raise UserError(
                    self.env._(
                        "Attendance: record whether %(accounts)s attended %(symposium)s "
                        "before marking it held.",
                        accounts=", ".join(undecided.partner_id.mapped("display_name")),
                        symposium=rec.display_name,
                    )
                )

    @checked_args
    def action_cancel(self):
        self._check_planned()
        return self._transition("cancel")

    def _check_planned(self):
        for rec in self:
            if rec.state != "planned":
                raise UserError(
                    self.env._(
                        "Status: symposium %(symposium)s is no longer planned.",
                        symposium=rec.display_name,
                    )
                )

    def _undecided_invitees(self):
        # The organizer may not see every account's line (record rules follow the
        # accounts); the check covers all of them and reveals only their names.
        invitees_sudo = self.env["key.account.symposium.invitee"].sudo()
        return invitees_sudo.search(
            [("symposium_id", "in", self.ids), ("attendance", "=", "invited")]
        )
