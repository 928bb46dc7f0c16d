from psycopg2 import IntegrityError

from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger


class TestRating(TransactionCase):

    def setUp(self):
        super(TestRating, self).setUp()
        self.Rating = self.env['hcc.rating']

    def test_not_satisfied_needs_followup(self):
        low = self.Rating.create({'level': '1', 'channel': 'link', 'comment': 'Cho lau qua'})
        high = self.Rating.create({'level': '3', 'channel': 'counter'})
        self.assertEqual(low.followup_state, 'needed')
        self.assertEqual(high.followup_state, 'none')
        self.assertTrue(low.rated_at)
        low.action_followup_done()
        self.assertEqual(low.followup_state, 'done')
        # changing a good rating to "not satisfied" later also asks for follow-up
        high.write({'level': '1'})
        self.assertEqual(high.followup_state, 'needed')
        # a rating already followed up is not reopened by rewriting the level
        low.write({'level': '1'})
        self.assertEqual(low.followup_state, 'done')

    def test_tokens_unique(self):
        ratings = self.Rating.browse()
        for _i in range(20):
            ratings |= self.Rating.create({'level': '3'})
        tokens = ratings.mapped('token')
        self.assertEqual(len(set(tokens)), 20)
        self.assertTrue(all(len(t) >= 20 for t in tokens))
        with self.assertRaises(IntegrityError), mute_logger('odoo.sql_db'):
            with self.env.cr.savepoint():
                self.Rating.create({'level': '2', 'token': tokens[0]})
