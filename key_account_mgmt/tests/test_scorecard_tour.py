import base64
import os
from pathlib import Path
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import ChromeBrowser
from odoo.tools.misc import file_path

from odoo.addons.key_account_mgmt.models.key_account_scorecard_snapshot import quarter_start


@tagged("post_install", "-at_install")
class TestScorecardTour(HttpCase):
    """The KAM director confirms a sales plan and reads the scorecard it scores."""

    def test_scorecard_tour(self):
        """The tour as the KAM director (key_account_scorecard_tour.js)."""
        new_test_user(
            self.env,
            login="kam_sc_director",
            name="Scorecard Director",
            groups="base.group_user,key_account_mgmt.group_kam_director",
        )
        seller = new_test_user(
            self.env,
            login="kam_sc_seller",
            name="Scorecard Seller",
            groups="base.group_user,key_account_mgmt.group_kam_specialist",
        )
        office_manager = new_test_user(
            self.env,
            login="kam_sc_office",
            name="Scorecard Office Manager",
            groups="base.group_user,key_account_mgmt.group_office_manager",
        )
        office = self.env["crm.team"].create(
            {"name": "Scorecard Office", "user_id": office_manager.id}
        )
        partner = self.env["res.partner"].create({"name": "Scorecard Customer", "is_company": True})
        app = self.env["key.account.application"].create(
            {
                "partner_id": partner.id,
                "requested_tier_id": self.env.ref("key_account_mgmt.key_account_tier_b").id,
                "account_manager_id": seller.id,
                "team_id": office.id,
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
        today = fields.Date.context_today(self.env["res.users"])
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": today,
                "invoice_user_id": seller.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Cement", "quantity": 1, "price_unit": 95000, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        plan = self.env["key.account.sales.plan"].create(
            {
                "scope": "user",
                "user_id": seller.id,
                "period_type": "quarter",
                "date_from": quarter_start(today),
                "planned_sales": 100000,
            }
        )
        shots = []
        stop = ChromeBrowser.stop

        def stop_after_screenshot(browser):
            shots.append(browser._websocket_request("Page.captureScreenshot")["data"])
            return stop(browser)

        with patch.object(ChromeBrowser, "stop", stop_after_screenshot):
            self.start_tour("/odoo", "key_account_scorecard_tour", login="kam_sc_director")
        png = base64.b64decode(shots[0])
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        # the README's screenshot, refreshed on demand (KAM_SCREENSHOTS=1)
        if os.environ.get("KAM_SCREENSHOTS"):
            folder = Path(file_path("key_account_mgmt/static/description"))
            (folder / "screenshot_scorecard.png").write_bytes(png)
        self.assertEqual(plan.state, "confirmed")
        card = self.env["key.account.scorecard"].search(
            [
                ("level", "=", "user"),
                ("user_id", "=", seller.id),
                ("date_from", "=", quarter_start(today)),
            ]
        )
        sales = card.line_ids.filtered(lambda x: x.metric == "sales_completion")
        self.assertEqual((sales.value, sales.points), (95, 24))
