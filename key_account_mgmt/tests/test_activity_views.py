from odoo.tests import tagged

from .common import KeyAccountCase

ACTIONS = (
    "key_account_mgmt.key_account_application_action",
    "key_account_mgmt.key_account_gift_request_action",
    "key_account_mgmt.key_account_stock_release_action",
    "key_account_mgmt.key_account_visit_action",
    "key_account_mgmt.key_account_symposium_action",
)


@tagged("post_install", "-at_install")
class TestActivityViews(KeyAccountCase):
    """The addon's documents open in Odoo's activity view, as an account manager."""

    def test_activity_view_loads(self):
        """Each document action offers the activity view and it loads for a specialist."""
        for xmlid in ACTIONS:
            action = self.env.ref(xmlid)
            with self.subTest(action=xmlid):
                self.assertIn("activity", action.view_mode.split(","))
                model = self.env[action.res_model].with_user(self.specialist)
                views = model.get_views([(False, "activity")])
                self.assertIn("activity", views["views"])
                self.assertIn("<activity", views["views"]["activity"]["arch"])
