from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    key_account_delegator_ids = fields.Many2many(
        "res.users",
        compute="_compute_key_account_delegator_ids",
        string="Delegators",
        help="Users who gave this user a written delegation (any dates): their approval "
        "steps are visible to him; acting on them is limited to the delegation's dates.",
    )

    def _compute_key_account_delegator_ids(self):
        delegations = (
            self.env["key.account.delegation"]
            .sudo()
            .search([("delegate_id", "in", self.ids), ("attachment_ids", "!=", False)])
        )
        for user in self:
            user.key_account_delegator_ids = delegations.filtered(
                lambda d, u=user: d.delegate_id == u
            ).delegator_id

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        if not all(users.mapped("share")):
            # a new member of the approvers' groups (key.account.approval's
            # _approver_group_members, kept in the registry cache; Odoo clears that cache
            # when users' groups change, not when users are created)
            self.env.registry.clear_cache()
        return users
