from decimal import Decimal as D

from odoo.tests import BaseCase, tagged

from ..tools import kpi


@tagged("post_install", "-at_install")
class TestKpiFormulas(BaseCase):
    """The seed's KPI arithmetic on hand-computed figures, without the database."""

    def test_no_target_is_none_never_an_error(self):
        """A zero or missing plan gives "no target" for every ratio."""
        for planned in (0, None, 0.0, D(0)):
            self.assertIsNone(kpi.ratio(5, planned))
            self.assertIsNone(kpi.sales_completion(100, 10, planned))
            self.assertIsNone(kpi.churn_rate(1, planned))
            self.assertIsNone(kpi.retention_rate(3, 1, planned))
        self.assertIsNone(kpi.average([]))
        self.assertIsNone(kpi.nps([]))
        self.assertIsNone(kpi.scorecard_points(None, 25))

    def test_sales_completion_nets_credit_notes(self):
        """Invoices 120,000 − credit notes 20,000 against a plan of 125,000 = 80 %."""
        self.assertEqual(kpi.sales_completion(120000, 20000, 125000), D("0.8"))

    def test_rates(self):
        """Each seed ratio: actual over plan, exactly."""
        self.assertEqual(kpi.new_account_rate(3, 4), D("0.75"))
        self.assertEqual(kpi.settlement_rate(9, 10), D("0.9"))
        self.assertEqual(kpi.collection_rate(D("7500.50"), D(10001)), D("7500.50") / D(10001))
        self.assertEqual(kpi.expense_rate(1200, 1000), D("1.2"))
        self.assertEqual(kpi.csat(7, 8), D("0.875"))
        self.assertEqual(kpi.average([D("0.5"), D(1), D("0.75")]), D("0.75"))

    def test_churn_and_retention(self):
        """40 accounts at the start, 2 lost, 5 new, 43 at the end."""
        self.assertEqual(kpi.churn_rate(2, 40), D("0.05"))
        self.assertEqual(kpi.retention_rate(43, 5, 40), D("0.95"))

    def test_nps(self):
        """3 promoters, 1 passive, 1 detractor of 5 answers: NPS 40; answers out of 0–10
        refused."""
        self.assertEqual(kpi.nps([10, 9, 9, 7, 3]), D(40))
        self.assertEqual(kpi.nps([0, 6]), D(-100))
        with self.assertRaises(ValueError):
            kpi.nps([11])

    def test_scorecard_edges(self):
        """Sales completion worth 25: one point off for every 5 % started below 100 %."""
        points = [
            (D("1.20"), 25),
            (D(1), 25),
            (D("0.9999"), 24),
            (D("0.95"), 24),
            (D("0.9499"), 23),
            (D("0.90"), 23),
            (D("0.8999"), 22),
            (D(0), 5),
        ]
        for value, expected in points:
            self.assertEqual(kpi.scorecard_points(value, 25), expected, value)
        # floor and penalty per step
        self.assertEqual(kpi.scorecard_points(D("0.10"), 10, penalty=2, floor=0), 0)
        self.assertEqual(kpi.scorecard_points(D("0.5"), 10, step=D("0.1"), penalty=1), 5)
        with self.assertRaises(ValueError):
            kpi.scorecard_points(D("0.5"), 10, step=0)

    def test_rebate_bands_half_open(self):
        """Bands [0, 1M) 0 %, [1M, 5M) 1 %, [5M, ∞) 2 %: an edge value falls in one band."""
        bands = [
            (0, 1_000_000, D(0)),
            (1_000_000, 5_000_000, D("0.01")),
            (5_000_000, None, D("0.02")),
        ]
        self.assertEqual(kpi.band_of(999_999.99, bands)[2], D(0))
        self.assertEqual(kpi.band_of(1_000_000, bands)[2], D("0.01"))
        self.assertEqual(kpi.band_of(5_000_000, bands)[2], D("0.02"))
        self.assertIsNone(kpi.band_of(-1, bands))
        # retroactive: the reached rate on everything
        self.assertEqual(kpi.rebate(5_000_000, bands), D("100000.00"))
        self.assertEqual(kpi.rebate(4_999_999, bands), D("49999.99"))
        # marginal: each band's rate on its slice: 0 + 4M × 1 % + 1M × 2 %
        self.assertEqual(kpi.rebate(6_000_000, bands, "marginal"), D("60000.00"))
        self.assertEqual(kpi.rebate(0, bands, "marginal"), 0)
        with self.assertRaises(ValueError):
            kpi.rebate(10, bands, "progressive")

    def test_rebate_due_deducts_earlier_settlements(self):
        """A second settlement of the same figures owes nothing; a grown base owes the
        difference only."""
        bands = [(0, 1_000_000, D("0.01")), (1_000_000, None, D("0.02"))]
        first = kpi.rebate_due(800_000, bands, "retroactive", 0)
        self.assertEqual(first, D("8000.00"))
        self.assertEqual(kpi.rebate_due(800_000, bands, "retroactive", first), 0)
        self.assertEqual(kpi.rebate_due(1_200_000, bands, "retroactive", first), D("16000.00"))
