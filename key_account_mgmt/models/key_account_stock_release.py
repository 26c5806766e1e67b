from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from ..tools import checked_args
from ..tools.guards import (
    check_finite_numbers,
)

# Besides the requester, who may submit, change, cancel or delete a request (SPEC S3.7).
RELEASE_MANAGER_GROUPS = (
    "key_account_mgmt.group_kam_manager",
    "key_account_mgmt.group_office_manager",
    "key_account_mgmt.group_kam_department",
    "key_account_mgmt.group_deputy_sales_director",
    "stock.group_stock_manager",
)


class KeyAccountStockRelease(models.Model):
    """Stock release request (暂存货物动用申请, SPEC S3.7): lifts the hold on a quantity of
    goods held for a key account and moves it back to the office's available stock.

    =====================  ==============================  =============================
    transition             who                             rule
    =====================  ==============================  =============================
    draft → submitted      KAM roles, stock managers       a reason; the quantity is
                                                           held now
    submitted → approved   KAM department (approval rule   not the requester; the goods
                           "Stock release requests")       move at once
    submitted → rejected   KAM department                  a reason
    draft/submitted →      requester, KAM department,      the same people alone edit
    cancelled              stock managers, KAM manager+    or delete a draft
    =====================  ==============================  =============================

    State, move and decision fields change only through these actions.
    """

    _name = "key.account.stock.release"
    _inherit = ["mail.thread", "mail.activity.mixin", "key.account.approval.mixin"]
    _description = "Key Account Stock Release Request"
    _order = "id desc"
    _check_company_auto = True

    _approval_state_from = ("submitted",)
    _approval_state_to = ("approved",)

    name = fields.Char(
        "Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Key Account",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('is_key_account', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    team_id = fields.Many2one(
        "crm.team", "Office", related="partner_id.key_account_team_id", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        "Requested By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        index=True,
    )
    location_id = fields.Many2one(
        "stock.location",
        "Held Location",
        compute="_compute_location_id",
    )
    location_dest_id = fields.Many2one(
        "stock.location",
        "Released To",
        compute="_compute_location_id",
        help="The office's available stock: the key-account warehouse's stock location.",
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('is_storable', '=', True)]",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(required=True, tracking=True, digits="Product Unit of Measure")
    held_qty = fields.Float(
        "Held Now", compute="_compute_held_qty", digits="Product Unit of Measure"
    )
    reason = fields.Text(
        required=True,
        tracking=True,
        help="The office's written explanation why the held goods are needed elsewhere.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    rejection_reason = fields.Text(readonly=True, copy=False, tracking=True)
    move_id = fields.Many2one("stock.move", "Release Move", readonly=True, copy=False)

    # Written only by the actions below (as the engine, with sudo()).
    _ENGINE_FIELDS = frozenset({"state", "rejection_reason", "move_id", "user_id"})
    _CONTENT_FIELDS = frozenset({"partner_id", "company_id", "product_id", "quantity", "reason"})

    # ------------------------------------------------------------------ computes
    @api.depends("partner_id", "company_id")
    def _compute_location_id(self):
        for release in self:
            location = self.env["stock.location"]
            if release.partner_id.is_key_account and release.partner_id._key_account_warehouse(
                release.company_id
            ):
                location = release.partner_id._key_account_held_location(
                    release.company_id, create=False
                )
            release.location_id = location
            release.location_dest_id = location.warehouse_id.lot_stock_id

    @api.depends("location_id", "product_id")
    def _compute_held_qty(self):
        groups = self.env["stock.quant"]._read_group(
            [
                ("location_id", "in", self.location_id.ids),
                ("product_id", "in", self.product_id.ids),
            ],
            ["location_id", "product_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        )
        free = {(loc, prod): qty - reserved for loc, prod, qty, reserved in groups}
        for release in self:
            release.held_qty = free.get((release.location_id, release.product_id), 0.0)

    # ------------------------------------------------------------------ constraints
    @api.constrains("quantity")
    def _check_quantity(self):
        for release in self:
            if float_compare(release.quantity, 0.0, precision_digits=6) <= 0:
                raise ValidationError(
                    self.env._(
                        "Quantity: the quantity to release must be positive (%(release)s).",
                        release=release.name,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner(self):
        for release in self:
            if not release.partner_id.is_key_account:
                raise ValidationError(
                    self.env._(
                        "Key Account: %(partner)s is not a key account; only goods held for a "
                        "key account are released.",
                        partner=release.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._check_can_act()
        for vals in vals_list:
            check_finite_numbers(self, vals)
            if (
                self._ENGINE_FIELDS & set(vals) - {"user_id"}
                or vals.get("state", "draft") != "draft"
            ):
                raise UserError(
                    self.env._(
                        "Status: a stock release request is created as a draft and moves on "
                        "only through Submit and the approval."
                    )
                )
            vals["user_id"] = self.env.user.id
            if not vals.get("name") or vals["name"] == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "key.account.stock.release"
                ) or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        check_finite_numbers(self, vals)
        if self._ENGINE_FIELDS & set(vals) and not self.env.su:
            raise UserError(
                self.env._(
                    "Status: a stock release request changes state only through Submit, the "
                    "approval and Cancel; its release move is made by the approval."
                )
            )
        content = self._CONTENT_FIELDS & set(vals)
        if content:
            self._check_can_manage(self.env._("changed"))
            locked = self.filtered(lambda r: r.state != "draft")
            if locked:
                raise UserError(
                    self.env._(
                        "Stock release %(release)s is no longer a draft: %(fields)s cannot be "
                        "changed.",
                        release=locked[0].name,
                        fields=", ".join(sorted(content)),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(release.state not in ("draft", "cancelled") for release in self):
            raise UserError(
                self.env._("Only draft or cancelled stock release requests can be deleted.")
            )
        self._check_can_manage(self.env._("deleted"))

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_submit(self):
        """Submit the request to the KAM department (its approval chain starts)."""
        self._check_can_act()
        self._check_can_manage(self.env._("submitted"))
        for release in self:
            if release.state != "draft":
                raise UserError(
                    self.env._(
                        "Stock release %(release)s was already submitted.", release=release.name
                    )
                )
            if not (release.reason or "").strip():
                raise UserError(
                    self.env._(
                        "Reason: stock release %(release)s needs the office's written reason.",
                        release=release.name,
                    )
                )
            release._check_held_quantity()
        self.sudo().write({"state": "submitted"})
        self.action_approval_request()
        return True

    @checked_args
    def action_cancel(self):
        self._check_can_act()
        self._check_can_manage(self.env._("cancelled"))
        for release in self:
            if release.state not in ("draft", "submitted"):
                raise UserError(
                    self.env._(
                        "Stock release %(release)s can no longer be cancelled.",
                        release=release.name,
                    )
                )
        self.sudo().write({"state": "cancelled"})
        self._approval_cancel()
        return True

    @checked_args
    def action_approve(self):
        """Do the current user's step of the approval chain (the KAM department's)."""
        return self.action_approval_approve()

    @checked_args
    def action_reject(self, reason: str | None = None):
        return self.action_approval_reject(reason=reason)

    # ------------------------------------------------------------------ approval hooks
    def _approval_office_manager(self):
        return self.team_id.user_id

    def _approval_document_user(self):
        return self.user_id

    def _approval_on_approved(self):
        for release in self:
            release._check_held_quantity()
            release.sudo().write({"state": "approved"})
            release.sudo()._execute_release()

    def _approval_on_rejected(self, reason):
        self.sudo().write({"state": "rejected", "rejection_reason": reason})

    # ------------------------------------------------------------------ business
    def _check_can_act(self):
        user = self.env.user
        if not (
            self.env.su
            or user.has_group("key_account_mgmt.group_kam_specialist")
            or user.has_group("stock.group_stock_manager")
        ):
            raise AccessError(
                self.env._(
                    "Stock Release: only key-account roles and stock managers request the "
                    "release of held stock."
                )
            )

    def _check_can_manage(self, what):
        """The requester, the KAM department, stock managers and KAM managers and above
        act on a request; a specialist only on his own. The actions then write as the
        engine: the user must be able to write the request himself (office, company)."""
        user = self.env.user
        if not self.env.su:
            self.check_access("write")
        if self.env.su or any(user.has_group(group) for group in RELEASE_MANAGER_GROUPS):
            return
        others = self.filtered(lambda release: release.user_id != user)
        if others:
            raise AccessError(
                self.env._(
                    "Stock Release %(release)s was requested by %(requester)s: it can be "
                    "%(what)s only by the requester, the KAM department, stock managers or "
                    "KAM managers.",
                    release=others[0].name,
                    requester=others[0].user_id.name,
                    what=what,
                )
            )

    def _check_held_quantity(self):
        self.ensure_one()
        # the goods may have moved since the figure was read in this transaction
        self.invalidate_recordset(["location_id", "location_dest_id", "held_qty"])
        if not self.location_id:
            raise UserError(
                self.env._(
                    "Held Location: nothing is held for %(partner)s in %(company)s.",
                    partner=self.partner_id.display_name,
                    company=self.company_id.name,
                )
            )
        rounding = self.product_id.uom_id.rounding
        if float_compare(self.quantity, self.held_qty, precision_rounding=rounding) > 0:
            raise UserError(
                self.env._(
                    "Quantity: stock release %(release)s asks for %(qty)s %(uom)s of "
                    "%(product)s, but only %(held)s are held (unreserved) for %(partner)s.",
                    release=self.name,
                    qty=self.quantity,
                    uom=self.product_uom_id.name,
                    product=self.product_id.display_name,
                    held=self.held_qty,
                    partner=self.partner_id.display_name,
                )
            )

    def _execute_release(self):
        """Move the released quantity from the held location to the office's stock."""
        self.ensure_one()
        move = self.env["stock.move"].create(
            {
                "name": self.env._("Stock release %(release)s", release=self.name),
                "reference": self.name,
                "product_id": self.product_id.id,
                "product_uom": self.product_id.uom_id.id,
                "product_uom_qty": self.quantity,
                "location_id": self.location_id.id,
                "location_dest_id": self.location_dest_id.id,
                "company_id": self.company_id.id,
                "key_account_release_id": self.id,
            }
        )
        self.write({"move_id": move.id})
        move._key_account_move_now(self.env._("stock release %(release)s", release=self.name))
        self.message_post(
            body=self.env._(
                "Released: %(qty)s %(uom)s of %(product)s moved from %(src)s to %(dest)s.",
                qty=self.quantity,
                uom=self.product_uom_id.name,
                product=self.product_id.display_name,
                src=self.location_id.display_name,
                dest=self.location_dest_id.display_name,
            )
        )

    def _key_account_releases(self, move_line):
        """Whether this (approved) release is what moves ``move_line`` out of the hold."""
        if len(self) != 1 or self.state != "approved" or self.move_id != move_line.move_id:
            return False
        if (
            move_line.location_id != self.location_id
            or move_line.location_dest_id != self.location_dest_id
            or move_line.product_id != self.product_id
        ):
            return False
        moved = sum(self.move_id.move_line_ids.mapped("quantity_product_uom"))
        rounding = self.product_id.uom_id.rounding
        return float_compare(moved, self.quantity, precision_rounding=rounding) <= 0
