from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

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
        self._key_account_check_held_return(held_ids)
        lines = self.filtered(
            lambda ml: ml.location_id.id in held_ids or ml.location_dest_id.id in held_ids
        )
        if not lines:
            return
        user = self.env.user
        stock_manager = user.has_group("stock.group_stock_manager")
        may_hold = self.env["stock.location"]._key_account_may_hold(user)
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
            if src.usage in ("supplier", "customer", "transit") or may_hold:
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

    def _key_account_check_held_return(self, held_ids):
        """Held goods leave their hold for good only by a delivery to their key account
        that stays delivered: the same goods coming back from the customer (a return of
        that delivery, or a receipt from the account while held goods delivered to it are
        out) go back into the account's held location, never into available stock nor
        into another account's hold. Only
        an approved stock release request puts held goods into available stock."""
        lines = self.filtered(
            lambda ml: (
                ml.location_id.usage == "customer"
                and ml.location_dest_id.usage in ("internal", "transit")
            )
        )
        if not lines:
            return
        held_sudo = self.env["stock.location"].sudo().browse(held_ids)
        accounts = held_sudo.key_account_hold_partner_id
        for ml in lines:
            move = ml.move_id
            account = move._key_account_returned_hold_account(held_ids)
            if not account:
                partner = (move.picking_id.partner_id or move.partner_id).commercial_partner_id
                if partner in accounts and ml._key_account_held_out(partner, held_sudo):
                    account = partner
            dest = ml.location_dest_id
            if not account or (dest.id in held_ids and dest.key_account_hold_partner_id == account):
                continue
            raise UserError(
                self.env._(
                    "Held stock: %(product)s was delivered to key account %(account)s from its "
                    "held goods; coming back (%(operation)s) it returns into the account's held "
                    "location %(held)s, not into %(location)s. Only an approved stock release "
                    "request puts held goods into available stock.",
                    product=ml.product_id.display_name,
                    account=account.display_name,
                    operation=(move.picking_id or move).display_name,
                    held=", ".join(
                        held_sudo.filtered(
                            lambda loc, a=account: loc.key_account_hold_partner_id == a
                        ).mapped("display_name")
                    ),
                    location=ml.location_dest_id.display_name,
                )
            )

    def _key_account_held_out(self, account, held_sudo):
        """Whether goods of this line's product delivered to ``account`` from its held
        locations are still out (more delivered than returned into the hold)."""
        account_held = held_sudo.filtered(lambda loc: loc.key_account_hold_partner_id == account)
        MoveLine = self.env["stock.move.line"].sudo()
        common = [("state", "=", "done"), ("product_id", "=", self.product_id.id)]
        out = MoveLine._read_group(
            [
                *common,
                ("location_id", "in", account_held.ids),
                ("location_dest_id.usage", "=", "customer"),
            ],
            aggregates=["quantity_product_uom:sum"],
        )[0][0]
        back = MoveLine._read_group(
            [
                *common,
                ("location_id.usage", "=", "customer"),
                ("location_dest_id", "in", account_held.ids),
            ],
            aggregates=["quantity_product_uom:sum"],
        )[0][0]
        return float_compare(out, back, precision_rounding=self.product_id.uom_id.rounding) > 0
