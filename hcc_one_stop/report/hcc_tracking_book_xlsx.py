from odoo import fields, models

from ..domain import states, timeutil

TITLE = 'SỔ THEO DÕI HỒ SƠ'
# (header, width)
COLUMNS = [('STT', 6), ('Mã hồ sơ', 26), ('Tên TTHC', 36), ('Người nộp', 24), ('Địa chỉ', 30),
           ('Số điện thoại', 15), ('Ngày nhận', 13), ('Ngày hẹn trả', 13),
           ('Ngày có kết quả', 13), ('Ngày trả', 13), ('Tình trạng', 16), ('Ghi chú', 30)]
COMPLETION = {'early': 'Trước hạn', 'on_time': 'Đúng hạn', 'late': 'Quá hạn'}
HEADER_ROW = 3


def local_datetime(value):
    """Odoo UTC datetime string -> naive Vietnam-time datetime, or None."""
    if not value:
        return None
    return timeutil.to_local(fields.Datetime.from_string(value))


class HccTrackingBookXlsx(models.AbstractModel):
    """The dossier tracking book (sổ theo dõi hồ sơ, form 06 of Circular
    01/2018) for the selected dossiers, dates in Vietnam time."""
    _name = 'report.hcc_one_stop.tracking_book_xlsx'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'Dossier tracking book (XLSX)'

    def _status(self, dossier):
        if dossier.completion and dossier.state in states.FINISHED_STATES:
            return COMPLETION[dossier.completion]
        if dossier.state in states.OPEN_STATES:
            return (states.STATE_GROUP_LABELS_VI[states.GROUP_OPEN]
                    + (' - quá hạn' if dossier.deadline_status == 'late' else ''))
        return states.STATE_LABELS_VI.get(dossier.state, '')

    def _note(self, dossier):
        notes = []
        if dossier.apology_date:
            notes.append('Đã xin lỗi, hẹn lại ngày %s' % local_datetime(
                dossier.due_at).strftime('%d/%m/%Y'))
        if dossier.reason:
            notes.append(dossier.reason)
        return '; '.join(notes)

    def generate_xlsx_report(self, workbook, data, dossiers):
        base = {'font_name': 'Times New Roman', 'font_size': 12, 'valign': 'vcenter'}

        def fmt(**kw):
            return workbook.add_format(dict(base, **kw))
        f_title = fmt(bold=True, font_size=14, align='center')
        f_head = fmt(bold=True, align='center', text_wrap=True, border=1)
        f_text = fmt(border=1, text_wrap=True)
        f_center = fmt(border=1, align='center')
        f_date = fmt(border=1, align='center', num_format='dd/mm/yyyy')

        sheet = workbook.add_worksheet('Sổ theo dõi hồ sơ')
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        last = len(COLUMNS) - 1
        sheet.merge_range(0, 0, 0, last, TITLE, f_title)
        for col, (label, width) in enumerate(COLUMNS):
            sheet.set_column(col, col, width)
            sheet.write(HEADER_ROW, col, label, f_head)
        sheet.set_row(HEADER_ROW, 32)
        sheet.repeat_rows(HEADER_ROW)
        sheet.freeze_panes(HEADER_ROW + 1, 0)

        dossiers = dossiers.sorted(key=lambda d: (d.received_at or '', d.id))
        for index, dossier in enumerate(dossiers, 1):
            row = HEADER_ROW + index
            sheet.write_number(row, 0, index, f_center)
            sheet.write_string(row, 1, dossier.name or '', f_text)
            sheet.write_string(row, 2, dossier.procedure_id.name or '', f_text)
            sheet.write_string(row, 3, dossier.applicant_name or '', f_text)
            sheet.write_string(row, 4, dossier.applicant_address or '', f_text)
            sheet.write_string(row, 5, dossier.applicant_phone or '', f_center)
            for col, field in ((6, 'received_at'), (7, 'due_at'), (8, 'finished_at'),
                               (9, 'returned_at')):
                value = local_datetime(dossier[field])
                if value:
                    sheet.write_datetime(row, col, value, f_date)
                else:
                    sheet.write_blank(row, col, None, f_date)
            sheet.write_string(row, 10, self._status(dossier), f_text)
            sheet.write_string(row, 11, self._note(dossier), f_text)
