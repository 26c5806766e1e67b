"""A next step agreed during a visit (key.account.visit.next.step) and its follow-up
activity on the key account: the step's fields, the activity created once the visit is
done (``activity_id``/``scheduled`` written only by that, inside the visit's action) and
kept in step with the step."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.dates import days_after
from ..tools.guards import ACTION_SENTINEL, is_action
from .key_account_state_machine import TRANSITION_KEY

FOLLOW_UP_FIELDS = frozenset({"activity_id", "scheduled"})


class KeyAccountVisitNextStep(models.Model):
    """A next step agreed during a visit; becomes a follow-up activity on the key account
    (assignee, deadline) once the visit is done."""

    _name = "key.account.visit.next.step"
    _description = "Key Account Visit Next Step"
    _order = "date_deadline, id"
    _check_company_auto = True

    visit_id = fields.Many2one("key.account.visit", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(related="visit_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="visit_id.company_id", store=True, index=True)
    name = fields.Char("Next Step", required=True)
    user_id = fields.Many2one(
        "res.users",
        "Assigned to",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date_deadline = fields.Date(
        "Deadline",
        required=True,
        default=lambda self: days_after(fields.Date.context_today(self), 7),
    )
    activity_id = fields.Many2one("mail.activity", "Follow-up Activity", readonly=True, copy=False)
    scheduled = fields.Boolean(
        readonly=True,
        copy=False,
        help="The follow-up activity was created on the key account.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_follow_up_not_written(vals)
        steps = super().create(vals_list)
        # A step added to a visit that is already done is followed up at once.
        steps.filtered(lambda s: s.visit_id.state == "done")._schedule_activities()
        return steps

    def write(self, vals):
        self._check_follow_up_not_written(vals)
        if "visit_id" in vals and self.filtered("scheduled"):
            raise UserError(
                self.env._("Visit: a next step already followed up stays with its visit.")
            )
        res = super().write(vals)
        if "visit_id" in vals:
            # the step must still be one the user may write (the new visit's account)
            self.check_access("write")
        if {"name", "user_id", "date_deadline"} & set(vals):
            for step in self.filtered("activity_id"):
                step.activity_id.write(
                    {
                        "summary": step.name,
                        "user_id": step.user_id.id,
                        "date_deadline": step.date_deadline,
                    }
                )
        return res

    def _check_follow_up_not_written(self, vals):
        if FOLLOW_UP_FIELDS & set(vals) and not is_action(self.env, TRANSITION_KEY):
            raise UserError(self.env._("Follow-up Activity: set by the visit when it is done."))

    def _schedule_activities(self):
        """Create the follow-up activity of each step not scheduled yet (once)."""
        steps = self.filtered(lambda s: not s.scheduled)
        if not steps:
            return self.env["mail.activity"]
        activity_type = self.env.ref("key_account_mgmt.mail_activity_type_kam_visit_follow_up")
        model_id = self.env["ir.model"]._get_id("res.partner")
        # One activity at a time: created in one batch, two steps of the same assignee
        # would subscribe him twice to the account ("a partner cannot follow twice").
        activities = self.env["mail.activity"]
        for step in steps:
            activity = activities.create(
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": model_id,
                    "res_id": step.partner_id.id,
                    "user_id": step.user_id.id,
                    "summary": step.name,
                    "note": self.env._(
                        "Next step of the visit %(visit)s.", visit=step.visit_id.display_name
                    ),
                    "date_deadline": step.date_deadline,
                }
            )
            step.with_context(**{TRANSITION_KEY: ACTION_SENTINEL}).write(
                {"activity_id": activity.id, "scheduled": True}
            )
            activities |= activity
        return activities
