from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAcceptanceTours(HttpCase):
    """Browser tour of the office receipt acceptance, run as the office manager."""

    def test_receipt_objection(self):
        """The office manager raises an objection on a receipt awaiting acceptance."""
        office_manager = new_test_user(
            self.env,
            login="kam_tour_office",
            name="KAM Tour Office Manager",
            groups="base.group_user,key_account_mgmt.group_office_manager",
        )
        stock_user = new_test_user(
            self.env, login="kam_tour_stock", groups="base.group_user,stock.group_stock_user"
        )
        company = self.env.company
        warehouse = self.env["stock.warehouse"].create(
            {"name": "Tour Office Warehouse", "code": "TOW", "company_id": company.id}
        )
        self.env["crm.team"].create(
            {
                "name": "Tour Office",
                "company_id": company.id,
                "user_id": office_manager.id,
                "key_account_warehouse_id": warehouse.id,
            }
        )
        product = self.env["product.product"].create({"name": "Tour Cement", "is_storable": True})
        suppliers = self.env.ref("stock.stock_location_suppliers")
        picking = (
            self.env["stock.picking"]
            .with_user(stock_user)
            .create(
                {
                    "picking_type_id": warehouse.in_type_id.id,
                    "origin": "TOUR-RCPT-42",
                    "location_id": suppliers.id,
                    "location_dest_id": warehouse.lot_stock_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": 10,
                                "location_id": suppliers.id,
                                "location_dest_id": warehouse.lot_stock_id.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.move_ids.quantity = 10
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.key_account_acceptance_state, "awaiting")
        self.start_tour("/odoo", "key_account_receipt_objection_tour", login=office_manager.login)
        self.env.invalidate_all()
        self.assertEqual(picking.key_account_acceptance_state, "objected")
        self.assertEqual(picking.key_account_objection_reason, "Three bags torn on arrival")
        self.assertEqual(picking.key_account_objected_by_id, office_manager)
