"""Helpers of the legal forms printed for a dossier (QWeb PDF reports in
report/hcc_report_forms.xml) and the buttons that print them.

The forms are official Vietnamese documents: their wording is Vietnamese
whatever the user's language, so the few labels the forms print from
selection values are kept here in Vietnamese rather than taken from the
translations of the user interface.
"""
import base64
import logging

from odoo import api, models

from ..domain import identity, timeutil
from ..domain.errors import DomainError
from .tools import local

_logger = logging.getLogger(__name__)

# Form number of each printed form, per legal version of the numbering
# (hcc.agency.form_numbering). None: the version has no such form; it is
# printed without a "Mẫu số" label.
FORM_NUMBERS = {
    # Circular 01/2018/TT-VPCP, appendix: forms 01-06.
    '01_2018': {
        'receipt': '01',      # Giấy tiếp nhận hồ sơ và hẹn trả kết quả
        'supplement': '02',   # Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
        'refusal': '03',      # Phiếu từ chối tiếp nhận giải quyết hồ sơ
        'apology': '04',      # Phiếu xin lỗi và hẹn lại ngày trả kết quả
        'control': '05',      # Phiếu kiểm soát quá trình giải quyết hồ sơ
        'book': '06',         # Sổ theo dõi hồ sơ
        'stop': None,         # no stop-processing notice in 01/2018
    },
    # Circular 03/2025 adds the stop-processing notice and renumbers: the
    # control slip becomes 06. The other numbers below are our reading of
    # the appendix (verify against the published text before relying on it).
    '03_2025': {
        'receipt': '01',
        'supplement': '02',
        'refusal': '03',
        'stop': '04',         # Thông báo dừng xử lý hồ sơ (verify)
        'apology': '05',      # (verify)
        'control': '06',
        'book': '07',         # (verify)
    },
}
DEFAULT_NUMBERING = '01_2018'

# Report action of each form (xml id in this module).
FORM_REPORTS = {
    'receipt': 'hcc_one_stop.action_report_hcc_receipt',
    'supplement': 'hcc_one_stop.action_report_hcc_supplement',
    'refusal': 'hcc_one_stop.action_report_hcc_refusal',
    'apology': 'hcc_one_stop.action_report_hcc_apology',
    'control': 'hcc_one_stop.action_report_hcc_control',
    'stop': 'hcc_one_stop.action_report_hcc_stop',
    'book': 'hcc_one_stop.action_report_hcc_book',
}

# What the forms print for log actions and dossier states (Vietnamese).
ACTION_LABELS_VI = {
    'receive': 'Tiếp nhận hồ sơ',
    'refuse': 'Từ chối tiếp nhận',
    'start_processing': 'Chuyển xử lý',
    'next_step': 'Chuyển bước xử lý',
    'send_back': 'Trả lại bước trước',
    'request_supplement': 'Yêu cầu bổ sung hồ sơ',
    'supplement_received': 'Nhận hồ sơ bổ sung',
    'send_external': 'Chuyển cơ quan phối hợp',
    'external_answered': 'Cơ quan phối hợp trả lời',
    'request_financial': 'Yêu cầu thực hiện nghĩa vụ tài chính',
    'financial_paid': 'Đã thực hiện nghĩa vụ tài chính',
    'finish': 'Hoàn thành xử lý',
    'return_result': 'Trả kết quả',
    'withdraw': 'Rút hồ sơ',
    'stop': 'Dừng xử lý',
    'apology': 'Xin lỗi và hẹn lại',
}
STATE_LABELS_VI = {
    'draft': 'Mới đăng ký',
    'refused': 'Không tiếp nhận',
    'received': 'Đã tiếp nhận',
    'processing': 'Đang xử lý',
    'supplement': 'Chờ bổ sung',
    'external': 'Đang ở cơ quan phối hợp',
    'financial': 'Chờ nghĩa vụ tài chính',
    'withdrawn': 'Đã rút',
    'stopped': 'Dừng xử lý',
    'done': 'Có kết quả',
    'returned': 'Đã trả kết quả',
}
COMPLETION_LABELS_VI = {'early': 'Trước hạn', 'on_time': 'Đúng hạn', 'late': 'Quá hạn'}
RETURN_LABELS_VI = {'counter': 'Tại Bộ phận tiếp nhận và trả kết quả',
                    'post': 'Qua dịch vụ bưu chính công ích', 'online': 'Trực tuyến'}
UNIT_LABELS_VI = {'day': 'ngày làm việc', 'hour': 'giờ làm việc'}


class HccDossierReport(models.Model):
    _inherit = 'hcc.dossier'

    # ----------------------------------------------------------- form numbers
    def _form_numbering(self):
        """Legal version of the form numbering used for this dossier."""
        self.ensure_one()
        numbering = self.agency_id.form_numbering or DEFAULT_NUMBERING
        return numbering if numbering in FORM_NUMBERS else DEFAULT_NUMBERING

    def _form_number(self, form_key):
        """'01', '06', ... for the form `form_key` of this dossier's agency,
        or '' when the legal version has no number for it."""
        self.ensure_one()
        return FORM_NUMBERS[self._form_numbering()].get(form_key) or ''

    def _form_label(self, form_key):
        """The "Mẫu số 0X" label printed in the corner of the form."""
        number = self._form_number(form_key)
        return ('Mẫu số %s' % number) if number else ''

    # ------------------------------------------------------------- formatting
    @api.model
    def _form_dt(self, value):
        """Odoo UTC datetime (string or datetime) -> 'dd/mm/yyyy HH:MM' in
        Vietnam time; '' when unset."""
        if not value:
            return ''
        if isinstance(value, str):
            value = local(value)
        else:
            value = timeutil.to_local(value)
        return value.strftime('%d/%m/%Y %H:%M')

    @api.model
    def _form_date(self, value):
        """Odoo UTC datetime -> 'dd/mm/yyyy' in Vietnam time; '' when unset."""
        return self._form_dt(value)[:10]

    @api.model
    def _form_place_date(self, value=False):
        """'ngày 02 tháng 03 năm 2026' of the UTC datetime `value` (the day
        the form is issued) in Vietnam time; today when `value` is unset."""
        day = local(value or self._now())
        return 'ngày %02d tháng %02d năm %d' % (day.day, day.month, day.year)

    def _form_phone(self):
        """The applicant's phone as people write it (0912345678)."""
        self.ensure_one()
        if not self.applicant_phone:
            return ''
        try:
            return identity.format_phone_local(self.applicant_phone)
        except DomainError:
            return self.applicant_phone

    @api.model
    def _form_amount(self, amount):
        """50000.0 -> '50.000' (Vietnamese thousands separator)."""
        return '{:,.0f}'.format(amount or 0).replace(',', '.')

    def _form_action_label(self, log):
        return ACTION_LABELS_VI.get(log.action, log.action or '')

    def _form_state_label(self):
        self.ensure_one()
        return STATE_LABELS_VI.get(self.state, self.state or '')

    def _form_completion_label(self):
        self.ensure_one()
        return COMPLETION_LABELS_VI.get(self.completion, '')

    def _form_return_label(self):
        self.ensure_one()
        return RETURN_LABELS_VI.get(self.return_method or 'counter')

    def _form_legal_time(self):
        self.ensure_one()
        proc = self.procedure_id
        amount = ('%g' % proc.legal_amount) if proc.legal_amount else ''
        return ('%s %s' % (amount, UNIT_LABELS_VI.get(proc.legal_unit, ''))).strip()

    def _form_log_result(self, log):
        """On time or late, for one line of the control slip."""
        if not log.step_due_at:
            return ''
        return 'Đúng hạn' if log.on_time else 'Quá hạn'

    def _form_log_from(self, log):
        parts = [log.department_id.name, log.step_name]
        return ' - '.join(p for p in parts if p)

    def _form_log_to(self, log):
        parts = [log.to_department_id.name, log.to_step_name]
        return ' - '.join(p for p in parts if p)

    def _form_last_note(self, action):
        """Note of the latest log line of `action` (e.g. what to supplement)."""
        self.ensure_one()
        lines = self.log_ids.filtered(lambda l: l.action == action)
        return (lines.sorted(lambda l: (l.date, l.id))[-1:].note or '') if lines else ''

    def _form_first_log_date(self, actions):
        """Date of the first log line of one of `actions` ('' if none)."""
        self.ensure_one()
        lines = self.log_ids.filtered(lambda l: l.action in actions)
        return self._form_dt(min(lines.mapped('date'))) if lines else ''

    def _form_book_groups(self):
        """The tracking book lists the selected dossiers agency by agency
        (each agency keeps its own book, with its own form numbering):
        [(agency, dossiers sorted by receipt)]."""
        groups = []
        for agency in self.mapped('agency_id'):
            dossiers = self.filtered(lambda d: d.agency_id == agency)
            groups.append((agency, dossiers.sorted(lambda d: (d.received_at or '', d.id))))
        return groups

    # ----------------------------------------------------------------- QR code
    def _qr_data_uri(self, size=120):
        """The QR code of the dossier's public lookup address as a data: URI
        PNG, embedded in the form so wkhtmltopdf needs no HTTP fetch; '' when
        the dossier has no code yet (nothing to look up) or QR fails."""
        self.ensure_one()
        if not self.name or not self.lookup_url:
            return ''
        try:
            png = self.env['ir.actions.report'].barcode('QR', self.lookup_url,
                                                        width=size, height=size)
        except ValueError:
            _logger.warning('no QR code for dossier %s', self.name)
            return ''
        return 'data:image/png;base64,%s' % base64.b64encode(png).decode('ascii')

    # ----------------------------------------------------------------- printing
    def _print_form(self, form_key):
        # config=False: never divert to the company layout wizard (admin)
        return self.env.ref(FORM_REPORTS[form_key]).report_action(self, config=False)

    def action_print_receipt(self):
        return self._print_form('receipt')

    def action_print_supplement(self):
        return self._print_form('supplement')

    def action_print_refusal(self):
        return self._print_form('refusal')

    def action_print_apology(self):
        return self._print_form('apology')

    def action_print_control(self):
        return self._print_form('control')

    def action_print_stop(self):
        return self._print_form('stop')

    def action_print_book(self):
        return self._print_form('book')
