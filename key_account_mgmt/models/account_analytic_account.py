"""The analytic accounts of key accounts (Key Accounts plan, 单独记账): created here, one
per key account, for the partner's own company, and shown by their name.

Odoo shows an analytic account as "[code] name - partner". The analytic account of a key
account is named after the account itself, so the partner suffix only repeats the name:
it is left out when the name already is the partner's name (no "X - X").
"""

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

    @api.depends("name", "code", "partner_id.commercial_partner_id.name")
    def _compute_display_name(self):
        res = super()._compute_display_name()
        for analytic in self:
            partner_name = analytic.partner_id.commercial_partner_id.name
            if partner_name and analytic.name == partner_name:
                name = analytic.name
                if analytic.code:
                    name = f"[{analytic.code}] {name}"
                analytic.display_name = name
        return res
