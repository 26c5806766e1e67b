import math
from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from odoo.addons.key_account_mgmt.tools.dates import add_hours, days_after, ends_after_year_9999
from odoo.addons.key_account_mgmt.tools.geo import EARTH_RADIUS_KM, haversine_km


@tagged("post_install", "-at_install")
class TestGeoDates(BaseCase):
    """The plain-Python distance and date helpers of visits (no database)."""

    def test_haversine_km(self):
        """Known distances: nothing, a degree of latitude, Beijing–Shanghai, antipodes."""
        self.assertEqual(haversine_km(31.2304, 121.4737, 31.2304, 121.4737), 0.0)
        self.assertAlmostEqual(haversine_km(0, 0, 1, 0), 111.195, places=3)
        self.assertAlmostEqual(haversine_km(31.2404, 121.4737, 31.2304, 121.4737), 1.112, 3)
        self.assertAlmostEqual(haversine_km(39.9042, 116.4074, 31.2304, 121.4737), 1067, 0)
        self.assertAlmostEqual(haversine_km(0, 0, 0, 180), math.pi * EARTH_RADIUS_KM, 6)
        self.assertAlmostEqual(haversine_km(90, 0, -90, 0), math.pi * EARTH_RADIUS_KM, 6)
        self.assertEqual(haversine_km(10, 20, 30, 40), haversine_km(30, 40, 10, 20))

    def test_add_hours(self):
        """An end after some hours, or None past 9999, without a start or for NaN."""
        start = datetime(2030, 1, 1, 22, 30)
        self.assertEqual(add_hours(start, 2.5), datetime(2030, 1, 2, 1, 0))
        self.assertEqual(add_hours(start, 0), start)
        self.assertIsNone(add_hours(None, 1))
        self.assertIsNone(add_hours(datetime(9999, 12, 31, 23, 0), 2))
        self.assertIsNone(add_hours(start, math.nan))
        self.assertIsNone(add_hours(start, 1e300))

    def test_ends_after_year_9999(self):
        """Only what ends past the largest datetime is flagged."""
        self.assertTrue(ends_after_year_9999(datetime(9999, 12, 31, 23, 0), 2))
        self.assertFalse(ends_after_year_9999(datetime(9999, 12, 31, 20, 0), 2))
        self.assertFalse(ends_after_year_9999(None, 2))
        self.assertTrue(ends_after_year_9999(datetime(2030, 1, 1), math.inf))

    def test_days_after(self):
        """A deadline some days after a day, across a month and a leap day."""
        self.assertEqual(days_after(date(2028, 2, 25), 7), date(2028, 3, 3))
        self.assertEqual(days_after(date(2030, 12, 28), 7), date(2031, 1, 4))
