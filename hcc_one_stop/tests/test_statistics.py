import io
from datetime import datetime

import openpyxl

from odoo.exceptions import AccessError, UserError

from .common import HccCase

MARCH = ('2026-03-01', '2026-03-31')


class TestStatistics(HccCase):
    """A month of a small centre, every dossier put through the real
    lifecycle with the clock set:

    before March: A (carried over, finished on time in March),
                  K (carried over, still waiting: late),
                  I (finished early in February), J (withdrawn in February)
    in March:     B (early, result returned), C (late), D (in progress, late),
                  E (in progress, not due yet), G (withdrawn), F (refused)
    after March:  H (received in April)
    other agency: L (in progress, late at the end of March)
    """

    def setUp(self):
        super(TestStatistics, self).setUp()
        self.sector2 = self.env['hcc.sector'].create({'name': 'Lĩnh vực hai'})
        self.agency2 = self.env['hcc.agency'].create({'name': 'Sở Thử nghiệm Hai',
                                                      'code': '000.00.97.T01'})
        self.procedure2 = self.env['hcc.procedure'].create({
            'name': 'Thủ tục hai', 'sector_id': self.sector2.id, 'agency_id': self.agency2.id,
            'legal_amount': 1, 'legal_unit': 'day',
            'step_ids': [(0, 0, {'sequence': 1, 'name': 'Xử lý', 'department_id': self.dept.id,
                                 'budget_amount': 1, 'budget_unit': 'day'})],
        })
        self.I = self.received(2026, 2, 23, 8, 0)
        self.finish(self.I, 2026, 2, 24, 10, 0)
        self.J = self.received(2026, 2, 23, 8, 0)
        self.at(2026, 2, 24, 9, 0).browse(self.J.id).action_withdraw('Xin rút')
        self.K = self.received(2026, 2, 25, 8, 0)
        self.A = self.received(2026, 2, 27, 9, 0, applicant_name='Lê Thị Ánh')
        self.finish(self.A, 2026, 3, 4, 8, 0)  # due 4 March 09:00
        self.B = self.received(2026, 3, 2, 8, 0, applicant_name='Phạm Đức Huỳnh',
                               applicant_address='Số 1 đường Điện Biên, Yên Bái')
        self.finish(self.B, 2026, 3, 3, 10, 0)
        self.at(2026, 3, 4, 8, 0).browse(self.B.id).action_return_result('counter')
        self.C = self.received(2026, 3, 2, 8, 0)
        self.finish(self.C, 2026, 3, 6, 10, 0)
        self.D = self.received(2026, 3, 2, 6, 50)  # before opening: 1 March in UTC
        self.at(2026, 3, 2, 9, 0).browse(self.D.id).action_next_step()
        self.G = self.received(2026, 3, 2, 8, 0)
        self.at(2026, 3, 4, 9, 0).browse(self.G.id).action_withdraw('Công dân xin rút')
        self.F = self.new_dossier()
        self.at(2026, 3, 3, 9, 0).browse(self.F.id).action_refuse('Không thuộc thẩm quyền')
        self.L = self.received(2026, 3, 10, 8, 0, procedure_id=self.procedure2.id)
        self.at(2026, 3, 12, 9, 0)._cron_check_deadlines()
        self.E = self.received(2026, 3, 30, 8, 0)
        self.H = self.received(2026, 4, 2, 8, 0)
        self.Stats = self.env['hcc.dossier.statistics']

    def finish(self, dossier, *when):
        Dossier = self.at(*when).browse(dossier.id)
        Dossier.action_next_step()
        Dossier.action_next_step()
        Dossier.action_finish()
        return dossier

    # -------------------------------------------------------------- summary
    def test_summary(self):
        self.assertEqual([self.A.completion, self.B.completion, self.C.completion,
                          self.I.completion], ['on_time', 'early', 'late', 'early'])
        self.assertEqual(self.B.state, 'returned')
        self.assertEqual((self.D.deadline_status, self.K.deadline_status,
                          self.L.deadline_status, self.E.deadline_status),
                         ('late', 'late', 'late', 'on_track'))
        s = self.Stats.get_summary(*MARCH, agency_id=self.agency.id)
        expected = {
            'carried_over': 2, 'new': 5, 'received': 7,
            'finished': 3, 'finished_early': 1, 'finished_on_time': 1, 'finished_late': 1,
            'on_time': 2, 'in_progress': 3, 'in_progress_on_time': 1, 'in_progress_late': 2,
            'refused': 1, 'withdrawn': 1, 'returned': 1, 'on_time_rate': 66.67,
        }
        self.assertEqual(s, expected)
        s = self.Stats.get_summary(*MARCH)
        self.assertEqual((s['new'], s['received'], s['in_progress'], s['in_progress_late']),
                         (6, 8, 4, 3))
        self.assertEqual(s['on_time_rate'], 66.67)
        feb = self.Stats.get_summary('2026-02-01', '2026-02-28', agency_id=self.agency.id)
        self.assertEqual((feb['carried_over'], feb['new'], feb['finished_early'],
                          feb['withdrawn'], feb['in_progress']), (0, 4, 1, 1, 2))
        # at the end of February A and K were open and not due yet
        self.assertEqual(feb['in_progress_late'], 0)
        self.assertEqual(feb['on_time_rate'], 100.0)
        # a day in March when nothing was settled
        day = self.Stats.get_summary('2026-03-09', '2026-03-09', agency_id=self.agency.id)
        self.assertEqual((day['new'], day['finished'], day['on_time_rate']), (0, 0, None))
        self.assertEqual(day['carried_over'], 2)  # D and K
        empty = self.Stats.get_summary('2020-01-01', '2020-01-31')
        self.assertEqual((empty['received'], empty['finished'], empty['on_time_rate']),
                         (0, 0, None))
        with self.assertRaises(UserError):
            self.Stats.get_summary('2026-03-31', '2026-03-01')

    # ---------------------------------------------------------- SQL view
    def test_read_group_on_the_view(self):
        measures = ['received', 'finished', 'finished_early', 'finished_on_time',
                    'finished_late', 'in_progress', 'in_progress_on_time', 'in_progress_late',
                    'returned', 'refused', 'withdrawn']
        groups = self.Stats.read_group([('agency_id', 'in', [self.agency.id, self.agency2.id])],
                                       measures + ['agency_id'], ['agency_id'])
        by_agency = dict((g['agency_id'][0], g) for g in groups)
        mine = by_agency[self.agency.id]
        self.assertEqual(mine['agency_id_count'], 11)  # every dossier but drafts
        got = dict((m, mine[m]) for m in measures)
        self.assertEqual(got, {
            'received': 10, 'finished': 4, 'finished_early': 2, 'finished_on_time': 1,
            'finished_late': 1, 'in_progress': 4, 'in_progress_on_time': 2,
            'in_progress_late': 2, 'returned': 1, 'refused': 1, 'withdrawn': 2})
        other = by_agency[self.agency2.id]
        self.assertEqual((other['received'], other['in_progress_late']), (1, 1))
        by_sector = self.Stats.read_group([('agency_id', 'in', [self.agency.id, self.agency2.id]),
                                           ('received_at', '>=', '2026-02-28 17:00:00'),
                                           ('received_at', '<', '2026-03-31 17:00:00')],
                                          ['received', 'sector_id'], ['sector_id'])
        self.assertEqual(sorted((g['sector_id'][1], g['received']) for g in by_sector),
                         [('Lĩnh vực hai', 1), ('Thử nghiệm', 5)])
        row = self.Stats.search([('dossier_id', '=', self.F.id)])
        self.assertEqual((row.refused, row.received, row.closed_at),
                         (1, 0, self.F.log_ids[-1].date))
        self.assertFalse(self.Stats.search([('dossier_id', '=', self.new_dossier().id)]))

    def test_access(self):
        g = lambda x: self.env.ref('hcc_one_stop.' + x).id
        supervisor = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Supervisor', 'login': 't_supervisor',
            'groups_id': [(6, 0, [g('group_hcc_supervisor')])]})
        s = self.Stats.sudo(supervisor).get_summary(*MARCH, agency_id=self.agency.id)
        self.assertEqual(s['received'], 7)
        self.assertTrue(self.Stats.sudo(self.head).read_group([], ['received'], []))
        with self.assertRaises(AccessError):
            self.Stats.sudo(self.officer).get_summary(*MARCH)
        with self.assertRaises(AccessError):
            self.Stats.sudo(self.receiver).read_group([], ['received'], [])

    # ------------------------------------------------------------ dashboard
    def test_dashboard_counts(self):
        self.assertEqual(self.dept.hcc_in_progress_count, 2)  # D and L
        self.assertEqual(self.dept.hcc_late_count, 2)
        self.assertEqual(self.reception.hcc_in_progress_count, 3)  # K, E, H
        self.assertEqual(self.reception.hcc_late_count, 1)  # K
        self.assertEqual(self.other_dept.hcc_in_progress_count, 0)
        action = self.dept.with_context(hcc_load='late').action_hcc_open_dossiers()
        self.assertEqual(action['res_model'], 'hcc.dossier')
        self.assertEqual(self.env['hcc.dossier'].search(action['domain']), self.D | self.L)
        due_soon = self.at(2026, 4, 1, 8, 0).browse(self.E.id)
        due_soon._refresh_deadline_status(due_soon._calendar(), due_soon._now())
        self.reception.invalidate_cache()
        self.assertEqual(self.reception.hcc_due_soon_count, 1)

    # ----------------------------------------------------------------- XLSX
    def _statistics_xlsx(self, **vals):
        values = {'date_from': MARCH[0], 'date_to': MARCH[1], 'group_by': 'agency'}
        values.update(vals)
        wizard = self.env['hcc.statistics.report.wizard'].create(values)
        action = wizard.action_export_xlsx()
        self.assertEqual((action['report_type'], action['report_name']),
                         ('xlsx', 'hcc_one_stop.statistics_xlsx'))
        report = self.env['report.hcc_one_stop.statistics_xlsx'].with_context(
            active_model=wizard._name)
        content, kind = report.create_xlsx_report([wizard.id], action['data'])
        self.assertEqual(kind, 'xlsx')
        return (openpyxl.load_workbook(io.BytesIO(content)).active,
                openpyxl.load_workbook(io.BytesIO(content), data_only=True).active)

    def _row_of(self, sheet, label):
        for row in sheet.iter_rows(min_row=6):
            if row[1].value == label:
                return [cell.value for cell in row]
        self.fail('no row %s' % label)

    def test_statistics_xlsx(self):
        sheet, values = self._statistics_xlsx()
        self.assertEqual(sheet['A1'].value,
                         'BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH')
        self.assertEqual(sheet['A2'].value, 'Kỳ báo cáo: từ 01/03/2026 đến 31/03/2026')
        merged = set(str(r) for r in sheet.merged_cells.ranges)
        self.assertTrue({'A1:M1', 'A2:M2', 'A4:A5', 'B4:B5', 'C4:E4', 'F4:I4', 'J4:L4',
                         'M4:M5'} <= merged, merged)
        self.assertEqual([sheet.cell(4, c).value for c in (1, 2, 3, 6, 10, 13)],
                         ['STT', 'Lĩnh vực / Cơ quan', 'Số hồ sơ nhận giải quyết',
                          'Số hồ sơ đã giải quyết', 'Số hồ sơ đang giải quyết',
                          'Tỷ lệ đúng hạn (%)'])
        self.assertEqual([sheet.cell(5, c).value for c in range(3, 13)],
                         ['Tổng số', 'Trong kỳ (mới)', 'Từ kỳ trước chuyển qua', 'Tổng số',
                          'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Tổng số', 'Trong hạn', 'Quá hạn'])
        self.assertEqual(self._row_of(values, 'Sở Thử nghiệm')[2:],
                         [7, 5, 2, 3, 1, 1, 1, 3, 1, 2, 66.67])
        self.assertEqual(self._row_of(values, 'Sở Thử nghiệm Hai')[2:],
                         [1, 1, 0, 0, 0, 0, 0, 1, 0, 1, None])
        last = sheet.max_row
        self.assertEqual(sheet.cell(last, 1).value, 'Tổng cộng')
        self.assertIn('A%d:B%d' % (last, last), merged)
        self.assertEqual(sheet.cell(last, 3).value, '=SUM(C6:C%d)' % (last - 1))
        self.assertEqual([values.cell(last, c).value for c in range(3, 14)],
                         [8, 6, 2, 3, 1, 1, 1, 4, 1, 3, 66.67])
        self.assertTrue(sheet['C6'].border.left.style)
        self.assertTrue(sheet['C4'].alignment.wrap_text)
        self.assertEqual(sheet.column_dimensions['B'].width > 30, True)

    def test_statistics_xlsx_by_sector_for_one_agency(self):
        sheet, values = self._statistics_xlsx(group_by='sector', agency_id=self.agency.id)
        self.assertEqual(self._row_of(values, 'Thử nghiệm')[2:5], [7, 5, 2])
        self.assertEqual(values.max_row, 7)  # one sector and the total

    def test_statistics_xlsx_of_an_empty_period_and_bad_input(self):
        sheet, values = self._statistics_xlsx(date_from='2020-01-01', date_to='2020-01-31')
        self.assertEqual(sheet['A2'].value, 'Kỳ báo cáo: từ 01/01/2020 đến 31/01/2020')
        self.assertEqual(sheet.max_row, 6)
        self.assertEqual(sheet['A6'].value, 'Tổng cộng')
        self.assertEqual([values.cell(6, c).value for c in range(3, 13)], [0] * 10)
        self.assertIsNone(values['M6'].value)
        wizard = self.env['hcc.statistics.report.wizard'].create(
            {'date_from': '2026-03-31', 'date_to': '2026-03-01'})
        with self.assertRaises(UserError):
            wizard.action_export_xlsx()
        report = self.env['report.hcc_one_stop.statistics_xlsx'].with_context(
            active_model='hcc.statistics.report.wizard')
        with self.assertRaises(UserError):
            report.create_xlsx_report([], {'date_from': '2026-03-31', 'date_to': '2026-03-01'})
        with self.assertRaises(UserError):
            report.create_xlsx_report([], {})

    def test_tracking_book_xlsx(self):
        dossiers = self.B | self.C | self.D | self.F
        report = self.env['report.hcc_one_stop.tracking_book_xlsx'].with_context(
            active_model='hcc.dossier')
        content, kind = report.create_xlsx_report(dossiers.ids, {})
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet['A1'].value, 'SỔ THEO DÕI HỒ SƠ')
        self.assertEqual([c.value for c in sheet[4]],
                         ['STT', 'Mã hồ sơ', 'Tên TTHC', 'Người nộp', 'Địa chỉ', 'Số điện thoại',
                          'Ngày nhận', 'Ngày hẹn trả', 'Ngày có kết quả', 'Ngày trả',
                          'Tình trạng', 'Ghi chú'])
        rows = dict((r[1].value, r) for r in sheet.iter_rows(min_row=5))
        b = rows[self.B.name]
        self.assertEqual(b[3].value, 'Phạm Đức Huỳnh')
        self.assertEqual(b[4].value, 'Số 1 đường Điện Biên, Yên Bái')
        self.assertEqual(b[5].value, '84912345678')
        self.assertEqual(b[6].value, datetime(2026, 3, 2, 8, 0))
        self.assertEqual(b[6].number_format, 'dd/mm/yyyy')
        self.assertEqual(b[7].value, datetime(2026, 3, 5, 8, 0))
        self.assertEqual(b[8].value, datetime(2026, 3, 3, 10, 0))
        self.assertEqual(b[9].value, datetime(2026, 3, 4, 8, 0))
        self.assertEqual(b[10].value, 'Trước hạn')
        self.assertEqual(rows[self.C.name][10].value, 'Quá hạn')
        d = rows[self.D.name]
        # received 06:50 Vietnam time, still 1 March in UTC
        self.assertEqual(d[6].value, datetime(2026, 3, 2, 6, 50))
        self.assertIsNone(d[8].value)
        self.assertEqual(d[10].value, 'Đang giải quyết - quá hạn')
        f = [r for r in sheet.iter_rows(min_row=5) if not r[1].value]  # refused: no code
        self.assertEqual(len(f), 1)
        f = f[0]
        self.assertEqual((f[10].value, f[11].value), ('Từ chối tiếp nhận', 'Không thuộc thẩm quyền'))
        self.assertEqual([r[0].value for r in sheet.iter_rows(min_row=5)], [1, 2, 3, 4])
        binding = self.env.ref('hcc_one_stop.hcc_tracking_book_xlsx_report')
        self.assertEqual(binding.binding_model_id.model, 'hcc.dossier')
