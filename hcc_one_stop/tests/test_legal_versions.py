"""The law and the map of 2025-2026 inside Odoo: legal versions kept from
the receipt day, boundary-free receipt at any centre, procedures without a
legal time limit, agency mergers, the holiday schedule import and the
explanation report."""
import base64
import io
from datetime import date
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.tools import at_time
from .common import HccCase, utc


class LegalCase(HccCase):

    def setUp(self):
        super(LegalCase, self).setUp()
        ref = self.env.ref
        self.v2018 = ref('hcc_one_stop.legal_version_61_2018')
        self.v118 = ref('hcc_one_stop.legal_version_118_2025')
        self.v2025 = ref('hcc_one_stop.legal_version_03_2025')
        # no asset bundles for the HTML of the forms (compiled again per test)
        patcher = patch.object(type(self.env['ir.qweb']), '_get_asset_nodes',
                               lambda *args, **kwargs: [])
        patcher.start()
        self.addCleanup(patcher.stop)

    def html(self, xmlid, records):
        report = self.env.ref('hcc_one_stop.' + xmlid)
        content, _fmt = report.render_qweb_html(records.ids)
        return content.decode('utf-8')

    def numbers(self, dossier):
        return dict((key, dossier._form_number(key)) for key in
                    ('receipt', 'supplement', 'refusal', 'apology', 'stop', 'control', 'book'))

    def to_processing(self, dossier, *local_parts):
        """The desk hands the dossier over to the processing department."""
        self.at(*local_parts).sudo(self.receiver).browse(dossier.id).action_next_step()

    def walk_to_done(self, dossier, *local_parts):
        """Hand over to the last step and finish, each step by its people."""
        if dossier.current_department_id == self.reception:
            self.to_processing(dossier, *local_parts)
        while dossier._step_after(dossier.current_step_id):
            self.at(*local_parts).sudo(self.officer).browse(dossier.id).action_next_step()
        self.at(*local_parts).sudo(self.head).browse(dossier.id).action_finish()


class TestLegalVersions(LegalCase):

    def test_version_of_the_receipt_day(self):
        old = self.received(2025, 6, 30, 9, 0)
        mid = self.received(2025, 8, 4, 9, 0)
        new = self.received(2026, 3, 2, 9, 0)
        self.assertEqual(old.legal_version_id, self.v2018)
        self.assertEqual(mid.legal_version_id, self.v118)
        self.assertEqual(new.legal_version_id, self.v2025)
        # Circular 01/2018: six forms, no stop notice
        for dossier in (old, mid):
            self.assertEqual(self.numbers(dossier), {
                'receipt': '01', 'supplement': '02', 'refusal': '03', 'apology': '04',
                'stop': '', 'control': '05', 'book': '06'})
            self.assertEqual(dossier._form_title('apology'),
                             'Phiếu xin lỗi và hẹn lại ngày trả kết quả')
        # Circular 03/2025: 04 apology and extension request, 05 stop, 06, 07
        self.assertEqual(self.numbers(new), {
            'receipt': '01', 'supplement': '02', 'refusal': '03', 'apology': '04',
            'stop': '05', 'control': '06', 'book': '07'})
        self.assertEqual(new._form_title('apology'),
                         'Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ')
        # a version configured later does not change a received dossier's law
        self.env['hcc.legal.version'].create({'name': 'Thông tư mới', 'code': 'next',
                                              'date_start': '2026-03-01'})
        new.invalidate_cache()
        self.assertEqual(new.legal_version_id, self.v2025)
        self.assertEqual(self.numbers(new)['control'], '06')
        # the version is fixed by the lifecycle, not by editing
        with self.assertRaises(UserError):
            new.write({'legal_version_id': self.v2018.id})

    def test_forms_print_by_the_version(self):
        old = self.received(2025, 6, 30, 9, 0)
        new = self.received(2026, 3, 2, 9, 0)
        self.assertIn('Mẫu số 05', self.html('action_report_hcc_control', old))
        html = self.html('action_report_hcc_control', new)
        self.assertIn('Mẫu số 06', html)
        self.assertNotIn('Mẫu số 05', html)
        self.assertIn('Mẫu số 07', self.html('action_report_hcc_book', new))
        self.to_processing(new, 2026, 3, 2, 10, 0)
        self.at(2026, 3, 2, 14, 0).sudo(self.head).browse(new.id).action_apologise(
            'Chờ ý kiến cơ quan phối hợp', utc(2026, 3, 10, 16, 0))
        html = self.html('action_report_hcc_apology', new)
        self.assertIn('Mẫu số 04', html)
        self.assertIn('Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ', html)
        self.to_processing(old, 2025, 6, 30, 10, 0)
        self.at(2025, 7, 1, 9, 0).sudo(self.head).browse(old.id).action_stop('Không bổ sung')
        self.assertNotIn('Mẫu số', self.html('action_report_hcc_stop', old))
        self.at(2026, 3, 11, 9, 0).sudo(self.head).browse(new.id).action_stop('Không bổ sung')
        self.assertIn('Mẫu số 05', self.html('action_report_hcc_stop', new))

    def test_refused_at_the_desk_follows_the_law_of_that_day(self):
        dossier = self.new_dossier()
        self.at(2025, 5, 5, 9, 0).sudo(self.receiver).browse(dossier.id).action_refuse(
            'Không thuộc thẩm quyền')
        self.assertEqual(dossier._hcc_legal_version(), self.v2018)
        self.assertEqual(dossier._form_number('refusal'), '03')

    def test_apology_limit_is_the_versions(self):
        dossier = self.received(2026, 3, 2, 9, 0)
        self.to_processing(dossier, 2026, 3, 2, 10, 0)
        self.at(2026, 3, 2, 14, 0).sudo(self.head).browse(dossier.id).action_apologise(
            'Lần một', utc(2026, 3, 10, 16, 0))
        second = self.at(2026, 3, 3, 9, 0).sudo(self.head).browse(dossier.id)
        with self.assertRaises(UserError):
            second.action_apologise('Lần hai', utc(2026, 3, 12, 16, 0))
        self.v2025.apology_limit = 2
        second.action_apologise('Lần hai', utc(2026, 3, 12, 16, 0))
        self.assertEqual(dossier.due_at, utc(2026, 3, 12, 16, 0))
        with self.assertRaises(UserError):
            self.at(2026, 3, 4, 9, 0).sudo(self.head).browse(dossier.id).action_apologise(
                'Lần ba', utc(2026, 3, 13, 16, 0))


class TestCentres(LegalCase):
    """Boundary-free receipt (Decree 118/2025): any centre receives any
    procedure of the province; the receiving centre stays on the dossier."""

    def setUp(self):
        super(TestCentres, self).setUp()
        Centre = self.env['hcc.centre']
        self.commune_agency = self.env['hcc.agency'].create(
            {'name': 'UBND xã Thử', 'code': '000.31.99.T01', 'level': 'commune'})
        self.province = Centre.create({'name': 'Trung tâm tỉnh', 'level': 'province',
                                       'agency_id': self.agency.id, 'code_prefix': 'QA'})
        self.commune = Centre.create({'name': 'Trung tâm xã Thử', 'level': 'commune',
                                      'agency_id': self.commune_agency.id, 'code_prefix': 'QB'})
        Counter = self.env['hcc.counter']
        self.province_counter = Counter.create({'name': 'Quầy 1', 'centre_id': self.province.id})
        self.commune_counter = Counter.create({'name': 'Quầy xã', 'centre_id': self.commune.id})
        self.receiver.hcc_counter_id = self.commune_counter
        self.commune_procedure = self.procedure.copy(
            {'name': 'Thủ tục cấp xã', 'level': 'commune', 'agency_id': self.commune_agency.id})

    def receive(self, *local_parts, **vals):
        dossier = self.new_dossier(**vals)
        self.at(*local_parts).sudo(self.receiver).browse(dossier.id).action_receive()
        return dossier

    def test_any_centre_receives_any_procedure_of_the_province(self):
        # a provincial procedure at the commune centre (the officer's counter)
        dossier = self.receive(2026, 3, 2, 9, 0)
        self.assertEqual(dossier.centre_id, self.commune)
        self.assertEqual(dossier.agency_id, self.agency, 'routed to the competent agency')
        self.assertEqual(self.commune.user_ids, self.receiver)
        # a commune-level procedure at the provincial centre's counter
        other = self.receive(2026, 3, 2, 10, 0, procedure_id=self.commune_procedure.id,
                             counter_id=self.province_counter.id)
        self.assertEqual(other.centre_id, self.province)
        self.assertEqual(other.agency_id, self.commune_agency)
        rows = self.env['hcc.dossier.statistics'].get_summary_rows(
            '2026-03-01', '2026-03-31', group_by='centre_id')
        self.assertEqual(rows[self.commune.id]['new'], 1)
        self.assertEqual(rows[self.province.id]['new'], 1)
        stats = self.env['hcc.dossier.statistics'].search([('dossier_id', '=', dossier.id)])
        self.assertEqual(stats.centre_id, self.commune)
        with self.assertRaises(UserError):
            dossier.write({'centre_id': self.province.id})

    def test_before_decree_118_receipt_followed_boundaries(self):
        with self.assertRaises(UserError):
            self.receive(2025, 6, 2, 9, 0)  # provincial procedure at the commune
        with self.assertRaises(UserError):
            self.receive(2025, 6, 2, 9, 0, procedure_id=self.commune_procedure.id,
                         counter_id=self.province_counter.id)
        own = self.receive(2025, 6, 2, 9, 0, procedure_id=self.commune_procedure.id)
        self.assertEqual((own.state, own.centre_id), ('received', self.commune))
        # the day Decree 118/2025 came into force
        self.assertEqual(self.receive(2025, 7, 1, 9, 0).centre_id, self.commune)


class TestNoTimeLimit(LegalCase):

    def setUp(self):
        super(TestNoTimeLimit, self).setUp()
        # steps longer than the (meaningless) legal time: allowed without a limit
        self.open_ended = self.procedure.copy({'name': 'Cung cấp dữ liệu', 'legal_amount': 0.5,
                                               'no_time_limit': True})

    def test_a_limited_procedure_still_checks_its_steps(self):
        with self.assertRaises(ValidationError):
            self.procedure.copy({'name': 'Quá ngắn', 'legal_amount': 0.5})

    def test_no_appointment_no_lateness_not_in_on_time_rate(self):
        dossier = self.received(2026, 3, 2, 9, 0, procedure_id=self.open_ended.id)
        self.assertTrue(dossier.no_time_limit)
        self.assertFalse(dossier.due_at)
        self.assertTrue(dossier.step_due_at, 'the steps keep internal budgets')
        html = self.html('action_report_hcc_receipt', dossier)
        self.assertIn('Không quy định thời hạn giải quyết', html)
        self.to_processing(dossier, 2026, 3, 2, 10, 0)
        with self.assertRaises(UserError):
            self.at(2026, 3, 2, 11, 0).sudo(self.head).browse(dossier.id).action_apologise(
                'Chậm', utc(2026, 3, 30, 9, 0))
        self.walk_to_done(dossier, 2026, 4, 20, 9, 0)  # weeks later: still not late
        self.assertEqual(dossier.state, 'done')
        self.assertFalse(dossier.completion)
        limited = self.received(2026, 3, 3, 9, 0)
        self.walk_to_done(limited, 2026, 3, 4, 9, 0)
        summary = self.env['hcc.dossier.statistics'].get_summary('2026-03-01', '2026-04-30')
        self.assertEqual(summary['new'], 2)
        self.assertEqual(summary['finished'], 1, 'the open-ended one is not counted as finished')
        self.assertEqual(summary['on_time_rate'], 100.0)


class TestMerger(LegalCase):

    def setUp(self):
        super(TestMerger, self).setUp()
        self.successor = self.env['hcc.agency'].create(
            {'name': 'Sở Hợp nhất', 'code': '000.00.90.T01', 'date_start': '2026-03-16'})
        self.closed = self.received(2026, 3, 2, 9, 0)
        self.walk_to_done(self.closed, 2026, 3, 2, 11, 0)
        self.open = self.received(2026, 3, 3, 9, 0)
        self.to_processing(self.open, 2026, 3, 3, 10, 0)
        self.draft = self.new_dossier()
        self.codes = (self.closed.name, self.open.name)
        self.step_before = self.open.current_step_id

    def merge(self, user=None):
        wizard = self.env['hcc.agency.merge'].create({
            'agency_ids': [(6, 0, [self.agency.id])], 'successor_id': self.successor.id,
            'date': '2026-03-16'})
        return (wizard.sudo(user) if user else wizard).action_merge()

    def test_only_managers_merge(self):
        with self.assertRaises(AccessError):
            self.merge(self.officer)
        self.assertFalse(self.agency.date_end)

    def test_open_dossiers_move_closed_ones_stay(self):
        self.merge()
        self.assertEqual(self.agency.date_end, '2026-03-15')
        self.assertEqual(self.agency.successor_id, self.successor)
        self.assertEqual(self.procedure.agency_id, self.successor)
        self.assertEqual(self.dept.hcc_agency_id, self.successor, 'departments pass on')
        # closed: agency and code kept, on the frozen version of the procedure
        self.assertEqual(self.closed.agency_id, self.agency)
        self.assertEqual(self.closed.procedure_id.current_version_id, self.procedure)
        self.assertFalse(self.closed.procedure_id.active)
        # open: to the successor, same code, same place in the process, a log note
        self.assertEqual(self.open.agency_id, self.successor)
        self.assertEqual(self.open.procedure_id, self.procedure)
        self.assertEqual(self.open.current_step_id.name, self.step_before.name)
        self.assertEqual(self.open.current_step_id.procedure_id, self.procedure)
        self.assertIn('Sở Hợp nhất', self.open.message_ids[0].body)
        self.assertEqual((self.closed.name, self.open.name), self.codes)
        self.assertEqual(self.draft.agency_id, self.successor)
        # the open dossier goes on under the successor
        env = self.at(2026, 3, 17, 9, 0).sudo(self.officer)
        env.browse(self.open.id).action_next_step()
        self.at(2026, 3, 17, 10, 0).sudo(self.head).browse(self.open.id).action_finish()
        self.assertEqual(self.open.state, 'done')
        # a period straddling the merger counts both agencies for the successor
        Stats = self.env['hcc.dossier.statistics']
        both = Stats.get_summary('2026-03-01', '2026-03-31', agency_id=self.successor.id)
        self.assertEqual((both['new'], both['finished']), (2, 2))
        before = Stats.get_summary('2026-03-01', '2026-03-31', agency_id=self.agency.id)
        self.assertEqual((before['new'], before['finished']), (1, 1))

    def test_no_merge_into_a_predecessor(self):
        self.merge()
        wizard = self.env['hcc.agency.merge'].create({
            'agency_ids': [(6, 0, [self.successor.id])], 'successor_id': self.agency.id,
            'date': '2026-04-01'})
        with self.assertRaises(UserError):
            wizard.action_merge()


class TestExplanationReport(LegalCase):

    def test_late_dossiers_with_apology_pdf_and_xlsx(self):
        late = self.received(2026, 3, 2, 9, 0)  # appointment 5 March 09:00
        self.to_processing(late, 2026, 3, 2, 10, 0)
        self.at(2026, 3, 2, 14, 0).sudo(self.head).browse(late.id).action_apologise(
            'Chờ kết quả xác minh', utc(2026, 3, 9, 9, 0))
        self.walk_to_done(late, 2026, 3, 10, 14, 45)  # 1.5 working days after 9 March 09:00
        on_time = self.received(2026, 3, 3, 9, 0)
        self.walk_to_done(on_time, 2026, 3, 3, 11, 0)
        still_open = self.received(2026, 3, 4, 9, 0)  # due 9 March 09:00, open on the 11th
        wizard = at_time(self.env['hcc.explanation.report.wizard'].create({
            'agency_id': self.agency.id, 'date_from': '2026-03-01', 'date_to': '2026-03-31'}),
            utc(2026, 3, 11, 9, 0))
        data = wizard._explanation_data()
        self.assertEqual([r['code'] for r in data['rows']], [late.name, still_open.name])
        first = data['rows'][0]
        self.assertEqual(first['delay_days'], 1.5)
        self.assertEqual(first['apology_reason'], 'Chờ kết quả xác minh')
        self.assertEqual(first['first_due'], '05/03/2026 09:00')
        self.assertEqual(first['new_due'], '09/03/2026 09:00')
        self.assertEqual(data['rows'][1]['delay_days'], 2.0)
        self.assertEqual((data['count'], data['with_apology'], data['open']), (2, 1, 1))
        self.assertEqual(wizard.action_print_pdf()['report_name'],
                         'hcc_one_stop.report_hcc_explanation')
        html = self.env.ref('hcc_one_stop.action_report_hcc_explanation').render_qweb_html(
            wizard.ids)[0].decode('utf-8')
        self.assertIn('Chủ tịch Ủy ban nhân dân tỉnh', html)
        self.assertIn(late.name, html)
        action = wizard.action_export_xlsx()
        self.assertEqual(action['report_name'], 'hcc_one_stop.explanation_xlsx')
        report = self.env['report.hcc_one_stop.explanation_xlsx'].with_context(
            active_model=wizard._name)
        content, kind = report.create_xlsx_report(wizard.ids, {})
        self.assertEqual(kind, 'xlsx')
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet['A1'].value, 'BÁO CÁO GIẢI TRÌNH HỒ SƠ GIẢI QUYẾT QUÁ HẠN')
        self.assertEqual(sheet['B6'].value, late.name)
        self.assertEqual(sheet['K6'].value, 1.5)
        self.assertEqual(sheet['M6'].value, 'Chờ kết quả xác minh')


class TestHolidayImport(LegalCase):

    CSV = ('date,date_to,kind,name\n'
           '2027-01-01,,holiday,Tết Dương lịch\n'
           '2027-02-05,2027-02-11,holiday,Tết Nguyên đán\n'
           '2027-02-20,,working_day,Làm bù\n')

    def test_preview_then_apply(self):
        Holiday = self.env['hcc.holiday']
        Holiday.generate_year(2027)
        before = set(Holiday.search([('year', '=', 2027)]).mapped('date'))
        self.assertIn('2027-11-24', before)
        it = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'IT', 'login': 't_it',
            'groups_id': [(6, 0, [self.env.ref('hcc_one_stop.group_hcc_configurator').id])]})
        wizard = self.env['hcc.holiday.import'].sudo(it).create({
            'file': base64.b64encode(self.CSV.encode('utf-8')), 'filename': 'lich-2027.csv'})
        wizard.action_preview()
        actions = dict((l.date, l.action) for l in wizard.line_ids)
        self.assertEqual(actions['2027-01-01'], 'keep')
        self.assertEqual(actions['2027-02-20'], 'add')
        self.assertEqual(actions['2027-11-24'], 'remove')
        self.assertEqual(wizard.years, '2027')
        self.assertEqual(set(Holiday.search([('year', '=', 2027)]).mapped('date')), before,
                         'the preview changes nothing')
        wizard.action_apply()
        days = dict((h.date, h.kind) for h in Holiday.search([('year', '=', 2027)]))
        self.assertEqual(len(days), 1 + 7 + 1)
        self.assertEqual(days['2027-02-20'], 'working_day')
        cal = Holiday.get_working_calendar()
        self.assertTrue(cal.is_working_day(date(2027, 2, 20)), 'a make-up Saturday')
        self.assertFalse(cal.is_working_day(date(2027, 2, 11)))
        self.assertTrue(cal.is_working_day(date(2027, 11, 24)), 'removed by the schedule')
        # an officer configures no calendar
        wizard = self.env['hcc.holiday.import'].sudo(self.officer).create({
            'file': base64.b64encode(self.CSV.encode('utf-8'))})
        with self.assertRaises(AccessError):
            wizard.action_apply()

    def test_bad_file_is_a_clear_error(self):
        wizard = self.env['hcc.holiday.import'].create({
            'file': base64.b64encode(b'date,name\n2027-02-30,X\n')})
        with self.assertRaises(UserError):
            wizard.action_preview()
