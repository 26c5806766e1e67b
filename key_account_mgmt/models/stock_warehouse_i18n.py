"""The key-account operation type and route of a warehouse, named in every language.

``stock.picking.type.name`` and ``stock.route.name`` are translatable in Odoo 18: the
names the key-account set-up creates ("Key-Account Deliveries", "WH: Key-Account
Delivery") get their value in every active language, not only in the language of the
user who ran the set-up.
"""

from odoo import api, models

from .key_account_i18n import store_translations


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"  # pylint: disable=consider-merging-classes-inherited

    def _key_account_setup(self):
        new = self.filtered(lambda w: not w.key_account_out_type_id or not w.key_account_route_id)
        before = {w.id: (w.key_account_out_type_id, w.key_account_route_id) for w in new}
        res = super()._key_account_setup()
        for warehouse in new:
            out_type, route = before[warehouse.id]
            if not out_type and warehouse.key_account_out_type_id:
                warehouse._key_account_name_out_type()
            if not route and warehouse.key_account_route_id:
                warehouse._key_account_name_route()
        return res

    def _key_account_name_out_type(self):
        for warehouse in self:
            store_translations(
                warehouse.key_account_out_type_id,
                "name",
                lambda out_type: out_type.env._("Key-Account Deliveries"),
            )

    def _key_account_name_route(self):
        for warehouse in self:
            store_translations(
                warehouse.key_account_route_id,
                "name",
                lambda route, warehouse=warehouse: route.env._(
                    "%(warehouse)s: Key-Account Delivery", warehouse=warehouse.name
                ),
            )

    @api.model
    def _key_account_translate_generated_names(self):
        """On update: name the operation types and routes created before, when they still
        carry the generated English name (a renamed one is left as it is)."""
        warehouses = self.sudo().search([("key_account_out_type_id", "!=", False)])
        for warehouse in warehouses:
            out_type = warehouse.key_account_out_type_id.with_context(lang="en_US")
            if out_type.name == "Key-Account Deliveries":
                warehouse._key_account_name_out_type()
            route = warehouse.key_account_route_id.with_context(lang="en_US")
            if route and route.name == f"{warehouse.name}: Key-Account Delivery":
                warehouse._key_account_name_route()
        return True
