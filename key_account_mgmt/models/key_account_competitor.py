from odoo import fields, models


class KeyAccountCompetitor(models.Model):
    """A competitor present at a key account, with our comparison (SWOT input)."""

    _name = "key.account.competitor"
    _inherit = ["key.account.account.line"]
    _description = "Key Account Competitor"
    _order = "share desc, id"

    partner_id = fields.Many2one(
        "res.partner", "Key Account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)
    name = fields.Char("Competitor", required=True)
    products = fields.Char("Their Products")
    share = fields.Float("Estimated Share (%)")
    strengths = fields.Text("Their Strengths")
    weaknesses = fields.Text("Their Weaknesses")
