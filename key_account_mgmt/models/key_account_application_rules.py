from odoo import Command, api, models
from odoo.exceptions import AccessError, ValidationError

# The confidential credit data (fields restricted to CONFIDENTIAL_GROUPS of
# key_account_application.py) and the range of each value: (minimum, maximum or None).
CONFIDENTIAL_FIELDS = {
    "credit_score": (0.0, 100.0),
    "annual_revenue": (0.0, None),
    "settlement_floor_price": (0.0, None),
}


class KeyAccountApplication(models.Model):
    """The rules of an application's content, on create as on write.

    ========================  ====================================  ======================
    what                      who                                   rule
    ========================  ====================================  ======================
    customer                  the applicant's team                  a company, not a
                                                                    person
    credit score, annual      KAM manager+, KAM department,         0–100; not negative
    revenue, floor price      finance (the confidential groups)     (also SQL CHECKs)
    costs, expected sales,    the applicant's team                  not negative; risk
    contract amount, risk                                           0–1 (SQL CHECKs)
    documents                 the applicant's team                  every mandatory type
                                                                    provided to submit,
                                                                    also when its line is
                                                                    left out or deleted
    document verification     KAM department, draft or submitted    the only change of a
                                                                    submitted application
    applicant                 oneself; KAM manager+, KAM            decides who may cancel
                              department for someone else
    cancel                    the applicant, KAM department,
                              KAM manager+
    computed fields           nobody                                derived (total cost,
                                                                    development value, …)
    ========================  ====================================  ======================
    """

    _inherit = "key.account.application"

    _sql_constraints = [
        (
            "credit_score_range",
            "CHECK (credit_score IS NULL OR (credit_score >= 0 AND credit_score <= 100))",
            "Credit Score must be between 0 and 100.",
        ),
        (
            "annual_revenue_not_negative",
            "CHECK (annual_revenue IS NULL OR annual_revenue >= 0)",
            "Annual Revenue cannot be negative.",
        ),
        (
            "settlement_floor_price_not_negative",
            "CHECK (settlement_floor_price IS NULL OR settlement_floor_price >= 0)",
            "Settlement Floor Price cannot be negative.",
        ),
        (
            "expected_sales_not_negative",
            "CHECK (expected_sales IS NULL OR expected_sales >= 0)",
            "Expected Sales cannot be negative.",
        ),
        (
            "stock_interest_cost_not_negative",
            "CHECK (stock_interest_cost IS NULL OR stock_interest_cost >= 0)",
            "Stock Interest cannot be negative.",
        ),
        (
            "staff_cost_not_negative",
            "CHECK (staff_cost IS NULL OR staff_cost >= 0)",
            "Staff Costs cannot be negative.",
        ),
        (
            "travel_cost_not_negative",
            "CHECK (travel_cost IS NULL OR travel_cost >= 0)",
            "Travel Costs cannot be negative.",
        ),
        (
            "management_cost_not_negative",
            "CHECK (management_cost IS NULL OR management_cost >= 0)",
            "Management & Operating Costs cannot be negative.",
        ),
        (
            "contract_amount_not_negative",
            "CHECK (contract_amount IS NULL OR contract_amount >= 0)",
            "Contract Amount cannot be negative.",
        ),
        (
            "risk_coefficient_range",
            "CHECK (risk_coefficient IS NULL OR (risk_coefficient >= 0 AND risk_coefficient <= 1))",
            "Risk Coefficient must be between 0 and 1.",
        ),
    ]

    # ------------------------------------------------------------------ constraints
    @api.constrains("partner_id")
    def _check_partner_is_company(self):
        for app in self:
            app._check_customer_is_company(app.partner_id)

    # ------------------------------------------------------------------ computes
    @api.depends("document_ids.state", "document_ids.mandatory")
    def _compute_missing_documents(self):
        # Every mandatory document type counts, also one whose line was left out of the
        # checklist or deleted from it.
        mandatory = self.env["key.account.document.type"].search([("mandatory", "=", True)])
        for app in self:
            provided = app.document_ids.filtered(lambda d: d.state != "missing")
            missing = mandatory - provided.document_type_id
            app.missing_document_names = ", ".join(missing.mapped("name"))
            app.document_complete = not missing

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_confidential_access(vals)
            self._check_credit_values(vals)
            if vals.get("user_id", self.env.uid) != self.env.uid:
                self._check_can_change_applicant()
        return super().create(vals_list)

    def write(self, vals):
        self._check_confidential_access(vals)
        self._check_credit_values(vals)
        if "user_id" in vals and any(app.user_id.id != vals["user_id"] for app in self):
            self._check_can_change_applicant()
        return super().write(vals)

    def copy_data(self, default=None):
        # A copy is filed by whoever copies it, with the credit data he may enter himself.
        vals_list = super().copy_data(default=default)
        denied = [f for f in CONFIDENTIAL_FIELDS if not self._fields[f].is_accessible(self.env)]
        for vals in vals_list:
            if "user_id" not in (default or {}):
                vals["user_id"] = self.env.uid
            for fname in denied:
                if fname not in (default or {}):
                    vals.pop(fname, None)
        return vals_list

    # ------------------------------------------------------------------ rules
    @api.model
    def _field_label(self, fname):
        return self._fields[fname].get_description(self.env)["string"]

    @api.model
    def _check_customer_is_company(self, partner):
        if partner and not partner.is_company:
            raise ValidationError(
                self.env._(
                    "Customer: %(partner)s is a person; a key account is a company, so the "
                    "application is made for the company.",
                    partner=partner.display_name,
                )
            )

    @api.model
    def _check_confidential_access(self, vals):
        """The credit data is written by the confidential groups only."""
        denied = [
            fname
            for fname in CONFIDENTIAL_FIELDS
            if fname in vals and not self._fields[fname].is_accessible(self.env)
        ]
        if denied:
            raise AccessError(
                self.env._(
                    "%(fields)s: the credit data of an application is confidential; only "
                    "KAM managers, the KAM department and finance enter it.",
                    fields=", ".join(self._field_label(fname) for fname in denied),
                )
            )

    @api.model
    def _check_credit_values(self, vals):
        """Refuse credit data out of its range, naming the field (before the SQL CHECK)."""
        for fname, (low, high) in CONFIDENTIAL_FIELDS.items():
            value = vals.get(fname)
            if value is None or value is False:
                continue
            label = self._field_label(fname)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValidationError(self.env._("%(field)s must be a number.", field=label))
            if high is not None and not low <= value <= high:
                raise ValidationError(
                    self.env._(
                        "%(field)s must be between %(low)s and %(high)s, not %(value)s.",
                        field=label,
                        low=f"{low:g}",
                        high=f"{high:g}",
                        value=f"{value:g}",
                    )
                )
            if value < low:
                raise ValidationError(
                    self.env._(
                        "%(field)s cannot be negative (%(value)s).", field=label, value=f"{value:g}"
                    )
                )

    @api.model
    def _is_verification_only(self, commands):
        """Whether x2many ``commands`` only set or unset ``verified`` on existing lines."""
        return (
            isinstance(commands, (list, tuple))
            and bool(commands)
            and all(
                isinstance(command, (list, tuple))
                and len(command) == 3
                and command[0] == Command.UPDATE
                and isinstance(command[2], dict)
                and set(command[2]) <= {"verified"}
                for command in commands
            )
        )

    def _content_fields(self, vals):
        # The KAM department's check of the documents is no change of the content: the
        # lines themselves enforce who verifies, on which application and when.
        content = super()._content_fields(vals)
        if self._is_verification_only(vals.get("document_ids")):
            content.discard("document_ids")
        return content

    def _check_cancel(self, **kwargs):
        self._check_can_cancel()

    @api.model
    def _is_application_manager(self):
        user = self.env.user
        return (
            self.env.su
            or user.has_group("key_account_mgmt.group_kam_manager")
            or user.has_group("key_account_mgmt.group_kam_department")
        )

    @api.model
    def _check_can_change_applicant(self):
        """Who filed an application decides who may cancel it: not a specialist's choice."""
        if not self._is_application_manager():
            raise AccessError(
                self.env._(
                    "Applicant: an application is filed in your own name; only KAM managers "
                    "and the KAM department file it for someone else."
                )
            )

    def _check_can_cancel(self):
        """Only the applicant, the KAM department and KAM managers+ cancel."""
        if self._is_application_manager():
            return
        others = self.filtered(lambda app: app.user_id != self.env.user)
        if others:
            raise AccessError(
                self.env._(
                    "Cancel: application %(app)s was filed by %(user)s; only the applicant, "
                    "the KAM department and KAM managers may cancel it.",
                    app=others[0].name,
                    user=others[0].user_id.name,
                )
            )
