"""Carrier by prefix and quiet hours: plain Python, no database."""
import datetime
import unittest

from ..domain import carriers, quiet_hours


class TestCarriers(unittest.TestCase):

    def test_prefixes(self):
        self.assertEqual(carriers.carrier_of('84961234567'), carriers.VIETTEL)
        self.assertEqual(carriers.carrier_of('0351234567'), carriers.VIETTEL)
        self.assertEqual(carriers.carrier_of('+84 912 345 678'), carriers.VINAPHONE)
        self.assertEqual(carriers.carrier_of('0901234567'), carriers.MOBIFONE)
        self.assertEqual(carriers.carrier_of('0921234567'), carriers.VIETNAMOBILE)
        self.assertEqual(carriers.carrier_of('0991234567'), carriers.GMOBILE)
        self.assertEqual(carriers.carrier_of('0871234567'), carriers.ITELECOM)

    def test_not_a_mobile(self):
        self.assertIsNone(carriers.carrier_of('02163852123'))  # Yen Bai landline
        self.assertIsNone(carriers.carrier_of('0111234567'))
        self.assertIsNone(carriers.carrier_of(''))
        self.assertIsNone(carriers.carrier_of(None))

    def test_every_prefix_has_one_carrier(self):
        seen = {}
        for carrier, prefixes in carriers.PREFIXES.items():
            for prefix in prefixes:
                self.assertNotIn(prefix, seen, prefix)
                seen[prefix] = carrier
        self.assertEqual(set(carriers.PREFIXES), set(code for code, _n in carriers.CARRIERS))


class TestQuietHours(unittest.TestCase):

    def setUp(self):
        self.period = quiet_hours.parse('21:00-07:00')

    def at(self, hour, minute=0, day=10):
        return datetime.datetime(2026, 3, day, hour, minute)

    def test_night_ends_next_morning(self):
        self.assertEqual(quiet_hours.quiet_end(self.at(21, 0), self.period), self.at(7, 0, 11))
        self.assertEqual(quiet_hours.quiet_end(self.at(23, 59), self.period), self.at(7, 0, 11))
        self.assertEqual(quiet_hours.quiet_end(self.at(3, 0), self.period), self.at(7, 0))

    def test_day_is_not_quiet(self):
        for hour in (7, 12, 20):
            self.assertIsNone(quiet_hours.quiet_end(self.at(hour), self.period))
        self.assertIsNone(quiet_hours.quiet_end(self.at(20, 59), self.period))

    def test_period_within_a_day_and_none(self):
        lunch = quiet_hours.parse('11:30-13:30')
        self.assertEqual(quiet_hours.quiet_end(self.at(12), lunch), self.at(13, 30))
        self.assertIsNone(quiet_hours.quiet_end(self.at(14), lunch))
        self.assertIsNone(quiet_hours.parse(''))
        self.assertIsNone(quiet_hours.quiet_end(self.at(23), None))
        with self.assertRaises(ValueError):
            quiet_hours.parse('9pm-7am')
