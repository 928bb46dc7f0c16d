from odoo import _, fields, models
from odoo.exceptions import UserError

from ..domain import statistics

TITLE = 'BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH'
GROUP_FIELDS = {'agency': ('agency_id', 'hcc.agency'), 'sector': ('sector_id', 'hcc.sector')}
# (header row 1 label, first column, last column); one-column groups span both rows
GROUP_HEADERS = [
    ('STT', 0, 0), (None, 1, 1),
    ('Số hồ sơ nhận giải quyết', 2, 4),
    ('Số hồ sơ đã giải quyết', 5, 8),
    ('Số hồ sơ đang giải quyết', 9, 11),
    ('Tỷ lệ đúng hạn (%)', 12, 12),
]
SUB_HEADERS = {2: 'Tổng số', 3: 'Trong kỳ (mới)', 4: 'Từ kỳ trước chuyển qua',
               5: 'Tổng số', 6: 'Trước hạn', 7: 'Đúng hạn', 8: 'Quá hạn',
               9: 'Tổng số', 10: 'Trong hạn', 11: 'Quá hạn'}
# count columns, 2..11
VALUE_KEYS = ('received', 'new', 'carried_over', 'finished', 'finished_early',
              'finished_on_time', 'finished_late', 'in_progress', 'in_progress_on_time',
              'in_progress_late')
FIRST_DATA_ROW = 5
LAST_COL = 12


def col_name(col):
    return chr(ord('A') + col)


class HccStatisticsXlsx(models.AbstractModel):
    """The province's report on the handling of administrative procedures,
    one row per agency (or sector) and a total row."""
    _name = 'report.hcc_one_stop.statistics_xlsx'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'Statistics report (XLSX)'

    def _rows(self, data):
        group_by = data.get('group_by') or 'agency'
        if group_by not in GROUP_FIELDS:
            raise UserError(_('Group the report by agency or by sector.'))
        field, model = GROUP_FIELDS[group_by]
        Stats = self.env['hcc.dossier.statistics']
        raw = Stats.get_summary_rows(data.get('date_from'), data.get('date_to'),
                                     group_by=field, agency_id=data.get('agency_id'))
        records = self.env[model].with_context(active_test=False).browse(
            [key for key in raw if key]).sorted(
                key=lambda r: (getattr(r, 'sequence', 0), r.name or ''))
        rows = [(rec.name, statistics.summarize(raw[rec.id])) for rec in records]
        if None in raw:
            rows.append((_('(none)'), statistics.summarize(raw[None])))
        return group_by, rows

    def generate_xlsx_report(self, workbook, data, objs):
        data = data or {}
        if not data.get('date_from') or not data.get('date_to'):
            raise UserError(_('Choose the start and the end of the period.'))
        group_by, rows = self._rows(data)
        base = {'font_name': 'Times New Roman', 'font_size': 12, 'valign': 'vcenter'}

        def fmt(**kw):
            return workbook.add_format(dict(base, **kw))
        f_title = fmt(bold=True, font_size=14, align='center', text_wrap=True)
        f_period = fmt(italic=True, align='center')
        f_head = fmt(bold=True, align='center', text_wrap=True, border=1)
        f_text = fmt(border=1, text_wrap=True)
        f_center = fmt(border=1, align='center')
        f_int = fmt(border=1, align='center', num_format='0')
        f_rate = fmt(border=1, align='center', num_format='0.00')
        f_total_text = fmt(border=1, bold=True, align='center')
        f_total_int = fmt(border=1, bold=True, align='center', num_format='0')
        f_total_rate = fmt(border=1, bold=True, align='center', num_format='0.00')

        sheet = workbook.add_worksheet('Báo cáo')
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, 11, 12)
        sheet.set_column(LAST_COL, LAST_COL, 14)
        sheet.set_row(0, 36)
        sheet.merge_range(0, 0, 0, LAST_COL, TITLE, f_title)
        date_from = fields.Date.from_string(data['date_from'])
        date_to = fields.Date.from_string(data['date_to'])
        sheet.merge_range(1, 0, 1, LAST_COL, 'Kỳ báo cáo: từ %s đến %s' % (
            date_from.strftime('%d/%m/%Y'), date_to.strftime('%d/%m/%Y')), f_period)

        head1, head2 = 3, 4
        sheet.set_row(head1, 32)
        sheet.set_row(head2, 48)
        for label, first, last in GROUP_HEADERS:
            label = label or 'Lĩnh vực / Cơ quan'
            if first == last:
                sheet.merge_range(head1, first, head2, last, label, f_head)
            else:
                sheet.merge_range(head1, first, head1, last, label, f_head)
        for col, label in SUB_HEADERS.items():
            sheet.write(head2, col, label, f_head)
        sheet.repeat_rows(head1, head2)

        row = FIRST_DATA_ROW
        for index, (name, values) in enumerate(rows, 1):
            sheet.write_number(row, 0, index, f_center)
            sheet.write_string(row, 1, name or '', f_text)
            for offset, key in enumerate(VALUE_KEYS):
                sheet.write_number(row, 2 + offset, values[key], f_int)
            self._write_rate(sheet, row, values['on_time_rate'], f_rate)
            row += 1

        totals = statistics.total([values for _name, values in rows])
        sheet.merge_range(row, 0, row, 1, 'Tổng cộng', f_total_text)
        for offset, key in enumerate(VALUE_KEYS):
            col = 2 + offset
            if rows:
                letter = col_name(col)
                sheet.write_formula(row, col, '=SUM(%s%d:%s%d)' % (
                    letter, FIRST_DATA_ROW + 1, letter, row), f_total_int, totals[key])
            else:
                sheet.write_number(row, col, totals[key], f_total_int)
        if rows and totals['finished']:
            # (early + on time) / finished, from the cells above
            r = row + 1
            sheet.write_formula(row, LAST_COL, '=ROUND((G%d+H%d)/F%d*100,2)' % (r, r, r),
                                f_total_rate, totals['on_time_rate'])
        else:
            self._write_rate(sheet, row, totals['on_time_rate'], f_total_rate)
        return totals

    def _write_rate(self, sheet, row, rate, cell_format):
        if rate is None:
            sheet.write_blank(row, LAST_COL, None, cell_format)
        else:
            sheet.write_number(row, LAST_COL, rate, cell_format)
