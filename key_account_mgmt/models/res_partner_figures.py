"""The figures of a key account on its form (smart buttons and gift budget): each figure
is computed by the model that owns it, in one grouped query per batch of partners, and
opened by one action helper (``tools.actions.window_action``).

======================  ===============================================================
figure                  owner
======================  ===============================================================
visits                  ``key.account.visit._partner_visit_statistics``
gift budget and use     ``key.account.gift.request._partner_gift_figures``, the tier
held stock              ``stock.location._key_account_held_quantities``
other counts            one ``_read_group`` of the model (``_key_account_counts``)
======================  ===============================================================
"""

from odoo import api, fields, models

from ..tools import checked_args
from ..tools.actions import window_action
from .res_partner import ARCHIVE_GROUPS, GIFT_GROUPS, VISIT_GROUPS

# Who reads the held stock figures of an account: the archive readers and stock managers.
HELD_STOCK_GROUPS = f"{ARCHIVE_GROUPS},stock.group_stock_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    key_account_contact_log_count = fields.Integer(
        "Contact Log Entries",
        compute="_compute_key_account_contact_log_count",
        groups=ARCHIVE_GROUPS,
    )

    # --- gifts (S5): yearly budget from the tier or the account's own
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
        groups=HELD_STOCK_GROUPS,
        help="Goods held for this key account in its key-account warehouses.",
    )
    key_account_release_count = fields.Integer(
        "Stock Releases", compute="_compute_key_account_held_qty", groups=HELD_STOCK_GROUPS
    )

    # ------------------------------------------------------------------ computes
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
        stats = self.env["key.account.visit"]._partner_visit_statistics(self)
        for partner in self:
            entry = stats[partner]
            partner.key_account_visit_count = entry["count"]
            partner.key_account_last_visit_date = entry["last"]
            partner.key_account_next_visit_date = entry["next"]
            partner.key_account_days_since_visit = entry["days_since"]

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

    def _compute_key_account_held_qty(self):
        held = self.env["stock.location"]._key_account_held_quantities(self)
        releases = self._key_account_counts("key.account.stock.release")
        for partner in self:
            partner.key_account_held_qty = held.get(partner._origin, 0.0)
            partner.key_account_release_count = releases.get(partner._origin, 0)

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
        company = self.env.company
        figures = self.env["key.account.gift.request"]._partner_gift_figures(self, company)
        today = fields.Date.context_today(self)
        for partner in self:
            count, used = figures.get(partner._origin, (0, 0.0))
            partner.key_account_gift_request_count = count
            partner.key_account_gift_used = company.currency_id._convert(
                used, partner.key_account_currency_id, company, today
            )
            partner.key_account_gift_remaining = (
                partner.key_account_gift_budget - partner.key_account_gift_used
            )

    # ------------------------------------------------------------------ actions
    def _key_account_action(self, xmlid):
        """The action ``xmlid`` on this account's records (the button's search defaults kept)."""
        self.ensure_one()
        return window_action(
            self.env,
            xmlid=xmlid,
            domain=[("partner_id", "=", self.id)],
            context={
                "default_partner_id": self.id,
                **{k: v for k, v in self.env.context.items() if k.startswith("search_default_")},
            },
        )

    @checked_args
    def action_view_key_account_applications(self):
        return self._key_account_action("key_account_mgmt.key_account_application_action")

    @checked_args
    def action_view_key_account_contact_log(self):
        return self._key_account_action("key_account_mgmt.key_account_contact_log_action")

    @checked_args
    def action_view_key_account_visits(self):
        return self._key_account_action("key_account_mgmt.key_account_visit_action")

    @checked_args
    def action_view_key_account_symposiums(self):
        return self._key_account_action("key_account_mgmt.key_account_symposium_invitee_action")

    @checked_args
    def action_view_key_account_feedback(self):
        return self._key_account_action("key_account_mgmt.key_account_manager_feedback_action")

    @checked_args
    def action_view_key_account_gift_requests(self):
        return self._key_account_action("key_account_mgmt.key_account_gift_request_action")

    @checked_args
    def action_view_key_account_releases(self):
        return self._key_account_action("key_account_mgmt.key_account_stock_release_action")

    @checked_args
    def action_view_key_account_held_stock(self):
        self.ensure_one()
        return self.env["stock.quant"]._key_account_list_action(
            self.env._("Held Stock: %(partner)s", partner=self.display_name),
            [("location_id.key_account_hold_partner_id", "=", self.id)],
        )
