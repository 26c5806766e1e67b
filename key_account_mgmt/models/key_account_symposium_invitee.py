"""A key account invited to a symposium (key.account.symposium.invitee): its invited
contacts, attendance and feedback, and the rules on them (key accounts only, once per
symposium, ratings from attendees, lines re-targeted only by those who invite)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KeyAccountSymposiumInvitee(models.Model):
    """A key account invited to a symposium, with the contacts invited, the attendance and
    the feedback collected from it."""

    _name = "key.account.symposium.invitee"
    _description = "Key Account Symposium Invitee"
    _order = "symposium_date desc, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    symposium_id = fields.Many2one(
        "key.account.symposium", required=True, ondelete="cascade", index=True
    )
    symposium_date = fields.Datetime(related="symposium_id.date", store=True)
    symposium_state = fields.Selection(related="symposium_id.state")
    company_id = fields.Many2one(related="symposium_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        "Key Account",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_key_account', '=', True)]",
    )
    contact_ids = fields.Many2many(
        "res.partner",
        "key_account_symposium_invitee_contact_rel",
        "invitee_id",
        "contact_id",
        "Invited Contacts",
        domain="[('parent_id', '=', partner_id)]",
    )
    attendance = fields.Selection(
        [
            ("invited", "Invited"),
            ("attended", "Attended"),
            ("absent", "Absent"),
            ("excused", "Excused"),
        ],
        required=True,
        default="invited",
    )
    rating = fields.Selection(
        [("1", "Poor"), ("2", "Fair"), ("3", "Good"), ("4", "Very Good"), ("5", "Excellent")],
        "Satisfaction",
    )
    feedback = fields.Text(help="Views of the account on products, service, marketing, plans.")

    _sql_constraints = [
        (
            "symposium_partner_uniq",
            "unique(symposium_id, partner_id)",
            "Invited Accounts: a key account is invited once per symposium.",
        ),
    ]

    def write(self, vals):
        moved = bool({"partner_id", "symposium_id"} & set(vals))
        if moved:
            # Lines are re-targeted only by those who invite (create rights); account
            # teams record attendance and feedback on their own accounts' lines.
            self.check_access("create")
        res = super().write(vals)
        if moved:
            # and the line must still be one the user may write (its new account)
            self.check_access("write")
        return res

    @api.constrains("partner_id")
    def _check_key_account(self):
        self.partner_id._check_key_account_only(self.env._("symposium invitations"))

    @api.constrains("partner_id", "contact_ids")
    def _check_contacts(self):
        for rec in self:
            rec.partner_id._check_key_account_contacts(
                rec.contact_ids, self.env._("Invited Contacts")
            )

    @api.constrains("attendance", "rating")
    def _check_feedback_from_attendees(self):
        for rec in self:
            if rec.attendance in ("absent", "excused") and rec.rating:
                raise ValidationError(
                    self.env._(
                        "Satisfaction: %(partner)s did not attend; its satisfaction rating "
                        "comes from the symposium it attended.",
                        partner=rec.partner_id.display_name,
                    )
                )
