"""The "Change Tier" wizard: the one place a user changes a key account's tier, with the
reason that goes into its tier history."""

from odoo import api, fields, models

from ..tools import checked_args


class KeyAccountTierChange(models.TransientModel):
    """Change a key account's tier with the reason that goes into its tier history."""

    _name = "key.account.tier.change"
    _description = "Change Key Account Tier"

    partner_id = fields.Many2one("res.partner", "Key Account", required=True)
    current_tier_id = fields.Many2one(related="partner_id.key_account_tier_id")
    new_tier_id = fields.Many2one("key.account.tier", required=True)
    reason = fields.Text(required=True)
    suggested_tier_id = fields.Many2one(
        "key.account.tier",
        compute="_compute_suggested_tier_id",
        help="The tier whose criteria match the account's credit score and annual revenue.",
    )

    @api.depends("partner_id")
    def _compute_suggested_tier_id(self):
        tiers = self.env["key.account.tier"]
        for wizard in self:
            partner = wizard.partner_id
            if partner and self.env.user.has_group("key_account_mgmt.group_kam_manager"):
                wizard.suggested_tier_id = tiers._match(
                    partner.credit_score,
                    partner.annual_revenue,
                    partner.company_id or self.env.company,
                )
            else:
                wizard.suggested_tier_id = False

    @checked_args
    def action_confirm(self):
        self.ensure_one()
        # the reason travels with the wizard's own change, never as a context key
        self.partner_id._key_account_change_tier(self.new_tier_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
