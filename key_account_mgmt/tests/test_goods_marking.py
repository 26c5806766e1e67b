from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_goods import KeyAccountGoodsCase


@tagged("post_install", "-at_install")
class TestKeyAccountMarking(KeyAccountGoodsCase):
    """S3.2: key-account goods are marked on moves, transfers and printed documents, and
    shipped on transfers of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._confirm(cls._order(cls.account))
        cls.picking = cls.order.picking_ids

    def test_delivery_is_marked_and_uses_ka_operation(self):
        """The order's delivery uses the KA/OUT type of the KA warehouse and is marked."""
        picking = self.picking
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.picking_type_id, self.ka_warehouse.key_account_out_type_id)
        self.assertIn("/KA/OUT/", picking.name)
        self.assertEqual(picking.location_id, self.ka_warehouse.lot_stock_id)
        self.assertEqual(picking.key_account_id, self.account)
        self.assertEqual(picking.move_ids.key_account_id, self.account)

    def test_warehouse_clerk_sees_the_mark(self):
        """A warehouse user reads and filters the mark by RPC and in the form."""
        Picking = self.env["stock.picking"].with_user(self.stock_user)
        data = Picking.browse(self.picking.id).read(["key_account_id"])[0]
        self.assertEqual(data["key_account_id"][0], self.account.id)
        self.assertEqual(Picking.search([("key_account_id", "=", self.account.id)]), self.picking)
        form = Form(self.picking.with_user(self.stock_user))
        self.assertEqual(form.key_account_id, self.account)
        move_data = self.picking.move_ids.with_user(self.stock_user).read(["key_account_id"])
        self.assertEqual(move_data[0]["key_account_id"][0], self.account.id)

    def test_backorder_and_return_keep_the_mark(self):
        """Backorders and returns of key-account goods stay marked and separate."""
        self._deliver(self.picking, 4)
        backorder = self.order.picking_ids - self.picking
        self.assertEqual(backorder.key_account_id, self.account)
        self.assertEqual(backorder.move_ids.key_account_id, self.account)
        wizard = Form(
            self.env["stock.return.picking"]
            .with_user(self.stock_user)
            .with_context(active_id=self.picking.id, active_model="stock.picking")
        ).save()
        wizard.product_return_moves.quantity = 1
        action = wizard.action_create_returns()
        returned = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(returned.key_account_id, self.account)

    def test_never_merged_with_ordinary_goods(self):
        """Moves of the same type and locations without a procurement group are grouped into
        transfers per key account: key-account goods never share one with others."""
        out_type = self.main_warehouse.out_type_id
        customers = self.env.ref("stock.stock_location_customers")
        Move = self.env["stock.move"].with_user(self.stock_user)

        def move(name, key_account=None):
            vals = {
                "name": name,
                "product_id": self.product.id,
                "product_uom_qty": 1,
                "product_uom": self.product.uom_id.id,
                "location_id": self.main_warehouse.lot_stock_id.id,
                "location_dest_id": customers.id,
                "picking_type_id": out_type.id,
            }
            if key_account:
                vals["key_account_id"] = key_account.id
            return Move.create(vals)

        ordinary = move("ordinary 1")
        keyed = move("key account 1", self.account)
        (ordinary | keyed)._action_confirm()
        self.assertTrue(ordinary.picking_id and keyed.picking_id)
        self.assertNotEqual(ordinary.picking_id, keyed.picking_id)
        self.assertFalse(ordinary.picking_id.key_account_id)
        self.assertEqual(keyed.picking_id.key_account_id, self.account)
        # later moves join the transfer of their own kind (and merge with its move)
        ordinary2 = move("ordinary 2")._action_confirm()
        keyed2 = move("key account 2", self.account)._action_confirm()
        self.assertEqual(ordinary2.picking_id, ordinary.picking_id)
        self.assertEqual(keyed2.picking_id, keyed.picking_id)
        ours = ordinary.picking_id.move_ids.filtered(lambda m: m.product_id == self.product)
        self.assertEqual(ours.mapped("product_uom_qty"), [2.0])
        self.assertEqual(keyed.picking_id.move_ids.mapped("product_uom_qty"), [2.0])
        self.assertEqual(keyed.picking_id.move_ids.key_account_id, self.account)
        other_account = self._make_key_account("Other Goods Customer")
        keyed3 = move("other account", other_account)
        keyed3._action_confirm()
        self.assertNotIn(keyed3.picking_id, ordinary.picking_id | keyed.picking_id)
        self.assertIn(
            "key_account_id", self.env["stock.move"]._prepare_merge_moves_distinct_fields()
        )

    def test_orders_from_the_same_warehouse_ship_apart(self):
        """An ordinary and a key-account order served from one warehouse never share a
        transfer, even when the key-account order ships from the main warehouse."""
        keyed = self._confirm(self._order(self.account, warehouse_id=self.main_warehouse.id))
        ordinary = self._confirm(self._order(self.customer, user=self.plain_user))
        self.assertEqual(keyed.warehouse_id, self.main_warehouse)
        self.assertTrue(keyed.picking_ids.key_account_id)
        self.assertFalse(ordinary.picking_ids.key_account_id)
        self.assertFalse(keyed.picking_ids & ordinary.picking_ids)

    def test_mark_cannot_be_removed_by_hand(self):
        """Writing the mark away by RPC is refused; a move added by hand inherits it."""
        with self.assertRaisesRegex(UserError, "cannot be changed by hand"):
            self.picking.move_ids.with_user(self.stock_user).write({"key_account_id": False})
        self.assertEqual(self.picking.move_ids.key_account_id, self.account)
        added = (
            self.env["stock.move"]
            .with_user(self.stock_user)
            .create(
                {
                    "name": "extra",
                    "picking_id": self.picking.id,
                    "product_id": self.product.id,
                    "product_uom_qty": 1,
                    "product_uom": self.product.uom_id.id,
                    "location_id": self.picking.location_id.id,
                    "location_dest_id": self.picking.location_dest_id.id,
                }
            )
        )
        self.assertEqual(added.key_account_id, self.account)

    def test_manual_delivery_to_key_account_is_marked(self):
        """A delivery typed in by hand for a key account is marked through its partner."""
        form = Form(self.env["stock.picking"].with_user(self.stock_user))
        form.picking_type_id = self.main_warehouse.out_type_id
        form.partner_id = self.account
        picking = form.save()
        self.assertEqual(picking.key_account_id, self.account)

    def _render(self, report_ref, records, user):
        html = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(report_ref, records.ids)[0]
        )
        return html.decode() if isinstance(html, bytes) else html

    def test_printed_documents_carry_the_mark(self):
        """Delivery slip, picking operations and transfer labels print the mark; an
        ordinary customer's documents do not."""
        self.picking.with_user(self.stock_user).action_assign()
        ordinary = self._confirm(self._order(self.customer, user=self.plain_user)).picking_ids
        ordinary.with_user(self.stock_user).action_assign()
        for report in (
            "stock.action_report_delivery",
            "stock.action_report_picking",
            "key_account_mgmt.action_report_transfer_label",
        ):
            html = self._render(report, self.picking, self.stock_user)
            self.assertIn("o_key_account_mark", html, report)
            self.assertIn("Goods Customer", html, report)
            plain = self._render(report, ordinary, self.stock_user)
            self.assertNotIn("o_key_account_mark", plain, report)
        slip = self._render("stock.action_report_delivery", self.picking, self.stock_user)
        self.assertIn("KEY-ACCOUNT GOODS", slip)
        self.assertIn("大客户货物", slip)
        self.assertIn("Ship separately", slip)
