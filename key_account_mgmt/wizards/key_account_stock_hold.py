"""The "Hold Stock" wizard: puts goods of the office's stock on hold for a key account."""

import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from ..tools import checked_args
from ..tools.guards import check_finite_numbers


class KeyAccountStockHold(models.TransientModel):
    """Put goods of the office's stock on hold for a key account (暂存)."""

    _name = "key.account.stock.hold"
    _description = "Hold Stock for a Key Account"

    partner_id = fields.Many2one(
        "res.partner",
        "Key Account",
        required=True,
        domain=lambda self: self.env["res.partner"]._key_account_domain(),
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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_finite_numbers(self, vals)
            if vals.get("partner_id") and not vals.get("location_id"):
                # the source location comes from the account's key-account warehouse
                self._check_hold_partner(
                    self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id,
                    self.env["res.company"].browse(vals.get("company_id")) or self.env.company,
                )
        return super().create(vals_list)

    def write(self, vals):
        check_finite_numbers(self, vals)
        return super().write(vals)

    @api.constrains("quantity")
    def _check_quantity(self):
        for wizard in self:
            if not math.isfinite(wizard.quantity) or wizard.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "Quantity: the quantity to hold must be a positive number, not %(qty)s.",
                        qty=wizard.quantity,
                    )
                )

    @checked_args
    def action_hold(self):
        """Move the quantity into the account's held location, on an internal transfer."""
        if len(self) != 1:
            raise UserError(self.env._("Hold Stock: one hold at a time, please."))
        user = self.env.user
        if not self.env["stock.location"]._key_account_may_hold(user):
            raise AccessError(
                self.env._("Hold Stock: only key-account roles and stock managers hold stock.")
            )
        if (
            not math.isfinite(self.quantity)
            or float_compare(self.quantity, 0.0, precision_digits=6) <= 0
        ):
            raise UserError(self.env._("Quantity: the quantity to hold must be positive."))
        partner = self.partner_id.commercial_partner_id
        self._check_hold_target(partner)
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

    def _check_hold_target(self, partner):
        """Before anything is made as superuser: the account is a key account the user
        reads, of a company he works in, and the product is storable goods."""
        user = self.env.user
        if self.company_id not in user.company_ids:
            raise AccessError(
                self.env._(
                    "Company: %(user)s does not work for %(company)s and cannot hold its stock.",
                    user=user.name,
                    company=self.company_id.name,
                )
            )
        self._check_hold_partner(partner, self.company_id)
        product = self.product_id
        product.check_access("read")
        if not product.is_storable or (
            product.company_id and product.company_id != self.company_id
        ):
            raise UserError(
                self.env._(
                    "Product: %(product)s is not storable goods of %(company)s; only those "
                    "are held.",
                    product=product.display_name,
                    company=self.company_id.name,
                )
            )

    @api.model
    def _check_hold_partner(self, partner, company):
        """Goods are held for a key account the user reads, of ``company``, that has a
        key-account warehouse there."""
        partner.check_access("read")
        partner._check_key_account_only(self.env._("held goods"))
        if partner.company_id and partner.company_id != company:
            raise UserError(
                self.env._(
                    "Key Account: %(partner)s belongs to another company than %(company)s.",
                    partner=partner.display_name,
                    company=company.name,
                )
            )
        if not partner._key_account_warehouse(company):
            raise UserError(
                self.env._(
                    "Key Account: %(partner)s has no key-account warehouse in %(company)s; "
                    "set its office's Key-Account Warehouse first.",
                    partner=partner.display_name,
                    company=company.name,
                )
            )
