from decimal import Decimal

from odoo.tests import BaseCase, tagged

from ..tools import kpi


@tagged("post_install", "-at_install")
class TestKpiGroupedFormulas(BaseCase):
    """The formulas fed by grouped reads: a mean from sum and count, NPS from counts."""

    def test_mean(self):
        """Sum / count; nothing to average gives no value (not 0)."""
        self.assertEqual(kpi.mean(250, 4), Decimal("62.5"))
        self.assertIsNone(kpi.mean(0, 0))

    def test_nps_from_counts(self):
        """Same result as nps() on the answers themselves; no answers → None."""
        answers = [10, 9, 9, 8, 7, 6, 0, 3]
        self.assertEqual(kpi.nps_from_counts(3, 3, 8), kpi.nps(answers))
        self.assertEqual(kpi.nps_from_counts(3, 3, 8), Decimal(0))
        self.assertEqual(kpi.nps_from_counts(2, 0, 4), Decimal(50))
        self.assertIsNone(kpi.nps_from_counts(0, 0, 0))
