from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KeyAccountCase

PLAN = "key.account.sales.plan"


@tagged("post_install", "-at_install")
class TestSalesPlan(KeyAccountCase):
    """Sales plans: scope and period rules, who confirms, the lock, the split, RPC paths."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_office = cls.env["crm.team"].create({"name": "Other Office"})

    def _plan(self, user=None, **vals):
        values = {
            "scope": "user",
            "user_id": self.specialist.id,
            "period_type": "quarter",
            "date_from": "2026-01-01",
            "planned_sales": 1_000_000,
            "planned_new_accounts": 2,
        }
        values.update(vals)
        return self.env[PLAN].with_user(user or self.director).create(values)

    def test_director_confirms_through_the_form(self):
        """The KAM director fills a quarter plan in the form and confirms it."""
        form = Form(self.env[PLAN].with_user(self.director))
        form.scope = "team"
        form.team_id = self.office
        form.period_type = "quarter"
        form.date_from = date(2026, 4, 1)
        form.planned_sales = 3_000_000
        form.expense_budget = 50_000
        plan = form.save()
        self.assertEqual(plan.date_to, date(2026, 6, 30))
        self.assertIn("Test Office", plan.name)
        plan.action_confirm()
        self.assertEqual(plan.state, "confirmed")
        self.assertEqual(plan.confirmed_by_id, self.director)

    def test_period_must_start_a_period(self):
        """A quarter plan starts on 1 January, April, July or October."""
        with self.assertRaisesRegex(ValidationError, "Period Start"):
            self._plan(date_from="2026-02-01")
        self.assertEqual(
            self._plan(period_type="month", date_from="2026-02-01").date_to, date(2026, 2, 28)
        )

    def test_overlapping_plans_of_one_scope_refused(self):
        """A month inside a confirmed quarter of the same manager is refused, on create
        and on write; another manager's plan is not."""
        self._plan()
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            self._plan(period_type="month", date_from="2026-02-01")
        other = self._plan(user_id=self.manager.id)
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            other.write({"user_id": self.specialist.id})
        self.assertEqual(other.user_id, self.manager)
        self.assertTrue(self._plan(date_from="2026-04-01"))

    def test_scope_needs_exactly_its_target(self):
        """A plan for an office names the office and nothing else."""
        with self.assertRaisesRegex(ValidationError, "Office: a plan of this scope needs it"):
            self._plan(scope="team", user_id=False)
        with self.assertRaisesRegex(ValidationError, "clear Account Manager"):
            self._plan(scope="team", team_id=self.office.id)
        with self.assertRaisesRegex(ValidationError, "is not a key account"):
            self._plan(scope="partner", user_id=False, partner_id=self.customer.id)

    @mute_logger("odoo.sql_db")
    def test_negative_figures_refused_by_the_database(self):
        """No planned figure below zero, whatever the route: the SQL CHECK refuses it, on
        create and on write, and the user reads the rule (not a database error)."""
        fnames = ("planned_sales", "planned_new_accounts", "planned_settlements", "expense_budget")
        for field in fnames:
            with self.subTest(field=field):
                with self.assertRaisesRegex(ValidationError, "cannot be negative"):
                    self._plan(**{field: -1})
                plan = self._plan(date_from="2027-01-01")
                with self.assertRaisesRegex(ValidationError, "cannot be negative"):
                    plan.with_user(self.director).write({field: -5})
                self.assertGreaterEqual(plan[field], 0)
                plan.unlink()
        # the database itself holds the rule (an SQL write is refused too)
        plan = self._plan()
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute(
                "UPDATE key_account_sales_plan SET expense_budget = -1 WHERE id = %s", [plan.id]
            )

    def test_state_and_decision_fields_closed_to_rpc(self):
        """Writing the state or who confirmed is refused for everybody, even the director;
        a confirmed plan's figures are locked until it is reset to draft."""
        plan = self._plan()
        for vals in ({"state": "confirmed"}, {"state": "locked"}):
            with self.assertRaisesRegex(UserError, "only through its buttons"):
                plan.with_user(self.director).write(vals)
        plan.action_confirm()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            plan.with_user(self.director).write({"planned_sales": 1})
        self.assertEqual(plan.planned_sales, 1_000_000)
        with self.assertRaisesRegex(UserError, "Confirmed by"):
            plan.with_user(self.director).write({"confirmed_by_id": self.manager.id})
        self.assertEqual(plan.confirmed_by_id, self.director)
        with self.assertRaises(UserError):
            self.env[PLAN].with_user(self.director).create(
                {
                    "scope": "user",
                    "user_id": self.manager.id,
                    "period_type": "year",
                    "date_from": "2027-01-01",
                    "state": "locked",
                }
            )
        plan.with_user(self.director).action_reset_to_draft()
        plan.with_user(self.director).write({"planned_sales": 900_000})
        self.assertEqual((plan.state, plan.planned_sales), ("draft", 900_000))
        # a draft's decision fields are not the client's either
        with self.assertRaisesRegex(UserError, "Confirmed by"):
            plan.with_user(self.director).write({"confirmed_by_id": self.director.id})
        self.assertFalse(plan.confirmed_by_id)

    def test_who_confirms(self):
        """A KAM manager confirms his own office's plans only; a specialist none; a
        specialist reads his own plans only and creates none."""
        self.office.member_ids = [(4, self.manager.id)]
        ours = self._plan(scope="team", user_id=False, team_id=self.office.id)
        theirs = self._plan(scope="team", user_id=False, team_id=self.other_office.id)
        ours.with_user(self.manager).action_confirm()
        self.assertEqual(ours.state, "confirmed")
        with self.assertRaises(AccessError):
            theirs.with_user(self.manager).action_confirm()
        self.assertEqual(theirs.state, "draft")
        with self.assertRaises(AccessError):
            self._plan(
                user=self.manager,
                scope="team",
                user_id=False,
                team_id=self.other_office.id,
                date_from="2026-07-01",
            )
        mine = self._plan()
        with self.assertRaisesRegex(UserError, "only the KAM director"):
            mine.with_user(self.specialist).action_confirm()
        self.assertEqual(mine.state, "draft")
        with self.assertRaises(AccessError):
            self._plan(user=self.specialist, date_from="2026-10-01")
        visible = self.env[PLAN].with_user(self.specialist).search([])
        self.assertEqual(visible, mine)

    def test_split_sums_against_the_office_plan(self):
        """An office plan split into its managers' plans shows their sums; a share outside
        its period, or of a manager's plan, is refused."""
        office_plan = self._plan(
            scope="team", user_id=False, team_id=self.office.id, planned_sales=3_000_000
        )
        self._plan(parent_id=office_plan.id, planned_sales=1_200_000)
        self._plan(
            parent_id=office_plan.id,
            user_id=self.manager.id,
            planned_sales=800_000,
            planned_new_accounts=1,
        )
        self.assertEqual(office_plan.split_sales, 2_000_000)
        self.assertEqual(office_plan.split_new_accounts, 3)
        with self.assertRaisesRegex(ValidationError, "outside the period"):
            self._plan(parent_id=office_plan.id, user_id=self.dept.id, date_from="2026-04-01")
        manager_plan = office_plan.child_ids[0]
        with self.assertRaisesRegex(ValidationError, "only an office plan is split"):
            self._plan(parent_id=manager_plan.id, user_id=self.director.id)

    def test_lock_job_locks_closed_periods_once(self):
        """After its quarter, a confirmed plan is locked by the scheduled job; a second run
        changes nothing; a draft or a running plan stays as it is."""
        closed = self._plan()
        closed.action_confirm()
        running = self._plan(date_from="2026-04-01")
        running.action_confirm()
        draft = self._plan(user_id=self.manager.id)
        with freeze_time("2026-04-15"):
            self.env[PLAN]._cron_lock_closed_plans()
            self.assertEqual(
                (closed.state, running.state, draft.state), ("locked", "confirmed", "draft")
            )
            self.env[PLAN]._cron_lock_closed_plans()
            self.assertEqual(closed.state, "locked")
            with self.assertRaisesRegex(UserError, "cannot go from Locked"):
                closed.with_user(self.director).action_reset_to_draft()
            with self.assertRaisesRegex(UserError, "runs until"):
                running._transition("lock")
        with self.assertRaisesRegex(UserError, "can be deleted"):
            closed.with_user(self.director).unlink()
