"""Annual purchase rebates: bands, retroactive/marginal, settlements, credit notes, rights."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KeyAccountCase


@tagged("post_install", "-at_install")
class TestRebate(KeyAccountCase):
    """Rebate schemes and their settlements, hand-computed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = cls.users["finance"]
        cls.year = date.today().year
        cls.scheme = (
            cls.env["key.account.rebate.scheme"]
            .with_user(cls.director)
            .create(
                {
                    "name": "Test Rebate",
                    "method": "retroactive",
                    "segment": "price",
                    "date_from": date(cls.year, 1, 1),
                    "date_to": date(cls.year, 12, 31),
                    "band_ids": [
                        Command.create({"lower": 0, "upper": 100000, "rate": 0}),
                        Command.create({"lower": 100000, "upper": 200000, "rate": 2}),
                        Command.create({"lower": 200000, "rate": 5}),
                    ],
                }
            )
        )

    def _account(self, name):
        partner = self._make_key_account(name)
        partner.key_account_segment = "price"
        return partner

    def _move(self, partner, amount, move_type="out_invoice", post=True):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": date(self.year, 3, 1),
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

    def _settle(self, scheme=None):
        settlement = (
            self.env["key.account.rebate.settlement"]
            .with_user(self.director)
            .create({"scheme_id": (scheme or self.scheme).id})
        )
        settlement.action_settle()
        return settlement

    def _line(self, settlement, partner):
        return settlement.line_ids.filtered(lambda line: line.partner_id == partner)

    def test_band_edges(self):
        """An edge amount falls in the upper band only: 100,000 → 2 %, 99,999.99 → 0."""
        at_edge, below = self._account("Edge Ltd"), self._account("Below Ltd")
        self._move(at_edge, 100000)
        self._move(below, 99999.99)
        settlement = self._settle()
        self.assertEqual(self._line(settlement, at_edge).amount_due, 2000)
        self.assertEqual(self._line(settlement, below).amount_due, 0)
        self.assertEqual(settlement.move_ids.partner_id, at_edge)
        self.assertEqual(settlement.move_ids.state, "draft")
        self.assertEqual(settlement.move_ids.move_type, "out_refund")
        self.assertEqual(settlement.move_ids.amount_untaxed, 2000)

    def test_retroactive_and_marginal(self):
        """250,000: retroactive 5 % × 250,000 = 12,500; marginal 2,000 + 2,500 = 4,500."""
        partner = self._account("Method Ltd")
        self._move(partner, 250000)
        marginal = self.scheme.copy({"name": "Marginal", "method": "marginal"})
        self.assertEqual(self._line(self._settle(), partner).amount_due, 12500)
        self.assertEqual(self._line(self._settle(marginal), partner).amount_due, 4500)

    def test_credit_notes_in_base(self):
        """Invoices minus credit notes: 230,000 − 20,000 → 10,500; 150,000 − 60,000 → 0."""
        high, low = self._account("High Ltd"), self._account("Low Ltd")
        self._move(high, 230000)
        self._move(high, 20000, "out_refund")
        self._move(low, 150000)
        self._move(low, 60000, "out_refund")
        self._move(low, 500000, post=False)  # a draft invoice is not a purchase
        settlement = self._settle()
        self.assertEqual(self._line(settlement, high).base_amount, 210000)
        self.assertEqual(self._line(settlement, high).amount_due, 10500)
        self.assertEqual(self._line(settlement, low).base_amount, 90000)
        self.assertEqual(self._line(settlement, low).amount_due, 0)

    def test_second_settlement_creates_nothing(self):
        """A second settlement of the same figures (first note posted) creates nothing."""
        partner = self._account("Twice Ltd")
        self._move(partner, 120000)
        first = self._settle()
        self.assertEqual(first.move_ids.amount_untaxed, 2400)
        first.move_ids.sudo().action_post()  # posted rebate note: not in the base (still 120,000)
        moves_before = self.env["account.move"].search_count([])
        second = self._settle()
        self.assertFalse(second.move_ids)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        line = self._line(second, partner)
        self.assertEqual((line.base_amount, line.already_given, line.amount_due), (120000, 2400, 0))

    def test_partial_growth(self):
        """150,000 settles 3,000; 60,000 more → 210,000 × 5 % = 10,500 − 3,000 = 7,500."""
        partner = self._account("Growth Ltd")
        self._move(partner, 150000)
        self.assertEqual(self._settle().move_ids.amount_untaxed, 3000)
        self._move(partner, 60000)
        second = self._settle()
        self.assertEqual(second.move_ids.amount_untaxed, 7500)
        self.assertEqual(self._line(second, partner).already_given, 3000)

    def test_cancelled_note_is_owed_again(self):
        """A cancelled rebate credit note gave nothing: the next settlement owes the full 2,400."""
        partner = self._account("Cancel Ltd")
        self._move(partner, 120000)
        self._settle().move_ids.sudo().button_cancel()
        self.assertEqual(self._settle().move_ids.amount_untaxed, 2400)

    def test_band_layout_refused(self):
        """Overlapping, gapped, inverted bands and a second open band are ValidationErrors."""
        Scheme = self.env["key.account.rebate.scheme"].with_user(self.director)
        base = {
            "name": "Bad",
            "date_from": date(self.year, 1, 1),
            "date_to": date(self.year, 12, 31),
        }
        for bands in (
            [(0, 100, 1), (50, None, 2)],  # overlap
            [(0, 100, 1), (150, None, 2)],  # gap
            [(0, None, 1), (100, None, 2)],  # two open bands
            [(100, 50, 1)],  # inverted
            [(0, None, 101)],  # rate over 100 %
        ):
            with self.subTest(bands=bands), self.assertRaises(ValidationError):
                Scheme.create(
                    dict(
                        base,
                        band_ids=[
                            Command.create({"lower": lo, "upper": up or 0, "rate": rate})
                            for lo, up, rate in bands
                        ],
                    )
                )
        with self.assertRaises(ValidationError):
            self.scheme.band_ids.sorted("lower")[1].with_user(self.director).write({"lower": 90000})
        self.assertEqual(self.scheme.band_ids.sorted("lower")[1].lower, 100000)

    def test_rights(self):
        """Specialists and finance cannot manage schemes or settle; finance reads settlements."""
        with self.assertRaises(AccessError):
            self.env["key.account.rebate.scheme"].with_user(self.specialist).create(
                {
                    "name": "X",
                    "date_from": date(self.year, 1, 1),
                    "date_to": date(self.year, 12, 31),
                }
            )
        with self.assertRaises(AccessError):
            self.scheme.with_user(self.specialist).write({"method": "marginal"})
        partner = self._account("Rights Ltd")
        self._move(partner, 120000)
        settlement = (
            self.env["key.account.rebate.settlement"]
            .with_user(self.director)
            .create({"scheme_id": self.scheme.id})
        )
        with self.assertRaises(AccessError):
            settlement.with_user(self.finance).action_settle()
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(settlement.move_ids)
        settlement.action_settle()
        as_finance = settlement.with_user(self.finance)
        self.assertEqual(as_finance.line_ids.amount_due, 2400)
        self.assertEqual(as_finance.move_ids.amount_untaxed, 2400)

    def test_figures_not_writable_over_rpc(self):
        """State, lines, company of a settlement and the rebate mark of a move are not writable."""
        partner = self._account("Rpc Ltd")
        invoice = self._move(partner, 120000)
        settlement = self._settle()
        as_director = settlement.with_user(self.director)
        for vals in (
            {"state": "draft"},
            {"line_ids": [Command.clear()]},
            {"company_id": self.env.company.id},
            {"settled_on": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                as_director.with_context(key_account_transition=True).write(vals)
        self.assertEqual(settlement.state, "done")
        self.assertEqual(len(settlement.line_ids), 1)
        with self.assertRaises(UserError):
            self.env["key.account.rebate.settlement"].with_user(self.director).create(
                {"scheme_id": self.scheme.id, "state": "done"}
            )
        # an ordinary invoice cannot be hidden from the base as a "rebate credit note"
        with self.assertRaises(UserError):
            invoice.with_context(key_account_rebate_settlement=True).write(
                {"key_account_rebate_settlement_id": settlement.id}
            )
        self.assertFalse(invoice.key_account_rebate_settlement_id)
        with self.assertRaises(UserError):
            settlement.with_user(self.director).unlink()

    def test_form_path(self):
        """The KAM director creates and settles a settlement through the form."""
        partner = self._account("Form Ltd")
        self._move(partner, 200000)
        with Form(self.env["key.account.rebate.settlement"].with_user(self.director)) as form:
            form.scheme_id = self.scheme
        settlement = form.record
        self.assertEqual(settlement.company_id, self.scheme.company_id)
        settlement.action_settle()
        self.assertEqual(self._line(settlement, partner).amount_due, 10000)

    def test_other_company(self):
        """A scheme of another company is invisible to a director of this one."""
        other = self.env["res.company"].create({"name": "Other Co"})
        scheme = self.scheme.sudo().copy({"name": "Other", "company_id": other.id})
        found = (
            self.env["key.account.rebate.scheme"]
            .with_user(self.director)
            .search([("id", "=", scheme.id)])
        )
        self.assertFalse(found)
