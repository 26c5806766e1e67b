from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import checked_args

CONFIDENTIAL_GROUPS = (
    "key_account_mgmt.group_kam_manager,"
    "key_account_mgmt.group_kam_department,"
    "key_account_mgmt.group_finance"
)


class KeyAccountApplication(models.Model):
    """Qualification application (大客户申请): the only way a partner becomes a key account.

    Who may do what:

    =================  ==========================  =================================
    transition         who                         rule
    =================  ==========================  =================================
    draft → submitted  applicant, KAM manager+     conditions met, mandatory
                                                   documents attached, tier chosen
    submitted →        KAM department / director   not the applicant himself
    approved
    submitted →        KAM department / director   a reason is required
    rejected
    draft/submitted    the applicant, KAM
    → cancelled        department, KAM manager+
    =================  ==========================  =================================

    The customer is a company; the credit data is entered by the confidential groups
    only and stays in range; once submitted the content is locked except the KAM
    department's verification of the documents (``key_account_application_rules.py``).

    The states, their buttons, the content lock and the decision are those of every
    approval document (``key.account.approval.document``); a status written over RPC is
    the matching button with its checks.
    """

    _name = "key.account.application"
    _inherit = ["mail.thread", "mail.activity.mixin", "key.account.approval.document"]
    _description = "Key Account Qualification Application"
    _order = "id desc"
    _check_company_auto = True

    # The decision runs on the shared approval engine (rule "Qualification applications").
    _INTERNAL_FIELDS = frozenset({"rejection_reason", "decided_by_id", "decision_date"})

    # --- identification
    name = fields.Char(
        "Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        "Applicant",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
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
        tracking=True,
        copy=False,
        index=True,
    )

    # --- proposed account set-up
    requested_tier_id = fields.Many2one("key.account.tier", tracking=True, check_company=True)
    account_manager_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, tracking=True
    )
    team_id = fields.Many2one("crm.team", "Office", tracking=True, check_company=True)
    specialist_ids = fields.Many2many(
        "res.users",
        "key_account_application_specialist_rel",
        "application_id",
        "user_id",
        "Specialists",
    )

    # --- qualification conditions (seed 003 §一)
    has_signed_contract = fields.Boolean(
        "Signed Purchase Contract", help="A purchase contract (agreement) is signed with us."
    )
    ties_up_funds = fields.Boolean(
        "Ties Up Company Funds", help="The customer needs credit or payment terms from us."
    )
    good_credit_standing = fields.Boolean()
    credit_score = fields.Float(groups=CONFIDENTIAL_GROUPS)
    annual_revenue = fields.Monetary(groups=CONFIDENTIAL_GROUPS)
    contract_amount = fields.Monetary()
    settlement_floor_price = fields.Monetary(
        groups=CONFIDENTIAL_GROUPS,
        help="结算底价 of the draft contract; confidential.",
    )
    owes_us_money = fields.Boolean()
    office_evaluation = fields.Text()

    # --- documents
    document_ids = fields.One2many(
        "key.account.application.document",
        "application_id",
        "Documents",
        copy=False,
        default=lambda self: self._default_document_ids(),
    )
    missing_document_names = fields.Char(compute="_compute_missing_documents")
    document_complete = fields.Boolean(compute="_compute_missing_documents")

    # --- development value assessment (费用、销售预测分析)
    expected_sales = fields.Monetary()
    expected_profit = fields.Monetary()
    stock_interest_cost = fields.Monetary("Stock Interest")
    staff_cost = fields.Monetary("Staff Costs")
    travel_cost = fields.Monetary("Travel Costs")
    management_cost = fields.Monetary(
        "Management & Operating Costs", help="Management and operating costs of developing it."
    )
    risk_coefficient = fields.Float(
        help="Between 0 (no risk) and 1 (certain loss); discounts the net value."
    )
    total_cost = fields.Monetary(compute="_compute_development_value", store=True)
    development_value = fields.Monetary(
        compute="_compute_development_value",
        store=True,
        help="(expected profit − costs) × (1 − risk coefficient).",
    )
    value_verdict = fields.Selection(
        [("worth", "Worth Developing"), ("not_worth", "Not Worth Developing")],
        compute="_compute_development_value",
        store=True,
    )
    competitor_analysis = fields.Text("Competitors")
    swot_strengths = fields.Text("Our Strengths")
    swot_weaknesses = fields.Text("Our Weaknesses")
    swot_opportunities = fields.Text("Opportunities")
    swot_threats = fields.Text("Threats")

    # --- decision
    rejection_reason = fields.Text(tracking=True, copy=False)
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decision_date = fields.Datetime(readonly=True, copy=False)

    _OPEN_STATES = ("draft", "submitted", "approved")

    def _auto_init(self):
        res = super()._auto_init()
        # Guarantees "one live application per customer" even under concurrent creates;
        # the Python constraint gives the readable message.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS key_account_application_partner_live_uniq "
                "ON key_account_application (partner_id, company_id) "
                "WHERE state IN ('draft', 'submitted', 'approved')"
            )
        )
        return res

    @api.model
    def _default_document_ids(self):
        return [
            fields.Command.create({"document_type_id": t.id})
            for t in self.env["key.account.document.type"].search([])
        ]

    # ------------------------------------------------------------------ computes
    @api.depends("document_ids.state", "document_ids.mandatory")
    def _compute_missing_documents(self):
        for app in self:
            missing = app.document_ids.filtered(lambda d: d.mandatory and d.state == "missing")
            app.missing_document_names = ", ".join(missing.mapped("name"))
            app.document_complete = not missing

    @api.depends(
        "expected_profit",
        "stock_interest_cost",
        "staff_cost",
        "travel_cost",
        "management_cost",
        "risk_coefficient",
    )
    def _compute_development_value(self):
        for app in self:
            app.total_cost = (
                app.stock_interest_cost + app.staff_cost + app.travel_cost + app.management_cost
            )
            app.development_value = (app.expected_profit - app.total_cost) * (
                1 - app.risk_coefficient
            )
            if not app.expected_profit and not app.total_cost:
                app.value_verdict = False
            else:
                app.value_verdict = "worth" if app.development_value > 0 else "not_worth"

    # ------------------------------------------------------------------ constraints
    @api.constrains("partner_id", "company_id", "state")
    def _check_unique_open_application(self):
        live = self.filtered(lambda a: a.state in self._OPEN_STATES)
        if live:
            self._check_no_live_application(live.partner_id.ids, max_count=1)

    @api.model
    def _check_no_live_application(self, partner_ids, max_count=0):
        """Refuse when a customer has more than ``max_count`` live applications."""
        groups = self.sudo()._read_group(
            [("partner_id", "in", partner_ids), ("state", "in", self._OPEN_STATES)],
            ["partner_id", "company_id"],
            ["__count"],
        )
        for partner, company, count in groups:
            if count > max_count:
                raise ValidationError(
                    self.env._(
                        "Customer: %(partner)s already has a qualification application in "
                        "progress or approved in %(company)s; a customer can have only one.",
                        partner=partner.display_name,
                        company=company.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        doc_types = self.env["key.account.document.type"].search([])
        # Checked before the insert so that the user reads which customer, not an index name.
        self._check_no_live_application([v["partner_id"] for v in vals_list if v.get("partner_id")])
        for vals in vals_list:
            if not vals.get("document_ids"):
                vals["document_ids"] = [
                    fields.Command.create({"document_type_id": t.id}) for t in doc_types
                ]
        return super().create(vals_list)

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ steps
    def _document_label(self):
        return self.env._("Application %(name)s", name=self.name)

    def _check_submit(self, **kwargs):
        """Submit: the key-account conditions, the tier and the mandatory documents."""
        for app in self:
            missing = []
            if not app.has_signed_contract:
                missing.append(self.env._("a signed purchase contract"))
            if not app.ties_up_funds:
                missing.append(self.env._("the customer tying up company funds"))
            if not app.good_credit_standing:
                missing.append(self.env._("good credit standing"))
            if missing:
                raise UserError(
                    self.env._(
                        "Application %(app)s cannot be submitted: the key-account "
                        "conditions are not met (%(missing)s).",
                        app=app.name,
                        missing=", ".join(missing),
                    )
                )
            if not app.requested_tier_id or not app.account_manager_id:
                raise UserError(
                    self.env._(
                        "Application %(app)s cannot be submitted: Requested Tier and "
                        "Account Manager are required.",
                        app=app.name,
                    )
                )
            if not app.document_complete:
                raise UserError(
                    self.env._(
                        "Application %(app)s cannot be submitted: mandatory documents are "
                        "missing: %(docs)s.",
                        app=app.name,
                        docs=app.missing_document_names,
                    )
                )

    # ------------------------------------------------------------------ approval hooks
    def _approval_amount(self):
        return self.contract_amount

    def _approval_office_manager(self):
        return self.team_id.user_id

    def _approval_document_user(self):
        return self.user_id

    def _do_approve(self, **kwargs):
        """Hook of the approval: record the decision and make the partner a key account."""
        for app in self:
            app.partner_id._key_account_qualify(app)
            app.message_post(
                body=self.env._(
                    "Approved by %(user)s: %(partner)s is now a key account of tier %(tier)s.",
                    user=self.env.user.name,
                    partner=app.partner_id.display_name,
                    tier=app.requested_tier_id.display_name,
                )
            )
