from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KeyAccountContactLog(models.Model):
    """One interaction with a key account (客户联络表): when, how, with whom, about what."""

    _name = "key.account.contact.log"
    _inherit = ["mail.thread"]
    _description = "Key Account Contact Log"
    _order = "date desc, id desc"
    _rec_name = "topic"
    _check_company_auto = True

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
    contact_id = fields.Many2one(
        "res.partner", domain="[('parent_id', '=', partner_id)]", check_company=True
    )
    user_id = fields.Many2one(
        "res.users", "Our Contact", required=True, default=lambda self: self.env.user, index=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, tracking=True)
    form = fields.Selection(
        [
            ("meeting", "Meeting"),
            ("email", "E-mail"),
            ("phone", "Phone"),
            ("visit", "Visit"),
            ("other", "Other"),
        ],
        required=True,
        default="phone",
        tracking=True,
    )
    topic = fields.Char(required=True, tracking=True)
    result = fields.Text()

    @api.constrains("partner_id")
    def _check_key_account(self):
        for log in self:
            if not log.partner_id.is_key_account:
                raise ValidationError(
                    self.env._(
                        "Key Account: %(partner)s is not a key account; the contact log "
                        "is kept for key accounts only.",
                        partner=log.partner_id.display_name,
                    )
                )

    @api.constrains("contact_id", "partner_id")
    def _check_contact(self):
        for log in self.filtered("contact_id"):
            if log.contact_id.commercial_partner_id != log.partner_id:
                raise ValidationError(
                    self.env._(
                        "Contact: %(contact)s is not a contact of %(partner)s.",
                        contact=log.contact_id.display_name,
                        partner=log.partner_id.display_name,
                    )
                )
