import base64
import json

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.key_account_mgmt.tests.common import KeyAccountCase


@tagged("post_install", "-at_install")
class TestDashboard(KeyAccountCase):
    """The Key Accounts dashboard: shipped data bound to the addon's models, sample for
    an empty database, visible to KAM managers and directors only."""

    def _dashboard(self):
        return self.env.ref("key_account_mgmt.spreadsheet_dashboard_key_accounts")

    def test_data_bound_to_the_models(self):
        """The pivots and lists read the addon's models with fields that exist."""
        data = json.loads(self._dashboard().spreadsheet_data)
        sources = list(data["pivots"].values()) + list(data["lists"].values())
        self.assertEqual(
            {s["model"] for s in sources},
            {"res.partner", "sale.order", "key.account.visit", "stock.picking"},
        )
        for source in sources:
            Model = self.env[source["model"]]
            names = source.get("columns", []) if "orderBy" in source else []
            names += [
                d["fieldName"]
                for d in source.get("rows", []) + source.get("columns", [])
                if isinstance(d, dict)
            ]
            for name in names:
                self.assertIn(name, Model._fields, f"{source['name']}: {name}")
            # the domain is valid for the model
            Model.search_count(source["domain"])
        cells = data["sheets"][0]["cells"]
        links = [c["content"] for c in cells.values() if c["content"].startswith("[")]
        self.assertEqual(len(links), 5, "every section title opens its records")

    def test_visibility(self):
        """Managers and directors see the dashboard; a specialist does not."""
        Dashboard = self.env["spreadsheet.dashboard"]
        dashboard = self._dashboard()
        for user in (self.manager, self.director):
            self.assertIn(dashboard, Dashboard.with_user(user).search([]))
        self.assertNotIn(dashboard, Dashboard.with_user(self.specialist).search([]))
        menu = self.env.ref("key_account_mgmt.key_account_dashboard_menu")
        visible = self.env["ir.ui.menu"].with_user(self.specialist)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)
        visible = self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        self.assertIn(menu.id, visible)

    def test_sample_when_empty(self):
        """A manager who sees key accounts gets live data; without any, the sample."""
        dashboard = self._dashboard().with_user(self.manager)
        self._make_key_account("Dashboard Customer")
        self.assertFalse(dashboard.get_readonly_dashboard().get("is_sample"))
        self.env.cr.execute("UPDATE res_partner SET is_key_account = FALSE")
        self.env.invalidate_all()
        result = dashboard.get_readonly_dashboard()
        self.assertTrue(result["is_sample"])
        self.assertIn("sample data", json.dumps(result["snapshot"]))


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    """A KAM manager opens the Key Accounts app on its dashboard and follows a figure."""

    def test_dashboard_tour(self):
        """The tour as a KAM manager (key_account_dashboard_tour.js)."""
        manager = new_test_user(
            self.env,
            login="kam_dash_manager",
            name="KAM Dashboard Manager",
            groups="base.group_user,key_account_mgmt.group_kam_manager",
        )
        # a key account, through the qualification flow
        partner = self.env["res.partner"].create({"name": "Dashboard Customer", "is_company": True})
        app = self.env["key.account.application"].create(
            {
                "partner_id": partner.id,
                "requested_tier_id": self.env.ref("key_account_mgmt.key_account_tier_b").id,
                "account_manager_id": manager.id,
                # an application names its office (issue 11)
                "team_id": self.env["crm.team"]
                .create({"name": "KAM Dashboard Office", "user_id": manager.id})
                .id,
                "has_signed_contract": True,
                "ties_up_funds": True,
                "good_credit_standing": True,
            }
        )
        for line in app.document_ids:
            line.attachment_ids = [
                Command.create({"name": "doc.pdf", "datas": base64.b64encode(b"%PDF-1.4")})
            ]
        app.action_submit()
        app.action_approval_approve()
        self.assertTrue(partner.is_key_account)
        dashboard = self.env.ref("key_account_mgmt.spreadsheet_dashboard_key_accounts")
        self.assertFalse(dashboard.with_user(manager).get_readonly_dashboard().get("is_sample"))
        self.start_tour("/odoo", "key_account_dashboard_tour", login="kam_dash_manager")
