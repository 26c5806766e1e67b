from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged, warmup

from .common_complaint import ComplaintCase
from .test_gift_request import GiftCase
from .test_kpi_engine import Q2, KpiCase


@tagged("post_install", "-at_install")
class TestKpiSettlementExpense(KpiCase):
    """Contract settlement from real orders and payments; expense rate from visits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Cement", "type": "service", "invoice_policy": "order", "taxes_id": False}
        )

    def _settled_order(self, amount, paid_on, pay=None):
        partner = self.env["res.partner"].create({"name": f"Settle {amount}", "is_company": True})
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": self.specialist.id,
                "team_id": self.office.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": amount, "tax_id": False}
                    )
                ],
            }
        )
        order.action_confirm()  # before the customer became a key account: no approval
        invoice = order._create_invoices()
        invoice.invoice_date = "2026-04-02"
        invoice.action_post()
        self._pay(invoice, pay if pay is not None else amount, paid_on)
        app = self._make_application(partner)
        app.with_user(self.manager).action_submit()
        app.with_user(self.dept).action_approval_approve()
        return order

    def test_settlement_rate(self):
        """Orders fully invoiced and paid in the period count; partly paid or paid later do not."""
        settled = self._settled_order(100, date(2026, 5, 1))
        self._settled_order(200, date(2026, 5, 1), pay=50)  # partly paid
        self._settled_order(300, date(2026, 7, 2))  # paid after the period
        self._plan(planned_settlements=2)
        kpis = self.engine._compute(*Q2, companies=self.company)[("user", self.specialist.id)]
        self.assertEqual(kpis["settlement_rate"]["actual"], 1)
        self.assertEqual(kpis["settlement_rate"]["value"], Decimal("0.5"))
        action = self.engine._drilldown_action("settlement_rate", "user", self.specialist.id, *Q2)
        self.assertEqual(self.env["sale.order"].search(action["domain"]), settled)

    def test_expense_rate_from_visits(self):
        """Visit expenses of done visits in the period over the plan's expense budget."""
        visit = self.env["key.account.visit"].create(
            {
                "name": "Quarterly visit",
                "partner_id": self.acc_a.id,
                "user_id": self.specialist.id,
                "planned_date": "2026-05-05 09:00:00",
                "expense_amount": 250,
                "outcome": "Met the buyer",
            }
        )
        visit.with_user(self.specialist).action_done()
        self._plan(expense_budget=1000)
        kpis = self.engine._compute(*Q2, companies=self.company)
        self.assertEqual(kpis[("user", self.specialist.id)]["expense_rate"]["actual"], 250)
        self.assertEqual(
            kpis[("user", self.specialist.id)]["expense_rate"]["value"], Decimal("0.25")
        )
        self.assertEqual(kpis[("team", self.office.id)]["expense_rate"]["actual"], 250)
        action = self.engine._drilldown_action(
            "expense_rate_visits", "user", self.specialist.id, *Q2
        )
        self.assertEqual(self.env["key.account.visit"].search(action["domain"]), visit)


@tagged("post_install", "-at_install")
class TestKpiQueries(KpiCase):
    """The engine's queries do not grow with the number of account managers."""

    def _managers(self, count, tag):
        for i in range(count):
            user = new_test_user(
                self.env,
                login=f"kpi_{tag}_{i}",
                groups="base.group_user,key_account_mgmt.group_kam_specialist",
            )
            partner = self._make_key_account(f"KPI {tag} {i}", account_manager_id=user.id)
            invoice = self._invoice(partner, 100 + i, "2026-05-01", "2026-05-31", user=user)
            self._pay(invoice, 50, date(2026, 5, 20))

    @warmup
    def test_query_count_flat(self):
        """2 managers or 10: the same number of queries (one _read_group per measure)."""
        self._managers(2, "a")
        self.engine._compute(*Q2, companies=self.company)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = self.engine._compute(*Q2, companies=self.company)
        queries_for_two = self.env.cr.sql_log_count - before
        self._managers(8, "b")
        self.env.invalidate_all()
        with self.assertQueryCount(queries_for_two):
            result = self.engine._compute(*Q2, companies=self.company)
        users = [key for key in result if key[0] == "user"]
        self.assertGreaterEqual(len(users), 10)


@tagged("post_install", "-at_install")
class TestKpiReport(KpiCase):
    """The stored KPI report: idempotent refresh, who sees which figures, who computes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(cls.acc_a, 1000, "2026-04-10", "2026-05-10")
        cls._invoice(cls.acc_c, 400, "2026-04-10", "2026-05-10", user=cls.manager)
        cls.finance = cls.users["finance"]
        cls.outsider = new_test_user(
            cls.env,
            login="kpi_other_spec",
            groups="base.group_user,key_account_mgmt.group_kam_specialist",
        )
        cls.Value = cls.env["key.account.kpi.value"]

    def _compute_wizard(self, user):
        return (
            self.env["key.account.kpi.compute"]
            .with_user(user)
            .create({"period_type": "quarter", "date_from": Q2[0]})
        )

    def test_refresh_idempotent(self):
        """A second refresh over the same data creates, writes and removes nothing."""
        created, written, removed = self.Value._refresh(*Q2, companies=self.company)
        self.assertGreater(created, 0)
        self.assertEqual((written, removed), (0, 0), "a first refresh only creates")
        self.assertEqual(self.Value._refresh(*Q2, companies=self.company), (0, 0, 0))
        row = self.Value.search(
            [
                ("level", "=", "user"),
                ("user_id", "=", self.specialist.id),
                ("metric", "=", "sales_completion"),
            ]
        )
        self.assertEqual(row.actual, 1000)
        self._invoice(self.acc_a, 500, "2026-05-10", "2026-05-10")
        # sales and collection of the manager, the office and the company: 6 rows rewritten
        self.assertEqual(self.Value._refresh(*Q2, companies=self.company), (0, 6, 0))
        self.assertEqual(row.actual, 1500)

    def test_compute_wizard_rights(self):
        """Only the KAM department / director computes; a specialist's RPC call is refused."""
        with self.assertRaises(AccessError):
            self._compute_wizard(self.specialist).action_compute()
        self.assertFalse(self.Value.search_count([]))
        action = self._compute_wizard(self.dept).action_compute()
        self.assertEqual(action["res_model"], "key.account.kpi.value")
        self.assertTrue(self.Value.search_count([]))

    def test_who_sees_which_figures(self):
        """Specialists their own, finance the collection figures, directors all; nobody writes."""
        self.Value._refresh(*Q2, companies=self.company)
        mine = self.Value.with_user(self.specialist).search([])
        self.assertTrue(mine)
        self.assertEqual(set(mine.mapped("level")), {"user"})
        self.assertEqual(mine.user_id, self.specialist)
        self.assertFalse(self.Value.with_user(self.outsider).search([]))
        finance = self.Value.with_user(self.finance).search([])
        self.assertEqual(set(finance.mapped("metric")), {"collection_rate"})
        self.assertEqual(
            self.Value.with_user(self.director).search_count([]), self.Value.search_count([])
        )
        office = self.Value.with_user(self.users["office"]).search([])
        self.assertIn(self.manager, office.user_id, "the office's members")
        self.assertNotIn("company", office.mapped("level"))
        row = mine.filtered(lambda r: r.metric == "sales_completion")
        with self.assertRaises(AccessError):
            row.with_user(self.specialist).write({"actual": 1e9})
        with self.assertRaises(AccessError):
            row.with_user(self.director).write({"actual": 1e9})
        with self.assertRaises(AccessError):
            self.Value.with_user(self.director).create(
                {
                    "period_start": Q2[0],
                    "period_end": Q2[1],
                    "period_type": "quarter",
                    "level": "user",
                    "res_id": 1,
                    "company_id": self.company.id,
                    "metric": "csat",
                }
            )
        self.assertNotEqual(row.actual, 1e9)
        action = row.with_user(self.specialist).action_drilldown()
        self.assertEqual(action["res_model"], "account.move")


@tagged("post_install", "-at_install")
class TestKpiComplaints(ComplaintCase):
    """Valid complaints and CSAT per account manager from the complaints' own records."""

    def test_valid_complaints_and_csat(self):
        """One valid complaint (ours), one the customer's fault; ratings 5 and 1 → CSAT 50 %."""
        valid = self._complaint()
        self._to_review(valid)
        self._judge(valid)
        customer_fault = self._complaint()
        self._to_review(customer_fault)
        self._judge(customer_fault, responsibility="customer", rework_type="none")
        first, second = self._replied(), self._replied()
        for complaint, answer in ((first, "5"), (second, "1")):
            self.env["key.account.complaint.rating.wizard"].with_user(self.cs).create(
                {"complaint_id": complaint.id, "rating": answer}
            ).action_apply()
        today = fields.Date.context_today(self.env.user)
        start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        end = start + relativedelta(months=3, days=-1)
        engine = self.env["key.account.kpi.engine"]
        kpis = engine._compute(start, end, companies=self.env.company)
        mine = kpis[("user", self.specialist.id)]
        self.assertEqual(mine["valid_complaints"]["actual"], 1)
        self.assertEqual(mine["csat"]["actual"], 1)
        self.assertEqual(mine["csat"]["target"], 2)
        self.assertEqual(mine["csat"]["value"], Decimal("0.5"))
        action = engine._drilldown_action(
            "valid_complaints", "user", self.specialist.id, start, end
        )
        found = (
            self.env["key.account.complaint"]
            .with_context(active_test=False)
            .search(action["domain"])
        )
        self.assertEqual(found, valid)
        action = engine._drilldown_action("csat", "user", self.specialist.id, start, end)
        self.assertEqual(
            sorted(self.env["rating.rating"].search(action["domain"]).mapped("rating")), [1.0, 5.0]
        )

    def _replied(self):
        complaint = self._complaint(kind="suggestion").with_user(self.cs)
        complaint.action_dispatch()
        complaint.reply = "<p>We will pack them in crates.</p>"
        complaint.action_reply()
        return complaint


@tagged("post_install", "-at_install")
class TestKpiGiftExpense(GiftCase):
    """Commercial expense rate: approved gifts' values over the plan's expense budget."""

    def test_gift_values_over_budget(self):
        """An approved gift counts its value; a draft request counts nothing."""
        approved = self._approved(500)
        self._request(300)
        today = fields.Date.context_today(self.env.user)
        start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        end = start + relativedelta(months=3, days=-1)
        plan = self.env["key.account.sales.plan"].create(
            {
                "scope": "user",
                "user_id": self.specialist.id,
                "period_type": "quarter",
                "date_from": start,
                "expense_budget": 2000,
            }
        )
        plan.with_user(self.director).action_confirm()
        engine = self.env["key.account.kpi.engine"]
        expense = engine._compute(start, end, companies=self.company)[("user", self.specialist.id)][
            "expense_rate"
        ]
        self.assertEqual(expense["actual"], 500)
        self.assertEqual(expense["target"], 2000)
        self.assertEqual(expense["value"], Decimal("0.25"))
        action = engine._drilldown_action("expense_rate", "user", self.specialist.id, start, end)
        self.assertEqual(self.env["key.account.gift.request"].search(action["domain"]), approved)
