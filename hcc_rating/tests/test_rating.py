"""Ratings the real way: dossiers moved by their officials with the clock
set server-side, rated through the link and the counter tablet, then read
back as the officials, heads and managers they concern."""
import io

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from odoo.addons.hcc_one_stop.models.tools import at_time
from odoo.addons.hcc_one_stop.tests.common import HccCase, utc


class RatingCase(HccCase):

    def setUp(self):
        super(RatingCase, self).setUp()
        env = self.env
        g = lambda x: env.ref('hcc_one_stop.' + x).id
        Users = env['res.users'].with_context(no_reset_password=True)
        self.colleague = Users.create({'name': 'Colleague', 'login': 't_colleague',
                                       'groups_id': [(6, 0, [g('group_hcc_officer')])]})
        self.dept.write({'hcc_user_ids': [(4, self.colleague.id)]})
        self.manager = Users.create({'name': 'Manager', 'login': 't_manager',
                                     'groups_id': [(6, 0, [g('group_hcc_manager')])]})
        self.counter = env['hcc.counter'].create({'name': 'Quầy 9'})
        self.receiver.hcc_counter_id = self.counter
        self.counter.action_rating_device_new()
        self.Rating = env['hcc.rating']
        self.criteria = env['hcc.rating.criterion'].search([])

    def as_user(self, dossier, user, *local_parts):
        """`dossier` acted on by `user` at a Vietnam local time."""
        return at_time(dossier.sudo(user), utc(*local_parts))

    def returned_dossier(self):
        """Received at the counter, examined by the officer, signed by the
        head, returned at the counter: every step by its official."""
        dossier = self.new_dossier()
        self.as_user(dossier, self.receiver, 2026, 3, 2, 8, 0).action_receive()
        self.as_user(dossier, self.receiver, 2026, 3, 2, 8, 30).action_next_step()
        self.as_user(dossier, self.officer, 2026, 3, 2, 10, 0).action_next_step()
        self.as_user(dossier, self.head, 2026, 3, 2, 14, 0).action_finish()
        self.as_user(dossier, self.receiver, 2026, 3, 3, 9, 0).action_return_result()
        return dossier

    def link_of(self, dossier):
        return self.env['hcc.rating.link'].search([('dossier_id', '=', dossier.id)])


class TestRatingLink(RatingCase):

    def test_link_made_on_return_rates_everyone_once(self):
        dossier = self.new_dossier()
        self.as_user(dossier, self.receiver, 2026, 3, 2, 8, 0).action_receive()
        self.assertFalse(self.link_of(dossier), 'no link before the result is returned')
        self.assertEqual(dossier._hcc_rating_url(), '')
        dossier = self.returned_dossier()
        link = self.link_of(dossier)
        self.assertEqual(len(link), 1)
        self.assertEqual(link.expires_at, utc(2026, 3, 10, 9, 0))  # 7 days after the return
        self.assertTrue(at_time(dossier, utc(2026, 3, 3, 10, 0))._hcc_rating_url().endswith(
            '/danh-gia/' + link.token))
        self.assertGreaterEqual(len(link.token), 30)

        at = at_time(link, utc(2026, 3, 3, 18, 0))
        criteria = {self.criteria[0].id: '3', self.criteria[1].id: 2}
        rating = at._rate('2', criteria, '  Nhanh, chu đáo  ')
        self.assertEqual(rating.level, '2')
        self.assertEqual(rating.comment, 'Nhanh, chu đáo')
        self.assertEqual(rating.channel, 'link')
        self.assertEqual(rating.rated_at, utc(2026, 3, 3, 18, 0))
        # the counter official (who returned it), the processing officials,
        # their departments and the agency
        self.assertEqual(rating.user_id, self.receiver)
        self.assertEqual(rating.processing_user_ids, self.officer | self.head)
        self.assertEqual(rating.user_ids, self.receiver | self.officer | self.head)
        self.assertEqual(rating.department_ids, self.dept | self.reception)
        self.assertEqual(rating.department_id, self.dept)
        self.assertEqual(rating.agency_id, self.agency)
        self.assertEqual(sorted(rating.line_ids.mapped('level')), ['2', '3'])
        self.assertEqual(rating.followup_state, 'none')
        self.assertEqual(link.rating_id, rating)
        # single use: a second answer is refused and nothing more is stored
        self.assertEqual(at._rate('3'), 'used')
        self.assertEqual(self.Rating.search_count([('dossier_id', '=', dossier.id)]), 1)
        self.assertEqual(dossier._hcc_rating_url(), '')

    def test_expired_link_stores_nothing(self):
        dossier = self.returned_dossier()
        link = self.link_of(dossier)
        self.assertEqual(at_time(link, utc(2026, 3, 10, 9, 0))._rate('3'), 'expired')
        self.assertFalse(link.used_at)
        self.assertFalse(self.Rating.search([('dossier_id', '=', dossier.id)]))
        self.assertEqual(at_time(dossier, utc(2026, 3, 11, 9, 0))._hcc_rating_url(), '')

    def test_bad_input_refused_and_link_kept(self):
        dossier = self.returned_dossier()
        link = at_time(self.link_of(dossier), utc(2026, 3, 3, 18, 0))
        bad = [('4', None, None), ('0', None, None), (3.5, None, None), (True, None, None),
               ('', None, None), ('3', None, 'x' * 1001), ('3', None, 42),
               ('3', {999999: '3'}, None), ('3', {self.criteria[0].id: '9'}, None),
               ('3', ['not', 'a', 'dict'], None)]
        for level, criteria, comment in bad:
            with self.assertRaises(ValidationError, msg=repr((level, criteria, comment))):
                with self.env.cr.savepoint():
                    link._rate(level, criteria, comment)
        self.assertFalse(self.Rating.search([('dossier_id', '=', dossier.id)]))
        self.assertFalse(link.used_at)
        # the limit itself is accepted
        self.assertEqual(link._rate('1', None, 'x' * 1000).comment, 'x' * 1000)

    def test_forged_tokens_find_nothing(self):
        dossier = self.returned_dossier()
        Link = self.env['hcc.rating.link']
        token = self.link_of(dossier).token
        for forged in ('', 'x', token[:-1] + ('A' if token[-1] != 'A' else 'B'), token + 'x',
                       token.upper() if token.upper() != token else token.lower(),
                       "' OR 1=1 --", 'a' * 65, None, 12):
            self.assertFalse(Link._find(forged), repr(forged))
        self.assertEqual(Link._find(token), self.link_of(dossier))

    def test_dongbodanhgia(self):
        dossier = self.returned_dossier()
        rating = at_time(self.link_of(dossier), utc(2026, 3, 3, 18, 5))._rate('3', None, 'Tốt')
        self.assertEqual(rating._hcc_dongbodanhgia(), {
            'MaHoSo': dossier.name, 'MaCanBo': 't_receiver', 'TenCanBo': 'Receiver',
            'MaCoQuan': '000.00.99.T01', 'MucDoHaiLong': 3, 'NoiDung': 'Tốt',
            'NgayDanhGia': '20260303180500'})


class TestRatingKiosk(RatingCase):

    def test_now_serving_and_one_rating_per_visit(self):
        counter = self.counter
        token = counter.rating_device_token
        self.assertEqual(self.env['hcc.counter']._from_device_token(token), counter)
        dossier = self.new_dossier()
        self.as_user(dossier, self.receiver, 2026, 3, 2, 8, 0).action_receive()
        log = dossier.log_ids.filtered(lambda l: l.action == 'receive')
        at = lambda *t: at_time(counter, utc(*t))
        self.assertEqual(at(2026, 3, 2, 8, 10)._now_serving(), log)
        self.assertFalse(at(2026, 3, 2, 8, 16)._now_serving(), 'a visit lasts 15 minutes')
        self.assertFalse(at(2026, 3, 2, 7, 59)._now_serving())
        # another counter's tablet does not show this visit
        other = self.env['hcc.counter'].create({'name': 'Quầy 10'})
        self.assertFalse(at_time(other, utc(2026, 3, 2, 8, 10))._now_serving())

        rating = at(2026, 3, 2, 8, 10)._rate_visit(log, '3', {self.criteria[0].id: '3'})
        self.assertEqual((rating.channel, rating.user_id, rating.level), ('counter', self.receiver, '3'))
        self.assertFalse(rating.processing_user_ids, 'at the counter only the counter official')
        self.assertEqual(rating.department_ids, self.reception)
        self.assertEqual(at(2026, 3, 2, 8, 11)._rate_visit(log, '1'), 'rated')
        self.assertEqual(at(2026, 3, 2, 8, 20)._rate_visit(log, '1'), 'gone')
        self.assertEqual(self.Rating.search_count([('dossier_id', '=', dossier.id)]), 1)
        # the database holds it too
        with self.assertRaises(Exception), mute_logger('odoo.sql_db'):
            with self.env.cr.savepoint():
                self.Rating.create({'dossier_id': dossier.id, 'level': '2',
                                    'visit_key': 'counter:%d' % log.id})

    def test_revoked_and_renewed_tokens(self):
        counter = self.counter
        old = counter.rating_device_token
        counter.action_rating_device_new()
        self.assertNotEqual(counter.rating_device_token, old)
        self.assertFalse(self.env['hcc.counter']._from_device_token(old))
        counter.action_rating_device_revoke()
        self.assertFalse(counter.rating_device_token)
        self.assertFalse(self.env['hcc.counter']._from_device_token(''))
        # a receiving officer cannot issue the tablet address of his counter
        with self.assertRaises(AccessError):
            counter.sudo(self.receiver).action_rating_device_new()


class TestRatingFollowupAndAccess(RatingCase):

    def rated(self, level, dossier=None, **kw):
        dossier = dossier or self.returned_dossier()
        return at_time(self.link_of(dossier), utc(2026, 3, 3, 18, 0))._rate(level, None,
                                                                             kw.get('comment'))

    def test_not_satisfied_opens_activity_for_the_head(self):
        rating = self.rated('1', comment='Phải đi lại nhiều lần')
        self.assertEqual(rating.followup_state, 'needed')
        activity = rating.activity_ids
        self.assertEqual(activity.user_id, self.head)
        self.assertIn(rating.dossier_id.name, activity.summary)
        # an officer cannot close it; the head must say what was done
        with self.assertRaises(AccessError):
            rating.sudo(self.officer).write({'followup_note': 'x'})
        as_head = rating.sudo(self.head)
        with self.assertRaises(UserError):
            as_head.action_followup_done()
        as_head.write({'followup_note': 'Đã gọi điện xin lỗi, hướng dẫn lại'})
        as_head.action_followup_done()
        self.assertEqual(rating.followup_state, 'done')
        self.assertEqual(rating.followup_user_id, self.head)
        self.assertFalse(rating.activity_ids)
        # the citizen's words cannot be rewritten, even by the head
        with self.assertRaises(UserError):
            as_head.write({'level': '3'})
        self.assertEqual(self.rated('3').followup_state, 'none')

    def test_each_sees_his_own_head_his_department_manager_all(self):
        returned = self.rated('3')  # rates receiver, officer, head
        # a dossier at the Processing department, rated at the counter: only
        # the receiver is rated
        dossier = self.new_dossier()
        self.as_user(dossier, self.receiver, 2026, 3, 2, 8, 0).action_receive()
        self.as_user(dossier, self.receiver, 2026, 3, 2, 8, 5).action_next_step()
        log = dossier.log_ids.filtered(lambda l: l.action == 'receive')
        kiosk = at_time(self.counter, utc(2026, 3, 2, 8, 6))._rate_visit(log, '2')
        self.assertEqual(dossier.current_department_id, self.dept)
        self.assertNotIn(self.officer, dossier.handler_ids)

        def seen(user):
            return self.Rating.sudo(user).search([('id', 'in', (returned | kiosk).ids)])

        self.assertEqual(seen(self.receiver), returned | kiosk)
        self.assertEqual(seen(self.officer), returned, 'not the rating of another official')
        self.assertEqual(seen(self.colleague), self.Rating, 'not rated in either')
        self.assertEqual(seen(self.head), returned, 'his department, not the reception')
        self.assertEqual(seen(self.manager), returned | kiosk)
        self.assertEqual(seen(self.other_officer), self.Rating)
        with self.assertRaises(AccessError):
            kiosk.sudo(self.officer).read(['level'])
        # statistics and criteria obey the same rules
        Stats = self.env['hcc.rating.statistics']
        self.assertEqual(set(Stats.sudo(self.officer).search([]).mapped('rating_id').ids),
                         set(returned.ids))
        self.assertFalse(Stats.sudo(self.colleague).search([]))
        # a portal user reads no rating at all
        with self.assertRaises(AccessError):
            self.Rating.sudo(self.portal_user).search([])
        # an official cannot type a rating of himself in
        with self.assertRaises(AccessError):
            self.Rating.sudo(self.receiver).create({'dossier_id': dossier.id, 'level': '3'})


class TestRatingStatistics(RatingCase):

    def test_shares_criteria_service_index_and_xlsx(self):
        # one rating of each level through the links of three returned
        # dossiers, each with one criterion
        dossiers = [self.returned_dossier() for _i in range(3)]
        levels = ['3', '2', '1']
        crit = self.criteria[0]
        for dossier, level in zip(dossiers, levels):
            at_time(self.link_of(dossier), utc(2026, 3, 3, 18, 0))._rate(
                level, {crit.id: level}, None)
        Stats = self.env['hcc.rating.statistics']
        summary = Stats.get_summary('2026-03-01', '2026-03-31')[self.agency.id]
        self.assertEqual(summary['counts'], {'3': 1, '2': 1, '1': 1})
        self.assertEqual(summary['percent']['3'], 33.33)
        # per official: the receiver (counter) and officer, head (processing)
        per_user = Stats.get_summary('2026-03-01', '2026-03-31', 'official', self.agency.id)
        self.assertEqual(set(per_user), {self.receiver.id, self.officer.id, self.head.id})
        self.assertEqual(per_user[self.officer.id]['total'], 3)
        self.assertEqual(Stats.get_summary('2026-04-01', '2026-04-30', 'agency', self.agency.id), {})
        # the pivot's shares: averages of 100/0 per row
        group = Stats.read_group([('subject', '=', 'agency'), ('agency_id', '=', self.agency.id)],
                                 ['agency_id', 'very_satisfied_pct', 'unsatisfied_pct', 'rating_count'],
                                 ['agency_id'])
        self.assertEqual(len(group), 1)
        self.assertAlmostEqual(group[0]['very_satisfied_pct'], 100.0 / 3, places=2)
        self.assertEqual(group[0]['rating_count'], 3)
        self.assertEqual(Stats.get_criteria_averages('2026-03-01', '2026-03-31', self.agency.id),
                         [(crit.name, 3, 2.0)])
        index = Stats.get_service_index('2026-03-01', '2026-03-31', self.agency.id)
        self.assertEqual((index['total'], index['unsatisfied']), (3, 1))
        self.assertEqual(index['percentage'], round(100 - 100.0 * (index['late'] + 1) / 3, 2))

        wizard = self.env['hcc.rating.report.wizard'].create(
            {'date_from': '2026-03-01', 'date_to': '2026-03-31', 'agency_id': self.agency.id})
        action = wizard.action_export_xlsx()
        report = self.env['report.hcc_rating.rating_xlsx'].with_context(active_model=wizard._name)
        content, kind = report.create_xlsx_report([wizard.id], action['data'])
        self.assertEqual(kind, 'xlsx')
        book = openpyxl.load_workbook(io.BytesIO(content))
        agency_sheet = book.worksheets[0]
        row = [c.value for c in agency_sheet[5]]
        self.assertEqual(row[1], self.agency.name)
        self.assertEqual(row[2:9], [3, 1, 33.33, 1, 33.33, 1, 33.33])
        self.assertEqual(row[12], 1)  # dossiers with a "not satisfied"
        names = [r[1].value for r in book.worksheets[1].iter_rows(min_row=5)]
        self.assertEqual(sorted(names), ['Head', 'Officer', 'Receiver'])
        with self.assertRaises(UserError):
            report.create_xlsx_report([], {})
