from datetime import date

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# States whose value is spent: they use the account's budget and the recipient's cap,
# and they are the gift expense of the commercial-expense KPI.
COMMITTED_STATES = ("approved", "issued")

# Who reads stock pickings (salespeople through sale_stock, the warehouse).
PICKING_GROUPS = "key_account_mgmt.group_kam_specialist,stock.group_stock_user"

OCCASIONS = [
    ("spring_festival", "Spring Festival"),
    ("mid_autumn", "Mid-Autumn Festival"),
    ("anniversary", "Anniversary"),
    ("visit", "Business Visit"),
    ("contract", "Contract Signing"),
    ("other", "Other"),
]


class KeyAccountGiftRequest(models.Model):
    """Gift request (礼品馈赠申请表): a gift to a key contact of a key account.

    Who may do what:

    ==================  ===========================  ====================================
    transition          who                          rule
    ==================  ===========================  ====================================
    draft → to approve  the account team             recipient is a key contact of the
                        (record rules)               account; value above zero; yearly
                                                     budget and recipient cap not exceeded
    to approve →        approvers of the value band  never the requester nor the account
    approved            (approval engine)            manager; budget and cap checked
                                                     again; the gift picking is created
    to approve →        approvers of the value band  a reason is required
    rejected
    approved → issued   the warehouse (validating    only through the done picking
                        the gift picking)
    draft, to approve,  the account team             the open picking is cancelled and the
    approved →                                       budget released; never once issued
    cancelled
    ==================  ===========================  ====================================

    Every transition, from a button or a plain ``write({'state': ...})`` over RPC,
    goes through :meth:`_check_state_transition` (``key.account.approval.document``).
    """

    _name = "key.account.gift.request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "key.account.approval.mixin",
        "key.account.approval.document",
    ]
    _description = "Key Account Gift Request"
    _order = "date desc, id desc"
    _check_company_auto = True

    # The decision runs on the shared approval engine (rules "Gifts ...", by value band).
    _approval_state_from = ("to_approve",)
    _approval_state_to = ("approved", "issued")

    # --- identification
    name = fields.Char(
        "Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "Awaiting Approval"),
            ("approved", "Approved"),
            ("issued", "Issued"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        "Requested By",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )

    # --- account and recipient
    partner_id = fields.Many2one(
        "res.partner",
        "Key Account",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('is_key_account', '=', True)]",
    )
    manager_id = fields.Many2one(
        "res.users",
        "Account Manager",
        compute="_compute_account_team",
        store=True,
        index=True,
        help="Account manager of the key account when the request was made.",
    )
    team_id = fields.Many2one(
        "crm.team",
        "Office",
        compute="_compute_account_team",
        store=True,
        index=True,
        help="Office of the key account when the request was made.",
    )
    recipient_id = fields.Many2one(
        "key.account.contact",
        required=True,
        tracking=True,
        domain="[('partner_id', '=', partner_id)]",
        help="The key contact of the account who receives the gift.",
    )
    recipient_partner_id = fields.Many2one(
        related="recipient_id.contact_id", store=True, index=True, string="Recipient Person"
    )

    # --- gift
    product_id = fields.Many2one(
        "product.product",
        "Gift",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('type', '=', 'consu')]",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(default=1.0, required=True, digits="Product Unit of Measure")
    unit_value = fields.Monetary(
        compute="_compute_unit_value",
        store=True,
        readonly=False,
        precompute=True,
        help="Value of one unit in company currency: the product's cost, else its sales price.",
    )
    amount_total = fields.Monetary(
        "Total Value", compute="_compute_amount_total", store=True, tracking=True
    )
    committed_amount = fields.Monetary(
        "Gift Expense",
        compute="_compute_committed_amount",
        store=True,
        help="The total value once approved or issued (zero otherwise): what the gift "
        "costs the account's budget and the commercial-expense KPI.",
    )
    date = fields.Date(
        "Gift Date", required=True, default=fields.Date.context_today, index=True, tracking=True
    )
    occasion = fields.Selection(OCCASIONS, required=True, default="visit")
    reason = fields.Text(required=True)

    # --- budget and cap (for the calendar year of the gift date)
    gift_budget = fields.Monetary(
        "Yearly Gift Budget",
        compute="_compute_gift_budget",
        help="The account's yearly gift budget: its own, else its tier's.",
    )
    gift_budget_used = fields.Monetary(
        "Budget Used",
        compute="_compute_gift_budget",
        help="Approved and issued gifts of the account in the year of the gift date.",
    )
    gift_budget_remaining = fields.Monetary("Budget Remaining", compute="_compute_gift_budget")
    recipient_given = fields.Monetary(
        "Given to Recipient",
        compute="_compute_gift_budget",
        help="Approved and issued gifts to this person in the year of the gift date.",
    )
    recipient_cap = fields.Monetary(
        "Yearly Cap per Recipient", related="company_id.key_account_gift_recipient_cap"
    )

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
    rejection_reason = fields.Text(tracking=True, copy=False, readonly=True)

    # ------------------------------------------------------------------ computes
    @api.depends("partner_id")
    def _compute_account_team(self):
        # Depends on the account only: the manager and office stay those of the day the
        # request was made, which is what the expense KPI counts.
        for request in self:
            request.manager_id = request.partner_id.key_account_manager_id
            request.team_id = request.partner_id.key_account_team_id

    @api.depends("product_id", "company_id")
    def _compute_unit_value(self):
        for request in self:
            product = request.product_id.with_company(request.company_id)
            if not product:
                request.unit_value = 0.0
            elif product.standard_price:
                request.unit_value = product.standard_price
            else:
                request.unit_value = product.currency_id._convert(
                    product.lst_price,
                    request.currency_id,
                    request.company_id,
                    request.date or fields.Date.context_today(request),
                )

    @api.depends("quantity", "unit_value")
    def _compute_amount_total(self):
        for request in self:
            request.amount_total = request.currency_id.round(request.quantity * request.unit_value)

    @api.depends("state", "amount_total")
    def _compute_committed_amount(self):
        for request in self:
            request.committed_amount = (
                request.amount_total if request.state in COMMITTED_STATES else 0.0
            )

    @api.depends(
        "partner_id", "recipient_partner_id", "company_id", "date", "state", "amount_total"
    )
    def _compute_gift_budget(self):
        records = self.filtered(lambda r: r.partner_id and r.date)
        (self - records).update(
            {
                "gift_budget": 0.0,
                "gift_budget_used": 0.0,
                "gift_budget_remaining": 0.0,
                "recipient_given": 0.0,
            }
        )
        if not records:
            return
        years = {r.date.year for r in records}
        used = records._gift_committed("partner_id", records.partner_id.ids, years)
        given = records._gift_committed(
            "recipient_partner_id", records.recipient_partner_id.ids, years
        )
        for request in records:
            key = (request.company_id.id, request.date.year)
            budget = request._gift_budget()
            request.gift_budget = budget
            request.gift_budget_used = used.get((request.partner_id.id, *key), 0.0)
            request.gift_budget_remaining = budget - request.gift_budget_used
            request.recipient_given = given.get((request.recipient_partner_id.id, *key), 0.0)

    @api.depends("picking_ids")
    def _compute_picking_count(self):
        for request in self:
            request.picking_count = len(request.picking_ids)

    # ------------------------------------------------------------------ constraints
    @api.constrains("partner_id", "recipient_id")
    def _check_account_and_recipient(self):
        for request in self:
            if not request.partner_id.is_key_account:
                raise ValidationError(
                    self.env._(
                        "Key Account: %(partner)s is not a key account; gift requests are "
                        "for key accounts only.",
                        partner=request.partner_id.display_name,
                    )
                )
            if request.recipient_id.partner_id != request.partner_id:
                raise ValidationError(
                    self.env._(
                        "Recipient: %(recipient)s is not a key contact of %(partner)s.",
                        recipient=request.recipient_id.contact_id.display_name,
                        partner=request.partner_id.display_name,
                    )
                )

    @api.constrains("quantity", "unit_value")
    def _check_quantity_value(self):
        for request in self:
            if request.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "Quantity of gift request %(request)s must be above zero.",
                        request=request.name,
                    )
                )
            if request.unit_value < 0:
                raise ValidationError(
                    self.env._(
                        "Unit Value of gift request %(request)s cannot be negative.",
                        request=request.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("rejection_reason") for vals in vals_list):
            raise UserError(self.env._("Rejection Reason: it is recorded by a rejection only."))
        return super().create(self._approval_document_prepare_create(vals_list))

    def write(self, vals):
        if "rejection_reason" in vals and vals.get("state") != "rejected":
            raise UserError(self.env._("Rejection Reason: it is recorded by a rejection only."))
        if self._approval_document_reject_by_write(vals):
            vals = {k: v for k, v in vals.items() if k not in ("state", "rejection_reason")}
            return super().write(vals) if vals else True
        if "state" in vals:
            self._check_state_transition(vals)
        self._check_content_locked(vals)
        new_state = vals.get("state")
        if new_state in ("to_approve", "approved"):
            if new_state == "approved":
                self._gift_lock_accounts()
            self._check_budget_and_cap()
        res = super().write(vals)
        if new_state == "to_approve":
            self.action_approval_request()
        elif new_state == "approved":
            self._gift_create_pickings()
        elif new_state == "cancelled":
            self._gift_cancel()
        return res

    # ------------------------------------------------------------------ actions
    def action_submit(self):
        """Submit for approval (the value band's chain starts)."""
        self.write({"state": "to_approve"})
        return True

    def action_cancel(self):
        """Cancel; an approved gift's open picking is cancelled and its budget released."""
        self.write({"state": "cancelled"})
        return True

    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("key_account_gift_request_id", "=", self.id)]
        action["context"] = {"create": False}
        if len(self.picking_ids) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.picking_ids.id
        return action

    # ------------------------------------------------------------------ rules
    _TRANSITIONS = {
        "to_approve": ("draft",),
        "approved": ("to_approve",),
        "rejected": ("to_approve",),
        "issued": ("approved",),
        "cancelled": ("draft", "to_approve", "approved"),
    }

    def _document_label(self):
        return self.env._("Gift request %(name)s", name=self.name)

    def _check_state_rules(self, new_state, vals):
        if new_state == "to_approve":
            self._check_can_submit()
        elif new_state == "issued":
            for request in self:
                states = set(request.picking_ids.mapped("state"))
                if "done" not in states or states - {"done", "cancel"}:
                    raise UserError(
                        self.env._(
                            "Status: gift request %(request)s is issued when its delivery "
                            "from the gift stock is validated, not by hand.",
                            request=request.name,
                        )
                    )
        elif new_state == "cancelled":
            issued = self.filtered(lambda r: "done" in r.picking_ids.mapped("state"))
            if issued:
                raise UserError(
                    self.env._(
                        "Gift request %(request)s cannot be cancelled: its gift has already "
                        "left the gift stock.",
                        request=issued[0].name,
                    )
                )

    def _check_can_submit(self):
        for request in self:
            if request.amount_total <= 0:
                raise UserError(
                    self.env._(
                        "Total Value: gift request %(request)s needs a value above zero "
                        "to be submitted.",
                        request=request.name,
                    )
                )

    def _check_budget_and_cap(self):
        """Refuse requests beyond the account's remaining yearly budget or the recipient's cap.

        Totals are of the calendar year of the gift date, in company currency, over the
        approved and issued requests of every user; requests checked together count
        together.
        """
        years = {r.date.year for r in self}
        used = self._gift_committed("partner_id", self.partner_id.ids, years, exclude=self.ids)
        given = self._gift_committed(
            "recipient_partner_id", self.recipient_partner_id.ids, years, exclude=self.ids
        )
        requested, to_recipient = {}, {}
        for request in self:
            key = (request.company_id.id, request.date.year)
            account_key = (request.partner_id.id, *key)
            requested[account_key] = requested.get(account_key, 0.0) + request.amount_total
            recipient_key = (request.recipient_partner_id.id, *key)
            to_recipient[recipient_key] = to_recipient.get(recipient_key, 0.0) + (
                request.amount_total
            )
            fmt = request.currency_id.format
            budget = request._gift_budget()
            already = used.get(account_key, 0.0)
            if request.currency_id.compare_amounts(already + requested[account_key], budget) > 0:
                raise UserError(
                    self.env._(
                        "Gift budget of %(account)s exceeded: its %(year)s budget is "
                        "%(budget)s, %(used)s is used, and %(requested)s is requested "
                        "(remaining %(remaining)s).",
                        account=request.partner_id.display_name,
                        year=request.date.year,
                        budget=fmt(budget),
                        used=fmt(already),
                        requested=fmt(requested[account_key]),
                        remaining=fmt(budget - already),
                    )
                )
            cap = request.company_id.key_account_gift_recipient_cap
            total = given.get(recipient_key, 0.0) + to_recipient[recipient_key]
            if cap and request.currency_id.compare_amounts(total, cap) > 0:
                raise UserError(
                    self.env._(
                        "Recipient %(recipient)s would receive gifts of %(amount)s in %(year)s "
                        "(%(given)s already given), above the yearly cap of %(cap)s per "
                        "recipient.",
                        recipient=request.recipient_partner_id.display_name,
                        amount=fmt(total),
                        year=request.date.year,
                        given=fmt(given.get(recipient_key, 0.0)),
                        cap=fmt(cap),
                    )
                )

    # ------------------------------------------------------------------ approval hooks
    def _approval_amount(self):
        return self.amount_total

    def _approval_tier(self):
        return self.partner_id.key_account_tier_id

    def _approval_office_manager(self):
        return self.partner_id.key_account_team_id.user_id

    def _approval_document_user(self):
        return self.manager_id

    def _approval_on_approved(self):
        self.write({"state": "approved"})

    def _approval_on_rejected(self, reason):
        self.write({"state": "rejected", "rejection_reason": reason})

    # ------------------------------------------------------------------ business
    def _gift_budget(self):
        """The account's yearly gift budget, in the request's company currency."""
        self.ensure_one()
        partner = self.partner_id.with_company(self.company_id)
        return partner.key_account_currency_id._convert(
            partner.key_account_gift_budget,
            self.currency_id,
            self.company_id,
            self.date or fields.Date.context_today(self),
        )

    def _gift_committed(self, fname, values, years, exclude=()):
        """Approved and issued value per (``fname`` value, company, year): one query."""
        if not values or not years:
            return {}
        domain = [
            (fname, "in", list(values)),
            ("state", "in", COMMITTED_STATES),
            ("date", ">=", date(min(years), 1, 1)),
            ("date", "<=", date(max(years), 12, 31)),
        ]
        if exclude:
            domain.append(("id", "not in", list(exclude)))
        # sudo: the budget and the cap are account- and person-wide, whoever filed the
        # other requests; only totals of the account being worked on leave this method.
        groups = self.sudo()._read_group(
            domain, [fname, "company_id", "date:year"], ["committed_amount:sum"]
        )
        return {
            (record.id, company.id, year.year): amount for record, company, year, amount in groups
        }

    def _gift_lock_accounts(self):
        """Serialize approvals that spend one account's budget.

        Each approval updates its account's row: of two concurrent approvals for the same
        account, the later one fails to serialize (REPEATABLE READ) and Odoo retries it on
        a snapshot that includes the first, so both cannot pass the budget check.
        """
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET write_date = write_date WHERE id IN %s",
                tuple(self.partner_id.ids),
            )
        )

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

    def _gift_cancel(self):
        """After cancelling: stop the approval chain and cancel the open pickings."""
        self._approval_cancel()
        # The account team cancels the gift; the warehouse's open picking goes with it.
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
                request.write({"state": "issued"})
                request.message_post(body=self.env._("Gift issued to the recipient."))
            else:
                request.write({"state": "cancelled"})
                request.message_post(
                    body=self.env._(
                        "Gift delivery cancelled in the warehouse: the request is cancelled "
                        "and its budget released."
                    )
                )
