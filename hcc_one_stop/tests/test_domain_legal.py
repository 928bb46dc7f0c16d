from datetime import date
from unittest import TestCase

from ..domain import legal
from ..domain.errors import DomainError

VERSIONS = [('61_2018', date(2018, 8, 21)), ('03_2025', '2025-09-15'),
            ('118_2025', date(2025, 7, 1))]


class TestLegalVersions(TestCase):

    def test_version_in_force(self):
        self.assertEqual(legal.version_in_force(VERSIONS, date(2025, 6, 30)), '61_2018')
        self.assertEqual(legal.version_in_force(VERSIONS, date(2025, 7, 1)), '118_2025')
        self.assertEqual(legal.version_in_force(VERSIONS, '2025-09-14 23:00:00'), '118_2025')
        self.assertEqual(legal.version_in_force(VERSIONS, date(2025, 9, 15)), '03_2025')
        self.assertEqual(legal.version_in_force(VERSIONS, date(2030, 1, 1)), '03_2025')
        with self.assertRaises(DomainError):
            legal.version_in_force(VERSIONS, date(2018, 8, 20))
        with self.assertRaises(DomainError):
            legal.version_in_force([], date(2026, 1, 1))

    def test_receipt_place(self):
        check = legal.check_receipt_place
        # since Decree 118/2025: anywhere in the province
        self.assertTrue(check(True, legal.COMMUNE, 1, 2, 'province'))
        self.assertTrue(check(True, legal.PROVINCE, 1, 2, 'commune'))
        # before: the commune desk its own commune's, the province no commune-level one
        self.assertTrue(check(False, legal.COMMUNE, 2, 2, 'commune'))
        self.assertTrue(check(False, legal.PROVINCE, 1, 2, 'province'))
        with self.assertRaises(DomainError):
            check(False, legal.COMMUNE, 1, 2, 'province')
        with self.assertRaises(DomainError):
            check(False, legal.PROVINCE, 1, 2, 'commune')
        self.assertTrue(check(False, None, None, 2, 'commune'), 'no centre: no rule')

    def test_delay_days(self):
        self.assertEqual(legal.delay_days(11.25, 7.5), 1.5)
        self.assertEqual(legal.delay_days(-3, 7.5), 0.0)
