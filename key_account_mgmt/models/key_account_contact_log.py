"""The contact log (key.account.contact.log, 客户联络表): one interaction with a key
account, entered by hand or written by a done visit; owns its fields, its rules and the
rule that only the visit's own action links an entry to a visit."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.guards import is_action
from .key_account_state_machine import TRANSITION_KEY


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
    account_manager_id = fields.Many2one(
        "res.users",
        "Account Manager",
        related="partner_id.key_account_manager_id",
        store=True,
        index=True,
    )
    visit_id = fields.Many2one(
        "key.account.visit",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The done visit that wrote this entry.",
    )

    _sql_constraints = [
        ("visit_uniq", "unique(visit_id)", "Visit: a visit writes one contact-log entry."),
    ]

    @api.constrains("partner_id")
    def _check_key_account(self):
        self.partner_id._check_key_account_only(self.env._("contact logs"))

    @api.constrains("contact_id", "partner_id")
    def _check_contact(self):
        for log in self.filtered("contact_id"):
            log.partner_id._check_key_account_contacts(log.contact_id, self.env._("Contact"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_visit_link_not_written(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_visit_link_not_written(vals)
        return super().write(vals)

    def _check_visit_link_not_written(self, vals):
        # the entry of a done visit is written by the visit's own action only (a context
        # value no RPC client can produce, see key_account_state_machine.py)
        if "visit_id" in vals and not is_action(self.env, TRANSITION_KEY):
            raise UserError(
                self.env._(
                    "Visit: a contact-log entry is linked to a visit only by the visit "
                    "itself, when it is done."
                )
            )
