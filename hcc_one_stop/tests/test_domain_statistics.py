from datetime import date, datetime
from unittest import TestCase

from ..domain import statistics
from ..domain.errors import DomainError


class TestRates(TestCase):

    def test_share_and_rate(self):
        self.assertEqual(statistics.share(1, 3), 33.33)
        self.assertEqual(statistics.share(2, 3), 66.67)
        self.assertIsNone(statistics.share(0, 0))
        self.assertEqual(statistics.on_time_rate(1, 1, 1), 66.67)
        self.assertEqual(statistics.on_time_rate(0, 0, 4), 0.0)
        self.assertEqual(statistics.on_time_rate(3, 0, 0), 100.0)
        self.assertIsNone(statistics.on_time_rate(0, 0, 0))
        with self.assertRaises(DomainError):
            statistics.on_time_rate(-1, 0, 0)

    def test_summarize_derives_totals(self):
        res = statistics.summarize({'carried_over': 2, 'new': 5, 'finished_early': 1,
                                    'finished_on_time': 1, 'finished_late': 1,
                                    'in_progress': 3, 'in_progress_late': 2, 'refused': 1})
        self.assertEqual(res['received'], 7)
        self.assertEqual(res['finished'], 3)
        self.assertEqual(res['on_time'], 2)
        self.assertEqual(res['in_progress_on_time'], 1)
        self.assertEqual(res['on_time_rate'], 66.67)
        self.assertEqual((res['withdrawn'], res['returned']), (0, 0))
        self.assertEqual(set(res), set(statistics.COUNT_KEYS + statistics.DERIVED_KEYS))

    def test_summarize_rejects_inconsistent_counts(self):
        with self.assertRaises(DomainError):
            statistics.summarize({'in_progress': 1, 'in_progress_late': 2})
        with self.assertRaises(DomainError):
            statistics.summarize({'new': -1})

    def test_total_recomputes_the_rate(self):
        rows = [{'finished_early': 9, 'finished_late': 1, 'new': 10},
                {'finished_on_time': 0, 'finished_late': 10, 'new': 10}]
        res = statistics.total(rows)
        self.assertEqual((res['new'], res['finished']), (20, 20))
        # 9 of 20, not the mean of 90% and 0%
        self.assertEqual(res['on_time_rate'], 45.0)
        empty = statistics.total([])
        self.assertEqual(empty['received'], 0)
        self.assertIsNone(empty['on_time_rate'])

    def test_period_bounds_in_vietnam_time(self):
        start, end = statistics.period_bounds('2026-03-01', '2026-03-31')
        self.assertEqual(start, datetime(2026, 2, 28, 17, 0))
        self.assertEqual(end, datetime(2026, 3, 31, 17, 0))
        start, end = statistics.period_bounds(date(2026, 3, 2), datetime(2026, 3, 2, 15, 0))
        self.assertEqual((start, end), (datetime(2026, 3, 1, 17, 0), datetime(2026, 3, 2, 17, 0)))

    def test_period_bounds_refuses_bad_input(self):
        with self.assertRaises(DomainError) as ctx:
            statistics.period_bounds('2026-03-31', '2026-03-01')
        self.assertIn('31/03/2026', str(ctx.exception))
        with self.assertRaises(DomainError):
            statistics.period_bounds('2026-02-30', '2026-03-01')
        with self.assertRaises(DomainError):
            statistics.period_bounds(False, '2026-03-01')
