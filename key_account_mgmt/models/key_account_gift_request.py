"""The gift request itself: its fields, account, recipient and value, its steps
(Submit, the approval, Issue, Cancel) and its approval hooks.  Budget and cap:
``key_account_gift_request_budget.py``; issue from stock:
``key_account_gift_request_stock.py``; content rules: ``key_account_gift_request_rules.py``.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# States whose value is spent: they use the account's budget and the recipient's cap,
# and they are the gift expense of the commercial-expense KPI.
COMMITTED_STATES = ("approved", "issued")

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

    The states, their buttons, the content lock and the decision are those of every
    approval document (``key.account.approval.document``); a status written over RPC is
    the matching button with its checks.  This file owns the request itself (fields,
    account, recipient, value, steps); the budget and cap are in
    ``key_account_gift_request_budget.py``, the issue from stock in
    ``key_account_gift_request_stock.py``, the rules of its content in
    ``key_account_gift_request_rules.py``.
    """

    _name = "key.account.gift.request"
    _inherit = ["mail.thread", "mail.activity.mixin", "key.account.approval.document"]
    _description = "Key Account Gift Request"
    _order = "date desc, id desc"
    _check_company_auto = True

    # The decision runs on the shared approval engine (rules "Gifts ...", by value band).
    _approval_state_from = ("to_approve",)
    _approval_state_to = ("approved", "issued")
    _TRANSITIONS = {
        "submit": ("to_approve", ("draft",)),
        "approve": ("approved", ("to_approve",)),
        "reject": ("rejected", ("to_approve",)),
        "issue": ("issued", ("approved",)),
        "cancel": ("cancelled", ("draft", "to_approve", "approved")),
    }
    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK (quantity > 0)",
            "Quantity of gift request must be above zero.",
        ),
        (
            "unit_value_not_negative",
            "CHECK (unit_value IS NULL OR unit_value >= 0)",
            "Unit Value of gift request cannot be negative.",
        ),
    ]

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

    # ------------------------------------------------------------------ steps
    def _document_label(self):
        return self.env._("Gift request %(name)s", name=self.name)

    def _check_submit(self, **kwargs):
        # the key contact may have changed since the request was drafted
        self._check_account_and_recipient()
        for request in self:
            if request.amount_total <= 0:
                raise UserError(
                    self.env._(
                        "Total Value: gift request %(request)s needs a value above zero "
                        "to be submitted.",
                        request=request.name,
                    )
                )
        self._check_budget_and_cap()

    def _check_approve(self, **kwargs):
        self._gift_lock_accounts()
        self._check_budget_and_cap()

    def _do_approve(self, **kwargs):
        self._gift_create_pickings()

    def _check_issue(self, **kwargs):
        for request in self:
            states = set(request.picking_ids.mapped("state"))
            if "done" not in states or states - {"done", "cancel"}:
                raise UserError(self._step_not_by_hand("issue"))

    def _step_not_by_hand(self, step):
        if step != "issue":
            return super()._step_not_by_hand(step)
        # Set by the validation of the delivery (as the system), never by a client: the
        # state of a transfer or of its moves is writable over RPC.
        return self.env._(
            "Status: gift request %(request)s is issued when its delivery from the gift "
            "stock is validated, not by hand.",
            request=self[:1].name,
        )

    def _check_cancel(self, **kwargs):
        issued = self.filtered(lambda r: "done" in r.sudo().picking_ids.mapped("state"))
        if issued:
            raise UserError(
                self.env._(
                    "Gift request %(request)s cannot be cancelled: its gift has already "
                    "left the gift stock.",
                    request=issued[0].name,
                )
            )

    def _do_cancel(self, **kwargs):
        res = super()._do_cancel(**kwargs)
        self._gift_cancel_pickings()
        return res

    # ------------------------------------------------------------------ approval hooks
    def _approval_amount(self):
        return self.amount_total

    def _approval_tier(self):
        return self.partner_id.key_account_tier_id

    def _approval_office_manager(self):
        return self.partner_id.key_account_team_id.user_id

    def _approval_document_user(self):
        return self.manager_id
