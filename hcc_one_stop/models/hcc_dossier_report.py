"""Helpers of the legal forms printed for a dossier (QWeb PDF reports in
report/hcc_report_forms.xml) and the buttons that print them.

The forms are official Vietnamese documents: their wording is Vietnamese
whatever the user's language, so the few labels the forms print from
selection values are kept here in Vietnamese rather than taken from the
translations of the user interface.
"""
import base64
import hashlib
import hmac
import logging
import re

from odoo import api, models

from ..domain import identity, states, timeutil
from ..domain.errors import DomainError
from .tools import local

_logger = logging.getLogger(__name__)

# Form numbers and titles come from the dossier's legal version
# (hcc.legal.version, data/hcc_legal_version_data.xml): the version in force
# on its receipt day.

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

# The forms a citizen may print for his own dossier from "My dossiers" (the
# slips handed to the applicant), each with when it applies; the control
# slip and the tracking book stay internal.
CITIZEN_FORMS = ('receipt', 'supplement', 'refusal', 'apology', 'stop')

# Signed public lookup token: "<dossier id>.<signature>", 96 bits of HMAC
# with the database secret (short enough for an SMS).
TOKEN_RE = re.compile(r'^([1-9][0-9]{0,9})\.([A-Za-z0-9_-]{16})$')
LOOKUP_PATH = '/tra-cuu-ho-so'
# The second factor of a code typed by hand: the last digits of the
# applicant's phone, citizen ID number or tax code.
FACTOR_DIGITS = 4

# What the forms print for log actions and dossier states: the domain's
# one Vietnamese wording.
ACTION_LABELS_VI = states.ACTION_LABELS_VI
STATE_LABELS_VI = states.STATE_LABELS_VI
COMPLETION_LABELS_VI = {'early': 'Trước hạn', 'on_time': 'Đúng hạn', 'late': 'Quá hạn'}
RETURN_LABELS_VI = {'counter': 'Tại Bộ phận tiếp nhận và trả kết quả',
                    'post': 'Qua dịch vụ bưu chính công ích', 'online': 'Trực tuyến'}
UNIT_LABELS_VI = {'day': 'ngày làm việc', 'hour': 'giờ làm việc'}


class HccDossierReport(models.Model):
    _inherit = 'hcc.dossier'

    # ----------------------------------------------------------- form numbers
    def _form_number(self, form_key):
        """'01', '06', ... for the form `form_key` under the dossier's legal
        version, or '' when that version has no such form."""
        self.ensure_one()
        version = self._hcc_legal_version()
        return version.form_map().get(form_key, ('', ''))[0] if version else ''

    def _form_title(self, form_key, default=''):
        """The official title of the form under the dossier's legal version
        (e.g. form 04 of Circular 03/2025 asks to extend the time)."""
        self.ensure_one()
        version = self._hcc_legal_version()
        return (version.form_map().get(form_key, ('', ''))[1] if version else '') or default

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

    def _form_result_date(self):
        """'dd/mm/yyyy HH:MM' the result was ready, for dossiers that have one."""
        self.ensure_one()
        return self._form_dt(self.finished_at) if self.state in states.RESULT_STATES else ''

    def _form_state_label(self):
        self.ensure_one()
        return STATE_LABELS_VI.get(self.state, self.state or '')

    def _form_completion_label(self):
        self.ensure_one()
        return COMPLETION_LABELS_VI.get(self.completion, '')

    def _form_return_label(self):
        self.ensure_one()
        return RETURN_LABELS_VI.get(self.return_method or 'counter')

    def _form_due(self):
        """The appointment as printed: a procedure without a legal time
        limit has none."""
        self.ensure_one()
        if self.no_time_limit and not self.due_at:
            return 'Không quy định thời hạn giải quyết'
        return self._form_dt(self.due_at)

    def _form_legal_time(self):
        self.ensure_one()
        proc = self.procedure_id
        if proc.no_time_limit:
            return 'Không quy định'
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

    # ------------------------------------------------------------ public lookup
    def _lookup_signature(self):
        self.ensure_one()
        secret = self.env['ir.config_parameter'].sudo().get_param('database.secret') or ''
        message = 'hcc.dossier.lookup:%d:%s' % (self.id, self.name or '')
        digest = hmac.new(secret.encode('utf-8'), message.encode('utf-8'), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:12]).decode('ascii')

    def _lookup_token(self):
        """The signed token of the dossier's public lookup (QR, SMS): it opens
        this dossier's progress and cannot be guessed from the code; ''
        while the dossier has no code."""
        self.ensure_one()
        if not self.name:
            return ''
        return '%d.%s' % (self.id, self._lookup_signature())

    def _public_lookup_url(self):
        """Absolute public lookup address with the signed token (what the QR
        code on the slips and the SMS carry); '' while there is no code."""
        self.ensure_one()
        token = self._lookup_token()
        if not token:
            return ''
        base = self.env['ir.config_parameter'].sudo().get_param('web.base.url', '')
        return '%s%s?t=%s' % (base, LOOKUP_PATH, token)

    @api.model
    def _from_lookup_token(self, token):
        """The dossier a token opens, or an empty recordset for anything
        else (malformed, forged, unknown, no code). Call it as superuser:
        the token is the permission."""
        match = TOKEN_RE.match(token or '') if isinstance(token, str) else None
        if not match:
            return self.browse()
        dossier = self.browse(int(match.group(1))).exists()
        if not dossier or not dossier.name:
            return self.browse()
        if not hmac.compare_digest(dossier._lookup_signature(), match.group(2)):
            return self.browse()
        return dossier

    def _lookup_factors(self):
        """The accepted second factors: last digits of phone, ID, tax code."""
        self.ensure_one()
        factors = set()
        for value in (self.applicant_phone, self.applicant_id_number, self.applicant_tax_code):
            digits = re.sub(r'\D', '', value or '')
            if len(digits) >= FACTOR_DIGITS:
                factors.add(digits[-FACTOR_DIGITS:])
        return factors

    @api.model
    def _from_code_and_factor(self, code, factor):
        """The dossier with the code typed by hand whose applicant's phone,
        ID number or tax code ends with `factor`, or an empty recordset
        (one answer for an unknown code and a wrong factor: no oracle).
        Call it as superuser, after the format checks and the rate limit."""
        dossier = self.search([('name', '=', code)], limit=1)
        ok = False
        for candidate in dossier._lookup_factors() if dossier else ():
            ok |= hmac.compare_digest(candidate, factor)
        return dossier if ok else self.browse()

    def _citizen_forms(self):
        """The forms the applicant may print for this dossier now, as
        [(report name, title in the user's language)] ("My dossiers")."""
        self.ensure_one()
        due = {
            'receipt': bool(self.received_at),
            'supplement': self.state == states.SUPPLEMENT,
            'refusal': self.state == states.REFUSED,
            'apology': bool(self.apology_date),
            'stop': self.state == states.STOPPED,
        }
        forms = []
        for key in CITIZEN_FORMS:
            if due[key]:
                report = self.env.ref(FORM_REPORTS[key]).sudo()
                forms.append((report.report_name, report.name))
        return forms

    # ----------------------------------------------------------------- QR code
    def _qr_data_uri(self, size=120):
        """The QR code of the dossier's public lookup address (signed token)
        as a data: URI PNG, embedded in the form so wkhtmltopdf needs no
        HTTP fetch; '' when the dossier has no code yet (nothing to look up)
        or QR fails."""
        self.ensure_one()
        url = self._public_lookup_url()
        if not url:
            return ''
        try:
            png = self.env['ir.actions.report'].barcode('QR', url, width=size, height=size)
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
