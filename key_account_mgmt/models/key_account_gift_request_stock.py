"""The issue of an approved gift from the company's gift stock.

Owns the gift's transfers (created and confirmed by the Approve step, as the system),
their button, the cancellation of the open ones when the request is cancelled, and the
request following its transfers (:meth:`_gift_sync_pickings`: all done → the Issue step,
all cancelled → the Cancel step), called by the validation in the warehouse.
"""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..tools import checked_args

# Who reads stock pickings (salespeople through sale_stock, the warehouse).
PICKING_GROUPS = "key_account_mgmt.group_kam_specialist,stock.group_stock_user"


class KeyAccountGiftRequest(models.Model):
    _inherit = "key.account.gift.request"  # pylint: disable=consider-merging-classes-inherited

    # --- issue and decision
    picking_ids = fields.One2many(
        "stock.picking",
        "key_account_gift_request_id",
        "Transfers",
        readonly=True,
        groups=PICKING_GROUPS,
    )
    picking_count = fields.Integer(
        "Deliveries", compute="_compute_picking_count", groups=PICKING_GROUPS
    )

    @api.depends("picking_ids")
    def _compute_picking_count(self):
        for request in self:
            request.picking_count = len(request.picking_ids)

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("key_account_gift_request_id", "=", self.id)]
        action["context"] = {"create": False}
        if len(self.picking_ids) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.picking_ids.id
        return action

    # ------------------------------------------------------------------ issue
    def _gift_create_pickings(self):
        """Create and confirm the delivery of each gift from its company's gift location."""
        # The approver (often without stock rights) approved the gift; its issue from
        # stock is part of that decision, so the picking is created as the system.
        Picking = self.env["stock.picking"].sudo()
        vals_list = []
        picking_types = {}
        for request in self:
            company = request.company_id
            location = company.key_account_gift_location_id
            if not location:
                raise UserError(
                    self.env._(
                        "Gift Stock Location: %(company)s has none; set it in Key Accounts "
                        "settings before approving gift request %(request)s.",
                        company=company.name,
                        request=request.name,
                    )
                )
            if location not in picking_types:
                picking_types[location] = request._gift_picking_type(location)
            recipient = request.recipient_partner_id.with_company(company)
            destination = recipient.property_stock_customer or self.env.ref(
                "stock.stock_location_customers"
            )
            vals_list.append(
                {
                    "picking_type_id": picking_types[location].id,
                    "partner_id": recipient.id,
                    "location_id": location.id,
                    "location_dest_id": destination.id,
                    "origin": request.name,
                    "company_id": company.id,
                    "key_account_gift_request_id": request.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": request.product_id.display_name,
                                "product_id": request.product_id.id,
                                "product_uom_qty": request.quantity,
                                "product_uom": request.product_uom_id.id,
                                "location_id": location.id,
                                "location_dest_id": destination.id,
                                "company_id": company.id,
                            }
                        )
                    ],
                }
            )
        pickings = Picking.create(vals_list)
        pickings.action_confirm()
        pickings.action_assign()
        for request, picking in zip(self, pickings, strict=True):
            request.message_post(
                body=self.env._(
                    "Gift approved: %(picking)s issues it from %(location)s.",
                    picking=picking.name,
                    location=picking.location_id.display_name,
                )
            )

    def _gift_picking_type(self, location):
        """The outgoing operation type for gifts leaving ``location``."""
        picking_type = location.warehouse_id.out_type_id
        if not picking_type:
            picking_type = (
                self.env["stock.picking.type"]
                .sudo()
                .search(
                    [("code", "=", "outgoing"), ("company_id", "=", location.company_id.id)],
                    limit=1,
                )
            )
        if not picking_type:
            raise UserError(
                self.env._(
                    "Gift Stock Location: %(company)s has no delivery operation type to "
                    "issue gifts with.",
                    company=location.company_id.name,
                )
            )
        return picking_type

    def _gift_cancel_pickings(self):
        """The account team cancels the gift; the warehouse's open picking goes with it."""
        open_pickings = self.sudo().picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        open_pickings.action_cancel()

    def _gift_sync_pickings(self):
        """Follow the gift pickings: all done or cancelled with one done → issued;
        all cancelled → cancelled (the budget is released)."""
        for request in self.filtered(lambda r: r.state == "approved"):
            states = set(request.picking_ids.mapped("state"))
            if not states or states - {"done", "cancel"}:
                continue
            if "done" in states:
                request._transition("issue")
                request.message_post(body=self.env._("Gift issued to the recipient."))
            else:
                request._transition("cancel")
                request.message_post(
                    body=self.env._(
                        "Gift delivery cancelled in the warehouse: the request is cancelled "
                        "and its budget released."
                    )
                )
