"""The yearly gift budget of a key account and the cap per recipient.

Owns the budget figures shown on a gift request (budget, used, remaining, given to the
recipient, for the calendar year of the gift date), the check that a submitted or
approved request stays within them (:meth:`_check_budget_and_cap`, run by the Submit and
Approve steps) and the lock that serializes approvals spending one account's budget.
"""

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .key_account_gift_request import COMMITTED_STATES


class KeyAccountGiftRequest(models.Model):
    _inherit = "key.account.gift.request"  # pylint: disable=consider-merging-classes-inherited

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
