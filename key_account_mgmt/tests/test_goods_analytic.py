from odoo.tests import Form, new_test_user, tagged

from .common_goods import KeyAccountGoodsCase


@tagged("post_install", "-at_install")
class TestKeyAccountAnalytic(KeyAccountGoodsCase):
    """S3.2 separate booking (单独记账): one analytic account per key account carries the
    revenue of its orders and invoices and the cost of its goods."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analytic = cls.account.key_account_analytic_account_id
        cls.billing = new_test_user(
            cls.env,
            login="kam_billing",
            groups="base.group_user,account.group_account_manager,sales_team.group_sale_salesman_all_leads",
        )
        cls.other_plan = cls.env["account.analytic.plan"].create({"name": "Projects"})
        cls.project = cls.env["account.analytic.account"].create(
            {"name": "Project X", "plan_id": cls.other_plan.id}
        )

    def _invoice(self, order):
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_user(self.billing)
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "delivered"})
        )
        wizard.create_invoices()
        invoice = order.invoice_ids
        invoice.with_user(self.billing).action_post()
        return invoice

    def test_account_created_with_qualification(self):
        """Qualification gives the account its analytic account in the Key Accounts plan."""
        self.assertTrue(self.analytic)
        self.assertEqual(
            self.analytic.plan_id,
            self.env.ref("key_account_mgmt.account_analytic_plan_key_accounts"),
        )
        self.assertEqual(self.analytic.partner_id, self.account)
        self.assertEqual(self.analytic.name, "Goods Customer")

    def test_create_on_demand(self):
        """An older key account gets its analytic account from the button; an ordinary
        customer is refused."""
        self.account.sudo().key_account_analytic_account_id.unlink()
        self.assertFalse(self.account.key_account_analytic_account_id)
        self.account.with_user(self.specialist).action_key_account_create_analytic_account()
        self.assertTrue(self.account.key_account_analytic_account_id)
        with self.assertRaisesRegex(Exception, "is not a key account"):
            self.customer.with_user(self.dept).action_key_account_create_analytic_account()

    def test_order_lines_carry_the_account(self):
        """Form and RPC: the line's distribution is the account's analytic account; other
        plans are kept, another key-account analytic account is replaced."""
        form = Form(self.env["sale.order"].with_user(self.specialist))
        form.partner_id = self.account
        with form.order_line.new() as line:
            line.product_id = self.product
        order = form.save()
        key = str(self.analytic.id)
        self.assertEqual(order.order_line.analytic_distribution, {key: 100})
        line = order.order_line.with_user(self.specialist)
        line.write({"analytic_distribution": {str(self.project.id): 100}})
        self.assertEqual(line.analytic_distribution, {f"{self.project.id},{key}": 100})
        stranger = self._make_key_account("Stranger Account").key_account_analytic_account_id
        line.write({"analytic_distribution": {str(stranger.id): 100}})
        self.assertEqual(line.analytic_distribution, {key: 100})
        line.write({"analytic_distribution": False})
        self.assertEqual(line.analytic_distribution, {key: 100})
        # an ordinary customer's lines are left alone
        plain = self._order(self.customer, user=self.plain_user).order_line
        plain.write({"analytic_distribution": {str(self.project.id): 100}})
        self.assertEqual(plain.analytic_distribution, {str(self.project.id): 100})

    def test_revenue_reaches_the_invoice(self):
        """The invoice line of delivered goods books the revenue on the account."""
        order = self._confirm(self._order(self.account, qty=10))
        self._deliver(order.picking_ids, 10)
        invoice = self._invoice(order)
        product_line = invoice.invoice_line_ids
        self.assertEqual(product_line.analytic_distribution, {str(self.analytic.id): 100})
        revenue = self.env["account.analytic.line"].search(
            [("auto_account_id", "=", self.analytic.id), ("move_line_id", "=", product_line.id)]
        )
        self.assertAlmostEqual(sum(revenue.mapped("amount")), 1000.0)

    def test_cost_anglo_saxon_cogs(self):
        """Anglo-saxon, perpetual valuation: the invoice's cost-of-goods line is on the
        account's analytic account too."""
        self.company.anglo_saxon_accounting = True
        all_categ = self.env.ref("product.product_category_all")
        accounts = {
            fname: all_categ[fname].id
            for fname in (
                "property_stock_valuation_account_id",
                "property_stock_account_input_categ_id",
                "property_stock_account_output_categ_id",
                "property_stock_journal",
            )
        }
        categ = self.env["product.category"].create(
            {
                "name": "Real-time",
                "property_valuation": "real_time",
                "property_cost_method": "standard",
                **accounts,
            }
        )
        self.product.categ_id = categ
        order = self._confirm(self._order(self.account, qty=5))
        self._deliver(order.picking_ids, 5)
        invoice = self._invoice(order)
        cogs = invoice.line_ids.filtered(
            lambda line: line.display_type == "cogs" and line.balance > 0
        )
        self.assertTrue(cogs)
        self.assertEqual(cogs.analytic_distribution, {str(self.analytic.id): 100})
        costs = self.env["account.analytic.line"].search(
            [("auto_account_id", "=", self.analytic.id), ("move_line_id", "in", cogs.ids)]
        )
        self.assertAlmostEqual(sum(costs.mapped("amount")), -300.0)

    def test_cost_continental_on_delivery(self):
        """Continental accounting: the delivery itself books the cost on the account."""
        self.company.anglo_saxon_accounting = False
        order = self._confirm(self._order(self.account, qty=5))
        picking = self._deliver(order.picking_ids, 5)
        move = picking.move_ids
        lines = move.analytic_account_line_ids
        self.assertTrue(lines)
        on_account = self.env["account.analytic.line"].search(
            [("auto_account_id", "=", self.analytic.id), ("id", "in", lines.ids)]
        )
        self.assertEqual(on_account, lines)
        self.assertAlmostEqual(sum(lines.mapped("amount")), -300.0)
        # ordinary goods book nothing
        plain = self._confirm(self._order(self.customer, user=self.plain_user))
        self._deliver(plain.picking_ids, 10)
        self.assertFalse(plain.picking_ids.move_ids.analytic_account_line_ids)

    def test_existing_lines_on_other_plans(self):
        """A distribution split over two project accounts keeps the split, each share with
        the key account."""
        other = self.env["account.analytic.account"].create(
            {"name": "Project Y", "plan_id": self.other_plan.id}
        )
        order = self._order(self.account)
        order.order_line.write(
            {"analytic_distribution": {str(self.project.id): 60, str(other.id): 40}}
        )
        key = str(self.analytic.id)
        self.assertEqual(
            order.order_line.analytic_distribution,
            {f"{self.project.id},{key}": 60, f"{other.id},{key}": 40},
        )
