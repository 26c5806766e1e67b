"""A key account's analytic account is shown by its name, not "X - X".

Odoo shows an analytic account as "[code] name - partner". The analytic account of a key
account is named after the account itself, so the partner suffix only repeats the name:
it is left out when the name already is the partner's name.
"""

from odoo import api, models


class AccountAnalyticAccount(models.Model):
    _inherit = "account.analytic.account"

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
