"""What a key-account order's approval chain approves, and how the order is held to it (S2).

Principle: the band and every approved figure derive from the order's **real lines** at
the moment of each decision and of confirmation, never from a stored amount a client
(or SQL) could have written.

The *fingerprint* (:meth:`SaleOrder._approval_fingerprint`) is what a chain approves:
company, customer and its commercial partner, pricelist, currency; per line its id,
display type, product, unit of measure, quantity, unit price, discount and taxes; the
total recomputed from those lines with Odoo's tax engine (``amount``, order currency)
and converted at the order date (``amount_company``: it selects the band); the payment
terms and the order date are recorded too (the totals depend on them). A decision on an
order whose header, payment terms, date and lines are still those recorded takes the
recorded totals instead of running the tax engine again; confirmation always recomputes
them (a tax or rate edited meanwhile is caught there), once per transaction
(sale_order_approval_totals.py).

It is recorded on every step when approval is requested and on the decided step at each
decision (``key.account.approval.fingerprint``, written by the engine only), and held
against the order whatever route changed it (a write of any field, line create / write /
unlink, a quantity recomputed from the packaging, cancel and back to draft, a detour
through another customer, SQL):

===========================================  ==============  =================================
when                                         order           the order differs from the chain
===========================================  ==============  =================================
after any write of the order or its lines    draft / sent    the chain restarts (new band),
                                                             or is withdrawn when the customer
                                                             is no longer a key account
same                                         confirmed       refused, except decreases (a
                                                             lower quantity, a removed line, a
                                                             new line without quantity)
a decision (sign / approve / file)           any             refused: request approval again
confirmation (button, state write, create,   any             refused: request approval again
portal signature, payment)
Request Approval                             draft / sent    the stale chain is withdrawn and
                                                             a new one starts
===========================================  ==============  =================================

A confirmed order that never went through a chain (confirmed before its customer became
a key account) has no approved figures; it cannot be moved to or from a key account.
"""

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round

from ..tools import checked_args

# positions in a fingerprint line
L_ID, L_DISPLAY, L_PRODUCT, L_UOM, L_QTY, L_PRICE, L_DISCOUNT, L_TAXES = range(8)
LINE_AMOUNT_FIELDS = ("price_subtotal", "price_tax", "price_total")
ORDER_AMOUNT_FIELDS = {
    "amount_untaxed": "base_amount_currency",
    "amount_tax": "tax_amount_currency",
    "amount_total": "total_amount_currency",
}


class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ approved figures
    def _approval_lines(self):
        """The order's lines; when not in cache yet, read with their columns in one query
        (as the ORM reads the one2many, plus the columns the fingerprint and the tax
        engine read), not two."""
        self.ensure_one()
        field = self._fields["order_line"]
        if self.id and not self.env.cache.contains(self, field):
            Line = self.env["sale.order.line"].with_context(
                **{"active_test": False, **field.context}
            )
            fnames = [
                name
                for name, line_field in Line._fields.items()
                if line_field.store and line_field.column_type and line_field.prefetch is True
            ]
            lines = Line.search_fetch(
                field.get_domain_list(self) + [("order_id", "in", self.ids)], fnames
            )
            self.env.cache.insert_missing(self, field, [tuple(lines._ids)])
        return self.order_line

    def _approval_fingerprint(self, recorded=None):
        """What an approval of this order approves (see the module docstring), as JSON data.

        With ``recorded`` (a fingerprint recorded by the chain): when the order's header,
        payment terms, date and lines are still those recorded, its totals are taken from
        it instead of running the tax engine again (a decision on an unchanged order);
        confirmation always recomputes them.
        """
        self.ensure_one()
        company = self.company_id or self.env.company
        currency = self.currency_id or company.currency_id
        digits = self.env["decimal.precision"].precision_get
        qty_digits = digits("Product Unit of Measure")
        price_digits = digits("Product Price")
        discount_digits = digits("Discount")
        lines = None
        if recorded and self.id and not self.env.cache.contains(self, self._fields["order_line"]):
            # one query (sale_order_approval_lines.py), taken when equal to the recorded ones
            lines = self._approval_lines_from_sql(qty_digits, price_digits, discount_digits)
            if lines != recorded.get("lines"):
                lines = None
        lines = lines or [
            [
                line.id,
                line.display_type or False,
                line.product_id.id,
                line.product_uom.id,
                float_round(line.product_uom_qty, precision_digits=qty_digits),
                float_round(line.price_unit, precision_digits=price_digits),
                float_round(line.discount, precision_digits=discount_digits),
                sorted(line.tax_id.ids),
            ]
            for line in self._approval_lines().sorted("id")
        ]
        date = fields.Date.to_date(self.date_order) or fields.Date.context_today(self)
        fingerprint = {
            "company": company.id,
            "partner": self.partner_id.id,
            "commercial_partner": self.partner_id.commercial_partner_id.id,
            "pricelist": self.pricelist_id.id,
            "currency": currency.id,
            "payment_term": self.payment_term_id.id,
            "date": fields.Date.to_string(date),
            "lines": lines,
        }
        if recorded and all(recorded.get(key) == value for key, value in fingerprint.items()):
            return {
                **fingerprint,
                "amount": recorded["amount"],
                "amount_company": recorded["amount_company"],
            }
        totals = self._approval_totals_from_lines()[0]
        amount = currency.round(totals["total_amount_currency"])
        fingerprint["amount"] = amount
        fingerprint["amount_company"] = currency._convert(
            amount, company.currency_id, company, date
        )
        return fingerprint

    def _approval_approved_fingerprint(self):
        """The figures the current chain approves: its last decision's, else its request's.

        ``None`` when no chain is running or complete (none yet, rejected, withdrawn);
        ``False`` for a chain recorded before approved figures were.
        """
        self.ensure_one()
        # the engine's own data: steps are read whoever acts (see _decide)
        steps_sudo = self.sudo().approval_ids.filtered("current").sorted("sequence")
        if not steps_sudo or any(s.state in ("rejected", "cancelled") for s in steps_sudo):
            return None
        decided = steps_sudo.filtered(lambda s: s.state == "done" and s.fingerprint)
        return (decided[-1:] or steps_sudo[:1]).fingerprint or False

    def _approval_header_changes(self, approved, current):
        """Labels of the approved header values (company, customer, ...) that changed."""
        changes = []
        if approved["company"] != current["company"]:
            changes.append(self.env._("Company"))
        if (approved["partner"], approved["commercial_partner"]) != (
            current["partner"],
            current["commercial_partner"],
        ):
            changes.append(self.env._("Customer"))
        if approved["pricelist"] != current["pricelist"]:
            changes.append(self.env._("Pricelist"))
        if approved["currency"] != current["currency"]:
            changes.append(self.env._("Currency"))
        return changes

    def _approval_changes(self, approved, current):
        """Labels of what differs from the approved figures (empty: nothing).

        The amount in company currency only counts when it rose (exchange rates move; a
        lower converted amount is still covered by the band approved).
        """
        if not approved:
            return [self.env._("approved figures not recorded")]
        changes = self._approval_header_changes(approved, current)
        if approved["lines"] != current["lines"]:
            changes.append(self.env._("Order Lines"))
        if (approved["amount"], approved["amount_company"]) == (
            current["amount"],
            current["amount_company"],
        ):
            return changes  # the same figures (no currency to read for the rounding)
        currency = self.env["res.currency"].browse(current["currency"])
        company_currency = self.env["res.company"].browse(current["company"]).currency_id
        if currency.compare_amounts(approved["amount"], current["amount"]):
            changes.append(self.env._("Total"))
        elif (
            company_currency.compare_amounts(current["amount_company"], approved["amount_company"])
            > 0
        ):
            changes.append(self.env._("Total in company currency"))
        return changes

    def _approval_stale_changes(self):
        """What changed since the current chain recorded its figures (empty: nothing, or no
        chain)."""
        self.ensure_one()
        approved = self._approval_approved_fingerprint()
        if approved is None:
            return []
        return self._approval_changes(approved, self._approval_fingerprint())

    # ------------------------------------------------------------------ engine hooks
    def _approval_prepare_steps(self, band, amount):
        """Each step records the figures it is requested for."""
        vals_list = super()._approval_prepare_steps(band, amount)
        fingerprint = self._approval_fingerprint()
        for vals in vals_list:
            vals["fingerprint"] = fingerprint
        return vals_list

    def _approval_amount(self):
        """The order total recomputed from its lines, in company currency at the order date
        (never the stored ``amount_total``)."""
        return self._approval_fingerprint()["amount_company"]

    def _approval_check_unchanged(self, step):
        """A decision is taken on the order as it is now: refuse it when the order changed
        since the chain recorded its figures; record the figures decided on."""
        self.ensure_one()
        approved = self._approval_approved_fingerprint()
        current = self._approval_fingerprint(approved)
        changes = self._approval_changes(approved, current) if approved is not None else []
        if changes:
            raise UserError(
                self.env._(
                    "%(step)s of %(doc)s cannot be decided: the order changed since its "
                    "approval was requested (%(changes)s). Approval must be requested again.",
                    step=step.name,
                    doc=self.display_name,
                    changes=", ".join(changes),
                )
            )
        step.sudo().fingerprint = current

    def _approval_check_complete(self):
        """Also refuse when the order is no longer what its chain approved."""
        res = super()._approval_check_complete()
        for order in self:
            if not order._approval_needed():
                continue
            changes = order._approval_stale_changes()
            if changes:
                raise UserError(
                    self.env._(
                        "%(doc)s cannot be confirmed: it changed since its approval "
                        "(%(changes)s). Approval must be requested again (Request Approval).",
                        doc=order.display_name,
                        changes=", ".join(changes),
                    )
                )
        return res

    @checked_args
    def action_approval_request(self):
        """Start a chain; a chain the order no longer matches is withdrawn first, and stored
        totals that differ from the lines are recomputed (the band comes from the lines)."""
        for order in self:
            if order.state not in self._approval_state_from or not order._approval_needed():
                continue
            changes = order._approval_stale_changes()
            if changes:
                order._approval_withdraw(
                    self.env._("the order changed (%(changes)s)", changes=", ".join(changes))
                )
        self.filtered(lambda o: o._approval_needed())._approval_sync_stored_amounts()
        return super().action_approval_request()

    # ------------------------------------------------------------------ holding the order
    def _approval_withdraw(self, reason):
        """End the current chain without starting another (approval is requested again)."""
        self._approval_cancel()
        self.env["key.account.approval"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids), ("current", "=", True)]
        ).write({"current": False})
        for order in self:
            order._approval_log(self.env._("Approval withdrawn: %(reason)s.", reason=reason))

    def _approval_sync_stored_amounts(self):
        """Recompute stored line and order totals that differ from the lines (a client or
        SQL may have written them): confirmation, invoices and reports use real figures."""
        to_fix = self.browse()
        for order in self:
            currency = order.currency_id or order.company_id.currency_id
            totals, line_details = order._approval_totals_from_lines()
            if any(
                currency.compare_amounts(order[fname], totals[key])
                for fname, key in ORDER_AMOUNT_FIELDS.items()
            ) or any(
                currency.compare_amounts(
                    line.price_subtotal, details["raw_total_excluded_currency"]
                )
                or currency.compare_amounts(
                    line.price_total, details["raw_total_included_currency"]
                )
                for line, details in line_details
            ):
                to_fix |= order
        if not to_fix:
            return
        lines = to_fix.order_line
        for fname in LINE_AMOUNT_FIELDS:
            self.env.add_to_compute(lines._fields[fname], lines)
        for fname in ORDER_AMOUNT_FIELDS:
            self.env.add_to_compute(self._fields[fname], to_fix)
        # what depends on the totals (amounts to invoice, ...) follows the real figures
        lines.modified(LINE_AMOUNT_FIELDS)
        to_fix.modified(list(ORDER_AMOUNT_FIELDS))
        to_fix.flush_recordset(list(ORDER_AMOUNT_FIELDS))

    def _approval_follow_changes(self, partners_before=None):
        """After a change of orders or of their lines, hold them to what their chain approves
        (see the module docstring); ``partners_before``: ``{order id: commercial partner}``
        before a write of the customer."""
        partners_before = partners_before or {}
        for order in self:
            partner = order.partner_id.commercial_partner_id
            partner_before = partners_before.get(order.id, partner)
            moved = partner_before != partner
            if not (moved or order._approval_needed()):
                continue
            if order.state in self._approval_state_from:
                changes = order._approval_stale_changes()
                if not changes:
                    continue
                if order._approval_needed():
                    order._approval_restart(
                        self.env._("the order's %(changes)s changed", changes=", ".join(changes))
                    )
                else:
                    order._approval_withdraw(
                        self.env._(
                            "the customer %(partner)s is not a key account",
                            partner=partner.display_name,
                        )
                    )
            elif order.state in self._approval_state_to:
                order._approval_check_confirmed_change(partner_before if moved else None)

    def _approval_check_confirmed_change(self, partner_before=None):
        """A confirmed key-account order may only go down from what its chain approved: a
        lower quantity, a removed line, a new line without quantity (down payment,
        re-invoiced expense). Its customer, pricelist, currency and the product, unit, price,
        discount and taxes of its approved lines stay; more is ordered on a new order."""
        self.ensure_one()
        approved = self._approval_approved_fingerprint()
        if not approved:
            # no approved figures: at least no move to or from a key account
            partner = self.partner_id.commercial_partner_id
            if partner_before is not None and (
                partner_before.is_key_account or partner.is_key_account
            ):
                raise UserError(
                    self.env._(
                        "Customer: %(doc)s is confirmed; it cannot be moved from %(before)s to "
                        "%(after)s, one of them a key account whose orders need an approval. "
                        "Create a new order instead.",
                        doc=self.display_name,
                        before=partner_before.display_name,
                        after=partner.display_name,
                    )
                )
            return
        current = self._approval_fingerprint()
        problems = self._approval_header_changes(approved, current)
        qty_digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        approved_lines = {line[L_ID]: line for line in approved["lines"] if not line[L_DISPLAY]}
        records = {record.id: record for record in self._approval_lines()}
        for line in current["lines"]:
            if line[L_DISPLAY]:
                continue
            ref = approved_lines.get(line[L_ID])
            name = records[line[L_ID]].product_id.display_name
            if ref is None:
                if float_compare(line[L_QTY], 0.0, precision_digits=qty_digits) > 0:
                    problems.append(self.env._("new line %(line)s", line=name))
                continue
            if line[L_PRODUCT:L_QTY] != ref[L_PRODUCT:L_QTY] or line[L_PRICE:] != ref[L_PRICE:]:
                problems.append(
                    self.env._(
                        "Product, Unit of Measure, Unit Price, Discount or Taxes of line %(line)s",
                        line=name,
                    )
                )
            if float_compare(line[L_QTY], ref[L_QTY], precision_digits=qty_digits) > 0:
                problems.append(self.env._("Quantity of line %(line)s", line=name))
        currency = self.env["res.currency"].browse(current["currency"])
        if currency.compare_amounts(current["amount"], approved["amount"]) > 0:
            problems.append(self.env._("Total"))
        if problems:
            raise UserError(
                self.env._(
                    "%(doc)s is confirmed and approved for %(amount)s: %(problems)s cannot "
                    "change or rise beyond what was approved (only decreases are possible). "
                    "Order more on a new order, which goes through approval.",
                    doc=self.display_name,
                    amount=currency.format(approved["amount"]),
                    problems="; ".join(problems),
                )
            )
