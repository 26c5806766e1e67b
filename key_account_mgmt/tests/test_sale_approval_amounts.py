from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .test_sale_approval import SaleApprovalCase

LARGE = "key_account_mgmt.approval_rule_sale_large"
MEDIUM = "key_account_mgmt.approval_rule_sale_medium"
SMALL = "key_account_mgmt.approval_rule_sale_small"


class AmountsCase(SaleApprovalCase):
    """Helpers: decide a whole chain as its approvers, forge stored figures."""

    def _approve_all(self, order):
        """Every pending step decided in turn by one of its approvers (not the requester)."""
        deciders = (self.office_manager, self.dept, self.deputy, self.salesdir, self.dept2)
        for _i in range(10):
            step = self._pending(order)
            if not step:
                break
            user = step.approver_user_id or next(
                u for u in deciders if step.approver_group_id in u.groups_id
            )
            order.with_user(user).action_approval_approve()
        self.assertEqual(order.approval_state, "approved")

    def _forge_amounts(self, order, amount=1.0):
        """Write the stored totals as a client would; where a guard refuses that (stored
        computed fields not writable), write them the way no guard sees: SQL."""
        vals = {"amount_total": amount, "amount_untaxed": amount}
        try:
            with self.env.cr.savepoint():
                order.with_user(self.salesman).write(vals)
        except (UserError, AccessError, ValidationError):
            self._sql_set(order, "sale_order", vals)
        self._sql_set(order.order_line, "sale_order_line", {"price_subtotal": amount})
        self.assertEqual(order.amount_total, amount)

    def _sql_set(self, records, table, vals):
        """Change stored values behind the ORM's back (as a script on the database could)."""
        records.flush_recordset()
        for column, value in vals.items():
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE id IN %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    value,
                    tuple(records.ids),
                )
            )
        records.invalidate_recordset()

    def _current_rule(self, order):
        return order.approval_ids.filtered("current").rule_id


@tagged("post_install", "-at_install")
class TestApprovalAmounts(AmountsCase):
    """The band and the approved figures come from the order's real lines (S2)."""

    def test_written_total_gets_top_band_and_real_total(self):
        """A 500,000 order whose stored total was written to 1 still gets the top band; its
        stored total is right after confirmation."""
        order = self._order(500_000)
        self._forge_amounts(order)
        order.with_user(self.salesman).action_approval_request()
        self.assertEqual(self._current_rule(order), self.env.ref(LARGE))
        self.assertEqual(set(order.approval_ids.mapped("amount")), {500_000})
        self.assertEqual(order.amount_total, 500_000, "stored total recomputed from the lines")
        self._forge_amounts(order)  # again, after approval was requested
        self._approve_all(order)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.amount_total, 500_000)
        self.assertEqual(order.amount_untaxed, 500_000)
        self.assertEqual(order.order_line.price_subtotal, 500_000)

    def test_written_total_with_taxes(self):
        """With a tax, the band is chosen on the recomputed total, tax included."""
        tax = self.env["account.tax"].create({"name": "VAT 13 %", "amount": 13})
        order = self._order(90_000)
        order.order_line.with_user(self.salesman).write({"tax_id": [Command.set(tax.ids)]})
        self.assertAlmostEqual(order.amount_total, 101_700)
        self._forge_amounts(order, 90_000)
        order.with_user(self.salesman).action_approval_request()
        self.assertEqual(self._current_rule(order), self.env.ref(MEDIUM))
        self.assertAlmostEqual(order.approval_ids[0].amount, 101_700)

    def test_company_amount_rise_refused_at_confirmation(self):
        """A foreign-currency order whose converted total rose above what was approved (the
        rate of its date was changed) is not confirmed; a lower converted total is."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        rate = self.env["res.currency.rate"].create(
            {
                "currency_id": eur.id,
                "name": "2026-03-01",
                "rate": 0.5,
                "company_id": self.company.id,
            }
        )
        order = self._order(60_000, currency=eur)
        order.date_order = "2026-03-01 10:00:00"
        order.with_user(self.salesman).action_approval_request()  # 120,000: middle band
        self._approve_all(order)
        rate.rate = 0.15  # 400,000 in company currency: the top band
        with self.assertRaisesRegex(UserError, r"\(Total in company currency\)"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")
        rate.rate = 2.0  # 30,000: lower than approved
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_fingerprint_not_readable_nor_writable(self):
        """The recorded figures are the engine's: a salesman neither reads nor writes them."""
        order = self._order(50_000)
        order.with_user(self.salesman).action_approval_request()
        step = self._pending(order).with_user(self.salesman)
        with self.assertRaises(AccessError):
            step.read(["fingerprint"])
        with self.assertRaises(AccessError):
            step.write({"fingerprint": {"amount": 1}})
        self.assertEqual(step.sudo().fingerprint["amount"], 50_000)


@tagged("post_install", "-at_install")
class TestApprovalLineRoutes(AmountsCase):
    """Any line change, whatever the field, restarts an unconfirmed order's chain."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # priced at 5,000 by the pricelist too: a recomputed price stays the same
        cls.bagged = cls.env["product.product"].create(
            {"name": "Cement in bags", "type": "consu", "list_price": 5_000, "taxes_id": False}
        )
        cls.packaging = cls.env["product.packaging"].create(
            {"name": "Bag x10", "product_id": cls.bagged.id, "qty": 10, "sales": True}
        )

    def _packed_order(self):
        """50,000: 10 units (one bag of ten) at 5,000, approved."""
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.account.id,
                    "user_id": self.salesman.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.bagged.id,
                                "product_uom_qty": 10,
                                "product_packaging_id": self.packaging.id,
                                "price_unit": 5_000,
                                "tax_id": False,
                            }
                        )
                    ],
                }
            )
        )
        self.assertEqual(order.amount_total, 50_000)
        order.with_user(self.salesman).action_approval_request()
        self._approve_all(order)
        return order

    def test_packaging_quantity_restarts(self):
        """Writing the packaging quantity (which recomputes the quantity) restarts the chain
        in the band of the new amount; the order cannot be confirmed meanwhile."""
        order = self._packed_order()
        order.order_line.with_user(self.salesman).write({"product_packaging_qty": 100})
        self.assertEqual(order.order_line.product_uom_qty, 1_000)
        self.assertEqual(order.approval_state, "pending")
        self.assertEqual(self._current_rule(order), self.env.ref(LARGE))
        self.assertTrue(
            any(
                "Approval restarted: the order's Order Lines, Total changed" in body
                for body in order.message_ids.mapped("body")
            )
        )
        with self.assertRaisesRegex(UserError, "waits for"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_line_moved_in_restarts(self):
        """A line moved from another quotation into the approved order restarts its chain."""
        order = self._packed_order()
        other = self._order(1_000_000, partner=self.customer)
        other.order_line.with_user(self.salesman).write({"order_id": order.id})
        self.assertEqual(order.approval_state, "pending")
        self.assertEqual(self._current_rule(order), self.env.ref(LARGE))
        with self.assertRaisesRegex(UserError, "waits for"):
            order.with_user(self.salesman).action_confirm()

    def test_line_changed_behind_the_orm_refused(self):
        """A quantity changed where no write hook sees it: confirmation is refused, saying
        what changed; a new request then starts the chain of the real amount."""
        order = self._packed_order()
        self._sql_set(order.order_line, "sale_order_line", {"product_uom_qty": 100})
        with self.assertRaisesRegex(
            UserError, r"changed since its approval \(Order Lines, Total\)"
        ):
            order.with_user(self.salesman).action_confirm()
        with self.assertRaisesRegex(UserError, "changed since its approval"):
            order.with_user(self.salesman).write({"state": "sale"})
        self.assertEqual(order.state, "draft")
        order.with_user(self.salesman).action_approval_request()
        self.assertEqual(self._current_rule(order), self.env.ref(LARGE))
        self.assertEqual(order.approval_state, "pending")
        self.assertTrue(
            any("Approval withdrawn" in b for b in order.message_ids.mapped("body")),
        )

    def test_decision_on_changed_order_refused(self):
        """An approver cannot decide on figures that changed since the request."""
        order = self._order(500_000)
        order.with_user(self.salesman).action_approval_request()
        self._sql_set(order.order_line, "sale_order_line", {"price_unit": 900_000})
        with self.assertRaisesRegex(UserError, r"cannot be decided.*\(Order Lines, Total\)"):
            order.with_user(self.dept).action_approval_approve()
        self.assertEqual(self._pending(order).sequence, 1)
        self.assertFalse(self._pending(order).decided_by_id)


@tagged("post_install", "-at_install")
class TestApprovalStateRoutes(AmountsCase):
    """State changes, detours through other customers, cancel and back to draft."""

    def test_confirm_with_changes_in_one_write(self):
        """Confirming and raising a quantity in one write is refused."""
        order = self._order(50_000)
        order.with_user(self.salesman).action_approval_request()
        self._approve_all(order)
        with self.assertRaisesRegex(UserError, "Quantity of line"):
            order.with_user(self.salesman).write(
                {
                    "state": "sale",
                    "order_line": [Command.update(order.order_line.id, {"product_uom_qty": 100})],
                }
            )
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.order_line.product_uom_qty, 1)

    def test_detour_through_ordinary_customer(self):
        """Approved, moved to an ordinary customer, changed, moved back: approval is
        requested again."""
        order = self._order(50_000)
        order.with_user(self.salesman).action_approval_request()
        self._approve_all(order)
        order.with_user(self.salesman).write({"partner_id": self.customer.id})
        self.assertEqual(order.approval_state, "none")
        order.order_line.with_user(self.salesman).write({"product_uom_qty": 100})
        order.with_user(self.salesman).write({"partner_id": self.account.id})
        self.assertEqual(order.approval_state, "to_request")
        with self.assertRaisesRegex(UserError, "request it first"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_confirmed_ordinary_order_not_moved_to_key_account(self):
        """An ordinary customer's confirmed order cannot be moved to a key account."""
        order = self._order(500_000, partner=self.customer)
        order.with_user(self.salesman).action_confirm()
        with self.assertRaisesRegex(UserError, "Customer: .* is confirmed"):
            order.with_user(self.salesman).write({"partner_id": self.account.id})
        self.assertEqual(order.partner_id, self.customer)

    def test_confirm_and_move_in_one_write(self):
        """An ordinary quotation confirmed and moved to a key account in one write, or an
        approved one confirmed and moved to an ordinary customer: both refused."""
        order = self._order(500_000, partner=self.customer)
        with self.assertRaisesRegex(UserError, "Customer: .* is confirmed"):
            order.with_user(self.salesman).write({"partner_id": self.account.id, "state": "sale"})
        approved = self._order(50_000)
        approved.with_user(self.salesman).action_approval_request()
        self._approve_all(approved)
        with self.assertRaisesRegex(UserError, "Customer"):
            approved.with_user(self.salesman).write(
                {"partner_id": self.customer.id, "state": "sale"}
            )
        self.assertEqual((order.state, order.partner_id), ("draft", self.customer))
        self.assertEqual((approved.state, approved.partner_id), ("draft", self.account))

    def test_confirmed_key_account_order_not_moved(self):
        """An approved, confirmed order keeps its customer."""
        order = self._order(50_000)
        order.with_user(self.salesman).action_approval_request()
        self._approve_all(order)
        order.with_user(self.salesman).action_confirm()
        with self.assertRaisesRegex(UserError, "Customer"):
            order.with_user(self.salesman).write({"partner_id": self.customer.id})
        self.assertEqual(order.partner_id, self.account)

    def test_switched_key_account_restarts(self):
        """Approved for one key account, switched to another: a new chain runs."""
        other = self._make_key_account("Other Key Customer")
        order = self._order(50_000)
        order.with_user(self.salesman).action_approval_request()
        self._approve_all(order)
        order.with_user(self.salesman).write({"partner_id": other.id})
        self.assertEqual(order.approval_state, "pending")
        with self.assertRaisesRegex(UserError, "waits for"):
            order.with_user(self.salesman).action_confirm()

    def test_cancel_and_back_to_draft(self):
        """Changed while cancelled, back to draft: the chain restarts."""
        order = self._order(50_000)
        order.with_user(self.salesman).action_approval_request()
        self._approve_all(order)
        order.with_user(self.salesman).action_cancel()
        self.assertEqual(order.state, "cancel")
        order.order_line.with_user(self.salesman).write(
            {"product_uom_qty": 100, "price_unit": 50_000}
        )
        order.with_user(self.salesman).action_draft()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.approval_state, "pending")
        self.assertEqual(self._current_rule(order), self.env.ref(LARGE))
        with self.assertRaisesRegex(UserError, "waits for"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_copy_of_approved_order_needs_its_own_approval(self):
        """A copy of an approved order (or one created confirmed) is not approved."""
        order = self._order(50_000)
        order.with_user(self.salesman).action_approval_request()
        self._approve_all(order)
        copy = order.with_user(self.salesman).copy()
        self.assertEqual(copy.approval_state, "to_request")
        with self.assertRaisesRegex(UserError, "request it first"):
            copy.with_user(self.salesman).action_confirm()
        with self.assertRaisesRegex(UserError, "request it first"):
            order.with_user(self.salesman).copy({"state": "sale"})
        self.assertEqual(copy.state, "draft")

    def test_cancel_and_back_unchanged(self):
        """Cancelled and back to draft without a change: the approval still holds."""
        order = self._order(50_000)
        order.with_user(self.salesman).action_approval_request()
        self._approve_all(order)
        order.with_user(self.salesman).action_cancel()
        order.with_user(self.salesman).action_draft()
        self.assertEqual(order.approval_state, "approved")
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")


@tagged("post_install", "-at_install")
class TestConfirmedOrderAmounts(AmountsCase):
    """A confirmed key-account order only goes down from what was approved."""

    def _confirmed(self):
        order = self._order(150_000)
        order.order_line.with_user(self.salesman).write(
            {"product_uom_qty": 3, "price_unit": 50_000}
        )
        order.with_user(self.salesman).action_approval_request()
        self._approve_all(order)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        return order

    def test_quantity_rise_refused_decrease_allowed(self):
        """Quantities go down and back up to the approved one, not beyond."""
        order = self._confirmed()
        line = order.order_line.with_user(self.salesman)
        with self.assertRaisesRegex(UserError, "Quantity of line"):
            line.write({"product_uom_qty": 4})
        self.assertEqual(line.product_uom_qty, 3)
        line.write({"product_uom_qty": 2})
        self.assertEqual(order.amount_total, 100_000)
        line.write({"product_uom_qty": 3})
        self.assertEqual(order.amount_total, 150_000)

    def test_price_change_refused(self):
        """The approved price is kept, up or down (the approvers checked it)."""
        order = self._confirmed()
        line = order.order_line.with_user(self.salesman)
        for vals in ({"price_unit": 60_000}, {"price_unit": 10_000}, {"discount": 50}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "Unit Price"):
                line.write(vals)
        self.assertEqual((line.price_unit, line.discount), (50_000, 0))

    def test_new_line_refused_unless_without_quantity(self):
        """A new line with a quantity is refused; without one (e.g. a down payment) it is not."""
        order = self._confirmed()
        Line = self.env["sale.order.line"].with_user(self.salesman)
        vals = {"order_id": order.id, "product_id": self.product.id, "price_unit": 10_000}
        with self.assertRaisesRegex(UserError, "new line"):
            Line.create({**vals, "product_uom_qty": 1})
        with self.assertRaisesRegex(UserError, "new line"):
            order.with_user(self.salesman).write(
                {"order_line": [Command.create({**vals, "product_uom_qty": 1})]}
            )
        self.assertEqual(len(order.order_line), 1)
        line = Line.create({**vals, "product_uom_qty": 0})
        self.assertEqual(order.amount_total, 150_000)
        with self.assertRaisesRegex(UserError, "new line"):
            line.write({"product_uom_qty": 1})

    def test_ordinary_confirmed_order_untouched(self):
        """An ordinary customer's confirmed order changes as in Odoo."""
        order = self._order(50_000, partner=self.customer)
        order.with_user(self.salesman).action_confirm()
        order.order_line.with_user(self.salesman).write(
            {"product_uom_qty": 5, "price_unit": 50_000}
        )
        self.assertEqual(order.amount_total, 250_000)
