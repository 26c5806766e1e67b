from odoo import api, models
from odoo.exceptions import AccessError, UserError

# Changes of a move line that can take goods out of (or into) a held location.
HELD_TRIGGER_FIELDS = frozenset(
    {"location_id", "location_dest_id", "move_id", "picking_id", "product_id", "quantity"}
)


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # a reservation creates its move lines here: refused before anything is done
        lines._key_account_check_held()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if HELD_TRIGGER_FIELDS & set(vals):
            self._key_account_check_held()
        return res

    def _action_done(self):
        self._key_account_check_held()
        return super()._action_done()

    def _key_account_check_held(self):
        """Refuse any use of goods held for a key account other than its own deliveries,
        an approved release, or an inventory adjustment by a stock manager; and putting
        goods on hold by anyone but a KAM role or a stock manager (SPEC S3.7).

        The acting user is the real one (``env.user`` also under ``sudo()``); no context
        key can lift the check.
        """
        held_ids = self.env["stock.location"]._key_account_held_location_ids()
        if not held_ids:
            return
        lines = self.filtered(
            lambda ml: ml.location_id.id in held_ids or ml.location_dest_id.id in held_ids
        )
        if not lines:
            return
        user = self.env.user
        stock_manager = user.has_group("stock.group_stock_manager")
        kam = user.has_group("key_account_mgmt.group_kam_specialist")
        for ml in lines:
            src, dest, move = ml.location_id, ml.location_dest_id, ml.move_id
            inventory = ml.is_inventory or move.is_inventory
            if src == dest:
                continue  # repacking inside the held location
            held = src if src.id in held_ids else dest
            account = held.key_account_hold_partner_id
            if inventory:
                if stock_manager:
                    continue
                raise AccessError(
                    self.env._(
                        "Held stock: %(product)s in %(location)s is held for key account "
                        "%(account)s; only a stock manager may adjust its inventory.",
                        product=ml.product_id.display_name,
                        location=held.display_name,
                        account=account.display_name,
                    )
                )
            if src.id in held_ids:
                if move.key_account_release_id._key_account_releases(ml):
                    continue
                customer = (move.picking_id.partner_id or move.partner_id).commercial_partner_id
                if dest.usage == "customer" and customer == account:
                    continue
                use = (
                    self.env._("customer %(customer)s", customer=customer.display_name)
                    if customer and customer != account
                    else self.env._("internal use")
                )
                raise UserError(
                    self.env._(
                        "Held stock: %(product)s in %(location)s is held for key account "
                        "%(account)s and cannot be reserved or moved for %(use)s "
                        "(%(operation)s). Only a delivery to %(account)s or an approved "
                        "stock release request may take it.",
                        product=ml.product_id.display_name,
                        location=src.display_name,
                        account=account.display_name,
                        use=use,
                        operation=(move.picking_id or move).display_name,
                    )
                )
            # into a held location: arrivals are fine, putting stock on hold is not for all
            if src.usage in ("supplier", "customer", "transit") or kam or stock_manager:
                continue
            raise AccessError(
                self.env._(
                    "Held stock: only KAM roles and stock managers put goods on hold for key "
                    "account %(account)s (%(product)s into %(location)s).",
                    account=account.display_name,
                    product=ml.product_id.display_name,
                    location=dest.display_name,
                )
            )
