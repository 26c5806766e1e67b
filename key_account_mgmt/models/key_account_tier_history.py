from odoo import fields, models


class KeyAccountTierHistory(models.Model):
    """One line per tier change of a key account, with who, when and why."""

    _name = "key.account.tier.history"
    _description = "Key Account Tier History"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", "Key Account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    old_tier_id = fields.Many2one("key.account.tier", "Previous Tier", ondelete="restrict")
    new_tier_id = fields.Many2one("key.account.tier", ondelete="restrict")
    reason = fields.Text(required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", "Changed By", required=True, default=lambda self: self.env.user
    )
