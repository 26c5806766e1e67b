"""The analytic accounts of key accounts (Key Accounts plan, 单独记账): created here, one
per key account, for the partner's own company."""

from odoo import api, models


class AccountAnalyticAccount(models.Model):
    _inherit = "account.analytic.account"

    @api.model
    def _key_account_create_for(self, partners):
        """Give each key account of ``partners`` without one its analytic account.

        Analytic accounts are accounting configuration that KAM users cannot create
        themselves: created as the system, for the partner's own company only, after the
        caller checked the user's right on the partners.
        """
        todo = partners._key_account_only().filtered(
            lambda p: not p.key_account_analytic_account_id
        )
        if not todo:
            return self.browse()
        plan = self.env.ref("key_account_mgmt.account_analytic_plan_key_accounts")
        accounts_sudo = self.sudo().create(
            [
                {
                    "name": partner.name,
                    "code": partner.ref or False,
                    "plan_id": plan.id,
                    "partner_id": partner.id,
                    "company_id": partner.company_id.id,
                }
                for partner in todo
            ]
        )
        # the field is read-only for users: written with the account it names
        for partner_sudo, account in zip(todo.sudo(), accounts_sudo, strict=True):
            partner_sudo.key_account_analytic_account_id = account
        return accounts_sudo.sudo(False)
