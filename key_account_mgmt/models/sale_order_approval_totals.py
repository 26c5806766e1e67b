"""The totals of a key-account order recomputed from its lines, with Odoo's tax engine.

``sale.order._approval_totals_from_lines`` is what the approved figures
(sale_order_approval.py) and the stored-amounts check rest on: never a stored amount.
A request, a confirmation and the checks of the writes they make would run the tax engine
several times on the same lines (three times on a request, four on a confirmation); the
result is kept for the transaction, keyed by everything it is computed from in the order
(company, currency, payment terms, customer, each line's product, unit, quantity, price,
discount and taxes). The definitions it also reads (taxes, currencies, payment terms,
companies) drop what was kept whenever one of them is created, written or deleted; a new
transaction (each request, a retried one) starts with nothing kept.
"""

from odoo import api, models

TOTALS_MEMO = "key_account_approval_totals"


def _forget_totals(env):
    env.cr.precommit.data.pop(TOTALS_MEMO, None)


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _approval_totals_from_lines(self):
        """Odoo's tax totals of the order (as ``_compute_amounts``) recomputed from the
        lines' quantity, price, discount and taxes, with each line's tax details.

        Stored amounts (``amount_total``, a line's ``price_subtotal``) are never read.
        Computed once per transaction for the same inputs (see the module docstring).
        """
        self.ensure_one()
        company = self.company_id or self.env.company
        currency = self.currency_id or company.currency_id
        lines = self._approval_lines().filtered(lambda line: not line.display_type)
        memo = self.env.cr.precommit.data.setdefault(TOTALS_MEMO, {})
        key = (
            self.id,
            company.id,
            currency.id,
            self.payment_term_id.id,
            self.partner_id.id,
            tuple(
                (line.id, line.product_id.id, line.product_uom.id)
                + (line.product_uom_qty, line.price_unit, line.discount, line.tax_id._ids)
                for line in lines
            ),
        )
        if key not in memo:
            memo[key] = self._approval_compute_totals(lines, company, currency)
        totals, line_details = memo[key]
        return totals, [(line.with_env(self.env), details) for line, details in line_details]

    def _approval_compute_totals(self, lines, company, currency):
        AccountTax = self.env["account.tax"]
        base_lines = [line._prepare_base_line_for_taxes_computation() for line in lines]
        AccountTax._add_tax_details_in_base_lines(base_lines, company)
        line_details = [(base["record"], base["tax_details"]) for base in base_lines]
        epd_lines = self._approval_early_payment_base_lines(base_lines, currency)
        if epd_lines:
            AccountTax._add_tax_details_in_base_lines(epd_lines, company)
        base_lines += epd_lines
        AccountTax._round_base_lines_tax_details(base_lines, company)
        totals = AccountTax._get_tax_totals_summary(
            base_lines=base_lines, currency=currency, company=company
        )
        return totals, line_details

    def _approval_early_payment_base_lines(self, base_lines, currency):
        """Sale's ``_add_base_lines_for_early_payment_discount``, from the recomputed
        line subtotals instead of the stored ones."""
        term = self.payment_term_id
        if not (
            term.early_discount
            and term.early_pay_discount_computation == "mixed"
            and term.discount_percentage
        ):
            return []
        AccountTax = self.env["account.tax"]
        epd_lines = []
        for base in base_lines:
            amount = base["tax_details"]["raw_total_excluded_currency"] / 100
            amount *= term.discount_percentage
            for price_unit, taxes in ((-amount, base["record"].tax_id), (amount, AccountTax)):
                epd_lines.append(
                    AccountTax._prepare_base_line_for_taxes_computation(
                        record=self,
                        price_unit=price_unit,
                        quantity=1.0,
                        currency_id=currency,
                        sign=1,
                        special_type="early_payment",
                        tax_ids=taxes,
                    )
                )
        return epd_lines


class TotalsSource(models.AbstractModel):
    """What the kept totals also depend on: a change drops them (see the module docstring)."""

    _name = "key.account.approval.totals.source"
    _description = "Definitions the approved totals depend on"

    @api.model_create_multi
    def create(self, vals_list):
        _forget_totals(self.env)
        return super().create(vals_list)

    def write(self, vals):
        _forget_totals(self.env)
        return super().write(vals)

    def unlink(self):
        _forget_totals(self.env)
        return super().unlink()


class AccountTax(models.Model):
    _name = "account.tax"
    _inherit = ["account.tax", "key.account.approval.totals.source"]


class AccountPaymentTerm(models.Model):
    _name = "account.payment.term"
    _inherit = ["account.payment.term", "key.account.approval.totals.source"]


class ResCurrency(models.Model):
    _name = "res.currency"
    _inherit = ["res.currency", "key.account.approval.totals.source"]


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "key.account.approval.totals.source"]
