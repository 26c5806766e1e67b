"""Gift deliveries (SPEC S5): the transfer that issues an approved gift request, its link
to the request and what its validation and cancellation may do."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare


class StockPicking(models.Model):
    """Gift deliveries (SPEC S5): the transfer that issues an approved gift request.

    ======================  ===============================  ==========================
    what                    who                              rule
    ======================  ===============================  ==========================
    link to the request     the approval (as the system)     never written by a client;
                                                             kept on backorders
    validate                the warehouse, or whoever may    no more than the approved
                            write the request                quantity of the approved
                                                             gift, no other product
    cancel                  same                             the request follows (all
                                                             cancelled → cancelled)
    ======================  ===============================  ==========================
    """

    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    key_account_gift_request_id = fields.Many2one(
        "key.account.gift.request",
        "Gift Request",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
    )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any("key_account_gift_request_id" in vals for vals in vals_list):
            self._raise_gift_link_readonly()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "key_account_gift_request_id" in vals:
            self._raise_gift_link_readonly()
        return super().write(vals)

    def _create_backorder_picking(self):
        backorder = super()._create_backorder_picking()
        if self.key_account_gift_request_id:
            # the backorder is the rest of the same gift's delivery (a plain copy is not)
            backorder.sudo().key_account_gift_request_id = self.key_account_gift_request_id
        return backorder

    def _raise_gift_link_readonly(self):
        raise UserError(
            self.env._(
                "Gift Request: a gift's delivery is created by the approval of its request; "
                "a transfer cannot be linked to a gift request by hand."
            )
        )

    # ------------------------------------------------------------------ validation
    def _action_done(self):
        self._key_account_gift_check_access()
        self._key_account_gift_check_quantities()
        res = super()._action_done()
        self._key_account_gift_sync()
        return res

    def action_cancel(self):
        self._key_account_gift_check_access()
        res = super().action_cancel()
        self._key_account_gift_sync()
        return res

    def _key_account_gift_check_access(self):
        """The warehouse, or whoever may change the gift request, acts on its delivery."""
        if self.env.su or self.env.user.has_group("stock.group_stock_user"):
            return
        requests = self.key_account_gift_request_id
        if not requests:
            return
        try:
            requests.check_access("write")
        except AccessError:
            raise AccessError(
                self.env._(
                    "Gift Request: %(pickings)s delivers a gift of another account; only the "
                    "warehouse or the account's team validates or cancels it.",
                    pickings=", ".join(self.filtered("key_account_gift_request_id").mapped("name")),
                )
            ) from None

    def _key_account_gift_check_quantities(self):
        """A gift delivery issues the approved gift: its product, up to its quantity."""
        for picking in self.sudo().filtered("key_account_gift_request_id"):
            request = picking.key_account_gift_request_id
            if request.state != "approved":
                raise UserError(
                    self.env._(
                        "Gift Request: %(picking)s delivers gift request %(request)s, which is "
                        "%(state)s; only an approved gift is issued.",
                        picking=picking.name,
                        request=request.name,
                        state=request._state_label(),
                    )
                )
            todo = picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
            if any(todo.mapped("picked")):
                todo = todo.filtered("picked")
            strangers = todo.filtered(lambda m, r=request: m.product_id != r.product_id)
            if any(strangers.mapped("quantity")):
                raise UserError(
                    self.env._(
                        "Gift Request: %(picking)s may issue only %(product)s, the gift "
                        "approved in %(request)s, not %(other)s.",
                        picking=picking.name,
                        product=request.product_id.display_name,
                        request=request.name,
                        other=strangers.product_id[:1].display_name,
                    )
                )
            done = request.picking_ids.move_ids.filtered(
                lambda m, r=request: m.state == "done" and m.product_id == r.product_id
            )
            unit = request.product_id.uom_id
            quantity = sum(m.product_uom._compute_quantity(m.quantity, unit) for m in done | todo)
            approved = request.product_uom_id._compute_quantity(request.quantity, unit)
            if float_compare(quantity, approved, precision_rounding=unit.rounding) > 0:
                raise UserError(
                    self.env._(
                        "Quantity: %(picking)s would issue %(quantity)s %(unit)s of "
                        "%(product)s, more than the %(approved)s approved in %(request)s.",
                        picking=picking.name,
                        quantity=quantity,
                        unit=unit.name,
                        product=request.product_id.display_name,
                        approved=approved,
                        request=request.name,
                    )
                )

    def _key_account_gift_sync(self):
        # The warehouse validates or cancels the delivery, usually without rights on gift
        # requests; the request follows its deliveries as the system (access checked above).
        requests = self.sudo().key_account_gift_request_id
        if requests:
            requests._gift_sync_pickings()
