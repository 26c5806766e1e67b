import base64

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user

from .common import KeyAccountCase


class KeyAccountHeldStockCase(KeyAccountCase):
    """An office with its key-account warehouse (company time zone Asia/Shanghai), a key
    account of that office, stock users and a storable product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "Office Warehouse", "code": "OFW", "company_id": cls.company.id}
        )
        cls.office.write(
            {"company_id": cls.company.id, "key_account_warehouse_id": cls.warehouse.id}
        )
        # a warehouse that serves no office (the demo data make the main warehouse an
        # office's key-account warehouse)
        cls.main_warehouse = cls.env["stock.warehouse"].create(
            {"name": "Central Warehouse", "code": "CEN", "company_id": cls.company.id}
        )
        cls.stock_user = new_test_user(
            cls.env, login="kam_stock_user", groups="base.group_user,stock.group_stock_user"
        )
        cls.stock_manager = new_test_user(
            cls.env,
            login="kam_stock_manager",
            groups="base.group_user,stock.group_stock_manager",
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Cement 42.5", "is_storable": True, "default_code": "CEM"}
        )
        cls.supplier = cls.env["res.partner"].create({"name": "OEM Plant Ltd", "is_company": True})
        cls.account = cls._make_key_account("Held Account Ltd")
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Customer Ltd", "is_company": True}
        )

    @classmethod
    def _receive(cls, qty=5.0, when="2026-03-02 15:59:00", warehouse=None, user=None, **extra):
        """A receipt from the supplier into ``warehouse`` (the office's), validated at
        ``when`` (UTC) by ``user`` (the stock user)."""
        warehouse = warehouse or cls.warehouse
        user = user or cls.stock_user
        with freeze_time(when):
            picking = (
                cls.env["stock.picking"]
                .with_user(user)
                .create(
                    {
                        "picking_type_id": warehouse.in_type_id.id,
                        "partner_id": cls.supplier.id,
                        "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                        "location_dest_id": warehouse.lot_stock_id.id,
                        "move_ids": [
                            Command.create(
                                {
                                    "name": cls.product.name,
                                    "product_id": cls.product.id,
                                    "product_uom_qty": qty,
                                    "product_uom": cls.product.uom_id.id,
                                    "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                                    "location_dest_id": warehouse.lot_stock_id.id,
                                }
                            )
                        ],
                        **extra,
                    }
                )
            )
            picking.action_confirm()
            picking.move_ids.quantity = qty
            picking.move_ids.picked = True
            picking.button_validate()
        return picking

    @classmethod
    def _document(cls):
        return base64.b64encode(b"%PDF-1.4 delivery note")

    @classmethod
    def _put_in_stock(cls, qty, location=None):
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, location or cls.warehouse.lot_stock_id, qty
        )

    def _quantity(self, location):
        return sum(
            self.env["stock.quant"]
            .search([("location_id", "=", location.id), ("product_id", "=", self.product.id)])
            .mapped("quantity")
        )
