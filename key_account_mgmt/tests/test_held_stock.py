from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_held_stock import KeyAccountHeldStockCase


@tagged("post_install", "-at_install")
class TestHeldStock(KeyAccountHeldStockCase):
    """Stock held for a key account serves that account only (SPEC S3.7/8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(20)
        cls.stock = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")

    def _hold(self, qty=8, user=None):
        user = user or self.users["office"]
        action = self.account.with_user(user).action_key_account_hold_stock()
        form = Form(self.env[action["res_model"]].with_user(user).with_context(**action["context"]))
        form.product_id = self.product
        form.quantity = qty
        form.save().action_hold()
        return self.account._key_account_held_location(self.company, create=False)

    def _transfer(self, src, dest, qty, partner=None, picking_type=None, user=None):
        """A transfer made and validated over RPC by ``user`` (the stock user)."""
        user = user or self.stock_user
        picking = (
            self.env["stock.picking"]
            .with_user(user)
            .create(
                {
                    "picking_type_id": (picking_type or self.warehouse.int_type_id).id,
                    "partner_id": partner and partner.id,
                    "location_id": src.id,
                    "location_dest_id": dest.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.product.name,
                                "product_id": self.product.id,
                                "product_uom_qty": qty,
                                "location_id": src.id,
                                "location_dest_id": dest.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    # ------------------------------------------------------------------ holding
    def test_hold_moves_goods_out_of_office_stock(self):
        """The office manager holds 8: they leave the office's available figure."""
        held = self._hold(8)
        self.assertEqual(held.key_account_hold_partner_id, self.account)
        self.assertEqual(held.location_id, self.warehouse.view_location_id)
        self.assertNotIn(
            held, self.env["stock.location"].search([("id", "child_of", self.stock.id)])
        )
        self.assertEqual(self._quantity(held), 8)
        self.assertEqual(self._quantity(self.stock), 12)
        office = self.office.with_user(self.users["office"])
        self.assertEqual(office.key_account_qty_held, 8)
        self.assertEqual(office.key_account_qty_available, 12)
        self.assertEqual(self.account.with_user(self.specialist).key_account_held_qty, 8)
        # Odoo's own availability of the office stock location leaves the held goods out
        self.assertEqual(self.product.with_context(location=self.stock.id).free_qty, 12)

    def test_office_figures_count_accepted_goods_only(self):
        """Received goods count as office stock once accepted; held goods apart."""
        self._hold(8)
        picking = self._receive(qty=5)
        office = self.office.with_user(self.manager)
        office.invalidate_recordset()
        self.assertEqual(
            (office.key_account_qty_available, office.key_account_qty_awaiting), (12, 5)
        )
        self.assertEqual(office.key_account_receipt_count, 1)
        picking.with_user(self.manager).action_key_account_accept()
        office.invalidate_recordset()
        self.assertEqual(
            (office.key_account_qty_available, office.key_account_qty_awaiting), (17, 0)
        )
        self.assertEqual(office.key_account_qty_held, 8)

    def test_figures_cost_the_same_for_many_offices(self):
        """The office figures are three grouped queries, whatever the number of offices."""
        offices = self.office
        for i in range(3):
            wh = self.env["stock.warehouse"].create({"name": f"Office WH {i}", "code": f"OW{i}"})
            offices |= self.env["crm.team"].create(
                {
                    "name": f"Office {i}",
                    "company_id": self.company.id,
                    "key_account_warehouse_id": wh.id,
                }
            )
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=9):
            offices[:1].mapped("key_account_qty_available")
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=9):
            offices.mapped("key_account_qty_available")

    def test_only_kam_roles_and_stock_managers_hold(self):
        """A stock user or an ordinary salesperson cannot put goods on hold."""
        held = self._hold(2)
        with self.assertRaisesRegex(
            AccessError, "only KAM roles and stock managers put goods on hold"
        ):
            self._transfer(self.stock, held, 1)
        with self.assertRaises(AccessError):
            self.env["key.account.stock.hold"].with_user(self.plain_user).create(
                {"partner_id": self.account.id, "product_id": self.product.id, "quantity": 1}
            )
        # a stock manager may
        self._transfer(self.stock, held, 1, user=self.stock_manager)
        self.assertEqual(self._quantity(held), 3)

    def test_hold_more_than_available_refused(self):
        """Holding more than the office stock has is refused, nothing moves."""
        with self.assertRaisesRegex(UserError, "only 20.0 of .*Cement"):
            self._hold(25)
        self.assertEqual(self._quantity(self.stock), 20)

    # ------------------------------------------------------------------ bypass attempts
    def test_other_customers_delivery_refused(self):
        """A delivery to another customer from the held location is refused on reservation."""
        held = self._hold(8)
        with self.assertRaisesRegex(
            UserError, "held for key account Held Account Ltd.*customer Other Customer Ltd"
        ):
            self._transfer(
                held,
                self.customers,
                3,
                partner=self.other_customer,
                picking_type=self.warehouse.out_type_id,
            )
        self.assertEqual(self._quantity(held), 8)

    def test_reservation_from_the_warehouse_never_takes_held_goods(self):
        """Reserving from the whole warehouse takes the free stock only."""
        self._hold(8)
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.other_customer.id,
                "location_id": self.warehouse.view_location_id.id,
                "location_dest_id": self.customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "x",
                            "product_id": self.product.id,
                            "product_uom_qty": 15,
                            "location_id": self.warehouse.view_location_id.id,
                            "location_dest_id": self.customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(picking.move_ids.quantity, 12)
        self.assertEqual(picking.move_line_ids.location_id, self.stock)

    def test_delivery_to_the_account_itself_allowed(self):
        """The held goods go to their key account."""
        held = self._hold(8)
        picking = self._transfer(
            held, self.customers, 5, partner=self.account, picking_type=self.warehouse.out_type_id
        )
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._quantity(held), 3)

    def test_manual_move_and_move_line_refused(self):
        """Moving held goods back to stock or scrapping them is refused; so is a move line
        written onto the held location over RPC."""
        held = self._hold(8)
        with self.assertRaisesRegex(UserError, "internal use"):
            self._transfer(held, self.stock, 2, user=self.stock_manager)
        scrap = (
            self.env["stock.scrap"]
            .with_user(self.stock_user)
            .create({"product_id": self.product.id, "scrap_qty": 1, "location_id": held.id})
        )
        with self.assertRaisesRegex(UserError, "held for key account"):
            scrap.action_validate()
        delivery = (
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "partner_id": self.other_customer.id,
                    "location_id": self.stock.id,
                    "location_dest_id": self.customers.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": "x",
                                "product_id": self.product.id,
                                "product_uom_qty": 2,
                                "location_id": self.stock.id,
                                "location_dest_id": self.customers.id,
                            }
                        )
                    ],
                }
            )
        )
        delivery.action_confirm()
        delivery.action_assign()
        with self.assertRaisesRegex(UserError, "Other Customer Ltd"):
            delivery.move_line_ids.with_user(self.stock_user).write({"location_id": held.id})
        with self.assertRaisesRegex(UserError, "Other Customer Ltd"):
            self.env["stock.move.line"].with_user(self.plain_user).create(
                {
                    "move_id": delivery.move_ids.id,
                    "picking_id": delivery.id,
                    "product_id": self.product.id,
                    "location_id": held.id,
                    "location_dest_id": self.customers.id,
                    "quantity": 1,
                }
            )
        self.assertEqual(self._quantity(held), 8)

    def test_inventory_adjustment_by_non_manager_refused(self):
        """Counting held goods is for stock managers; a stock user is refused."""
        held = self._hold(8)
        quant = self.env["stock.quant"].search(
            [("location_id", "=", held.id), ("product_id", "=", self.product.id)]
        )
        Quant = self.env["stock.quant"].with_user(self.stock_user).with_context(inventory_mode=True)
        with self.assertRaisesRegex(AccessError, "only a stock manager may count or adjust it"):
            Quant.create(
                {"product_id": self.product.id, "location_id": held.id, "inventory_quantity": 0}
            )
        with self.assertRaisesRegex(AccessError, "only a stock manager"):
            quant.with_user(self.stock_user).with_context(inventory_mode=True).write(
                {"inventory_quantity": 0}
            )
        with self.assertRaisesRegex(AccessError, "only a stock manager"):
            quant.with_user(self.stock_user).action_apply_inventory()
        self.assertEqual(self._quantity(held), 8)
        # the stock manager corrects the count
        quant.with_user(self.stock_manager).with_context(inventory_mode=True).write(
            {"inventory_quantity": 7}
        )
        quant.with_user(self.stock_manager).action_apply_inventory()
        self.assertEqual(self._quantity(held), 7)

    def test_rpc_writes_refused(self):
        """Quants, the hold flag and release links cannot be written directly."""
        held = self._hold(8)
        quant = self.env["stock.quant"].search([("location_id", "=", held.id)])
        for user in (self.stock_user, self.stock_manager):
            with self.assertRaisesRegex(UserError, "never by writing the stock directly"):
                quant.with_user(user).write({"quantity": 0})
            with self.assertRaisesRegex(UserError, "never by writing the stock directly"):
                quant.with_user(user).write({"location_id": self.stock.id})
        with self.assertRaisesRegex(UserError, "never by writing the stock directly"):
            self.env["stock.quant"].with_user(self.stock_manager).create(
                {"product_id": self.product.id, "location_id": held.id, "quantity": 50}
            )
        with self.assertRaisesRegex(ValidationError, "cannot be set or cleared by hand"):
            held.with_user(self.stock_manager).write({"key_account_hold_partner_id": False})
        with self.assertRaisesRegex(ValidationError, "cannot be set or cleared by hand"):
            self.stock.with_user(self.stock_manager).write(
                {"key_account_hold_partner_id": self.other_customer.id}
            )
        with self.assertRaisesRegex(ValidationError, "cannot contain other locations"):
            self.env["stock.location"].sudo().create({"name": "Shelf", "location_id": held.id})
        self.assertEqual(self._quantity(held), 8)
