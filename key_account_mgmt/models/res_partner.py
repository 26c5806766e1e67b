"""The key account on the partner (大客户档案): qualification, account team, archive and the
rules on writing them, and the actions of the partner form.

The partner keeps its stored fields and thin computes; the logic lives with the model
that owns it: tier changes in ``res_partner_tier.py`` and ``key.account.tier(.history)``,
the smart-button figures in ``res_partner_figures.py`` (visits, gifts, held stock), held
locations in ``stock.location``, analytic accounts in ``account.analytic.account``, the
quarterly review in ``res_partner_review.py``.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import checked_args
from ..tools.actions import wizard_action

# The key-account archive: not readable by internal users without a KAM role (S8).
ARCHIVE_GROUPS = "key_account_mgmt.group_kam_user"
CREDIT_GROUPS = (
    "key_account_mgmt.group_kam_manager,"
    "key_account_mgmt.group_kam_department,"
    "key_account_mgmt.group_finance"
)
# Who reads visits, symposium invitations and their figures on the account.
VISIT_GROUPS = (
    "key_account_mgmt.group_kam_specialist,"
    "key_account_mgmt.group_customer_service,"
    "key_account_mgmt.group_technical,"
    "key_account_mgmt.group_finance"
)
# The account's profile (texts of the archive, credit figures, completeness): fetched
# together when one of them is read, not with every read of a partner (most partners
# are not key accounts; each field restricted to groups also costs an access check per
# read, issue 10). Fields that flows read with the partner (tier, team, gift budget) or
# that chatter tracking reads on each write stay with the partner's other fields.
PROFILE_PREFETCH = "key_account_profile"
# Advisory-lock key of the quarterly review job (any constant unique to the job).
REVIEW_JOB_LOCK = 0x4B414D01

DEVELOPMENT_STAGES = [
    ("target", "1. Target & Direction"),
    ("market_visit", "2. Market Visit"),
    ("deep_contact", "3. Deep Contact"),
    ("progress", "4. Substantive Progress"),
    ("trial", "5. Initial Cooperation (Trial Order)"),
    ("crisis", "6. Crisis Handling"),
    ("stable", "7. Stable & Developing"),
]

# Fields whose share of filled values is the archive completeness (客户档案完整率).
ARCHIVE_COMPLETENESS_FIELDS = (
    "street",
    "city",
    "phone",
    "email",
    "industry_id",
    "main_business",
    "key_account_segment",
    "product_preferences",
    "packaging_preferences",
    "after_sales_expectations",
    "price_sensitivity",
    "key_account_manager_id",
    "key_contact_ids",
    "competitor_ids",
)

# Who reads gift requests and budgets (S5).
GIFT_GROUPS = "key_account_mgmt.group_kam_specialist,key_account_mgmt.group_finance"
# Fields that set an account's own gift budget: the KAM department's decision.
GIFT_BUDGET_FIELDS = frozenset({"key_account_gift_budget_custom", "key_account_gift_budget_own"})

# Archive fields only the account team (or the KAM department/director) may change.
ARCHIVE_FIELDS = frozenset(
    {
        "key_account_manager_id",
        "key_account_team_id",
        "key_account_specialist_ids",
        "key_account_stage",
        "key_account_segment",
        "main_business",
        "product_preferences",
        "packaging_preferences",
        "after_sales_expectations",
        "price_sensitivity",
        "key_contact_ids",
        "competitor_ids",
        "credit_score",
        "annual_revenue",
        "key_account_last_review_date",
        "key_account_warehouse_id",
    }
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # --- qualification
    key_account_application_ids = fields.One2many(
        "key.account.application", "partner_id", "Qualification Applications", groups=ARCHIVE_GROUPS
    )
    is_key_account = fields.Boolean(
        "Key Account",
        compute="_compute_is_key_account",
        store=True,
        index=True,
        help="Set by an approved qualification application, never by hand.",
    )
    key_account_since = fields.Date(
        compute="_compute_is_key_account",
        store=True,
        groups=ARCHIVE_GROUPS,
        prefetch=PROFILE_PREFETCH,
    )

    # --- tier (等级)
    key_account_tier_id = fields.Many2one(
        "key.account.tier",
        "Tier",
        tracking=True,
        copy=False,
        index=True,
        ondelete="restrict",
        groups=ARCHIVE_GROUPS,
    )
    key_account_tier_history_ids = fields.One2many(
        "key.account.tier.history", "partner_id", "Tier History", groups=ARCHIVE_GROUPS
    )

    # --- account team
    key_account_manager_id = fields.Many2one(
        "res.users", "Account Manager", tracking=True, copy=False, index=True, groups=ARCHIVE_GROUPS
    )
    key_account_team_id = fields.Many2one(
        "crm.team", "Office", tracking=True, copy=False, index=True, groups=ARCHIVE_GROUPS
    )
    key_account_warehouse_id = fields.Many2one(
        "stock.warehouse",
        "Key-Account Warehouse",
        company_dependent=True,
        groups=ARCHIVE_GROUPS,
        help="Overrides the office's key-account warehouse for this account (per company).",
    )
    key_account_analytic_account_id = fields.Many2one(
        "account.analytic.account",
        "Key-Account Analytic Account",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=ARCHIVE_GROUPS,
        help="Analytic account (Key Accounts plan) on which the revenue and cost of this "
        "key account's orders are booked (单独记账).",
    )
    key_account_specialist_ids = fields.Many2many(
        "res.users",
        "key_account_partner_specialist_rel",
        "partner_id",
        "user_id",
        "Specialists",
        copy=False,
        groups=ARCHIVE_GROUPS,
    )

    # --- archive (客户档案)
    key_account_stage = fields.Selection(
        DEVELOPMENT_STAGES,
        "Development Stage",
        tracking=True,
        copy=False,
        index=True,
        groups=ARCHIVE_GROUPS,
    )
    key_account_segment = fields.Selection(
        [
            ("price", "Price-sensitive"),
            ("service", "Service-sensitive"),
            ("technology", "Technology-sensitive"),
        ],
        "Segment",
        tracking=True,
        index=True,
        copy=False,
        groups=ARCHIVE_GROUPS,
    )
    main_business = fields.Text(copy=False, groups=ARCHIVE_GROUPS, prefetch=PROFILE_PREFETCH)
    product_preferences = fields.Text(
        "Product Specifications Wanted",
        copy=False,
        groups=ARCHIVE_GROUPS,
        prefetch=PROFILE_PREFETCH,
    )
    packaging_preferences = fields.Text(
        copy=False, groups=ARCHIVE_GROUPS, prefetch=PROFILE_PREFETCH
    )
    after_sales_expectations = fields.Text(
        "After-sales Expectations",
        copy=False,
        groups=ARCHIVE_GROUPS,
        prefetch=PROFILE_PREFETCH,
    )
    price_sensitivity = fields.Selection(
        [("high", "High"), ("medium", "Medium"), ("low", "Low")],
        copy=False,
        groups=ARCHIVE_GROUPS,
        prefetch=PROFILE_PREFETCH,
    )
    key_contact_ids = fields.One2many(
        "key.account.contact", "partner_id", "Key Contacts", groups=ARCHIVE_GROUPS
    )
    competitor_ids = fields.One2many(
        "key.account.competitor", "partner_id", "Competitors", groups=ARCHIVE_GROUPS
    )
    credit_score = fields.Float(groups=CREDIT_GROUPS, copy=False, prefetch=PROFILE_PREFETCH)
    annual_revenue = fields.Monetary(
        groups=CREDIT_GROUPS,
        currency_field="key_account_currency_id",
        copy=False,
        prefetch=PROFILE_PREFETCH,
    )
    key_account_currency_id = fields.Many2one(
        "res.currency", compute="_compute_key_account_currency_id"
    )
    key_account_archive_completeness = fields.Float(
        "Archive Completeness (%)",
        compute="_compute_key_account_archive_completeness",
        store=True,
        aggregator="avg",
        groups=ARCHIVE_GROUPS,
        prefetch=PROFILE_PREFETCH,
    )

    # --- gifts (礼品馈赠, S5): the account's own yearly budget (figures: res_partner_figures)
    key_account_gift_budget_custom = fields.Boolean(
        "Own Gift Budget",
        tracking=True,
        copy=False,
        groups=GIFT_GROUPS,
        help="Give this account its own yearly gift budget instead of its tier's.",
    )
    key_account_gift_budget_own = fields.Monetary(
        "Own Yearly Gift Budget",
        currency_field="key_account_currency_id",
        tracking=True,
        copy=False,
        groups=GIFT_GROUPS,
    )

    # --- visits (S4; figures: res_partner_figures)
    key_account_visit_ids = fields.One2many(
        "key.account.visit", "partner_id", "Visits", groups=VISIT_GROUPS
    )

    # --- quarterly review
    key_account_last_review_date = fields.Date(
        "Last Review",
        tracking=True,
        copy=False,
        groups=ARCHIVE_GROUPS,
    )

    _sql_constraints = [
        (
            "key_account_credit_score_range",
            "CHECK(credit_score IS NULL OR (credit_score >= 0 AND credit_score <= 100))",
            "Credit Score: a credit score is between 0 and 100.",
        ),
        (
            "key_account_gift_budget_own_not_negative",
            "CHECK(COALESCE(key_account_gift_budget_own, 0) >= 0)",
            "Own Yearly Gift Budget: a gift budget cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------ computes
    @api.depends("key_account_application_ids.state", "key_account_application_ids.decision_date")
    def _compute_is_key_account(self):
        for partner in self:
            approved = partner.key_account_application_ids.filtered(lambda a: a.state == "approved")
            partner.is_key_account = bool(approved)
            dates = [d for d in approved.mapped("decision_date") if d]
            partner.key_account_since = min(dates).date() if dates else False

    def _compute_key_account_currency_id(self):
        for partner in self:
            partner.key_account_currency_id = (
                partner.company_id.currency_id or self.env.company.currency_id
            )

    @api.depends(*ARCHIVE_COMPLETENESS_FIELDS)
    def _compute_key_account_archive_completeness(self):
        total = len(ARCHIVE_COMPLETENESS_FIELDS)
        for partner in self:
            filled = sum(1 for fname in ARCHIVE_COMPLETENESS_FIELDS if partner[fname])
            partner.key_account_archive_completeness = round(100.0 * filled / total, 2)

    # ------------------------------------------------------------------ constraints
    @api.constrains("key_account_gift_budget_own")
    def _check_key_account_gift_budget_own(self):
        # the message names the account; the CHECK above keeps the database right as well
        for partner in self.sudo():
            if partner.key_account_gift_budget_own < 0:
                raise ValidationError(
                    self.env._(
                        "Own Yearly Gift Budget of %(partner)s cannot be negative.",
                        partner=partner.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_key_account_flag_not_written(vals)
        return super().create(vals_list)

    def write(self, vals):
        # a tier change is written through res_partner_tier.py's write, then here
        self._check_key_account_flag_not_written(vals)
        if GIFT_BUDGET_FIELDS & set(vals):
            self._check_key_account_gift_budget_access()
        if vals.get("key_account_warehouse_id"):
            self._key_account_set_warehouse(vals["key_account_warehouse_id"])
        if ARCHIVE_FIELDS & set(vals):
            self._key_account_only()._check_key_account_archive_access()
        return super().write(vals)

    def _check_key_account_flag_not_written(self, vals):
        if {"is_key_account", "key_account_since"} & set(vals):
            raise UserError(
                self.env._(
                    "Key Account: a customer becomes a key account only through an "
                    "approved qualification application; the flag cannot be set by hand."
                )
            )

    # ------------------------------------------------------------------ what a key account is
    @api.model
    def _key_account_domain(self):
        """The one definition of "is a key account" as a domain: an approved qualification
        application made it one (``is_key_account``, computed from the applications)."""
        return [("is_key_account", "=", True)]

    def _key_account_only(self):
        """The key accounts among these partners (the same definition, in Python)."""
        return self.filtered("is_key_account")

    def _check_key_account_only(self, what):
        """Refuse partners that are not key accounts; ``what`` names the records refused."""
        for partner in self - self._key_account_only():
            raise ValidationError(
                self.env._(
                    "Key Account: %(partner)s is not a key account; %(what)s are kept "
                    "for key accounts only.",
                    partner=partner.display_name,
                    what=what,
                )
            )

    def _key_account_warehouse(self, company=None):
        """The key-account warehouse serving this account in ``company``: the account's
        own override, else its office's; an empty recordset for ordinary customers."""
        self.ensure_one()
        partner = self.commercial_partner_id._key_account_only()
        if not partner:
            return self.env["stock.warehouse"]
        company = company or self.env.company
        warehouse = partner.with_company(company).key_account_warehouse_id
        if not warehouse:
            warehouse = partner.key_account_team_id.key_account_warehouse_id
        return warehouse if warehouse.company_id == company else self.env["stock.warehouse"]

    def _check_key_account_contacts(self, contacts, label):
        """Refuse ``contacts`` that are not persons of this account (``label``: the field)."""
        self.ensure_one()
        strangers = contacts.filtered(lambda c: c.commercial_partner_id != self)
        if strangers:
            raise ValidationError(
                self.env._(
                    "%(field)s: %(contacts)s is not a contact of %(partner)s.",
                    field=label,
                    contacts=", ".join(strangers.mapped("display_name")),
                    partner=self.display_name,
                )
            )

    def _key_account_held_location(self, company=None, create=True):
        """The location holding goods for this key account in ``company`` (see
        ``stock.location._key_account_held_location_for``)."""
        self.ensure_one()
        return self.env["stock.location"]._key_account_held_location_for(self, company, create)

    # ------------------------------------------------------------------ access helpers
    def _key_account_team_users(self):
        """Users who form the account team: manager, specialists, office leader and members."""
        self.ensure_one()
        team = self.key_account_team_id
        return (
            self.key_account_manager_id
            | self.key_account_specialist_ids
            | team.user_id
            | team.crm_team_member_ids.user_id
        )

    def _check_key_account_gift_budget_access(self):
        if self.env.su or self.env.user.has_group("key_account_mgmt.group_kam_department"):
            return
        raise AccessError(
            self.env._(
                "Own Gift Budget of %(partner)s: only the KAM department sets a key "
                "account's own yearly gift budget.",
                partner=self[:1].display_name,
            )
        )

    def _check_key_account_archive_access(self):
        user = self.env.user
        if self.env.su or user.has_group("key_account_mgmt.group_kam_department"):
            return
        for partner in self:
            if user not in partner._key_account_team_users():
                raise AccessError(
                    self.env._(
                        "Key account archive of %(partner)s: only its account team "
                        "(account manager, specialists, office) or the KAM department "
                        "may change it.",
                        partner=partner.display_name,
                    )
                )

    # ------------------------------------------------------------------ actions
    @checked_args
    def action_key_account_hold_stock(self):
        self.ensure_one()
        return wizard_action(
            self.env,
            "key.account.stock.hold",
            self.env._("Hold Stock"),
            {"default_partner_id": self.id},
        )

    @checked_args
    def action_key_account_change_tier(self):
        self.ensure_one()
        return wizard_action(
            self.env,
            "key.account.tier.change",
            self.env._("Change Tier"),
            {"default_partner_id": self.id},
        )

    @checked_args
    def action_key_account_create_analytic_account(self):
        """Create the key account's analytic account on demand (e.g. for older accounts)."""
        self._check_key_account_archive_access()
        not_key = self - self._key_account_only()
        if not_key:
            raise UserError(
                self.env._(
                    "Key-Account Analytic Account: %(partner)s is not a key account.",
                    partner=not_key[0].display_name,
                )
            )
        self._key_account_create_analytic_accounts()
        return True

    # ------------------------------------------------------------------ business
    def _key_account_qualify(self, application):
        """Turn the partner into a key account from an approved application."""
        self.ensure_one()
        vals = {
            "key_account_manager_id": application.account_manager_id.id,
            "key_account_team_id": application.team_id.id,
            "key_account_specialist_ids": [fields.Command.set(application.specialist_ids.ids)],
            "key_account_last_review_date": fields.Date.context_today(self),
            "credit_score": application.credit_score,
            "annual_revenue": application.annual_revenue,
        }
        if not self.key_account_stage:
            vals["key_account_stage"] = "trial"
        reason = self.env._("Qualification application %s approved", application.name)
        if self.key_account_tier_id != application.requested_tier_id:
            self._key_account_change_tier(application.requested_tier_id, reason, vals)
        else:
            self.write(vals)
        self._key_account_create_analytic_accounts()

    def _key_account_create_analytic_accounts(self):
        """Give each key account without one its analytic account in the Key Accounts plan."""
        return self.env["account.analytic.account"]._key_account_create_for(self)
