"""Key-account warehouses: their set-up (delivery operation type and route) and who may
point an office or a key account at one."""

from odoo import Command, fields, models
from odoo.exceptions import AccessError

from ..tools import checked_args

# Sequence code of key-account delivery orders: their names read "<WH>/KA/OUT/00001".
KEY_ACCOUNT_OUT_SEQUENCE_CODE = "KA/OUT"
# Who may set a warehouse up for key accounts (its operation type and route) by pointing
# an office or a key account at it: stock managers and KAM managers and above.
KEY_ACCOUNT_SETUP_GROUPS = (
    "stock.group_stock_manager",
    "key_account_mgmt.group_kam_manager",
    "key_account_mgmt.group_office_manager",
    "key_account_mgmt.group_kam_department",
    "key_account_mgmt.group_deputy_sales_director",
)


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    is_key_account_warehouse = fields.Boolean(
        "Key-Account Warehouse",
        readonly=True,
        copy=False,
        help="Set when the warehouse is configured for key-account goods: it then has its own "
        "key-account delivery operation type and route.",
    )
    # both set by the key-account set-up (_key_account_setup)
    key_account_out_type_id = fields.Many2one(
        "stock.picking.type", "Key-Account Delivery Type", copy=False, check_company=True
    )
    key_account_route_id = fields.Many2one(
        "stock.route", "Key-Account Route", copy=False, check_company=True
    )
    key_account_team_ids = fields.One2many("crm.team", "key_account_warehouse_id", "Offices Served")

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_key_account_setup(self):
        """Configure these warehouses for key-account goods (operation type and route)."""
        self.check_access("write")
        self._key_account_setup()
        return True

    # ------------------------------------------------------------------ business
    def _key_account_setup(self):
        """Create, once, the key-account delivery operation type and route of each warehouse.

        Idempotent: a warehouse already configured is left as it is. The route is not
        warehouse-selectable, so ordinary orders never take it; key-account order lines
        pass it in their procurement values (see ``sale.order.line``).
        """
        customers = self.env.ref("stock.stock_location_customers")
        for warehouse in self:
            vals = {"is_key_account_warehouse": True}
            out_type = warehouse.key_account_out_type_id
            if not out_type:
                out_type = self.env["stock.picking.type"].create(
                    warehouse._key_account_out_type_values(customers)
                )
                vals["key_account_out_type_id"] = out_type.id
            if not warehouse.key_account_route_id:
                route = self.env["stock.route"].create(
                    warehouse._key_account_route_values(out_type, customers)
                )
                vals["key_account_route_id"] = route.id
            warehouse.write(vals)

    def _key_account_out_type_values(self, customers):
        self.ensure_one()
        return {
            "name": self.env._("Key-Account Deliveries"),
            "code": "outgoing",
            "is_key_account": True,
            "sequence_code": KEY_ACCOUNT_OUT_SEQUENCE_CODE,
            "warehouse_id": self.id,
            "company_id": self.company_id.id,
            "default_location_src_id": self.lot_stock_id.id,
            "default_location_dest_id": customers.id,
            "return_picking_type_id": self.in_type_id.id,
            "sequence": self.out_type_id.sequence + 1,
            "color": 1,
        }

    def _key_account_route_values(self, out_type, customers):
        self.ensure_one()
        return {
            "name": self.env._("%(warehouse)s: Key-Account Delivery", warehouse=self.name),
            "company_id": self.company_id.id,
            "sequence": 5,
            "product_selectable": False,
            "warehouse_selectable": False,
            "sale_selectable": True,
            "rule_ids": [
                Command.create(
                    {
                        "name": self.env._(
                            "%(code)s: Stock → Customers (key account)", code=self.code
                        ),
                        "action": "pull",
                        "picking_type_id": out_type.id,
                        "location_src_id": self.lot_stock_id.id,
                        "location_dest_id": customers.id,
                        "procure_method": "make_to_stock",
                        "warehouse_id": self.id,
                        "company_id": self.company_id.id,
                    }
                )
            ],
        }

    def _key_account_setup_sudo(self):
        # An office or account pointed at a warehouse: its key-account operation type
        # and route must exist for the orders to use them, whoever made the choice.
        # Only configuration records of the warehouse's own company are created.
        todo = self.filtered(lambda w: not (w.key_account_out_type_id and w.key_account_route_id))
        if todo:
            todo._key_account_check_setup_rights()
            for warehouse in todo.sudo():
                warehouse.with_company(warehouse.company_id)._key_account_setup()

    def _key_account_check_setup_rights(self):
        """The acting user may have these warehouses set up under sudo: he reads them (their
        company is his) and is a stock manager or a KAM manager (or above)."""
        if self.env.su:
            return
        self.check_access("read")
        user = self.env.user
        if not any(user.has_group(group) for group in KEY_ACCOUNT_SETUP_GROUPS):
            raise AccessError(
                self.env._(
                    "Key-Account Warehouse: %(warehouse)s is not set up for key accounts yet; "
                    "only stock managers and KAM managers set a warehouse up (or pick one "
                    "already set up).",
                    warehouse=self[:1].display_name,
                )
            )

    def _key_account_set_on_partners(self, partners):
        """Point key accounts at this warehouse (their own override): only key accounts,
        only by their account team or the KAM department; an unconfigured warehouse is
        set up (as superuser) only for those who may set it up."""
        self.ensure_one()
        if self.env.su:
            self._key_account_setup_sudo()
            return
        self.check_access("read")
        partners._check_key_account_only(self.env._("key-account warehouses"))
        partners.check_access("write")
        partners._check_key_account_archive_access()
        self._key_account_setup_sudo()
