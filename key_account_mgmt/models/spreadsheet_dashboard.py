from odoo import models


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    def _dashboard_is_empty(self):
        """The Key Accounts dashboard shows its sample while the user sees no key account
        (a new database): its figures are all about key accounts."""
        dashboard = self.env.ref(
            "key_account_mgmt.spreadsheet_dashboard_key_accounts", raise_if_not_found=False
        )
        if dashboard and self == dashboard:
            return not self.env["res.partner"].search_count(
                [("is_key_account", "=", True)], limit=1
            )
        return super()._dashboard_is_empty()
