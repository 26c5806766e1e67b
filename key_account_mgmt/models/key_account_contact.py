from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import checked_args

# Gift requests whose recipient is fixed: the person counts in the yearly cap.
GIFT_FIXED_STATES = ("to_approve", "approved", "issued")


class KeyAccountContact(models.Model):
    """A key contact of a key account: the relationship map (客户关系网络).

    The contact is a person of the account's company. Once a gift request to it is
    submitted, the key contact keeps its person and its account: the gift counts in
    that person's yearly cap.
    """

    _name = "key.account.contact"
    _inherit = ["key.account.account.line"]
    _description = "Key Account Contact"
    _order = "influence_sequence, id"
    # Shown and searched by the person's name (e.g. as a gift's recipient).
    _rec_name = "contact_id"

    partner_id = fields.Many2one(
        "res.partner", "Key Account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
    contact_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    function = fields.Char(related="contact_id.function", readonly=False)
    phone = fields.Char(related="contact_id.phone")
    email = fields.Char(related="contact_id.email")
    role = fields.Selection(
        [
            ("decision_maker", "Decision Maker"),
            ("influencer", "Influencer"),
            ("purchaser", "Purchaser"),
            ("user", "User"),
            ("technical", "Technical Evaluator"),
            ("finance", "Finance"),
            ("gatekeeper", "Gatekeeper"),
        ],
        required=True,
        default="influencer",
    )
    influence = fields.Selection(
        [("high", "High"), ("medium", "Medium"), ("low", "Low")],
        required=True,
        default="medium",
    )
    influence_sequence = fields.Integer(compute="_compute_influence_sequence", store=True)
    attitude = fields.Selection(
        [("supporter", "Supporter"), ("neutral", "Neutral"), ("opponent", "Opponent")],
        default="neutral",
    )
    notes = fields.Text()

    @api.depends("influence")
    def _compute_influence_sequence(self):
        order = {"high": 1, "medium": 2, "low": 3}
        for rec in self:
            rec.influence_sequence = order.get(rec.influence, 9)

    @api.constrains("partner_id", "contact_id")
    def _check_contact(self):
        for rec in self:
            if rec.contact_id == rec.partner_id:
                raise ValidationError(
                    self.env._(
                        "Key contact: the contact must be a person of %(account)s, "
                        "not the account itself.",
                        account=rec.partner_id.display_name,
                    )
                )
            contact = rec.contact_id.sudo()
            if contact.is_company or contact.commercial_partner_id != rec.partner_id:
                raise ValidationError(
                    self.env._(
                        "Contact: %(contact)s is not a person of %(account)s; a key contact "
                        "is one of the account's own people.",
                        contact=contact.display_name,
                        account=rec.partner_id.sudo().display_name,
                    )
                )

    @api.model
    @checked_args
    def name_create(self, name: str):
        """Quick-create a key contact from its person's name (e.g. a gift's recipient).

        The person is created as a contact of the account (``default_partner_id``, the
        account picked on the form); the key contact's own rules then apply as on any
        create: the author must be allowed to work on that account.
        """
        self.check_access("create")
        name = (name or "").strip()
        if not name:
            raise UserError(self.env._("Contact: give the name of the person."))
        account_id = self.env.context.get("default_partner_id")
        valid_id = isinstance(account_id, int) and not isinstance(account_id, bool)
        account = self.env["res.partner"].browse(account_id if valid_id else [])
        if not account.exists():
            raise UserError(
                self.env._(
                    "Key Account: choose the key account first; the new contact is one of "
                    "its people."
                )
            )
        self._check_target_accounts([{"partner_id": account.id}])
        person = self.env["res.partner"].create(
            {"name": name, "parent_id": account.id, "type": "contact", "is_company": False}
        )
        contact = self.create({"partner_id": account.id, "contact_id": person.id})
        return contact.id, contact.display_name

    def write(self, vals):
        if {"partner_id", "contact_id"} & set(vals):
            self._check_not_gift_recipient(vals)
        return super().write(vals)

    def _check_not_gift_recipient(self, vals):
        """A key contact with submitted or granted gifts keeps its person and account."""
        changing = self.filtered(
            lambda c: (
                ("contact_id" in vals and c.contact_id.id != vals["contact_id"])
                or ("partner_id" in vals and c.partner_id.id != vals["partner_id"])
            )
        )
        if not changing:
            return
        # sudo: gifts of the contact filed by anyone count, whoever edits the contact
        gifts = (
            self.env["key.account.gift.request"]
            .sudo()
            .search(
                [("recipient_id", "in", changing.ids), ("state", "in", GIFT_FIXED_STATES)],
                limit=1,
            )
        )
        if gifts:
            raise UserError(
                self.env._(
                    "Contact: %(contact)s is the recipient of gift request %(gift)s; the key "
                    "contact keeps its person and account (the gift counts in that person's "
                    "yearly cap). Add a new key contact instead.",
                    contact=gifts.recipient_id.display_name,
                    gift=gifts.name,
                )
            )
