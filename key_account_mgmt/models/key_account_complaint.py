"""Complaints and suggestions of key accounts (客户投诉处理流程 / 大客户建议处理流程, SPEC S6).

Owns the record, its fixed flow on ``key.account.state.machine``, the technical judgement
and the "valid complaint" figure. Returns live in ``key_account_complaint_return.py``,
rework lines in ``key_account_complaint_rework.py``; e-mail intake, portal, rating and
SLA belong to ``key_account_complaint_*`` files of the intake branch.

=====================  ================================  ================================
step (action_<step>)   who                               rule
=====================  ================================  ================================
dispatch               customer service                  received → dispatched; a key
                                                         account contact, a description;
                                                         KAM department informed, the
                                                         account manager gets an activity
review                 customer service                  dispatched → technical review
                                                         (complaints only)
(judgement fields)     technical department              written in technical review;
                                                         judged by / on set by the server
rework                 technical department              technical review → rework: a full
                                                         judgement asking for rework
review_again           technical department (by a        rework → technical review
                       failed rework line)
reply                  customer service                  → replied: a reply; a suggestion
                                                         from dispatched, a complaint
                                                         judged without rework, or with
                                                         every rework passed
close                  customer service                  replied → closed (archived)
reopen                 customer service                  replied/closed → dispatched, one
                                                         more round ("not satisfied")
cancel                 customer service                  any open state → cancelled, with
                                                         a reason
return decision        the account's manager, KAM        see key_account_complaint_return
                       director
=====================  ================================  ================================

The KAM director may take every step. Role checks pass in a superuser environment only
(``sudo()``: server code such as the rating hooks of the intake branch, never a client).
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

CS_GROUPS = ("key_account_mgmt.group_customer_service", "key_account_mgmt.group_kam_director")
TECH_GROUPS = ("key_account_mgmt.group_technical", "key_account_mgmt.group_kam_director")

# Fields the technical department writes (in technical review only).
JUDGEMENT_FIELDS = frozenset({"responsibility", "judgement", "rework_type"})
# Fields only the addon's own steps write (computed or decided).
SERVER_FIELDS = frozenset(
    {
        "name",
        "active",
        "commercial_partner_id",
        "user_id",
        "team_id",
        "needs_assignment",
        "reopen_count",
        "cancel_reason",
        "judged_by_id",
        "judged_date",
        "is_valid",
        "replied_by_id",
        "dispatched_by_id",
        "closed_by_id",
        "received_date",
        "first_response_date",
        "replied_date",
        "closed_date",
        "return_state",
        "return_qty",
        "return_refusal_reason",
        "return_picking_id",
        "return_decided_by_id",
        "return_decided_date",
    }
)
# States in which a field group may be written.
FIELD_STATES = {
    "kind": ("received",),
    "company_id": ("received",),
    "responsibility": ("technical_review",),
    "judgement": ("technical_review",),
    "rework_type": ("technical_review",),
    "reply": ("dispatched", "technical_review", "rework"),
}


class KeyAccountComplaint(models.Model):
    _name = "key.account.complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "key.account.state.machine"]
    _description = "Key Account Complaint or Suggestion"
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "commercial_partner_id"]

    _TRANSITIONS = {
        "dispatch": ("dispatched", ("received",)),
        "review": ("technical_review", ("dispatched",)),
        "rework": ("rework", ("technical_review",)),
        "review_again": ("technical_review", ("rework",)),
        "reply": ("replied", ("dispatched", "technical_review", "rework")),
        "close": ("closed", ("replied",)),
        "reopen": ("dispatched", ("replied", "closed")),
        "cancel": ("cancelled", ("received", "dispatched", "technical_review", "rework")),
    }
    _EDITABLE_STATES = ("received", "dispatched", "technical_review", "rework")
    _OPEN_FIELDS = frozenset()
    _DELETABLE_STATES = ("received",)
    _INITIAL_STATE = "received"
    _SEQUENCE_CODE = "key.account.complaint"

    # ------------------------------------------------------------------ the record
    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default=lambda s: s.env._("New")
    )
    active = fields.Boolean(default=True, readonly=True, copy=False)
    kind = fields.Selection(
        [("complaint", "Complaint"), ("suggestion", "Suggestion")],
        required=True,
        default="complaint",
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Raised By",
        tracking=True,
        index=True,
        check_company=True,
        help="The contact who raised it.",
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        "Key Account",
        compute="_compute_account",
        store=True,
        readonly=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        "Account Manager",
        compute="_compute_account",
        store=True,
        readonly=True,
        index=True,
        help="The key account's manager: decides returns.",
    )
    team_id = fields.Many2one(
        "crm.team", "Office", compute="_compute_account", store=True, readonly=True, index=True
    )
    tier_id = fields.Many2one(
        "key.account.tier", compute="_compute_account", store=True, readonly=True
    )
    needs_assignment = fields.Boolean(
        compute="_compute_account",
        store=True,
        readonly=True,
        help="The contact is no key account's: customer service assigns the right contact.",
    )
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("portal", "Portal"),
            ("visit", "Visit"),
            ("other", "Other"),
        ],
        required=True,
        default="phone",
        tracking=True,
    )
    description = fields.Html(sanitize_style=True)
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "Urgent"), ("3", "Critical")],
        default="0",
        tracking=True,
    )
    sale_order_id = fields.Many2one("sale.order", "Sales Order", check_company=True)
    picking_id = fields.Many2one(
        "stock.picking",
        "Delivery",
        check_company=True,
        domain="[('picking_type_code', '=', 'outgoing')]",
    )
    product_id = fields.Many2one("product.product", check_company=True, tracking=True)
    lot_id = fields.Many2one(
        "stock.lot", "Lot/Serial", check_company=True, domain="[('product_id', '=', product_id)]"
    )
    invoice_id = fields.Many2one(
        "account.move", check_company=True, domain="[('move_type', '=', 'out_invoice')]"
    )

    # ------------------------------------------------------------------ the flow
    state = fields.Selection(
        [
            ("received", "Received"),
            ("dispatched", "Dispatched"),
            ("technical_review", "Technical Review"),
            ("rework", "Rework"),
            ("replied", "Replied"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="received",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
        group_expand="_group_expand_states",
    )
    reopen_count = fields.Integer("Rounds Reopened", readonly=True, copy=False, tracking=True)
    cancel_reason = fields.Text(readonly=True, copy=False, tracking=True)
    dispatched_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    # ------------------------------------------------------------------ judgement
    responsibility = fields.Selection(
        [
            ("ours", "Our Fault"),
            ("customer", "Customer"),
            ("carrier", "Carrier"),
            ("other", "Other"),
        ],
        tracking=True,
        copy=False,
    )
    judgement = fields.Text("Reasoning", tracking=True, copy=False)
    judged_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    judged_date = fields.Datetime("Judged On", readonly=True, copy=False)
    rework_type = fields.Selection(
        [
            ("physical", "Physical Processing"),
            ("chemical", "Chemical Processing"),
            ("none", "None"),
        ],
        tracking=True,
        copy=False,
    )
    rework_line_ids = fields.One2many(
        "key.account.complaint.rework", "complaint_id", "Rework", copy=False
    )
    is_valid = fields.Boolean(
        "Valid Complaint",
        compute="_compute_is_valid",
        store=True,
        readonly=True,
        index=True,
        help="Our responsibility and not cancelled: counts in the valid-complaint KPI.",
    )

    # ------------------------------------------------------------------ reply
    reply = fields.Html(copy=False)
    replied_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    # ------------------------------------------------------------------ timestamps
    received_date = fields.Datetime(
        "Received On", readonly=True, copy=False, default=fields.Datetime.now, index=True
    )
    first_response_date = fields.Datetime("First Response On", readonly=True, copy=False)
    replied_date = fields.Datetime("Replied On", readonly=True, copy=False)
    closed_date = fields.Datetime("Closed On", readonly=True, copy=False)

    # ------------------------------------------------------------------ computes
    @api.depends(
        "partner_id.commercial_partner_id",
        "partner_id.commercial_partner_id.is_key_account",
        "partner_id.commercial_partner_id.key_account_manager_id",
        "partner_id.commercial_partner_id.key_account_team_id",
        "partner_id.commercial_partner_id.key_account_tier_id",
    )
    def _compute_account(self):
        for complaint in self:
            # The account's archive fields are read as the system: the record stores who
            # manages it whoever files it (a portal user, the mail gateway).
            account_sudo = complaint.partner_id.commercial_partner_id.sudo()
            is_key = bool(account_sudo.is_key_account)
            complaint.commercial_partner_id = complaint.partner_id.commercial_partner_id
            complaint.needs_assignment = not is_key
            complaint.user_id = account_sudo.key_account_manager_id if is_key else False
            complaint.team_id = account_sudo.key_account_team_id if is_key else False
            complaint.tier_id = account_sudo.key_account_tier_id if is_key else False

    @api.depends("responsibility", "state", "kind")
    def _compute_is_valid(self):
        for complaint in self:
            complaint.is_valid = (
                complaint.kind == "complaint"
                and complaint.responsibility == "ours"
                and complaint.state != "cancelled"
            )

    @api.model
    def _group_expand_states(self, states, domain):
        return [key for key, _label in self._fields["state"].selection]

    # ------------------------------------------------------------------ constraints
    @api.constrains("partner_id", "picking_id", "sale_order_id", "invoice_id")
    def _check_links_same_account(self):
        # The linked documents' customers are compared as the system: customer service
        # need not read sales orders or invoices to be refused a foreign one.
        for complaint in self.sudo():
            account = complaint.commercial_partner_id
            for fname in ("picking_id", "sale_order_id", "invoice_id"):
                doc = complaint[fname]
                if doc and account and doc.partner_id.commercial_partner_id != account:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: %(doc)s is not a document of %(account)s.",
                            field=self._fields[fname]._description_string(self.env),
                            doc=doc.display_name,
                            account=account.display_name,
                        )
                    )

    @api.constrains("product_id", "lot_id")
    def _check_lot_product(self):
        for complaint in self:
            if complaint.lot_id and complaint.lot_id.product_id != complaint.product_id:
                raise ValidationError(
                    self.env._(
                        "Lot/Serial: %(lot)s is not a lot of the product %(product)s.",
                        lot=complaint.lot_id.display_name,
                        product=complaint.product_id.display_name or "-",
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self._in_transition():
            for vals in vals_list:
                self._check_client_fields(set(vals), vals, creating=True)
                vals.pop("received_date", None)
        return super().create(vals_list)

    def write(self, vals):
        if not self._in_transition() and not set(vals) <= self._mail_fields():
            self._check_client_fields(set(vals) - {"state"}, vals)
            result = super().write(vals)
            if JUDGEMENT_FIELDS & set(vals):
                self.sudo()._write_internal(
                    {"judged_by_id": self.env.user.id, "judged_date": fields.Datetime.now()}
                )
            return result
        return super().write(vals)

    def _check_client_fields(self, fnames, vals, creating=False):
        """Refuse, with the field's label and the rule, what a user may not write himself."""
        server = fnames & SERVER_FIELDS
        if server:
            raise UserError(
                self.env._(
                    "%(fields)s: set by the complaint's own steps, never written directly.",
                    fields=self._field_labels(server),
                )
            )
        if self.env.su:
            return
        judgement = fnames & JUDGEMENT_FIELDS
        if judgement and (creating or not self._user_in(TECH_GROUPS)):
            raise AccessError(
                self.env._(
                    "%(fields)s: only the technical department judges a complaint, during "
                    "its technical review.",
                    fields=self._field_labels(judgement),
                )
            )
        # rework lines check their own rules (technical department, rework state)
        content = (
            fnames
            - JUDGEMENT_FIELDS
            - {"rework_line_ids", "state"}
            - self._OPEN_FIELDS
            - self._mail_fields()
        )
        if content and not self._user_in(CS_GROUPS):
            raise AccessError(
                self.env._(
                    "%(fields)s: only customer service records and edits complaints and "
                    "suggestions.",
                    fields=self._field_labels(content),
                )
            )
        if creating:
            return
        for fname in fnames & set(FIELD_STATES):
            wrong = self.filtered(lambda c, f=fname: c.state not in FIELD_STATES[f])
            if wrong:
                raise UserError(
                    self.env._(
                        "%(field)s: %(doc)s is %(state)s; this field is written only while "
                        "it is %(states)s.",
                        field=self._field_labels({fname}),
                        doc=wrong[0]._document_label(),
                        state=wrong[0]._state_label(),
                        states=", ".join(self._state_label_of(s) for s in FIELD_STATES[fname]),
                    )
                )
        if "partner_id" in fnames:
            self._check_same_account(vals.get("partner_id"))
        if judgement and self.filtered(lambda c: c.kind != "complaint"):
            raise UserError(self.env._("Responsibility: a suggestion is not judged."))

    def _check_same_account(self, partner_id):
        """Once dispatched, the contact may change within the same key account only: the
        account's department, manager and figures were set by the dispatch."""
        account = self.env["res.partner"].browse(partner_id).commercial_partner_id
        moved = self.filtered(
            lambda c: c.state != "received" and c.commercial_partner_id != account
        )
        if moved:
            raise UserError(
                self.env._(
                    "Raised By: %(doc)s was dispatched for %(account)s; choose another contact "
                    "of that key account (a complaint of another account is a new complaint).",
                    doc=moved[0]._document_label(),
                    account=moved[0].commercial_partner_id.display_name,
                )
            )

    def _user_in(self, groups):
        user = self.env.user
        return any(user.has_group(group) for group in groups)

    # ------------------------------------------------------------------ KPI
    @api.model
    def _kpi_valid_complaints(self, domain=None, groupby=("commercial_partner_id",)):
        """Valid complaints counted in one ``_read_group``, for the KPI issue.

        ``domain`` narrows (e.g. a period on ``received_date``); ``groupby`` as in
        ``_read_group`` (``commercial_partner_id``, ``user_id``, ``team_id``,
        ``received_date:month``, ...). Returns the rows ``(*groups, count)``; archived
        (closed) complaints count.
        """
        return self.with_context(active_test=False)._read_group(
            [("is_valid", "=", True)] + list(domain or []), list(groupby), ["__count"]
        )
