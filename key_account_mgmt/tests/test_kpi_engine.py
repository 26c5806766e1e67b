from datetime import date, datetime
from decimal import Decimal
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from .common import KeyAccountCase

Q2 = (date(2026, 4, 1), date(2026, 6, 30))


class KpiCase(KeyAccountCase):
    """Key accounts with a history: approval dates, invoices, payments, credit notes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["key.account.kpi.engine"]
        cls.acc_a = cls._key_account_on("Account A", datetime(2025, 6, 1))
        cls.acc_b = cls._key_account_on("Account B", datetime(2026, 5, 10))
        cls.acc_c = cls._key_account_on(
            "Account C", datetime(2025, 1, 1), account_manager_id=cls.manager.id
        )
        cls.stranger = cls.env["res.partner"].create({"name": "Not Key", "is_company": True})

    @classmethod
    def _key_account_on(cls, name, decided, **overrides):
        partner = cls._make_key_account(name, **overrides)
        app = partner.sudo().key_account_application_ids
        # history: the approval happened on ``decided`` (a test fixture, not a client write)
        cls.env.cr.execute(
            "UPDATE key_account_application SET decision_date = %s WHERE id IN %s",
            [decided, tuple(app.ids)],
        )
        app.invalidate_recordset(["decision_date"])
        return partner

    @classmethod
    def _invoice(
        cls, partner, amount, invoice_date, due, move_type="out_invoice", user=None, post=True
    ):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_date_due": due,
                "invoice_user_id": (user or cls.specialist).id,
                "team_id": cls.office.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, amount, day):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": day}).action_create_payments()

    @classmethod
    def _credit_note(cls, invoice, day, amount=None):
        """A credit note through Odoo's reversal wizard: full reversal (reconciled with the
        invoice) when ``amount`` is None, else a partial credit note reconciled with it."""
        wizard = (
            cls.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"date": day, "journal_id": invoice.journal_id.id, "reason": "test"})
        )
        if amount is None:
            wizard.modify_moves()
            return invoice.reversal_move_ids
        wizard.refund_moves()
        refund = invoice.reversal_move_ids
        refund.invoice_line_ids.price_unit = amount
        refund.invoice_date = day
        refund.action_post()
        receivable = (invoice.line_ids + refund.line_ids).filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        if len(receivable) > 1 and not refund.line_ids.matched_debit_ids:
            receivable.reconcile()
        return refund

    @classmethod
    def _plan(cls, scope="user", target=None, **figures):
        target = target or cls.specialist
        plan = cls.env["key.account.sales.plan"].create(
            {
                "scope": scope,
                f"{'user' if scope == 'user' else 'team'}_id": target.id,
                "period_type": "quarter",
                "date_from": Q2[0],
                **figures,
            }
        )
        plan.with_user(cls.director).action_confirm()
        return plan


@tagged("post_install", "-at_install")
class TestKpiEngine(KpiCase):
    """The seed's KPIs from real invoices, payments, credit notes, approvals and plans."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.i1 = cls._invoice(cls.acc_a, 1000, "2026-04-10", "2026-05-10")
        cls._pay(cls.i1, 1000, date(2026, 5, 9))
        cls.i2 = cls._invoice(cls.acc_a, 500, "2026-04-20", "2026-06-20")
        cls._pay(cls.i2, 200, date(2026, 6, 1))  # partial payment
        cls.i3 = cls._invoice(cls.acc_b, 300, "2026-05-15", "2026-06-15")
        cls._credit_note(cls.i3, date(2026, 5, 20))  # full reversal
        cls.i4 = cls._invoice(cls.acc_b, 400, "2026-06-01", "2026-06-30")
        cls._credit_note(cls.i4, date(2026, 6, 2), amount=100)  # partial credit note
        cls._pay(cls.i4, 150, date(2026, 6, 3))
        # not counted: a draft, a non-key customer, the next quarter
        cls._invoice(cls.acc_a, 999, "2026-05-01", "2026-05-01", post=False)
        cls._invoice(cls.stranger, 777, "2026-05-01", "2026-05-01")
        cls._invoice(cls.acc_a, 555, "2026-07-01", "2026-07-01")

    def _kpis(self, level="user", res_id=None):
        result = self.engine._compute(*Q2, companies=self.company)
        return result[(level, res_id or self.specialist.id)]

    def test_sales_completion(self):
        """Sales: posted invoices minus credit notes (full reversal and partial), untaxed."""
        self._plan(planned_sales=2000, planned_new_accounts=2)
        sales = self._kpis()["sales_completion"]
        # 1000 + 500 + 300 + 400 − 300 (reversal) − 100 (credit note)
        self.assertEqual(sales["actual"], 1800)
        self.assertEqual(sales["target"], 2000)
        self.assertEqual(sales["value"], Decimal("0.9"))
        company = self._kpis("company", self.company.id)["sales_completion"]
        self.assertEqual(company["actual"], 1800, "the non-key customer is not counted")

    def test_collection_rate(self):
        """Collection: payments over invoices due, credit notes and reversals off both."""
        collection = self._kpis()["collection_rate"]
        # due: 1000 + 500 + (300 − 300) + (400 − 100) = 1800
        # collected by payments: 1000 + 200 + 0 + 150 = 1350
        self.assertEqual(collection["target"], 1800)
        self.assertEqual(collection["actual"], 1350)
        self.assertEqual(collection["value"], Decimal("0.75"))

    def test_zero_plan_is_no_target(self):
        """A zero or missing plan figure gives no target, never a division error."""
        self._plan(planned_sales=0, planned_new_accounts=2)
        kpis = self._kpis()
        self.assertIsNone(kpis["sales_completion"]["target"])
        self.assertIsNone(kpis["sales_completion"]["value"])
        self.assertEqual(kpis["new_accounts"]["actual"], 1)
        self.assertEqual(kpis["new_accounts"]["value"], Decimal("0.5"))
        self.assertIsNone(kpis["expense_rate"]["value"])
        self.assertIsNone(self._kpis("team", self.office.id)["sales_completion"]["value"])

    def test_team_and_company_targets(self):
        """Office plans are the office's target; the company's is their sum."""
        self._plan("team", self.office, planned_sales=3600)
        team = self._kpis("team", self.office.id)["sales_completion"]
        self.assertEqual(team["value"], Decimal("0.5"))
        company = self._kpis("company", self.company.id)["sales_completion"]
        self.assertEqual(company["target"], 3600)

    def test_churn_and_retention(self):
        """Churn: no posted invoice in the window → lost; retention (end − new) / start."""
        kpis = self._kpis()
        # specialist: A at the start (invoiced), B new in the period
        self.assertEqual(kpis["churn_rate"]["value"], 0)
        self.assertEqual(kpis["retention_rate"]["value"], 1)
        manager = self._kpis("user", self.manager.id)
        # manager: C at the start, never invoiced → lost
        self.assertEqual(manager["churn_rate"]["value"], 1)
        self.assertEqual(manager["retention_rate"]["value"], 0)
        team = self._kpis("team", self.office.id)
        self.assertEqual(team["churn_rate"]["value"], Decimal("0.5"))

    def test_churn_window_edges(self):
        """An invoice on the window's first day keeps the account; a day earlier it is lost."""
        self.company.key_account_churn_days = 180
        # window (180 days) ending 2026-06-30 starts on 2026-01-02
        self._invoice(self.acc_c, 10, "2026-01-01", "2026-01-01", user=self.manager)
        self.assertEqual(self._kpis("user", self.manager.id)["churn_rate"]["value"], 1)
        self._invoice(self.acc_c, 10, "2026-01-02", "2026-01-02", user=self.manager)
        self.assertEqual(self._kpis("user", self.manager.id)["churn_rate"]["value"], 0)
        self.acc_c.sudo().key_account_stage = "lost"
        self.assertEqual(
            self._kpis("user", self.manager.id)["churn_rate"]["value"], 1, "explicit Lost stage"
        )

    def test_churn_window_is_validated(self):
        """The company's churn window must be a positive number of days."""
        from odoo.exceptions import ValidationError

        with self.assertRaisesRegex(ValidationError, "Churn Window"):
            self.company.key_account_churn_days = 0
        self.assertEqual(self.company.key_account_churn_days, 180)

    def test_drilldown_opens_the_invoices(self):
        """Every figure opens the records behind it, read with the user's own rights."""
        action = self.engine._drilldown_action("sales_completion", "user", self.specialist.id, *Q2)
        moves = self.env["account.move"].search(action["domain"])
        self.assertEqual(
            moves,
            self.i1
            + self.i2
            + self.i3
            + self.i4
            + self.i3.reversal_move_ids
            + self.i4.reversal_move_ids,
        )
        action = self.engine._drilldown_action("collection_rate", "user", self.specialist.id, *Q2)
        self.assertEqual(
            self.env["account.move"].search(action["domain"]), self.i1 + self.i2 + self.i3 + self.i4
        )
        action = self.engine._drilldown_action("new_accounts", "user", self.specialist.id, *Q2)
        apps = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(apps.partner_id, self.acc_b)
        action = self.engine._drilldown_action("churn_rate", "user", self.manager.id, *Q2)
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.acc_c)

    def test_unreconciled_and_undone_payments(self):
        """A payment not matched with an invoice collects nothing; undoing a match
        takes its amount back out of the collected figure."""
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.acc_a.id,
                "amount": 300,
                "date": "2026-05-15",
            }
        )
        payment.action_post()
        self.assertEqual(self._kpis()["collection_rate"]["actual"], 1350)
        self.i1.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        ).remove_move_reconcile()
        collection = self._kpis()["collection_rate"]
        self.assertEqual(collection["actual"], 350)
        self.assertEqual(collection["target"], 1800)

    def test_nps_from_survey_rows(self):
        """NPS from the survey's _kpi_nps rows (scores 10, 9, 7, 3 → 25) per manager,
        office and company; None while no survey answers model exists."""
        self.assertIsNone(self._kpis()["nps"]["value"])
        engine_cls = type(self.engine)
        calls = []

        class Answers:
            _name = "survey.user_input.line"

            def _kpi_nps(inner, domain, groupby):
                calls.append((domain, groupby))
                return [
                    {
                        "key_account_user_id": self.specialist,
                        "key_account_team_id": self.office,
                        "score": score,
                        "count": 1,
                    }
                    for score in (10, 9, 7, 3)
                ]

        with patch.object(engine_cls, "_nps_model", lambda engine: Answers()):
            kpis = self.engine._compute(*Q2, companies=self.company)
        self.assertEqual(len(calls), 1, "one grouped read for every manager and office")
        self.assertEqual(calls[0][1], ["key_account_user_id", "key_account_team_id"])
        self.assertEqual(kpis[("user", self.specialist.id)]["nps"]["value"], Decimal(25))
        self.assertEqual(kpis[("user", self.specialist.id)]["nps"]["actual"], 4)
        self.assertEqual(kpis[("team", self.office.id)]["nps"]["value"], Decimal(25))
        self.assertEqual(kpis[("company", self.company.id)]["nps"]["value"], Decimal(25))
