import logging
from collections import defaultdict
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import checked_args

_logger = logging.getLogger(__name__)

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
        compute="_compute_is_key_account", store=True, groups=ARCHIVE_GROUPS
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
    main_business = fields.Text(copy=False, groups=ARCHIVE_GROUPS)
    product_preferences = fields.Text(
        "Product Specifications Wanted", copy=False, groups=ARCHIVE_GROUPS
    )
    packaging_preferences = fields.Text(copy=False, groups=ARCHIVE_GROUPS)
    after_sales_expectations = fields.Text(
        "After-sales Expectations", copy=False, groups=ARCHIVE_GROUPS
    )
    price_sensitivity = fields.Selection(
        [("high", "High"), ("medium", "Medium"), ("low", "Low")], copy=False, groups=ARCHIVE_GROUPS
    )
    key_contact_ids = fields.One2many(
        "key.account.contact", "partner_id", "Key Contacts", groups=ARCHIVE_GROUPS
    )
    competitor_ids = fields.One2many(
        "key.account.competitor", "partner_id", "Competitors", groups=ARCHIVE_GROUPS
    )
    credit_score = fields.Float(groups=CREDIT_GROUPS, copy=False)
    annual_revenue = fields.Monetary(
        groups=CREDIT_GROUPS, currency_field="key_account_currency_id", copy=False
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
    )

    key_account_contact_log_count = fields.Integer(
        "Contact Log Entries",
        compute="_compute_key_account_contact_log_count",
        groups=ARCHIVE_GROUPS,
    )

    # --- gifts (礼品馈赠, S5): yearly budget from the tier or the account's own
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
    key_account_gift_budget = fields.Monetary(
        "Yearly Gift Budget",
        currency_field="key_account_currency_id",
        compute="_compute_key_account_gift_budget",
        groups=GIFT_GROUPS,
        help="The account's own yearly gift budget if set, else its tier's.",
    )
    key_account_gift_used = fields.Monetary(
        "Gifts This Year",
        currency_field="key_account_currency_id",
        compute="_compute_key_account_gift_requests",
        groups=GIFT_GROUPS,
        help="Approved and issued gift requests of the current calendar year.",
    )
    key_account_gift_remaining = fields.Monetary(
        "Gift Budget Remaining",
        currency_field="key_account_currency_id",
        compute="_compute_key_account_gift_requests",
        groups=GIFT_GROUPS,
    )
    key_account_gift_request_count = fields.Integer(
        "Gift Requests", compute="_compute_key_account_gift_requests", groups=GIFT_GROUPS
    )

    # --- visits (S4)
    key_account_visit_ids = fields.One2many(
        "key.account.visit", "partner_id", "Visits", groups=VISIT_GROUPS
    )
    key_account_visit_count = fields.Integer(
        "Visit Count", compute="_compute_key_account_visit_stats", groups=VISIT_GROUPS
    )
    key_account_next_visit_date = fields.Datetime(
        "Next Planned Visit", compute="_compute_key_account_visit_stats", groups=VISIT_GROUPS
    )
    key_account_last_visit_date = fields.Datetime(
        "Last Visit", compute="_compute_key_account_visit_stats", groups=VISIT_GROUPS
    )
    key_account_days_since_visit = fields.Integer(
        "Days Since Last Visit",
        compute="_compute_key_account_visit_stats",
        groups=VISIT_GROUPS,
        help="Days since the last done visit; -1 when the account was never visited.",
    )
    key_account_symposium_count = fields.Integer(
        "Symposiums", compute="_compute_key_account_symposium_count", groups=VISIT_GROUPS
    )
    key_account_feedback_count = fields.Integer(
        "Feedback on Manager",
        compute="_compute_key_account_feedback_count",
        groups="key_account_mgmt.group_kam_manager",
    )

    # --- held stock (SPEC S3.7/8)
    key_account_held_qty = fields.Float(
        "Held Stock",
        compute="_compute_key_account_held_qty",
        digits="Product Unit of Measure",
        groups=f"{ARCHIVE_GROUPS},stock.group_stock_manager",
        help="Goods held for this key account in its key-account warehouses.",
    )
    key_account_release_count = fields.Integer(
        "Stock Releases",
        compute="_compute_key_account_held_qty",
        groups=f"{ARCHIVE_GROUPS},stock.group_stock_manager",
    )

    # --- quarterly review
    key_account_last_review_date = fields.Date(
        "Last Review", tracking=True, copy=False, groups=ARCHIVE_GROUPS
    )

    # ------------------------------------------------------------------ computes
    @api.depends("key_account_application_ids.state", "key_account_application_ids.decision_date")
    def _compute_is_key_account(self):
        for partner in self:
            approved = partner.key_account_application_ids.filtered(lambda a: a.state == "approved")
            partner.is_key_account = bool(approved)
            dates = [d for d in approved.mapped("decision_date") if d]
            partner.key_account_since = min(dates).date() if dates else False

    def _key_account_counts(self, model):
        """{partner: number of ``model`` records of the partner the user may read}, one query."""
        return dict(
            self.env[model]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )

    @api.depends_context("uid")
    def _compute_key_account_contact_log_count(self):
        counts = self._key_account_counts("key.account.contact.log")
        for partner in self:
            partner.key_account_contact_log_count = counts.get(partner._origin, 0)

    @api.depends_context("uid")
    def _compute_key_account_visit_stats(self):
        # One grouped query for the whole batch: count, last done, next planned.
        rows = self.env["key.account.visit"]._read_group(
            [("partner_id", "in", self.ids)],
            ["partner_id", "state"],
            ["__count", "date:max", "planned_date:min"],
        )
        stats = {}
        for partner, state, count, last_date, first_planned in rows:
            entry = stats.setdefault(partner, {"count": 0, "last": False, "next": False})
            entry["count"] += count
            if state == "done":
                entry["last"] = last_date
            elif state == "planned":
                entry["next"] = first_planned
        today = fields.Date.context_today(self)
        for partner in self:
            entry = stats.get(partner._origin, {"count": 0, "last": False, "next": False})
            partner.key_account_visit_count = entry["count"]
            partner.key_account_last_visit_date = entry["last"]
            partner.key_account_next_visit_date = entry["next"]
            partner.key_account_days_since_visit = (
                (today - fields.Datetime.context_timestamp(self, entry["last"]).date()).days
                if entry["last"]
                else -1
            )

    @api.depends_context("uid")
    def _compute_key_account_symposium_count(self):
        counts = self._key_account_counts("key.account.symposium.invitee")
        for partner in self:
            partner.key_account_symposium_count = counts.get(partner._origin, 0)

    @api.depends_context("uid")
    def _compute_key_account_feedback_count(self):
        counts = self._key_account_counts("key.account.manager.feedback")
        for partner in self:
            partner.key_account_feedback_count = counts.get(partner._origin, 0)

    def _key_account_action(self, xmlid):
        """The action ``xmlid`` on this account's records (the button's search defaults kept)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.id,
            **{k: v for k, v in self.env.context.items() if k.startswith("search_default_")},
        }
        return action

    @checked_args
    def action_view_key_account_visits(self):
        return self._key_account_action("key_account_mgmt.key_account_visit_action")

    @checked_args
    def action_view_key_account_symposiums(self):
        return self._key_account_action("key_account_mgmt.key_account_symposium_invitee_action")

    @checked_args
    def action_view_key_account_feedback(self):
        return self._key_account_action("key_account_mgmt.key_account_manager_feedback_action")

    def _compute_key_account_held_qty(self):
        held = defaultdict(float)
        for location, qty in self.env["stock.quant"]._read_group(
            [("location_id.key_account_hold_partner_id", "in", self.ids)],
            ["location_id"],
            ["quantity:sum"],
        ):
            held[location.key_account_hold_partner_id] += qty
        releases = dict(
            self.env["key.account.stock.release"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.key_account_held_qty = held.get(partner._origin, 0.0)
            partner.key_account_release_count = releases.get(partner._origin, 0)

    @checked_args
    def action_view_key_account_contact_log(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.key_account_contact_log_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    @api.depends(
        "key_account_gift_budget_custom",
        "key_account_gift_budget_own",
        "key_account_tier_id.gift_budget",
    )
    def _compute_key_account_gift_budget(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.key_account_gift_budget_custom:
                partner.key_account_gift_budget = partner.key_account_gift_budget_own
                continue
            tier = partner.key_account_tier_id
            if not tier:
                partner.key_account_gift_budget = 0.0
                continue
            partner.key_account_gift_budget = tier.currency_id._convert(
                tier.gift_budget,
                partner.key_account_currency_id,
                tier.company_id or self.env.company,
                today,
            )

    @api.depends_context("company")
    def _compute_key_account_gift_requests(self):
        # One query: the count of every request, the current company's committed value
        # of the current year.
        company = self.env.company
        this_year = date(fields.Date.context_today(self).year, 1, 1)
        groups = self.env["key.account.gift.request"]._read_group(
            [("partner_id", "in", self.ids)],
            ["partner_id", "company_id", "date:year"],
            ["__count", "committed_amount:sum"],
        )
        counts, used = {}, {}
        for partner, group_company, year, count, amount in groups:
            counts[partner] = counts.get(partner, 0) + count
            if group_company == company and year == this_year:
                used[partner] = amount
        today = fields.Date.context_today(self)
        for partner in self:
            origin = partner._origin
            partner.key_account_gift_request_count = counts.get(origin, 0)
            partner.key_account_gift_used = company.currency_id._convert(
                used.get(origin, 0.0), partner.key_account_currency_id, company, today
            )
            partner.key_account_gift_remaining = (
                partner.key_account_gift_budget - partner.key_account_gift_used
            )

    @checked_args
    def action_view_key_account_gift_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.key_account_gift_request_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

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
    @api.constrains("credit_score")
    def _check_credit_score(self):
        for partner in self.sudo():
            if not 0 <= partner.credit_score <= 100:
                raise ValidationError(
                    self.env._(
                        "Credit Score of %(partner)s must be between 0 and 100.",
                        partner=partner.display_name,
                    )
                )

    @api.constrains("key_account_gift_budget_own")
    def _check_key_account_gift_budget_own(self):
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
        self._check_key_account_flag_not_written(vals)
        if GIFT_BUDGET_FIELDS & set(vals):
            self._check_key_account_gift_budget_access()
        if vals.get("key_account_warehouse_id"):
            self._key_account_set_warehouse(vals["key_account_warehouse_id"])
        if "key_account_tier_id" in vals:
            return self._key_account_write_tier(vals)
        if ARCHIVE_FIELDS & set(vals):
            self.filtered("is_key_account")._check_key_account_archive_access()
        return super().write(vals)

    def _check_key_account_flag_not_written(self, vals):
        if {"is_key_account", "key_account_since"} & set(vals):
            raise UserError(
                self.env._(
                    "Key Account: a customer becomes a key account only through an "
                    "approved qualification application; the flag cannot be set by hand."
                )
            )

    def _key_account_write_tier(self, vals):
        """Write a tier change with its history line; a key account's change needs a reason."""
        reason = self.env.context.get("key_account_tier_reason")
        new_tier = self.env["key.account.tier"].browse(vals["key_account_tier_id"])
        changed = self.filtered(lambda p: p.key_account_tier_id != new_tier)
        keyed = changed.filtered("is_key_account")
        if keyed:
            if not (reason or "").strip():
                raise UserError(
                    self.env._(
                        "Tier of %(partner)s: a tier change needs a reason; use "
                        "'Change Tier' on the key account.",
                        partner=keyed[0].display_name,
                    )
                )
            keyed._check_key_account_archive_access()
            user = self.env.user
            if not (
                self.env.su
                or user.has_group("key_account_mgmt.group_kam_manager")
                or user.has_group("key_account_mgmt.group_kam_department")
            ):
                raise AccessError(
                    self.env._("Tier: only a KAM Manager or above changes a key account's tier.")
                )
        if new_tier and any(p.company_id and p.company_id != new_tier.company_id for p in changed):
            raise ValidationError(
                self.env._("Tier: the tier must belong to the partner's company.")
            )
        history = [
            {
                "partner_id": partner.id,
                "company_id": (partner.company_id or new_tier.company_id or self.env.company).id,
                "old_tier_id": partner.key_account_tier_id.id,
                "new_tier_id": new_tier.id,
                "reason": reason or self.env._("Set outside a key-account qualification."),
            }
            for partner in changed
        ]
        if new_tier.payment_term_id and "property_payment_term_id" not in vals:
            # A tier's payment terms are one of its consequences.
            vals = dict(vals, property_payment_term_id=new_tier.payment_term_id.id)
        others = set(vals) - {"key_account_tier_id"}
        if ARCHIVE_FIELDS & others:
            self.filtered("is_key_account")._check_key_account_archive_access()
        res = super().write(vals)
        # History rows are read-only for users: written here, as part of a change
        # the user was allowed to make.
        self.env["key.account.tier.history"].sudo().create(history)
        return res

    def _key_account_warehouse(self, company=None):
        """The key-account warehouse serving this account in ``company``: the account's
        own override, else its office's; an empty recordset for ordinary customers."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if not partner.is_key_account:
            return self.env["stock.warehouse"]
        company = company or self.env.company
        warehouse = partner.with_company(company).key_account_warehouse_id
        if not warehouse:
            warehouse = partner.key_account_team_id.key_account_warehouse_id
        return warehouse if warehouse.company_id == company else self.env["stock.warehouse"]

    def _check_key_account_only(self, what):
        """Refuse partners that are not key accounts; ``what`` names the records refused."""
        for partner in self:
            if not partner.is_key_account:
                raise ValidationError(
                    self.env._(
                        "Key Account: %(partner)s is not a key account; %(what)s are kept "
                        "for key accounts only.",
                        partner=partner.display_name,
                        what=what,
                    )
                )

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
        """The location holding goods for this key account in its key-account warehouse
        of ``company``, created on first use (an empty recordset if ``create`` is False
        and there is none)."""
        self.ensure_one()
        partner = self.commercial_partner_id
        company = company or self.env.company
        warehouse = partner._key_account_warehouse(company)
        if not warehouse:
            raise UserError(
                self.env._(
                    "Held stock: %(partner)s has no key-account warehouse in %(company)s; set "
                    "its office's Key-Account Warehouse first.",
                    partner=partner.display_name,
                    company=company.name,
                )
            )
        # Locations are stock managers' records; the held location is made here, under
        # the account's own warehouse, and its hold field only by this method.
        location_sudo = (
            self.env["stock.location"]
            .sudo()
            .search(
                [
                    ("key_account_hold_partner_id", "=", partner.id),
                    ("warehouse_id", "=", warehouse.id),
                ],
                limit=1,
            )
        )
        if not location_sudo and create:
            location_sudo = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Held: %(partner)s", partner=partner.name),
                        "location_id": warehouse.view_location_id.id,
                        "usage": "internal",
                        "company_id": warehouse.company_id.id,
                        "key_account_hold_partner_id": partner.id,
                    }
                )
            )
        return location_sudo.sudo(False)

    @checked_args
    def action_key_account_hold_stock(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hold Stock"),
            "res_model": "key.account.stock.hold",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    @checked_args
    def action_view_key_account_held_stock(self):
        self.ensure_one()
        return self.env["crm.team"]._key_account_quant_action(
            self.env._("Held Stock: %(partner)s", partner=self.display_name),
            [("location_id.key_account_hold_partner_id", "=", self.id)],
        )

    @checked_args
    def action_view_key_account_releases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.key_account_stock_release_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

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

    # ------------------------------------------------------------------ business
    def _key_account_qualify(self, application):
        """Turn the partner into a key account from an approved application."""
        self.ensure_one()
        vals = {
            "key_account_manager_id": application.account_manager_id.id,
            "key_account_team_id": application.team_id.id,
            "key_account_specialist_ids": [fields.Command.set(application.specialist_ids.ids)],
            "key_account_last_review_date": fields.Date.context_today(self),
        }
        if not self.key_account_stage:
            vals["key_account_stage"] = "trial"
        if self.key_account_tier_id != application.requested_tier_id:
            vals["key_account_tier_id"] = application.requested_tier_id.id
        vals["credit_score"] = application.credit_score
        vals["annual_revenue"] = application.annual_revenue
        reason = self.env._("Qualification application %s approved", application.name)
        self.with_context(key_account_tier_reason=reason).write(vals)
        self._key_account_create_analytic_accounts()

    def _key_account_mark_reviewed(self):
        # Whoever completes the review activity stamps the date, nothing else.
        self.sudo().write({"key_account_last_review_date": fields.Date.context_today(self)})

    @checked_args
    def action_key_account_change_tier(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Tier"),
            "res_model": "key.account.tier.change",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    @checked_args
    def action_key_account_mark_reviewed(self):
        """Record the quarterly review of these key accounts and close their review activities."""
        self._check_key_account_archive_access()
        self.activity_feedback(
            ["key_account_mgmt.mail_activity_type_kam_review"],
            feedback=self.env._("Quarterly review done."),
        )
        self._key_account_mark_reviewed()
        return True

    @checked_args
    def action_key_account_create_analytic_account(self):
        """Create the key account's analytic account on demand (e.g. for older accounts)."""
        self._check_key_account_archive_access()
        not_key = self.filtered(lambda p: not p.is_key_account)
        if not_key:
            raise UserError(
                self.env._(
                    "Key-Account Analytic Account: %(partner)s is not a key account.",
                    partner=not_key[0].display_name,
                )
            )
        self._key_account_create_analytic_accounts()
        return True

    def _key_account_create_analytic_accounts(self):
        """Give each key account without one its analytic account in the Key Accounts plan.

        Analytic accounts are configuration of accounting that KAM users cannot create
        themselves; the account is created for the partner's own company only.
        """
        todo = self.filtered(lambda p: p.is_key_account and not p.key_account_analytic_account_id)
        if not todo:
            return
        plan = self.env.ref("key_account_mgmt.account_analytic_plan_key_accounts")
        accounts = (
            self.env["account.analytic.account"]
            .sudo()
            .create(
                [
                    {
                        "name": partner.name,
                        "code": partner.ref or False,
                        "plan_id": plan.id,
                        "partner_id": partner.id,
                        "company_id": partner.company_id.id,
                    }
                    for partner in todo
                ]
            )
        )
        for partner, account in zip(todo.sudo(), accounts, strict=True):
            partner.key_account_analytic_account_id = account

    @checked_args
    def action_view_key_account_applications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.key_account_application_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------------ scheduled action
    @api.model
    def _cron_key_account_quarterly_review(self, batch_size=1000):
        """Create one review activity per key account whose last review is overdue.

        Batched (``_notify_progress`` reschedules the rest), idempotent (accounts
        with an open review activity are skipped) and safe with several workers
        (a transaction-level advisory lock lets one run at a time; a concurrent
        run returns at once and creates nothing).
        """
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", REVIEW_JOB_LOCK))
        if not self.env.cr.fetchone()[0]:
            _logger.info("Quarterly review job already running in another worker; skipped.")
            return 0
        review_type = self.env.ref("key_account_mgmt.mail_activity_type_kam_review")
        today = fields.Date.context_today(self)
        done = remaining = 0
        for company in self.env["res.company"].sudo().search([]):
            domain = self._key_account_review_due_domain(company, review_type, today)
            if done >= batch_size:
                remaining += self.search_count(domain)
                continue
            partners = self.search(domain, limit=batch_size - done, order="id")
            remaining += self.search_count(domain) - len(partners)
            if not partners:
                continue
            model_id = self.env["ir.model"]._get_id("res.partner")
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                [
                    {
                        "activity_type_id": review_type.id,
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "user_id": (partner.key_account_manager_id or self.env.user).id,
                        "summary": self.env._("Quarterly key-account review"),
                        "date_deadline": today,
                        "automated": True,
                    }
                    for partner in partners
                ]
            )
            done += len(partners)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _key_account_review_due_domain(self, company, review_type, today):
        cutoff = today - timedelta(days=company.key_account_review_interval_days or 90)
        company_domain = [("company_id", "=", company.id)]
        if company == self.env.company:
            company_domain = ["|", ("company_id", "=", False), ("company_id", "=", company.id)]
        return [
            ("is_key_account", "=", True),
            *company_domain,
            "|",
            ("key_account_last_review_date", "=", False),
            ("key_account_last_review_date", "<", cutoff),
            ("activity_ids", "not any", [("activity_type_id", "=", review_type.id)]),
        ]
