from odoo import _, models
from odoo.exceptions import UserError

from ..domain import score

TITLE = 'BÁO CÁO KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG'
LEVEL_HEADERS = ('Rất hài lòng', 'Hài lòng', 'Không hài lòng')


class HccRatingXlsx(models.AbstractModel):
    """Satisfaction per agency (with the Decision 766 component), per
    official and per criterion, over a period: three sheets."""
    _name = 'report.hcc_rating.rating_xlsx'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'Satisfaction report (XLSX)'

    def _levels_row(self, summary):
        row = [summary['total']]
        for level in score.LEVELS:
            row += [summary['counts'][level], summary['percent'][level]]
        return row

    def generate_xlsx_report(self, workbook, data, objs):
        data = data or {}
        date_from, date_to = data.get('date_from'), data.get('date_to')
        if not date_from or not date_to:
            raise UserError(_('Choose the start and the end of the period.'))
        agency_id = data.get('agency_id') or False
        Stats = self.env['hcc.rating.statistics']
        base = {'font_name': 'Times New Roman', 'font_size': 12, 'valign': 'vcenter'}
        fmt = {
            'title': workbook.add_format(dict(base, bold=True, font_size=14, align='center')),
            'sub': workbook.add_format(dict(base, italic=True, align='center')),
            'head': workbook.add_format(dict(base, bold=True, border=1, align='center',
                                             text_wrap=True, bg_color='#DDEBF7')),
            'cell': workbook.add_format(dict(base, border=1)),
            'num': workbook.add_format(dict(base, border=1, num_format='#,##0')),
            'pct': workbook.add_format(dict(base, border=1, num_format='0.00')),
        }
        period = 'Từ ngày %s đến ngày %s' % (
            '/'.join(reversed(date_from.split('-'))), '/'.join(reversed(date_to.split('-'))))

        def sheet(name, headers, rows, widths):
            ws = workbook.add_worksheet(name)
            last = len(headers) - 1
            ws.merge_range(0, 0, 0, last, TITLE, fmt['title'])
            ws.merge_range(1, 0, 1, last, period, fmt['sub'])
            for col, (text, width) in enumerate(zip(headers, widths)):
                ws.write(3, col, text, fmt['head'])
                ws.set_column(col, col, width)
            for r, row in enumerate(rows, start=4):
                for c, value in enumerate(row):
                    style = fmt['cell'] if isinstance(value, str) else (
                        fmt['pct'] if isinstance(value, float) else fmt['num'])
                    ws.write(r, c, value if value is not None else '', style)
            return ws

        level_heads = []
        for label in LEVEL_HEADERS:
            level_heads += ['%s (số lượt)' % label, '%s (%%)' % label]

        # per agency, with the satisfaction component of Decision 766
        by_agency = Stats.get_summary(date_from, date_to, 'agency', agency_id)
        agencies = self.env['hcc.agency'].browse([k for k in by_agency if k]).sorted('name')
        rows = []
        for n, agency in enumerate(agencies, start=1):
            summary = by_agency[agency.id]
            index = Stats.get_service_index(date_from, date_to, agency.id)
            rows.append([n, agency.name] + self._levels_row(summary) + [
                summary['satisfied_percent'], index['total'], index['late'],
                index['unsatisfied'], index['percentage'], index['points']])
        if by_agency:
            total = score.satisfaction_summary(
                [level for s in by_agency.values() for level in score.LEVELS
                 for _i in range(s['counts'][level])])
            rows.append(['', 'Tổng cộng'] + self._levels_row(total) + [
                total['satisfied_percent'], None, None, None, None, None])
        sheet('Theo cơ quan', ['STT', 'Cơ quan', 'Tổng số lượt đánh giá'] + level_heads + [
            'Hài lòng trở lên (%)', 'Hồ sơ đã giải quyết', 'Quá hạn',
            'Có đánh giá không hài lòng', 'Chỉ số hài lòng QĐ 766 (%)', 'Điểm (/10)'],
            rows, [6, 40, 12] + [12] * 6 + [12, 12, 10, 14, 14, 10])

        # per official
        by_user = Stats.get_summary(date_from, date_to, 'official', agency_id)
        users = self.env['res.users'].sudo().browse([k for k in by_user if k]).sorted('name')
        rows = [[n, user.name] + self._levels_row(by_user[user.id])
                + [by_user[user.id]['satisfied_percent']]
                for n, user in enumerate(users, start=1)]
        sheet('Theo cán bộ', ['STT', 'Cán bộ', 'Tổng số lượt đánh giá'] + level_heads
              + ['Hài lòng trở lên (%)'], rows, [6, 32, 12] + [12] * 6 + [12])

        # criteria averages
        rows = [[n, name, count, avg] for n, (name, count, avg) in enumerate(
            Stats.get_criteria_averages(date_from, date_to, agency_id), start=1)]
        sheet('Theo tiêu chí', ['STT', 'Tiêu chí', 'Số lượt', 'Điểm trung bình (1-3)'], rows,
              [6, 40, 12, 16])
