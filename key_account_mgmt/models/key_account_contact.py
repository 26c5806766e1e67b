from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KeyAccountContact(models.Model):
    """A key contact of a key account: the relationship map (客户关系网络)."""

    _name = "key.account.contact"
    _description = "Key Account Contact"
    _order = "influence_sequence, id"
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
