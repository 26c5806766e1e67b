"""Tier history (等级变更记录): one line per tier change of a key account, with who, when and
why; the lines are written here, by the change itself, never by a user."""

from odoo import api, fields, models


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

    @api.model
    def _values_for(self, partners, new_tier, reason):
        """The history lines of ``partners`` moving to ``new_tier``, read before the change
        is written (their current tier is the previous one)."""
        reason = reason or self.env._("Set outside a key-account qualification.")
        return [
            {
                "partner_id": partner.id,
                "company_id": (partner.company_id or new_tier.company_id or self.env.company).id,
                "old_tier_id": partner.key_account_tier_id.id,
                "new_tier_id": new_tier.id,
                "reason": reason,
            }
            for partner in partners
        ]

    @api.model
    def _record(self, values):
        """Write the lines of a change the user was allowed to make (lines are read-only
        for users: they are written as the system)."""
        return self.sudo().create(values).sudo(False)
