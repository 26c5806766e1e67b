from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_goods import KeyAccountGoodsCase


@tagged("post_install", "-at_install")
class TestKeyAccountWarehouse(KeyAccountGoodsCase):
    """S3.2: each office's key-account warehouse with its own operation type and route;
    key-account orders pick it, ordinary orders keep Odoo's warehouse."""

    def test_office_button_creates_configured_warehouse(self):
        """The office's button creates a KA warehouse with a "KA/OUT" type and its route."""
        wh = self.ka_warehouse
        self.assertTrue(wh.is_key_account_warehouse)
        self.assertTrue(wh.code.startswith("KA"))
        self.assertEqual(self.office.key_account_warehouse_id, wh)
        out_type = wh.key_account_out_type_id
        self.assertTrue(out_type.is_key_account)
        self.assertEqual(out_type.code, "outgoing")
        self.assertEqual(out_type.sequence_id.prefix, f"{wh.code}/KA/OUT/")
        self.assertNotEqual(out_type, wh.out_type_id)
        rule = wh.key_account_route_id.rule_ids
        self.assertEqual(rule.picking_type_id, out_type)
        self.assertEqual(rule.location_src_id, wh.lot_stock_id)
        # never a default route of the warehouse: ordinary orders cannot fall into it
        self.assertNotIn(wh.key_account_route_id, wh.route_ids)
        # a second warehouse for the same office is refused; the set-up is idempotent
        with self.assertRaisesRegex(UserError, "already has one"):
            self.office.with_user(self.stock_admin).action_key_account_warehouse_create()
        wh.with_user(self.stock_admin).action_key_account_setup()
        self.assertEqual(wh.key_account_out_type_id, out_type)
        self.assertEqual(
            self.env["stock.picking.type"].search_count(
                [("warehouse_id", "=", wh.id), ("is_key_account", "=", True)]
            ),
            1,
        )

    def test_second_warehouse_needs_an_administrator(self):
        """While the company runs one warehouse, only an administrator may add the second
        (it switches Inventory to multi-warehouse mode)."""
        group_user = self.env.ref("base.group_user")
        group_user.implied_ids -= self.env.ref("stock.group_stock_multi_warehouses")
        office = self.env["crm.team"].create({"name": "West Office"})
        with self.assertRaisesRegex(UserError, "only an administrator"):
            office.with_user(self.stock_admin).action_key_account_warehouse_create()
        self.assertFalse(office.key_account_warehouse_id)
        office.with_user(self.env.ref("base.user_admin")).action_key_account_warehouse_create()
        self.assertTrue(office.key_account_warehouse_id.is_key_account_warehouse)

    def test_setup_rights(self):
        """A warehouse clerk cannot configure a warehouse (RPC refused)."""
        other = self.env["stock.warehouse"].create({"name": "Spare", "code": "SPR"})
        with self.assertRaises(AccessError):
            other.with_user(self.stock_user).action_key_account_setup()
        self.assertFalse(other.is_key_account_warehouse)

    def test_existing_warehouse_set_on_office_or_account_is_configured(self):
        """Pointing an office or an account at a plain warehouse sets it up for key accounts."""
        plain = self.env["stock.warehouse"].create({"name": "North KA", "code": "NKA"})
        office = self.env["crm.team"].create({"name": "North Office"})
        office.key_account_warehouse_id = plain
        self.assertTrue(plain.key_account_route_id)
        plain2 = self.env["stock.warehouse"].create({"name": "South KA", "code": "SKA"})
        self.account.with_user(self.manager).key_account_warehouse_id = plain2
        self.assertTrue(plain2.key_account_out_type_id.is_key_account)

    def test_office_of_another_company_refused(self):
        """An office of company A cannot take company B's warehouse."""
        other_company = self.env["res.company"].create({"name": "KA Other Co"})
        foreign = self.env["stock.warehouse"].search([("company_id", "=", other_company.id)])
        office = self.env["crm.team"].create({"name": "Co Office", "company_id": self.company.id})
        with self.assertRaisesRegex(ValidationError, "belongs to another company"):
            office.key_account_warehouse_id = foreign
        self.assertFalse(office.key_account_warehouse_id)

    def test_order_form_picks_key_account_warehouse(self):
        """In the form, a key account's order takes the office's KA warehouse; switching
        to an ordinary customer gives Odoo's default warehouse back."""
        form = Form(self.env["sale.order"].with_user(self.specialist))
        form.partner_id = self.account
        self.assertEqual(form.warehouse_id, self.ka_warehouse)
        form.partner_id = self.customer
        self.assertEqual(form.warehouse_id, self.specialist._get_default_warehouse_id())
        form.partner_id = self.account
        with form.order_line.new() as line:
            line.product_id = self.product
        order = form.save()
        self.assertEqual(order.warehouse_id, self.ka_warehouse)
        self.assertEqual(order.order_line.warehouse_id, self.ka_warehouse)

    def test_order_rpc_and_contact_and_override(self):
        """RPC create, a contact of the account, and the account's own override."""
        order = self._order(self.account)
        self.assertEqual(order.warehouse_id, self.ka_warehouse)
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.account.id})
        self.assertEqual(self._order(contact).warehouse_id, self.ka_warehouse)
        override = self.env["stock.warehouse"].create({"name": "Account WH", "code": "AWH"})
        self.account.with_user(self.manager).key_account_warehouse_id = override
        self.assertEqual(self._order(self.account).warehouse_id, override)
        # a confirmed order keeps its warehouse (sale_stock's rule)
        self._confirm(order)
        self.account.with_user(self.specialist).key_account_warehouse_id = False
        self.assertEqual(order.warehouse_id, self.ka_warehouse)

    def test_override_is_per_company(self):
        """The account's override belongs to one company; another company keeps its own."""
        other_company = self.env["res.company"].create({"name": "KA Second Co"})
        self.assertEqual(self.account._key_account_warehouse(self.company), self.ka_warehouse)
        # the office's warehouse is company 1's: company 2 has no key-account warehouse
        self.assertFalse(self.account._key_account_warehouse(other_company))
        foreign = self.env["stock.warehouse"].search(
            [("company_id", "=", other_company.id)], limit=1
        )
        self.account.with_company(other_company).key_account_warehouse_id = foreign
        self.assertEqual(self.account._key_account_warehouse(other_company), foreign)
        self.assertEqual(self.account._key_account_warehouse(self.company), self.ka_warehouse)

    def test_ordinary_customer_unchanged(self):
        """An ordinary customer's order ships from the default warehouse, unmarked."""
        order = self._order(self.customer, user=self.plain_user)
        self.assertEqual(order.warehouse_id, self.plain_user._get_default_warehouse_id())
        self.assertEqual(order.warehouse_id, self.main_warehouse)
        self.assertFalse(order.order_line.analytic_distribution)
        self._confirm(order)
        picking = order.picking_ids
        self.assertEqual(picking.picking_type_id, self.main_warehouse.out_type_id)
        self.assertFalse(picking.key_account_id)
        self.assertFalse(picking.move_ids.key_account_id)

    def test_user_default_warehouse_loses_to_key_account(self):
        """A salesperson's own default warehouse applies to ordinary orders only."""
        self.specialist.sudo().property_warehouse_id = self.main_warehouse
        self.assertEqual(self._order(self.account).warehouse_id, self.ka_warehouse)
        self.assertEqual(self._order(self.customer).warehouse_id, self.main_warehouse)
