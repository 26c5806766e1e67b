from odoo import Command
from odoo.tests import new_test_user

from .common import KeyAccountCase


class KeyAccountGoodsCase(KeyAccountCase):
    """A key account served by its office's own key-account warehouse, stock in it and
    in the main warehouse, a warehouse clerk and a warehouse manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(
            cls.env, login="kam_stock_user", groups="base.group_user,stock.group_stock_user"
        )
        cls.stock_admin = new_test_user(
            cls.env,
            login="kam_stock_admin",
            groups="base.group_user,stock.group_stock_manager,sales_team.group_sale_manager",
        )
        cls.main_warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1, order="id"
        )
        # the company already runs several warehouses (multi-warehouse mode is on)
        cls.env["stock.warehouse"].create({"name": "Second Warehouse", "code": "WH2"})
        cls.office.with_user(cls.stock_admin).action_key_account_warehouse_create()
        cls.ka_warehouse = cls.office.key_account_warehouse_id
        cls.account = cls._make_key_account("Goods Customer")
        cls.product = cls.env["product.product"].create(
            {
                "name": "Dry Mortar M10",
                "type": "consu",
                "is_storable": True,
                "list_price": 100,
                "standard_price": 60,
                "taxes_id": False,
                "invoice_policy": "delivery",
            }
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.product, cls.ka_warehouse.lot_stock_id, 100)
        Quant._update_available_quantity(cls.product, cls.main_warehouse.lot_stock_id, 100)

    @classmethod
    def _order(cls, partner, qty=10, user=None, **vals):
        user = user or cls.specialist
        return (
            cls.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": qty,
                                "price_unit": 100,
                                "tax_id": False,
                            }
                        )
                    ],
                    **vals,
                }
            )
        )

    @classmethod
    def _confirm(cls, order):
        """Confirm the order as its salesperson, after its approval chain for a key account."""
        if order.approval_state != "none":
            order.with_user(order.user_id).action_approval_request()
            order.with_user(cls.users["office"]).action_approval_approve()
            order.with_user(cls.dept).action_approval_approve()
            order.with_user(cls.dept).action_approval_approve()
        order.with_user(order.user_id).action_confirm()
        return order

    @classmethod
    def _deliver(cls, picking, qty):
        """The warehouse clerk ships ``qty`` of the single move and keeps a backorder."""
        picking = picking.with_user(cls.stock_user)
        picking.action_assign()
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        res = picking.button_validate()
        if isinstance(res, dict) and res.get("res_model") == "stock.backorder.confirmation":
            wizard = (
                cls.env["stock.backorder.confirmation"]
                .with_user(cls.stock_user)
                .with_context(**res["context"])
                .create({})
            )
            wizard.process()
        return picking
