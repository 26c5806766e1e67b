"""Quants of held locations: their quantities change through moves only, counts are for
stock managers, reservations from a parent location never take them; and the read-only
quant list the key-account buttons open."""

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..tools.actions import window_action

# Fields that change what a quant holds (written by Odoo's moves as superuser only).
QUANT_STOCK_FIELDS = frozenset(
    {"quantity", "reserved_quantity", "location_id", "product_id", "lot_id", "package_id"}
)
QUANT_INVENTORY_FIELDS = frozenset(
    {"inventory_quantity", "inventory_quantity_auto_apply", "inventory_quantity_set"}
)


class StockQuant(models.Model):
    _inherit = "stock.quant"

    @api.model_create_multi
    def create(self, vals_list):
        held_ids = self.env["stock.location"]._key_account_held_location_ids()
        if held_ids:
            for vals in vals_list:
                if vals.get("location_id") in held_ids:
                    fnames = set(vals)
                    if QUANT_INVENTORY_FIELDS & fnames:
                        # a count (inventory mode): the quant's identity is not a stock write
                        fnames -= {"location_id", "product_id", "lot_id", "package_id"}
                    self._key_account_check_held_quant_write(
                        self.env["stock.location"].browse(vals["location_id"]),
                        fnames,
                        vals.get("product_id"),
                    )
        return super().create(vals_list)

    def write(self, vals):
        held_ids = self.env["stock.location"]._key_account_held_location_ids()
        if held_ids and (QUANT_STOCK_FIELDS | QUANT_INVENTORY_FIELDS) & set(vals):
            targets = self.location_id
            if vals.get("location_id"):
                targets |= self.env["stock.location"].browse(vals["location_id"])
            for location in targets.filtered(lambda loc: loc.id in held_ids):
                quant = self.filtered(lambda q, loc=location: q.location_id == loc)[:1]
                self._key_account_check_held_quant_write(
                    location, set(vals), quant.product_id.id or vals.get("product_id")
                )
        return super().write(vals)

    def action_apply_inventory(self):
        held_ids = self.env["stock.location"]._key_account_held_location_ids()
        held = self.filtered(lambda q: q.location_id.id in held_ids)
        if held:
            self._key_account_check_held_quant_write(
                held[0].location_id, {"inventory_quantity"}, held[0].product_id.id
            )
        return super().action_apply_inventory()

    def _key_account_check_held_quant_write(self, location, fnames, product_id):
        """Quants of a held location change through moves only (Odoo writes them as
        superuser); counts and adjustments there are for stock managers."""
        product = self.env["product.product"].browse(product_id)
        if QUANT_STOCK_FIELDS & fnames and not self.env.su:
            raise UserError(
                self.env._(
                    "Held stock: the quantities of %(product)s in %(location)s, held for key "
                    "account %(account)s, change only through its deliveries or an approved "
                    "stock release request, never by writing the stock directly.",
                    product=product.display_name,
                    location=location.display_name,
                    account=location.key_account_hold_partner_id.display_name,
                )
            )
        internal = self.env.su and not self.env.context.get("inventory_mode")
        if (
            QUANT_INVENTORY_FIELDS & fnames
            and not internal
            and not self.env.user.has_group("stock.group_stock_manager")
        ):
            raise AccessError(
                self.env._(
                    "Held stock: %(product)s in %(location)s is held for key account "
                    "%(account)s; only a stock manager may count or adjust it.",
                    product=product.display_name,
                    location=location.display_name,
                    account=location.key_account_hold_partner_id.display_name,
                )
            )

    def _get_gather_domain(
        self, product_id, location_id, lot_id=None, package_id=None, owner_id=None, strict=False
    ):
        domain = super()._get_gather_domain(
            product_id, location_id, lot_id, package_id, owner_id, strict
        )
        if strict:
            return domain
        held_ids = self.env["stock.location"]._key_account_held_location_ids()
        if held_ids and location_id.id not in held_ids:
            # Reserving from a parent location (e.g. the warehouse) never takes held goods.
            domain = expression.AND([domain, [("location_id", "not in", list(held_ids))]])
        return domain

    @api.model
    def _key_account_list_action(self, name, domain):
        """A read-only list of quants (the simple view: no stock rights needed)."""
        return window_action(
            self.env,
            res_model="stock.quant",
            name=name,
            domain=domain,
            views=[(self.env.ref("stock.view_stock_quant_tree_simple").id, "list")],
            context={"create": False, "edit": False, "delete": False},
        )
