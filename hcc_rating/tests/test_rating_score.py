from odoo.tests.common import TransactionCase

from ..domain import score

# The seed centre: 14,709 ratings, 14,469 very satisfied, 238 satisfied.
SEED = ['3'] * 14469 + ['2'] * 238 + ['1'] * 2


class TestRatingScore(TransactionCase):

    def test_seed_summary(self):
        summary = score.satisfaction_summary(SEED)
        self.assertEqual(summary['total'], 14709)
        self.assertEqual(summary['counts'], {'3': 14469, '2': 238, '1': 2})
        self.assertEqual(summary['percent']['3'], 98.37)
        self.assertEqual(summary['percent']['2'], 1.62)
        self.assertEqual(summary['percent']['1'], 0.01)
        self.assertEqual(summary['satisfied_percent'], 99.99)

    def test_summary_edge_cases(self):
        empty = score.satisfaction_summary([])
        self.assertEqual(empty['total'], 0)
        self.assertEqual(empty['percent']['3'], 0.0)
        self.assertEqual(score.satisfaction_summary([3, 1])['percent'], {'3': 50.0, '2': 0.0, '1': 50.0})
        with self.assertRaises(ValueError):
            score.satisfaction_summary(['5'])

    def test_service_index_full_marks(self):
        # 0.3% late (44 of 14,709) and 2 not satisfied: 100 - (0.30 + 0.01)
        pct, points = score.service_index(14709, 44, 2, max_points=10)
        self.assertEqual(pct, 99.69)
        self.assertEqual(points, 10.0)
        # exactly at the threshold still gets full marks
        self.assertEqual(score.service_index(100, 6, 4, max_points=10), (90.0, 10.0))

    def test_service_index_below_threshold(self):
        # 100 - (15% + 12%) = 73% -> 73/90 of 10 points
        self.assertEqual(score.service_index(200, 30, 24, max_points=10), (73.0, 8.11))
        # cannot go below zero
        self.assertEqual(score.service_index(10, 8, 7, max_points=10), (0.0, 0.0))
        self.assertEqual(score.service_index(0, 0, 0), (None, None))
        with self.assertRaises(ValueError):
            score.service_index(10, 11, 0)
