import math

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common_held_stock import KeyAccountHeldStockCase


@tagged("post_install", "-at_install")
class TestGoodsIntegrity(KeyAccountHeldStockCase):
    """Issue 9, goods: held goods, release requests, warehouses and receipts over RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(20)
        cls.stock = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        hold = (
            cls.env["key.account.stock.hold"]
            .with_user(cls.users["office"])
            .create({"partner_id": cls.account.id, "product_id": cls.product.id, "quantity": 8})
        )
        hold.action_hold()
        cls.held = cls.account._key_account_held_location(cls.company, create=False)

    def _picking(self, src, dest, qty, partner, picking_type, user=None):
        """A transfer created, confirmed and reserved over RPC by ``user`` (stock user)."""
        picking = (
            self.env["stock.picking"]
            .with_user(user or self.stock_user)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": partner.id,
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
        return picking

    def _validate(self, picking):
        picking.move_ids.quantity = picking.move_ids.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()

    def _deliver_held(self, qty=5):
        delivery = self._picking(
            self.held, self.customers, qty, self.account, self.warehouse.out_type_id
        )
        self._validate(delivery)
        self.assertEqual(delivery.state, "done")
        return delivery

    # ------------------------------------------------------------------ held goods
    def test_return_of_held_delivery_goes_back_into_the_hold(self):
        """A stock user returns a delivery of held goods: they go back into the held
        location (Odoo's return type would put them into available stock)."""
        delivery = self._deliver_held(5)
        self.assertEqual(self._quantity(self.held), 3)
        wizard = Form(
            self.env["stock.return.picking"]
            .with_user(self.stock_user)
            .with_context(active_id=delivery.id, active_model="stock.picking")
        ).save()
        wizard.product_return_moves.quantity = 5
        action = wizard.action_create_returns()
        back = self.env["stock.picking"].with_user(self.stock_user).browse(action["res_id"])
        self.assertEqual(back.move_ids.location_dest_id, self.held)
        # redirecting the returned goods into available stock is refused
        with self.assertRaisesRegex(UserError, "returns into the account's held location"):
            back.move_line_ids.write({"location_dest_id": self.stock.id})
        with self.assertRaisesRegex(UserError, "returns into the account's held location"):
            back.move_ids.write({"location_dest_id": self.stock.id})
            back.move_ids.quantity = 5
            back.move_ids.picked = True
            back.button_validate()
        with self.assertRaisesRegex(UserError, "Origin return move"):
            back.move_ids.write({"origin_returned_move_id": False})
        self._validate(back)
        self.assertEqual(self._quantity(self.held), 8)
        self.assertEqual(self._quantity(self.stock), 12)

    def test_receipt_from_the_account_into_stock_refused(self):
        """Held goods delivered to the account come back only into its hold, also on a
        receipt made by hand (no return link), with or without reserving first."""
        self._deliver_held(5)
        with self.assertRaisesRegex(UserError, "returns into the account's held location"):
            receipt = self._picking(
                self.customers, self.stock, 5, self.account, self.warehouse.in_type_id
            )
            self._validate(receipt)
        self.assertEqual(self._quantity(self.stock), 12)
        self.assertEqual(self._quantity(self.held), 3)
        # nor into the hold of another key account
        other_account = self._make_key_account("Other Held Ltd")
        other_hold = (
            self.env["key.account.stock.hold"]
            .with_user(self.users["office"])
            .create({"partner_id": other_account.id, "product_id": self.product.id, "quantity": 1})
        )
        other_hold.action_hold()
        other_held = other_account._key_account_held_location(self.company, create=False)
        with self.assertRaisesRegex(UserError, "returns into the account's held location"):
            self._picking(self.customers, other_held, 5, self.account, self.warehouse.in_type_id)
        self.assertEqual(self._quantity(other_held), 1)
        # into its held location it is fine, and then the account has nothing out
        receipt = self._picking(
            self.customers, self.held, 5, self.account, self.warehouse.in_type_id
        )
        self._validate(receipt)
        self.assertEqual(self._quantity(self.held), 8)
        other = self._picking(
            self.customers, self.stock, 1, self.account, self.warehouse.in_type_id
        )
        self._validate(other)
        self.assertEqual(self._quantity(self.stock), 12)

    # ------------------------------------------------------------------ release requests
    def test_release_cancel_and_edit_rights(self):
        """A specialist cannot cancel, edit, submit or delete a KAM manager's request; the
        requester, the KAM department and stock managers can."""
        requester = self.users["office"]
        Release = self.env["key.account.stock.release"]
        vals = {
            "partner_id": self.account.id,
            "product_id": self.product.id,
            "quantity": 2,
            "reason": "Another account's urgent order",
        }
        release = Release.with_user(requester).create(vals)
        as_specialist = release.with_user(self.specialist)
        with self.assertRaisesRegex(AccessError, "only by the requester"):
            as_specialist.action_cancel()
        with self.assertRaisesRegex(AccessError, "only by the requester"):
            as_specialist.write({"quantity": 8})
        with self.assertRaisesRegex(AccessError, "only by the requester"):
            as_specialist.action_submit()
        with self.assertRaisesRegex(UserError, "changes state only through"):
            as_specialist.write({"state": "cancelled"})
        self.assertEqual((release.state, release.quantity), ("draft", 2))
        release.with_user(requester).action_submit()
        with self.assertRaisesRegex(AccessError, "only by the requester"):
            as_specialist.action_cancel()
        self.assertEqual(release.state, "submitted")
        release.with_user(self.stock_manager).action_cancel()
        self.assertEqual(release.state, "cancelled")
        # his own request the specialist cancels himself
        own = Release.with_user(self.specialist).create(vals)
        own.action_cancel()
        self.assertEqual(own.state, "cancelled")
        dept_cancels = Release.with_user(requester).create(vals)
        dept_cancels.with_user(self.dept).action_cancel()
        self.assertEqual(dept_cancels.state, "cancelled")

    def test_release_reject_reason_must_be_text(self):
        """A reason that is not text is refused cleanly; the request stays submitted."""
        release = (
            self.env["key.account.stock.release"]
            .with_user(self.users["office"])
            .create(
                {
                    "partner_id": self.account.id,
                    "product_id": self.product.id,
                    "quantity": 2,
                    "reason": "Needed elsewhere",
                }
            )
        )
        release.action_submit()
        for reason in (42, ["no"], {"a": 1}):
            with self.subTest(reason=reason), self.assertRaisesRegex(UserError, "must be text"):
                release.with_user(self.dept).action_approval_reject(reason=reason)
        with self.assertRaisesRegex(UserError, "unknown argument"):
            release.with_user(self.dept).action_approval_reject(reason="x", force=True)
        self.assertEqual(release.state, "submitted")

    # ------------------------------------------------------------------ warehouses
    def test_prospect_warehouse_refused(self):
        """A specialist pointing a prospect at a warehouse is refused before the set-up
        runs as superuser; so is an account's override by a mere specialist."""
        prospect = self.env["res.partner"].create({"name": "Prospect Ltd", "is_company": True})
        plain = self.env["stock.warehouse"].create({"name": "Plain", "code": "PLN"})
        with self.assertRaisesRegex(ValidationError, "Prospect Ltd is not a key account"):
            prospect.with_user(self.specialist).write({"key_account_warehouse_id": plain.id})
        with self.assertRaisesRegex(ValidationError, "only a key account"):
            self.env["res.partner"].with_user(self.specialist).create(
                {"name": "New Prospect", "key_account_warehouse_id": plain.id}
            )
        # the account's own specialist (its account manager) may not set one up either
        self.assertEqual(self.account.key_account_manager_id, self.specialist)
        with self.assertRaisesRegex(AccessError, "only stock managers and KAM managers"):
            self.account.with_user(self.specialist).write({"key_account_warehouse_id": plain.id})
        # nor a sales manager pointing an office at it
        sales_manager = new_test_user(
            self.env, login="kam_sales_mgr", groups="base.group_user,sales_team.group_sale_manager"
        )
        office = self.env["crm.team"].create({"name": "Other Office"})
        with self.assertRaisesRegex(AccessError, "only stock managers and KAM managers"):
            office.with_user(sales_manager).write({"key_account_warehouse_id": plain.id})
        self.assertFalse(plain.is_key_account_warehouse)
        self.assertFalse(plain.key_account_out_type_id)
        self.assertFalse(prospect.key_account_warehouse_id)
        self.assertFalse(self.account.key_account_warehouse_id)
        self.assertFalse(office.key_account_warehouse_id)
        # a warehouse already set up: the account team may point the account at it
        self.account.with_user(self.specialist).write(
            {"key_account_warehouse_id": self.warehouse.id}
        )
        self.assertEqual(self.account.key_account_warehouse_id, self.warehouse)
        # a KAM manager of the account's office sets the plain one up
        self.account.with_user(self.manager).write({"key_account_warehouse_id": plain.id})
        self.assertTrue(plain.key_account_out_type_id)

    # ------------------------------------------------------------------ bad input
    def test_hold_wizard_inputs(self):
        """The hold wizard refuses a non-number quantity, a prospect, several wizards."""
        Hold = self.env["key.account.stock.hold"].with_user(self.users["office"])
        for qty in (math.nan, math.inf, -1.0, 0.0):
            with self.subTest(qty=qty), self.assertRaisesRegex(ValidationError, "Quantity"):
                Hold.create(
                    {"partner_id": self.account.id, "product_id": self.product.id, "quantity": qty}
                )
        with self.assertRaisesRegex(UserError, "only 12.0 of"):
            Hold.create(
                {"partner_id": self.account.id, "product_id": self.product.id, "quantity": 1e300}
            ).action_hold()
        prospect = self.env["res.partner"].create({"name": "Prospect Co", "is_company": True})
        with self.assertRaisesRegex(UserError, "Prospect Co is not a key account"):
            Hold.create(
                {"partner_id": prospect.id, "product_id": self.product.id, "quantity": 1}
            ).action_hold()
        two = Hold.create(
            [
                {"partner_id": self.account.id, "product_id": self.product.id, "quantity": 1},
                {"partner_id": self.account.id, "product_id": self.product.id, "quantity": 1},
            ]
        )
        with self.assertRaisesRegex(UserError, "one hold at a time"):
            two.action_hold()
        # a specialist who does not work on the account holds nothing for it
        stranger = new_test_user(
            self.env,
            login="kam_hold_stranger",
            groups="base.group_user,key_account_mgmt.group_kam_specialist",
        )
        with self.assertRaises(AccessError):
            self.env["key.account.stock.hold"].with_user(stranger).create(
                {"partner_id": self.account.id, "product_id": self.product.id, "quantity": 1}
            ).action_hold()
        self.assertEqual(self._quantity(self.held), 8)
        self.assertEqual(self._quantity(self.stock), 12)
        self.assertFalse(
            self.env["stock.location"].search([("key_account_hold_partner_id", "=", prospect.id)])
        )

    def test_objection_inputs(self):
        """A non-text objection reason and an empty wizard are refused; nothing written."""
        picking = self._receive()
        office_user = self.users["office"]
        with freeze_time("2026-03-04 02:00:00"):
            for reason in (42, ["torn"], {"x": 1}, True):
                with self.subTest(reason=reason), self.assertRaisesRegex(UserError, "must be text"):
                    picking.with_user(office_user).action_key_account_object(reason=reason)
            with self.assertRaisesRegex(UserError, "unknown argument"):
                picking.with_user(office_user).action_key_account_object(reason="x", y=1)
            Wizard = self.env["key.account.receipt.objection"].with_user(office_user)
            with self.assertRaisesRegex(ValidationError, "needs a written reason"):
                Wizard.create({"picking_ids": [Command.set(picking.ids)], "reason": "  "})
            with self.assertRaisesRegex(UserError, "Receipts: choose"):
                Wizard.create({"reason": "torn"}).action_object()
        self.assertEqual(picking.key_account_acceptance_state, "awaiting")
        self.assertFalse(picking.key_account_objection_reason)
