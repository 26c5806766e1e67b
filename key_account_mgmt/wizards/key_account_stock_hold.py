from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare


class KeyAccountStockHold(models.TransientModel):
    """Put goods of the office's stock on hold for a key account (暂存)."""

    _name = "key.account.stock.hold"
    _description = "Hold Stock for a Key Account"

    partner_id = fields.Many2one(
        "res.partner", "Key Account", required=True, domain="[('is_key_account', '=', True)]"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    location_id = fields.Many2one(
        "stock.location",
        "From",
        compute="_compute_location_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        domain="[('usage', '=', 'internal'), ('key_account_hold_partner_id', '=', False)]",
    )
    product_id = fields.Many2one(
        "product.product", required=True, domain="[('is_storable', '=', True)]"
    )
    quantity = fields.Float(required=True, digits="Product Unit of Measure")

    @api.depends("partner_id", "company_id")
    def _compute_location_id(self):
        for wizard in self:
            warehouse = wizard.partner_id._key_account_warehouse(wizard.company_id)
            wizard.location_id = warehouse.lot_stock_id

    def action_hold(self):
        """Move the quantity into the account's held location, on an internal transfer."""
        self.ensure_one()
        user = self.env.user
        if not (
            user.has_group("key_account_mgmt.group_kam_specialist")
            or user.has_group("stock.group_stock_manager")
        ):
            raise AccessError(
                self.env._("Hold Stock: only key-account roles and stock managers hold stock.")
            )
        if float_compare(self.quantity, 0.0, precision_digits=6) <= 0:
            raise UserError(self.env._("Quantity: the quantity to hold must be positive."))
        partner = self.partner_id.commercial_partner_id
        held = partner._key_account_held_location(self.company_id)
        warehouse = held.warehouse_id
        if (
            self.location_id.warehouse_id != warehouse
            or self.location_id.key_account_hold_partner_id
        ):
            raise UserError(
                self.env._(
                    "From: goods are held for %(partner)s from the available stock of its "
                    "key-account warehouse %(warehouse)s, not from %(location)s.",
                    partner=partner.display_name,
                    warehouse=warehouse.display_name,
                    location=self.location_id.display_name,
                )
            )
        # Pickings and moves need stock rights that KAM roles do not have: made as the
        # stock system, for the user checked above, in the account's own warehouse.
        picking_sudo = (
            self.env["stock.picking"]
            .sudo()
            .create(
                {
                    "picking_type_id": warehouse.int_type_id.id,
                    "partner_id": partner.id,
                    "location_id": self.location_id.id,
                    "location_dest_id": held.id,
                    "company_id": self.company_id.id,
                    "origin": self.env._("Hold for %(partner)s", partner=partner.display_name),
                    "move_ids": [
                        fields.Command.create(
                            {
                                "name": self.product_id.display_name,
                                "product_id": self.product_id.id,
                                "product_uom": self.product_id.uom_id.id,
                                "product_uom_qty": self.quantity,
                                "location_id": self.location_id.id,
                                "location_dest_id": held.id,
                                "company_id": self.company_id.id,
                            }
                        )
                    ],
                }
            )
        )
        picking_sudo.move_ids._key_account_move_now(
            self.env._("holding for %(partner)s", partner=partner.display_name)
        )
        picking_sudo.message_post(
            body=self.env._(
                "%(qty)s %(uom)s of %(product)s held for key account %(partner)s by %(user)s.",
                qty=self.quantity,
                uom=self.product_id.uom_id.name,
                product=self.product_id.display_name,
                partner=partner.display_name,
                user=user.name,
            )
        )
        return {"type": "ir.actions.act_window_close"}
