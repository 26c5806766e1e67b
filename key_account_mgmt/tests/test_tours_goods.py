from odoo.tests import HttpCase, tagged

from .common_goods import KeyAccountGoodsCase


@tagged("post_install", "-at_install")
class TestKeyAccountGoodsTour(HttpCase, KeyAccountGoodsCase):
    """Browser tour of key-account goods (desktop), then server-side checks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.name = "KAM Tour Goods Ltd"
        # the account manager also works in the warehouse
        cls.specialist.groups_id += cls.env.ref("stock.group_stock_user")
        cls.order = cls._confirm(cls._order(cls.account, qty=10))
        cls._deliver(cls.order.picking_ids, 4)
        cls.backorder = cls.order.picking_ids.filtered(lambda p: p.state != "done")
        cls.backorder.action_assign()

    def test_owed_goods_and_marked_delivery(self):
        """The account manager sees 6 owed, then the marked KA/OUT backorder."""
        self.start_tour(
            "/odoo/action-key_account_mgmt.key_account_owed_report_action",
            "key_account_goods_tour",
            login=self.specialist.login,
        )
        self.assertEqual(self.backorder.key_account_id, self.account)
        self.assertIn("/KA/OUT/", self.backorder.name)
        line = self.env["key.account.owed.report"].search([("order_id", "=", self.order.id)])
        self.assertEqual(line.qty_owed, 6.0)
