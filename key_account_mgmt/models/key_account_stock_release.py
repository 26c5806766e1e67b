"""Stock release requests: lifting the hold on goods held for a key account, decided on
the approval engine (its states and buttons are those of every approval document)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from ..tools.guards import check_finite_numbers

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

    The states, their buttons, the content lock, the numbering and the decision are those
    of every approval document (``key.account.approval.document``); state, move and
    decision fields change only through its steps.
    """

    _name = "key.account.stock.release"
    _inherit = ["mail.thread", "mail.activity.mixin", "key.account.approval.document"]
    _description = "Key Account Stock Release Request"
    _order = "id desc"
    _check_company_auto = True

    _INTERNAL_FIELDS = frozenset({"rejection_reason", "move_id"})
    _sql_constraints = [
        ("quantity_positive", "CHECK (quantity > 0)", "Quantity to release must be positive."),
    ]

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
            # the requester is who files it
            vals["user_id"] = self.env.user.id
        return super().create(vals_list)

    def write(self, vals):
        check_finite_numbers(self, vals)
        if "user_id" in vals:
            raise self._error_internal_fields({"user_id"})
        if self._content_fields(vals) - {"state"} and not self._in_transition():
            self._check_can_manage(self.env._("changed"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_managers(self):
        self._check_can_manage(self.env._("deleted"))

    # ------------------------------------------------------------------ steps
    def _document_label(self):
        return self.env._("Stock release %(name)s", name=self.name)

    def _check_submit(self, **kwargs):
        """Submit: by whom, with the office's reason, for a quantity held now."""
        self._check_can_act()
        self._check_can_manage(self.env._("submitted"))
        for release in self:
            if not (release.reason or "").strip():
                raise UserError(
                    self.env._(
                        "Reason: stock release %(release)s needs the office's written reason.",
                        release=release.name,
                    )
                )
            release._check_held_quantity()

    def _check_cancel(self, **kwargs):
        self._check_can_act()
        self._check_can_manage(self.env._("cancelled"))

    def _check_approve(self, **kwargs):
        for release in self:
            release._check_held_quantity()

    def _do_approve(self, **kwargs):
        for release in self:
            release.sudo()._execute_release()

    # ------------------------------------------------------------------ approval hooks
    def _approval_office_manager(self):
        return self.team_id.user_id

    def _approval_document_user(self):
        return self.user_id

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
        self._write_internal({"move_id": move.id})
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
