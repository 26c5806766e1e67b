from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

    # The key-account mark (大客户标识): set from the key account's sale order and carried
    # along the whole chain (procurement values, splits, backorders, returns).
    key_account_id = fields.Many2one(
        "res.partner",
        readonly=True,
        index="btree_not_null",
        help="Key account these goods are for: they are marked, shipped on their own "
        "transfers and booked to the account.",
    )

    key_account_release_id = fields.Many2one(
        "key.account.stock.release",
        "Stock Release",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The approved stock release request that moves these held goods back to "
        "available stock.",
    )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("key_account_release_id") for vals in vals_list):
            self._raise_key_account_release_readonly()
        # A move added by hand to a key-account transfer is key-account goods too.
        picking_ids = {
            vals["picking_id"]
            for vals in vals_list
            if vals.get("picking_id") and "key_account_id" not in vals
        }
        if picking_ids:
            marks = {
                picking.id: picking.key_account_id.id
                for picking in self.env["stock.picking"].browse(picking_ids)
            }
            for vals in vals_list:
                if vals.get("picking_id") and "key_account_id" not in vals:
                    vals["key_account_id"] = marks.get(vals["picking_id"]) or False
        return super().create(vals_list)

    def write(self, vals):
        if "key_account_release_id" in vals and not self.env.su:
            self._raise_key_account_release_readonly()
        if "origin_returned_move_id" in vals and not self.env.su:
            self._check_key_account_return_link(vals["origin_returned_move_id"])
        if (
            "key_account_id" in vals
            and not self.env.su
            and any(move.key_account_id.id != (vals["key_account_id"] or False) for move in self)
        ):
            raise UserError(
                self.env._(
                    "Key Account of a stock move: the mark comes from the key account's "
                    "sale order and cannot be changed by hand."
                )
            )
        return super().write(vals)

    def _check_key_account_return_link(self, origin_id):
        # Unlinking a return from the delivery of held goods would let them come back
        # into available stock unnoticed (see stock.move.line._key_account_check_held).
        held_ids = self.env["stock.location"]._key_account_held_location_ids()
        if not held_ids:
            return
        changed = self.filtered(lambda m: m.origin_returned_move_id.id != (origin_id or False))
        if not changed:
            return
        origins = changed.origin_returned_move_id | self.browse(origin_id or [])
        for origin in origins:
            if origin._key_account_left_hold(held_ids):
                raise UserError(
                    self.env._(
                        "Origin return move: %(move)s returns goods delivered from a key "
                        "account's held stock; the link is set by the return itself and "
                        "cannot be changed.",
                        move=origin.display_name,
                    )
                )

    def _key_account_left_hold(self, held_ids):
        """Whether this move took goods out of a held location."""
        self.ensure_one()
        return self.location_id.id in held_ids or any(
            loc_id in held_ids for loc_id in self.sudo().move_line_ids.location_id.ids
        )

    def _key_account_returned_hold_account(self, held_ids):
        """The key account whose held goods this move returns (the returned move left its
        held location), or an empty recordset."""
        self.ensure_one()
        origin = self.sudo().origin_returned_move_id
        if not origin or not origin._key_account_left_hold(held_ids):
            return self.env["res.partner"]
        held = (origin.move_line_ids.location_id | origin.location_id).filtered(
            lambda loc: loc.id in held_ids
        )
        return held[:1].key_account_hold_partner_id.sudo(False)

    def _raise_key_account_release_readonly(self):
        raise UserError(
            self.env._(
                "Stock Release: a move is linked to a stock release request only by the "
                "approved request itself."
            )
        )

    def _key_account_move_now(self, purpose):
        """Confirm, reserve and validate these new moves at once and in full (a hold or a
        release of key-account stock); refuse when the source lacks the quantity."""
        self._action_confirm()
        self._action_assign()
        for move in self:
            if float_compare(
                move.quantity, move.product_uom_qty, precision_rounding=move.product_uom.rounding
            ):
                raise UserError(
                    self.env._(
                        "Quantity: only %(qty)s of %(product)s are available in %(location)s "
                        "for %(purpose)s.",
                        qty=move.quantity,
                        product=move.product_id.display_name,
                        location=move.location_id.display_name,
                        purpose=purpose,
                    )
                )
        self.picked = True
        if self.picking_id:
            self.picking_id._action_done()
        else:
            self._action_done()

    # ------------------------------------------------------------------ stock hooks
    @api.model
    def _prepare_merge_moves_distinct_fields(self):
        return [*super()._prepare_merge_moves_distinct_fields(), "key_account_id"]

    def _key_assign_picking(self):
        return (*super()._key_assign_picking(), self.key_account_id)

    def _search_picking_for_assignation_domain(self):
        return [
            *super()._search_picking_for_assignation_domain(),
            ("key_account_id", "=", self.key_account_id.id),
        ]

    def _prepare_procurement_values(self):
        values = super()._prepare_procurement_values()
        if self.key_account_id:
            values["key_account_id"] = self.key_account_id.id
        return values

    def _get_analytic_distribution(self):
        """Cost of key-account goods on the account's analytic account (continental
        accounting; anglo-saxon companies book it through the invoice's COGS lines)."""
        distribution = super()._get_analytic_distribution()
        if (
            distribution
            or not self.key_account_id
            or self.company_id.anglo_saxon_accounting
            or "customer" not in (self.location_id.usage, self.location_dest_id.usage)
        ):
            return distribution
        account = self.key_account_id.sudo().key_account_analytic_account_id
        return {str(account.id): 100} if account else distribution
