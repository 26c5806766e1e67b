"""The addon's settings on the company (review period, gift location and cap, acceptance
period) and their validation: every setting is checked here, on the company itself (a
Python constraint naming the field, a SQL CHECK underneath), whatever writes it (the
settings page, the key-account configuration dialog or a direct RPC write)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    _sql_constraints = [
        (
            "key_account_review_interval_positive",
            (
                "CHECK(key_account_review_interval_days IS NULL "
                "OR key_account_review_interval_days > 0)"
            ),
            "Key Account Review Period: it must be at least one day.",
        ),
        (
            "key_account_gift_recipient_cap_not_negative",
            "CHECK(COALESCE(key_account_gift_recipient_cap, 0) >= 0)",
            "Yearly Gift Cap per Recipient: it cannot be negative (0 means no cap).",
        ),
        (
            "key_account_acceptance_days_positive",
            "CHECK(key_account_acceptance_days IS NULL OR key_account_acceptance_days > 0)",
            "Office Acceptance Period: it must be at least one day.",
        ),
    ]

    key_account_review_interval_days = fields.Integer(
        "Key Account Review Period (days)",
        default=90,
        help="A key account whose last review is older than this gets a review activity.",
    )

    # --- gifts (S5)
    key_account_gift_location_id = fields.Many2one(
        "stock.location",
        "Gift Stock Location",
        check_company=True,
        domain="[('usage', '=', 'internal')]",
        help="Internal location that approved gifts to key accounts are issued from.",
    )
    key_account_gift_recipient_cap = fields.Monetary(
        "Yearly Gift Cap per Recipient",
        currency_field="currency_id",
        default=5000.0,
        help="Most value of approved and issued gifts one person may receive in a calendar "
        "year (compliance); 0 means no cap.",
    )

    @api.constrains("key_account_review_interval_days")
    def _check_key_account_review_interval(self):
        for company in self:
            if company.key_account_review_interval_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Key Account Review Period of %(company)s: it must be at least one day.",
                        company=company.name,
                    )
                )

    @api.constrains("key_account_gift_location_id")
    def _check_key_account_gift_location(self):
        for company in self:
            location = company.key_account_gift_location_id
            if location and location.usage != "internal":
                raise ValidationError(
                    self.env._(
                        "Gift Stock Location of %(company)s: %(location)s is not an internal "
                        "stock location.",
                        company=company.name,
                        location=location.display_name,
                    )
                )

    @api.constrains("key_account_gift_recipient_cap")
    def _check_key_account_gift_recipient_cap(self):
        for company in self:
            if company.key_account_gift_recipient_cap < 0:
                raise ValidationError(
                    self.env._(
                        "Yearly Gift Cap per Recipient of %(company)s cannot be negative "
                        "(0 means no cap).",
                        company=company.name,
                    )
                )

    def _create_per_company_locations(self):
        res = super()._create_per_company_locations()
        self._key_account_create_gift_locations()
        return res

    @api.model
    def _key_account_install_gift_locations(self):
        """At install and update: give every company without one its "Gifts" location."""
        self.search(
            [("key_account_gift_location_id", "=", False)]
        )._key_account_create_gift_locations()

    def _key_account_create_gift_locations(self):
        """Create an internal "Gifts" location per company, in its first warehouse if any."""
        companies = self.filtered(lambda c: not c.key_account_gift_location_id)
        if not companies:
            return
        warehouses = (
            self.env["stock.warehouse"]
            .sudo()
            .search([("company_id", "in", companies.ids)], order="sequence, id")
        )
        parents = {}
        for warehouse in warehouses:
            parents.setdefault(warehouse.company_id, warehouse.view_location_id)
        physical = self.env.ref("stock.stock_location_locations")
        locations = (
            self.env["stock.location"]
            .sudo()
            .create(
                [
                    {
                        "name": self.env._("Gifts"),
                        "usage": "internal",
                        "location_id": parents.get(company, physical).id,
                        "company_id": company.id,
                    }
                    for company in companies
                ]
            )
        )
        for company, location in zip(companies, locations, strict=True):
            company.sudo().key_account_gift_location_id = location

    key_account_acceptance_days = fields.Integer(
        "Office Acceptance Period (days)",
        default=3,
        help="Goods received by an office count as accepted when it raised no objection "
        "by the end of this many calendar days after the day of receipt (company time "
        "zone).",
    )

    @api.constrains("key_account_acceptance_days")
    def _check_key_account_acceptance_days(self):
        for company in self:
            if company.key_account_acceptance_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Office Acceptance Period of %(company)s: it must be at least one day.",
                        company=company.name,
                    )
                )
