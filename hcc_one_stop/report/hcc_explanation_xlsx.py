from odoo import models

TITLE = 'BÁO CÁO GIẢI TRÌNH HỒ SƠ GIẢI QUYẾT QUÁ HẠN'
ADDRESSEE = 'Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh'
# (header, width, key of the row dict)
COLUMNS = [
    ('STT', 6, None),
    ('Mã hồ sơ', 26, 'code'),
    ('Tên thủ tục hành chính', 36, 'procedure'),
    ('Cơ quan giải quyết', 24, 'agency'),
    ('Tên cá nhân, tổ chức', 22, 'applicant'),
    ('Ngày tiếp nhận', 16, 'received_at'),
    ('Hẹn trả kết quả', 16, 'first_due'),
    ('Hẹn lại (phiếu xin lỗi)', 16, 'new_due'),
    ('Ngày có kết quả', 16, 'finished_at'),
    ('Tình trạng', 16, 'status'),
    ('Số ngày chậm (ngày làm việc)', 12, 'delay_days'),
    ('Ngày phát hành phiếu xin lỗi', 16, 'apology_date'),
    ('Lý do chậm', 36, 'apology_reason'),
    ('Khâu, bộ phận chậm', 30, 'late_steps'),
]


class HccExplanationXlsx(models.AbstractModel):
    """The explanation report as a workbook: the same rows as the PDF."""
    _name = 'report.hcc_one_stop.explanation_xlsx'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'Explanation report (XLSX)'

    def generate_xlsx_report(self, workbook, data, wizards):
        report = wizards[:1]._explanation_data()
        base = {'font_name': 'Times New Roman', 'font_size': 12, 'valign': 'vcenter'}

        def fmt(**kw):
            return workbook.add_format(dict(base, **kw))
        f_title = fmt(bold=True, font_size=14, align='center', text_wrap=True)
        f_center = fmt(align='center', italic=True, text_wrap=True)
        f_head = fmt(bold=True, align='center', text_wrap=True, border=1)
        f_text = fmt(border=1, text_wrap=True)
        f_num = fmt(border=1, align='center', num_format='0.0')
        f_total = fmt(border=1, bold=True)
        last = len(COLUMNS) - 1
        sheet = workbook.add_worksheet('Giải trình')
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        for col, (_label, width, _key) in enumerate(COLUMNS):
            sheet.set_column(col, col, width)
        sheet.set_row(0, 36)
        sheet.merge_range(0, 0, 0, last, TITLE, f_title)
        sheet.merge_range(1, 0, 1, last, ADDRESSEE, f_center)
        agency = report['agency']
        if report['predecessors']:
            agency += ' (gồm cả %s trước sáp nhập)' % ', '.join(report['predecessors'])
        sheet.merge_range(2, 0, 2, last, '%s - từ ngày %s đến ngày %s' % (
            agency, report['date_from'], report['date_to']), f_center)
        head = 4
        sheet.set_row(head, 48)
        for col, (label, _width, _key) in enumerate(COLUMNS):
            sheet.write(head, col, label, f_head)
        sheet.repeat_rows(head, head)
        row = head + 1
        for index, values in enumerate(report['rows'], 1):
            for col, (_label, _width, key) in enumerate(COLUMNS):
                if key is None:
                    sheet.write_number(row, col, index, f_num)
                elif key == 'delay_days':
                    sheet.write_number(row, col, values[key], f_num)
                else:
                    sheet.write_string(row, col, values[key] or '', f_text)
            row += 1
        sheet.merge_range(row, 0, row, last, 'Tổng số hồ sơ quá hạn: %d (đã có kết quả: %d, '
                          'đang giải quyết: %d); có phiếu xin lỗi: %d' % (
                              report['count'], report['finished'], report['open'],
                              report['with_apology']), f_total)
        return report
