"""NPS satisfaction survey: invitations per period, _kpi_nps rows, guards."""

from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..tools import kpi
from .common import KeyAccountCase


@tagged("post_install", "-at_install")
class TestNps(KeyAccountCase):
    """Satisfaction survey of key accounts, hand-computed NPS."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("key_account_mgmt.survey_key_account_satisfaction")
        cls.question = cls.env.ref("key_account_mgmt.survey_key_account_nps_question")
        cls.alpha = cls._make_key_account("Alpha Ltd")
        cls.beta = cls._make_key_account("Beta Ltd")
        cls.contacts = {}
        for account, names in ((cls.alpha, ("A1", "A2", "A3", "A4", "A5")), (cls.beta, ("B1",))):
            for name in names:
                person = cls.env["res.partner"].create(
                    {"name": name, "parent_id": account.id, "email": f"{name}@example.com"}
                )
                cls.env["key.account.contact"].create(
                    {"partner_id": account.id, "contact_id": person.id, "role": "decision_maker"}
                )
                cls.contacts[name] = person
        cls.q1 = (date(2026, 1, 1), date(2026, 3, 31))

    def _send(self, accounts, period, user=None):
        wizard = (
            self.env["key.account.nps.send"]
            .with_user(user or self.manager)
            .create(
                {
                    "partner_ids": [(6, 0, accounts.ids)],
                    "date_from": period[0],
                    "date_to": period[1],
                }
            )
        )
        wizard.action_send()

    def _answer(self, contact_name, score, done=True):
        answer = self.env["survey.user_input"].search(
            [
                ("partner_id", "=", self.contacts[contact_name].id),
                ("survey_id", "=", self.survey.id),
            ]
        )
        self.env["survey.user_input.line"].create(
            {
                "user_input_id": answer.id,
                "survey_id": self.survey.id,
                "question_id": self.question.id,
                "answer_type": "scale",
                "value_scale": score,
            }
        )
        if done:
            answer.write({"state": "done"})

    def test_nps_per_account_and_period(self):
        """Alpha 10, 9, 7, 3 → (2 − 1) / 4 = 25; Beta 6 → −100; an unfinished answer is left out."""
        self._send(self.alpha | self.beta, self.q1)
        invites = self.env["survey.user_input"].search([("survey_id", "=", self.survey.id)])
        self.assertEqual(len(invites), 6)
        self.assertEqual(set(invites.mapped("key_account_date_from")), {self.q1[0]})
        for name, score in (("A1", 10), ("A2", 9), ("A3", 7), ("A4", 3), ("B1", 6)):
            self._answer(name, score)
        self._answer("A5", 0, done=False)
        with self.assertQueryCount(1):
            rows = self.env["survey.user_input.line"]._kpi_nps(
                [
                    ("key_account_date_from", ">=", self.q1[0]),
                    ("key_account_date_from", "<=", self.q1[1]),
                ],
                ["key_account_id", "key_account_date_from:quarter"],
            )
        scores = {}
        for row in rows:
            scores.setdefault(row["key_account_id"], []).extend([row["score"]] * row["count"])
        self.assertEqual(sorted(scores[self.alpha]), [3, 7, 9, 10])
        self.assertEqual(kpi.nps(scores[self.alpha]), 25)
        self.assertEqual(kpi.nps(scores[self.beta]), -100)

    def test_nps_in_the_kpi_engine(self):
        """The KPI engine reads the real survey answers, attributed to the key account's
        manager: his accounts answered 10, 9, 7 and 3 in Q1 → (2 − 1) / 4 = 25 for him,
        his office and the company; the next quarter has no answer."""
        self._send(self.alpha | self.beta, self.q1)
        for name, score in (("A1", 10), ("A2", 9), ("A3", 7), ("A4", 3)):
            self._answer(name, score)
        figures = self.env["key.account.kpi.engine"]._compute(*self.q1)
        self.assertEqual(figures[("user", self.specialist.id)]["nps"]["value"], 25)
        self.assertEqual(figures[("team", self.office.id)]["nps"]["value"], 25)
        self.assertEqual(figures[("company", self.company.id)]["nps"]["value"], 25)
        q2 = self.env["key.account.kpi.engine"]._compute(date(2026, 4, 1), date(2026, 6, 30))
        self.assertIsNone(q2.get(("user", self.specialist.id), {}).get("nps", {}).get("value"))

    def test_send_twice_invites_once(self):
        """Sending the same period twice invites every key contact once."""
        self._send(self.alpha, self.q1)
        self._send(self.alpha, self.q1)
        count = self.env["survey.user_input"].search_count([("key_account_id", "=", self.alpha.id)])
        self.assertEqual(count, 5)

    def test_marks_not_writable(self):
        """A client cannot tag a participation with a key account (create or write)."""
        with self.assertRaises(UserError):
            self.env["survey.user_input"].with_context(key_account_nps_invite=True).create(
                {"survey_id": self.survey.id, "key_account_id": self.alpha.id}
            )
        self._send(self.alpha, self.q1)
        answer = self.env["survey.user_input"].search(
            [("key_account_id", "=", self.alpha.id)], limit=1
        )
        with self.assertRaises(UserError):
            answer.write({"key_account_id": self.beta.id})
        self.assertEqual(answer.key_account_id, self.alpha)

    def test_specialist_cannot_send(self):
        """A specialist has no access to the sending wizard."""
        with self.assertRaises(AccessError):
            self._send(self.alpha, self.q1, user=self.specialist)
        self.assertFalse(
            self.env["survey.user_input"].search([("key_account_id", "=", self.alpha.id)])
        )

    def test_pricing_on_partner(self):
        """The partner form shows the segment's pricelists and promotions to KAM users."""
        pricelist = (
            self.env["product.pricelist"]
            .with_user(self.director)
            .create({"name": "Off-season", "key_account_segment": "price"})
        )
        program = (
            self.env["loyalty.program"]
            .with_user(self.director)
            .create({"name": "Bundle", "program_type": "promotion", "key_account_segment": "price"})
        )
        self.alpha.key_account_segment = "price"
        with Form(self.alpha.with_user(self.director)) as form:
            self.assertIn(pricelist.id, form.key_account_pricelist_ids.ids)
            self.assertIn(program.id, form.key_account_program_ids.ids)
        self.beta.key_account_segment = "service"
        self.assertNotIn(pricelist, self.beta.with_user(self.director).key_account_pricelist_ids)
        with self.assertRaises(AccessError):
            self.env["product.pricelist"].with_user(self.specialist).create({"name": "No"})
