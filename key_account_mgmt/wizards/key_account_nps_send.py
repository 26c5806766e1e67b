""" "Send satisfaction survey": invitations of the key contacts of the chosen key
accounts to the NPS survey for one period (one participation per contact, survey and
period: sending twice invites nobody twice)."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.survey_nps import NPS_KEY
from ..tools import checked_args
from ..tools.guards import ACTION_SENTINEL


class KeyAccountNpsSend(models.TransientModel):
    _name = "key.account.nps.send"
    _description = "Send Key Account Satisfaction Survey"

    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        default=lambda self: self.env.ref(
            "key_account_mgmt.survey_key_account_satisfaction", raise_if_not_found=False
        ),
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Key Accounts",
        domain=[("is_key_account", "=", True)],
        default=lambda self: self._default_partners(),
    )
    date_from = fields.Date("Survey Period Start", required=True)
    date_to = fields.Date("Survey Period End", required=True)

    @api.model
    def _default_partners(self):
        if self.env.context.get("active_model") == "res.partner":
            return self.env["res.partner"].browse(self.env.context.get("active_ids") or [])
        return self.env["res.partner"]

    @checked_args
    def action_send(self):
        """Create the participations (with their access links) and mail the invitations."""
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("Survey Period End cannot be before Survey Period Start."))
        if not self.partner_ids:
            raise UserError(self.env._("Key Accounts: choose at least one key account."))
        # the sender must be allowed to read the accounts and to manage the survey
        self.partner_ids.check_access("read")
        self.survey_id.check_access("read")
        accounts = self.partner_ids.sudo().filtered("is_key_account")
        if accounts != self.partner_ids.sudo():
            raise UserError(
                self.env._(
                    "Key Accounts: %(names)s are not key accounts.",
                    names=", ".join((self.partner_ids.sudo() - accounts).mapped("name")),
                )
            )
        Input = self.env["survey.user_input"].sudo()
        contacts = (
            self.env["key.account.contact"]
            .sudo()
            .search([("partner_id", "in", accounts.ids), ("contact_id.email", "!=", False)])
        )
        existing = Input.search(
            [
                ("survey_id", "=", self.survey_id.id),
                ("key_account_date_from", "=", self.date_from),
                ("partner_id", "in", contacts.contact_id.ids),
            ]
        )
        seen = {(i.key_account_id.id, i.partner_id.id) for i in existing}
        created = Input
        survey = self.survey_id.sudo()
        for contact in contacts:
            key = (contact.partner_id.id, contact.contact_id.id)
            if key in seen:
                continue
            seen.add(key)
            account = contact.partner_id
            created |= survey.with_context(**{NPS_KEY: ACTION_SENTINEL})._create_answer(
                partner=contact.contact_id,
                check_attempts=False,
                key_account_id=account.id,
                key_account_user_id=(account.key_account_manager_id or account.user_id).id,
                key_account_team_id=account.key_account_team_id.id,
                key_account_date_from=self.date_from,
                key_account_date_to=self.date_to,
            )
        template = self.env.ref("survey.mail_template_user_input_invite", raise_if_not_found=False)
        if template:
            for answer in created:
                template.sudo().send_mail(answer.id, force_send=False)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s satisfaction survey invitations sent.", count=len(created)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
