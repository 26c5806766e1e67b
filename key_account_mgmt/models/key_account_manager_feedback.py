from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class KeyAccountManagerFeedback(models.Model):
    """What a key account says about its account manager (seed 004), so that KAM managers
    and directors can reassign accounts. Confidential: the account manager concerned does
    not see it (record rules), only KAM managers and directors do."""

    _name = "key.account.manager.feedback"
    _inherit = ["mail.thread"]
    _description = "Key Account Feedback on the Account Manager"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        "Key Account",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_key_account', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    account_manager_id = fields.Many2one(
        "res.users",
        compute="_compute_account_manager_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="The account manager the feedback is about (by default the account's current one).",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    rating = fields.Selection(
        [
            ("1", "Very Dissatisfied"),
            ("2", "Dissatisfied"),
            ("3", "Neutral"),
            ("4", "Satisfied"),
            ("5", "Very Satisfied"),
        ],
        required=True,
        default="3",
        tracking=True,
    )
    feedback = fields.Text(required=True)
    source_contact_id = fields.Many2one(
        "res.partner",
        "Given by",
        domain="[('parent_id', '=', partner_id)]",
        help="The person of the account who gave the feedback.",
    )
    recorded_by_id = fields.Many2one(
        "res.users", "Recorded by", required=True, readonly=True, default=lambda self: self.env.user
    )
    reassignment_suggested = fields.Boolean(
        tracking=True, help="The account asks for another manager."
    )

    @api.depends("partner_id")
    def _compute_account_manager_id(self):
        for rec in self:
            if not rec.account_manager_id:
                rec.account_manager_id = rec.partner_id.key_account_manager_id

    @api.constrains("partner_id", "account_manager_id")
    def _check_key_account(self):
        self.partner_id._check_key_account_only(self.env._("feedback records"))
        for rec in self:
            if not rec.account_manager_id:
                raise ValidationError(
                    self.env._(
                        "Account Manager: feedback on %(partner)s must name the account "
                        "manager it is about.",
                        partner=rec.partner_id.display_name,
                    )
                )

    @api.constrains("account_manager_id")
    def _check_account_manager(self):
        # The field is editable (a feedback may be about a former manager): it must
        # still name a key-account user, not any user or a portal user.
        for rec in self:
            user = rec.account_manager_id
            if user and (user.share or not user.has_group("key_account_mgmt.group_kam_specialist")):
                raise ValidationError(
                    self.env._(
                        "Account Manager: %(user)s is not a key-account user; the feedback "
                        "must be about an account manager.",
                        user=user.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # Who recorded it is the user who did, whatever the caller sends.
        for vals in vals_list:
            vals["recorded_by_id"] = self.env.user.id
        return super().create(vals_list)

    def write(self, vals):
        if "recorded_by_id" in vals and not self.env.su:
            raise UserError(
                self.env._("Recorded by: set when the feedback is recorded, not changed later.")
            )
        return super().write(vals)

    @api.depends("partner_id", "account_manager_id", "date")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = self.env._(
                "%(partner)s on %(manager)s (%(date)s)",
                partner=rec.partner_id.name or "",
                manager=rec.account_manager_id.name or "",
                date=rec.date or "",
            )
