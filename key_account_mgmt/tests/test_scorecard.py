from decimal import Decimal

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.key_account_mgmt.models.key_account_scorecard_snapshot import line_points
from odoo.addons.key_account_mgmt.tools.guards import ACTION_SENTINEL

from .test_kpi_engine import Q2, KpiCase

SALES = {"weight": 25, "threshold": 100, "step": 5, "penalty": 1, "floor": 0}


class ScorecardCase(KpiCase):
    """Q2 2026: the specialist sells 95.00 % of his plan, the manager 94.99 % of his."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Card = cls.env["key.account.scorecard"]
        cls.inv_s = cls._invoice(cls.acc_a, 95000, "2026-04-10", "2026-05-10")
        cls.inv_m = cls._invoice(cls.acc_c, 94990, "2026-05-10", "2026-06-10", user=cls.manager)
        cls._plan(planned_sales=100000)
        cls._plan(target=cls.manager, planned_sales=100000)

    def _compute(self, user=None, day=Q2[0]):
        wizard = self.env["key.account.scorecard.compute"].with_user(user or self.director)
        return wizard.create({"date_from": day}).action_compute()

    def _card(self, who=None, level="user"):
        who = who or self.specialist
        return self.Card.search(
            [("date_from", "=", Q2[0]), ("level", "=", level), ("res_id", "=", who.id)]
        )

    def _run_job(self):
        """Run the quarterly job as the scheduler does: again while it reports work done."""
        outcomes = []
        for _run in range(20):
            outcome = self.Card._cron_quarterly_snapshot()
            if outcome is None:
                return outcomes
            outcomes.append(outcome)
        self.fail("the quarterly job never finishes")

    @staticmethod
    def _line(card, metric=None, kind="kpi"):
        return card.line_ids.filtered(
            lambda x: x.kind == kind and (metric is None or x.metric == metric)
        )[:1]


@tagged("post_install", "-at_install")
class TestScorecardPoints(ScorecardCase):
    """The seed's scorecard arithmetic, from the template and the real engine."""

    def test_line_points_edges(self):
        """25 points at 100 %, 24 at 95.00 %, 23 at 94.99 %, 5 at 0 %; lower-is-better too."""
        for value, points in (
            ("100", 25),
            ("120", 25),
            ("95.00", 24),
            ("94.99", 23),
            ("90", 23),
            ("0", 5),
        ):
            self.assertEqual(
                line_points(Decimal(value), **SALES, lower_is_better=False, no_target="zero"),
                points,
                value,
            )
        self.assertEqual(line_points(None, **SALES, lower_is_better=False, no_target="zero"), 0)
        self.assertEqual(line_points(None, **SALES, lower_is_better=False, no_target="full"), 25)
        churn = {"weight": 5, "threshold": 5, "step": 5, "penalty": 1, "floor": 0}
        for value, points in (("0", 5), ("5", 5), ("5.01", 4), ("10", 4), ("10.01", 3), ("100", 0)):
            self.assertEqual(
                line_points(Decimal(value), **churn, lower_is_better=True, no_target="zero"),
                points,
                value,
            )

    def test_default_template_totals_100(self):
        """The shipped template: sales completion 25 points, four skills, 100 in all."""
        template = self.env.ref("key_account_mgmt.key_account_scorecard_template_default")
        self.assertEqual(sum(template.line_ids.mapped("weight")), 100)
        sales = template.line_ids.filtered(lambda x: x.metric == "sales_completion")
        self.assertEqual(
            (sales.weight, sales.threshold, sales.step, sales.penalty), (25, 100, 5, 1)
        )
        self.assertEqual(len(template.line_ids.filtered(lambda x: x.kind == "qualitative")), 4)

    def test_scorecard_from_the_engine(self):
        """95.00 % gives 24 points and 94.99 % gives 23, from real invoices and plans."""
        self._compute()
        sales = self._line(self._card(), "sales_completion")
        self.assertEqual((sales.actual, sales.target, sales.value), (95000, 100000, 95))
        self.assertEqual(sales.points, 24)
        sales_m = self._line(self._card(self.manager), "sales_completion")
        self.assertAlmostEqual(sales_m.value, 94.99)
        self.assertEqual(sales_m.points, 23)
        team = self._card(self.office, "team")
        self.assertEqual(self._line(team, "sales_completion").actual, 95000 + 94990)
        self.assertEqual(len(self._card().line_ids), 12)
        self.assertEqual(self._card().team_id, self.specialist.sale_team_id)
        card = self._card()
        self.assertEqual(card.total, sum(card.line_ids.mapped("points")))

    def test_recompute_is_idempotent(self):
        """A second computation creates nothing and writes nothing; a changed invoice
        updates the same line of an open scorecard."""
        self._compute()
        cards = self.Card.search([("date_from", "=", Q2[0])])
        lines = cards.line_ids
        self.env.flush_all()
        self.env.cr.execute("UPDATE key_account_scorecard_line SET write_date = '2000-01-01'")
        self.env.cr.execute("UPDATE key_account_scorecard SET write_date = '2000-01-01'")
        self.env.invalidate_all()
        self._compute()
        self.assertEqual(self.Card.search([("date_from", "=", Q2[0])]), cards)
        self.assertEqual(cards.line_ids, lines, "no line added or removed")
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT count(*) FROM key_account_scorecard_line WHERE id IN %s "
            "AND write_date > '2000-01-01'",
            [tuple(lines.ids)],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0, "no line written when nothing changed")
        self.env.cr.execute(
            "SELECT count(*) FROM key_account_scorecard WHERE write_date > '2000-01-01'"
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0, "no scorecard written either")
        self._invoice(self.acc_a, 5000, "2026-06-01", "2026-06-30")
        self._compute()
        sales = self._line(self._card(), "sales_completion")
        self.assertIn(sales, lines, "the same line is updated")
        self.assertEqual((sales.value, sales.points), (100, 25))


@tagged("post_install", "-at_install")
class TestScorecardLock(ScorecardCase):
    """A locked scorecard is a snapshot: later data never changes it."""

    def test_locked_snapshot_never_changes(self):
        """Changing an invoice after the lock changes the open scorecard, not the locked one."""
        self._compute()
        card, open_card = self._card(), self._card(self.manager)
        card.with_user(self.director).action_lock()
        self.assertEqual(card.state, "locked")
        self.assertEqual(card.locked_by_id, self.director)
        before = {line.id: (line.actual, line.value, line.points) for line in card.line_ids}
        total = card.total
        # the invoice is corrected: back to draft, a larger amount, posted again
        for move in (self.inv_s, self.inv_m):
            move.button_draft()
            move.invoice_line_ids.price_unit = 200000
            move.action_post()
        self._compute()
        with freeze_time("2026-12-01"):
            self._run_job()
        self.assertEqual(
            {line.id: (line.actual, line.value, line.points) for line in card.line_ids}, before
        )
        self.assertEqual(card.total, total)
        self.assertEqual(self._line(open_card, "sales_completion").actual, 200000)
        with self.assertRaises(UserError):
            card.with_user(self.director).action_recompute()
        with self.assertRaises(UserError):
            self._line(card, kind="qualitative").with_user(self.director).write({"score": 1})
        with self.assertRaises(UserError):
            card.with_user(self.director).unlink()

    def test_lock_only_director_after_quarter(self):
        """Only the KAM director locks, and only a closed quarter."""
        self._compute()
        card = self._card(self.manager)
        for user in (self.specialist, self.manager, self.dept):
            with self.assertRaises(AccessError):
                card.with_user(user).action_lock()
        self.assertEqual(card.state, "draft")
        with self.assertRaises(UserError):
            card.with_user(self.director).write({"state": "locked"})
        with freeze_time("2026-06-30"), self.assertRaisesRegex(UserError, "Quarter End"):
            card.with_user(self.director).action_lock()
        self.assertEqual(card.state, "draft")

    def test_quarterly_job(self):
        """After the quarter: created and refreshed as open; a second run changes nothing;
        locked once the template's days have passed; then nothing more."""
        with freeze_time("2026-07-05"):
            self.assertTrue(self._run_job())
        cards = self.Card.search([("date_from", "=", Q2[0])])
        self.assertTrue(cards)
        self.assertEqual(set(cards.mapped("state")), {"draft"})
        self.assertEqual(self._line(self._card(), "sales_completion").points, 24)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT max(write_date) FROM key_account_scorecard_line WHERE scorecard_id IN %s",
            [tuple(cards.ids)],
        )
        stamp = self.env.cr.fetchone()[0]
        with freeze_time("2026-07-05 06:00:00"):
            self.assertEqual(self._run_job(), [], "nothing pending on the same day")
        self.assertEqual(self.Card.search([("date_from", "=", Q2[0])]), cards)
        self.env.cr.execute(
            "SELECT max(write_date) FROM key_account_scorecard_line WHERE scorecard_id IN %s",
            [tuple(cards.ids)],
        )
        self.assertEqual(self.env.cr.fetchone()[0], stamp)
        with freeze_time("2026-07-16"):
            outcomes = self._run_job()
        self.assertEqual(sum(o[0] for o in outcomes), 0, "nothing created")
        self.assertEqual(
            sum(o[2] for o in outcomes), len(self.Card.search([("date_from", "=", Q2[0])]))
        )
        self.assertEqual(set(cards.mapped("state")), {"locked"})
        with freeze_time("2026-07-17"):
            self.assertEqual(self._run_job(), [])


@tagged("post_install", "-at_install")
class TestScorecardAccess(ScorecardCase):
    """Who sees and who writes what, through RPC-style calls and the form."""

    def test_visibility(self):
        """Specialists see their own, KAM managers their office's, the director all."""
        self._compute()
        mine = self.Card.with_user(self.specialist).search([("date_from", "=", Q2[0])])
        self.assertEqual(mine, self._card())
        office = self.Card.with_user(self.manager).search([("date_from", "=", Q2[0])])
        self.assertIn(self._card(self.manager), office)
        self.assertIn(self._card(self.office, "team"), office)
        everything = self.Card.with_user(self.director).search([("date_from", "=", Q2[0])])
        self.assertEqual(everything, self.Card.search([("date_from", "=", Q2[0])]))
        with self.assertRaises(AccessError):
            self._card(self.manager).with_user(self.specialist).read(["total"])
        with self.assertRaises(AccessError):
            self._card().with_user(self.plain_user).read(["total"])

    def test_only_director_computes_and_scores(self):
        """Compute now, scores and comments are the KAM director's; scores stay in 0..weight."""
        for user in (self.specialist, self.manager, self.dept):
            with self.assertRaises(AccessError):
                self._compute(user)
        self.assertFalse(self.Card.search([("date_from", "=", Q2[0])]))
        self._compute()
        card = self._card()
        skill = self._line(card, kind="qualitative")
        for user in (self.specialist, self.manager, self.dept):
            with self.assertRaises(AccessError):
                skill.with_user(user).write({"score": 1})
            with self.assertRaises(AccessError):
                card.with_user(user).write({"note": "x"})
        self.assertEqual(skill.score, 0)
        with self.assertRaisesRegex(ValidationError, "Score"):
            skill.with_user(self.director).write({"score": skill.weight + 1})
        with self.assertRaisesRegex(ValidationError, "Score"):
            skill.with_user(self.director).write({"score": -1})
        with self.assertRaisesRegex(ValidationError, "Score"):
            self._line(card, "sales_completion").with_user(self.director).write({"score": 1})
        self.assertEqual(skill.score, 0)
        total = card.total
        with Form(card.with_user(self.director)) as form:
            with form.line_ids.edit(card.line_ids.ids.index(skill.id)) as line:
                line.score = 4
                line.comment = "Knows the cement market"
            form.note = "Good quarter"
        self.assertEqual(skill.score, 4)
        self.assertEqual(skill.scored_by_id, self.director)
        self.assertEqual(card.total, total + 4)

    def test_figures_not_writable(self):
        """Figures, points, state and new scorecards or lines are refused to any client."""
        self._compute()
        card = self._card()
        sales = self._line(card, "sales_completion")
        director = self.director
        for vals in (
            {"actual": 1},
            {"points": 25},
            {"kpi_points": 25},
            {"weight": 50},
            {"has_target": False},
            {"scored_by_id": director.id},
        ):
            with self.assertRaises(UserError):
                sales.with_user(director).with_context(key_account_transition=True).write(vals)
        for vals in (
            {"total": 100},
            {"kpi_points": 1},
            {"state": "locked"},
            {"user_id": 1},
            {"line_ids": [Command.create({"kind": "kpi", "name": "x"})]},
            {"line_ids": [Command.delete(sales.id)]},
        ):
            with self.assertRaises(UserError):
                card.with_user(director).write(vals)
        with self.assertRaises(UserError):
            self.Card.with_user(director).create(
                {
                    "company_id": self.company.id,
                    "level": "user",
                    "res_id": director.id,
                    "date_from": Q2[0],
                    "date_to": Q2[1],
                }
            )
        with self.assertRaises(UserError):
            self.Card.create(
                {
                    "company_id": self.company.id,
                    "level": "user",
                    "res_id": director.id,
                    "date_from": Q2[0],
                    "date_to": Q2[1],
                }
            )
        self.assertEqual((sales.actual, sales.points, card.state), (95000, 24, "draft"))

    def test_template_weights_total_100(self):
        """A template's weights total 100; its lines change only through it."""
        template = self.env.ref("key_account_mgmt.key_account_scorecard_template_default")
        sales = template.line_ids.filtered(lambda x: x.metric == "sales_completion")
        with self.assertRaisesRegex(ValidationError, "Weight"):
            template.with_user(self.director).write(
                {"line_ids": [Command.update(sales.id, {"weight": 20})]}
            )
        with self.assertRaises(UserError):
            sales.with_user(self.director).write({"weight": 20})
        with self.assertRaises(AccessError):
            template.with_user(self.manager).write({"lock_days": 3})
        template.with_user(self.director).write(
            {
                "line_ids": [
                    Command.update(sales.id, {"weight": 20}),
                    Command.create({"kind": "qualitative", "name": "Teamwork", "weight": 5}),
                ]
            }
        )
        self.assertEqual(sales.weight, 20)

    def test_drilldown_opens_invoices(self):
        """Every KPI figure opens the records behind it, with the user's own rights."""
        self._compute()
        sales = self._line(self._card(), "sales_completion")
        action = sales.with_user(self.specialist).action_drilldown()
        self.assertEqual(action["res_model"], "account.move")
        moves = self.env["account.move"].search(action["domain"])
        self.assertIn(self.inv_s, moves)
        self.assertNotIn(self.inv_m, moves)
        expense = self._line(self._card(), "expense_rate")
        self.assertEqual(
            expense.with_user(self.specialist).action_drilldown_visits()["res_model"],
            "key.account.visit",
        )
        with self.assertRaises(UserError):
            self._line(self._card(), kind="qualitative").with_user(self.director).action_drilldown()
        with self.assertRaises(AccessError):
            self._line(self._card(self.manager), "sales_completion").with_user(
                self.specialist
            ).action_drilldown()


@tagged("post_install", "-at_install")
class TestScorecardScale(ScorecardCase):
    """The snapshot is batched: its queries do not grow with the number of managers."""

    def _refresh_queries(self):
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self.Card.sudo()._snapshot_group(self.company, *Q2)
        return self.cr.sql_log_count - start

    def test_queries_do_not_grow_with_managers(self):
        """Three more managers: the same number of queries to refresh the quarter."""
        self._compute()
        cards = len(self.Card.search([("date_from", "=", Q2[0])]))
        before = self._refresh_queries()
        for index in range(3):
            seller = new_test_user(
                self.env,
                login=f"kam_sc_scale_{index}",
                groups="base.group_user,key_account_mgmt.group_kam_specialist",
            )
            self._invoice(self.acc_a, 1000 + index, "2026-04-11", "2026-05-11", user=seller)
        self._compute()
        self.assertEqual(len(self.Card.search([("date_from", "=", Q2[0])])), cards + 3)
        self.assertEqual(self._refresh_queries(), before)

    def test_other_company_invisible(self):
        """A scorecard of a company the user may not use is neither found nor read."""
        other = self.env["res.company"].create({"name": "Scorecard Other Co"})
        card = self.Card.with_context(key_account_transition=ACTION_SENTINEL).create(
            {
                "company_id": other.id,
                "level": "user",
                "res_id": self.director.id,
                "user_id": self.director.id,
                "date_from": Q2[0],
                "date_to": Q2[1],
                "quarter": "2026 Q2",
            }
        )
        director = self.director.with_context(allowed_company_ids=self.company.ids)
        self.assertFalse(self.Card.with_user(director).search([("id", "=", card.id)]))
        with self.assertRaises(AccessError):
            card.with_user(director).with_context(allowed_company_ids=self.company.ids).read(
                ["total"]
            )
