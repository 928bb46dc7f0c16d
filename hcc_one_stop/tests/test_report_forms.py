"""The legal forms (QWeb PDF): rendered for real with wkhtmltopdf, read back
with poppler's pdftotext / pdfimages / pdfinfo, and checked for content."""
import base64
import re
import shutil
import subprocess
import tempfile
import unittest
from unittest.mock import patch

from odoo.tools import config

from .common import HccCase, utc

TOOLS = ('wkhtmltopdf', 'pdftotext', 'pdfimages', 'pdfinfo')


@unittest.skipUnless(all(shutil.which(t) for t in TOOLS),
                     'wkhtmltopdf and poppler-utils are needed to render and read the forms')
class TestReportForms(HccCase):

    def setUp(self):
        super(TestReportForms, self).setUp()
        # No server serves the report assets to wkhtmltopdf during the tests:
        # point it at a closed port so it gives up on them at once. The forms
        # carry their own style and their QR code inline, so they need none.
        self.env['ir.config_parameter'].set_param('report.url', 'http://127.0.0.1:9')
        # ... and do not build the asset bundles either: a test rolls them
        # back, so every render would compile them again (~10 s each).
        patcher = patch.object(type(self.env['ir.qweb']), '_get_asset_nodes',
                               lambda *args, **kwargs: [])
        patcher.start()
        self.addCleanup(patcher.stop)
        self.env['ir.config_parameter'].set_param('web.base.url', 'https://dichvucong.example.vn')
        self.agency.write({'address': 'Yên Bái', 'phone': '0216 3 999 999'})

    # ------------------------------------------------------------ helpers
    def pdf(self, xmlid, records):
        """The real PDF: outside tests Odoo renders through wkhtmltopdf, in
        tests it would return the HTML unless a report directory is set."""
        report = self.env.ref('hcc_one_stop.action_' + xmlid)
        with patch.dict(config.options, {'test_report_directory': tempfile.gettempdir()}):
            content, fmt = report.render_qweb_pdf(records.ids)
        self.assertEqual(fmt, 'pdf')
        self.assertTrue(content.startswith(b'%PDF'), 'not a PDF')
        return content

    def _poppler(self, tool, pdf, *args):
        with tempfile.NamedTemporaryFile(suffix='.pdf') as f:
            f.write(pdf)
            f.flush()
            out = subprocess.run([tool] + list(args) + [f.name] + (['-'] if tool == 'pdftotext' else []),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
        return out.stdout.decode('utf-8')

    def text(self, pdf):
        """The PDF's text, whitespace collapsed (layout keeps lines together)."""
        return ' '.join(self._poppler('pdftotext', pdf, '-layout', '-enc', 'UTF-8').split())

    def images(self, pdf):
        lines = self._poppler('pdfimages', pdf, '-list').splitlines()
        return [l for l in lines[2:] if l.strip()]  # two header lines

    def page_size(self, pdf):
        info = self._poppler('pdfinfo', pdf)
        w, h = re.search(r'Page size:\s+([\d.]+) x ([\d.]+) pts', info).groups()
        return float(w), float(h)

    def pages(self, pdf):
        return int(re.search(r'Pages:\s+(\d+)', self._poppler('pdfinfo', pdf)).group(1))

    def assertA5Portrait(self, pdf):
        w, h = self.page_size(pdf)  # A5: 420 x 595 pt
        self.assertAlmostEqual(w, 420, delta=3)
        self.assertAlmostEqual(h, 595, delta=3)

    # ------------------------------------------------------------------ 01
    def test_receipt(self):
        """01: code, applicant with diacritics, Vietnam-time dates, checklist,
        fees, motto, form number and the QR code, on A5 portrait."""
        dossier = self.received(2026, 3, 2, 9, 0, applicant_address='Tổ 5, phường Đồng Tâm')
        pdf = self.pdf('report_hcc_receipt', dossier)
        text = self.text(pdf)
        self.assertIn('Mẫu số 01', text)
        self.assertIn('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', text)
        self.assertIn('Độc lập - Tự do - Hạnh phúc', text)
        self.assertIn('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', text)
        self.assertIn('SỞ THỬ NGHIỆM', text)  # agency, upper case in the header
        self.assertIn(dossier.name, text)
        self.assertIn('Nguyễn Văn An', text)
        self.assertIn('015090001234', text)
        self.assertIn('0912345678', text)
        self.assertIn('Tổ 5, phường Đồng Tâm', text)
        self.assertIn('Thủ tục thử', text)
        self.assertIn('Tờ khai', text)
        self.assertIn('Bản sao CCCD', text)
        self.assertIn('3 ngày làm việc', text)
        self.assertIn('Lệ phí: 50.000 đồng', text)
        # received 09:00 Vietnam time (02:00 UTC), appointment 3 working days later
        self.assertIn('Thời gian nhận hồ sơ: 02/03/2026 09:00', text)
        self.assertEqual(dossier.due_at, utc(2026, 3, 5, 9, 0))
        self.assertIn('Thời gian trả kết quả giải quyết hồ sơ: 05/03/2026 09:00', text)
        self.assertIn(dossier.receiver_id.name, text)  # who received it signs
        self.assertEqual(len(self.images(pdf)), 2, 'the QR code and the Code 128 barcode')
        self.assertA5Portrait(pdf)

    def test_qr_data_uri(self):
        dossier = self.received(2026, 3, 2, 9, 0)
        self.assertIn('/tra-cuu-ho-so?t=%s' % dossier._lookup_token(), dossier.lookup_url)
        uri = dossier._qr_data_uri()
        self.assertTrue(uri.startswith('data:image/png;base64,'))
        self.assertTrue(base64.b64decode(uri.split(',', 1)[1]).startswith(b'\x89PNG'))
        # nothing to look up before a code is issued
        self.assertEqual(self.new_dossier()._qr_data_uri(), '')

    # ------------------------------------------------------------------ 02
    def test_supplement_request(self):
        dossier = self.received(2026, 3, 2, 9, 0)
        self.at(2026, 3, 3, 10, 15).browse(dossier.id).action_request_supplement(
            'Bổ sung bản sao giấy khai sinh')
        self.assertEqual(dossier.state, 'supplement')
        text = self.text(self.pdf('report_hcc_supplement', dossier))
        self.assertIn('Mẫu số 02', text)
        self.assertIn('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', text)
        self.assertIn(dossier.name, text)
        self.assertIn('Bổ sung bản sao giấy khai sinh', text)
        self.assertIn('03/03/2026 10:15', text)  # the clock pauses from the request
        self.assertIn('0216 3 999 999', text)

    # ------------------------------------------------------------------ 03
    def test_refusal(self):
        """03: the reason; a refused dossier has no code, so no QR code."""
        dossier = self.new_dossier()
        dossier.action_refuse('Hồ sơ không thuộc thẩm quyền giải quyết')
        pdf = self.pdf('report_hcc_refusal', dossier)
        text = self.text(pdf)
        self.assertIn('Mẫu số 03', text)
        self.assertIn('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', text)
        self.assertIn('Hồ sơ không thuộc thẩm quyền giải quyết', text)
        self.assertIn('Nguyễn Văn An', text)
        self.assertEqual(self.images(pdf), [])

    # ------------------------------------------------------------------ 04
    def test_apology(self):
        dossier = self.received(2026, 3, 2, 9, 0)
        self.at(2026, 3, 2, 14, 0).browse(dossier.id).action_apologise(
            'Cần xác minh thêm với Công an tỉnh', utc(2026, 3, 10, 16, 30))
        text = self.text(self.pdf('report_hcc_apology', dossier))
        self.assertIn('Mẫu số 04', text)
        # received in 2026: Circular 03/2025, form 04 asks to extend the time
        self.assertIn('PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ', text)
        self.assertIn('Cần xác minh thêm với Công an tỉnh', text)
        self.assertIn('Thời hẹn trả kết quả giải quyết hồ sơ: 05/03/2026 09:00', text)
        self.assertIn('Thời gian hẹn mới: 10/03/2026 16:30', text)

    # ------------------------------------------------------------------ 05
    def test_control_slip(self):
        """05: one line per hand-over with from, to, when and on time / late."""
        dossier = self.received(2026, 3, 2, 9, 0)
        self.at(2026, 3, 2, 10, 0).browse(dossier.id).action_next_step()   # within the 0.5 day
        self.at(2026, 3, 6, 8, 0).browse(dossier.id).action_next_step()    # 1.5 days: late
        self.assertEqual(len(dossier.log_ids), 3)
        pdf = self.pdf('report_hcc_control', dossier)
        text = self.text(pdf)
        self.assertIn('Mẫu số 06', text)  # Circular 03/2025
        self.assertIn('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', text)
        self.assertIn(dossier.name, text)
        self.assertIn('Đã tiếp nhận', text)
        self.assertIn('Chuyển xử lý', text)
        self.assertIn('Chuyển bước xử lý', text)
        # date and time of a hand-over share a narrow cell: two lines
        self.assertIn('02/03/2026', text)
        self.assertIn('10:00', text)
        self.assertIn('06/03/2026', text)
        self.assertIn('08:00', text)
        # from / to: department and step (cells wrap, so words one by one)
        for words in ('Reception', 'Processing', 'Thẩm', 'định', 'Ký', 'duyệt'):
            self.assertIn(words, text)
        self.assertIn('Đúng hạn', text)
        self.assertIn('Quá hạn', text)
        self.assertEqual(len(self.images(pdf)), 2, 'the QR code and the Code 128 barcode')

    # ---------------------------------------------------------- stop notice
    def test_stop_notice(self):
        dossier = self.received(2026, 3, 2, 9, 0)
        self.at(2026, 3, 3, 9, 0).browse(dossier.id).action_stop(
            'Người nộp không bổ sung hồ sơ trong thời hạn')
        pdf = self.pdf('report_hcc_stop', dossier)
        text = self.text(pdf)
        self.assertIn('THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ', text)
        self.assertIn('Người nộp không bổ sung hồ sơ trong thời hạn', text)
        self.assertIn('03/03/2026 09:00', text)
        self.assertIn('Mẫu số 05', text)  # Circular 03/2025 added the stop notice
        self.assertA5Portrait(pdf)

    # --------------------------------------------- numbering by legal version
    def test_form_numbering(self):
        """The numbers follow the legal version of the receipt day."""
        keys = ('receipt', 'supplement', 'refusal', 'apology', 'control', 'book', 'stop')
        old = self.received(2025, 6, 30, 9, 0)   # Decree 61/2018, Circular 01/2018
        self.assertEqual(old.legal_version_id.code, '61_2018')
        self.assertEqual({key: old._form_number(key) for key in keys},
                         {'receipt': '01', 'supplement': '02', 'refusal': '03',
                          'apology': '04', 'control': '05', 'book': '06', 'stop': ''})
        new = self.received(2026, 3, 2, 9, 0)    # Circular 03/2025
        self.assertEqual({key: new._form_number(key) for key in keys},
                         {'receipt': '01', 'supplement': '02', 'refusal': '03',
                          'apology': '04', 'stop': '05', 'control': '06', 'book': '07'})

    def test_numbering_printed_by_legal_version(self):
        """The label printed on the form follows the dossier's legal version."""
        old = self.received(2025, 6, 30, 9, 0)
        new = self.received(2026, 3, 2, 9, 0)
        self.assertIn('Mẫu số 05', self.text(self.pdf('report_hcc_control', old)))
        text = self.text(self.pdf('report_hcc_control', new))
        self.assertIn('Mẫu số 06', text)
        self.assertNotIn('Mẫu số 05', text)
        self.at(2025, 7, 1, 9, 0).browse(old.id).action_stop('Dừng theo đề nghị')
        self.assertNotIn('Mẫu số', self.text(self.pdf('report_hcc_stop', old)),
                         'Circular 01/2018 has no stop notice form')

    # --------------------------------------------------------- tracking book
    def test_tracking_book(self):
        """06: A4 landscape, a row per dossier, one book per agency."""
        first = self.received(2026, 3, 2, 9, 0)
        second = self.received(2026, 3, 3, 14, 20, applicant_name='Trần Thị Bích Ngọc',
                               applicant_id_number='001190000123')
        other_agency = self.env['hcc.agency'].create({'name': 'UBND xã Thử', 'code': '000.00.97.T01'})
        other = self.procedure.copy({'agency_id': other_agency.id, 'name': 'Thủ tục khác'})
        third = self.received(2026, 3, 4, 8, 0, procedure_id=other.id, applicant_name='Lê Văn Cường')
        self.at(2026, 3, 2, 10, 0).browse(first.id).action_next_step()
        pdf = self.pdf('report_hcc_book', first | second | third)
        text = self.text(pdf)
        self.assertIn('SỔ THEO DÕI HỒ SƠ', text)
        self.assertIn('Mẫu số 07', text)
        for dossier in (first, second, third):
            self.assertIn(dossier.name, text)
        self.assertIn('Trần Thị Bích Ngọc', text)
        self.assertIn('Lê Văn Cường', text)
        self.assertIn('03/03/2026', text)
        self.assertIn('14:20', text)
        self.assertIn('0912345678', text)
        self.assertIn('UBND XÃ THỬ', text)
        self.assertEqual(self.pages(pdf), 2, 'one book per agency')
        w, h = self.page_size(pdf)  # A4 landscape: 842 x 595 pt
        self.assertAlmostEqual(w, 842, delta=3)
        self.assertAlmostEqual(h, 595, delta=3)

    # -------------------------------------------------------------- bad input
    def test_missing_and_long_values(self):
        """No phone, a procedure without fees, a very long Vietnamese name and
        address: the form still renders, with blanks to fill by hand."""
        free = self.procedure.copy({'name': 'Thủ tục miễn phí', 'fee_ids': [(5, 0, 0)]})
        self.assertFalse(free.fee_ids)
        long_name = ('Công ty Trách nhiệm hữu hạn Một thành viên Thương mại Dịch vụ '
                     'Xây dựng và Phát triển Nông nghiệp Công nghệ cao Tây Bắc Việt Nam ') * 3
        long_name = long_name.strip()[:255]
        dossier = self.received(2026, 3, 2, 9, 0, procedure_id=free.id, applicant_phone=False,
                                applicant_name=long_name,
                                applicant_address='Thôn Khe Bút, xã Đào Thịnh, huyện Trấn Yên, '
                                                  'tỉnh Yên Bái ' * 4)
        self.assertFalse(dossier.applicant_phone)
        for report in ('report_hcc_control', 'report_hcc_book'):
            text = self.text(self.pdf(report, dossier))
            self.assertIn(dossier.name, text)
            self.assertIn('Công ty', text)  # wrapped in a table cell
        text = self.text(self.pdf('report_hcc_receipt', dossier))
        self.assertIn(dossier.name, text)
        self.assertIn('Công ty Trách nhiệm hữu hạn Một thành viên', text)
        self.assertIn('Tây Bắc Việt Nam', text)
        self.assertIn('Phí, lệ phí: không thu.', text)
        self.assertIn('Số điện thoại: ....', text)

    # --------------------------------------------------------------- buttons
    def test_print_actions(self):
        dossier = self.received(2026, 3, 2, 9, 0)
        for method, report in [('action_print_receipt', 'report_hcc_receipt'),
                               ('action_print_supplement', 'report_hcc_supplement'),
                               ('action_print_refusal', 'report_hcc_refusal'),
                               ('action_print_apology', 'report_hcc_apology'),
                               ('action_print_control', 'report_hcc_control'),
                               ('action_print_stop', 'report_hcc_stop'),
                               ('action_print_book', 'report_hcc_book')]:
            # as the superuser too: straight to the report, no layout wizard
            action = getattr(dossier.sudo(), method)()
            self.assertEqual(action['type'], 'ir.actions.report', method)
            self.assertEqual(action['report_name'], 'hcc_one_stop.' + report)
            self.assertEqual(action['context']['active_ids'], [dossier.id])
        # a receiving officer may print the receipt of the dossier
        action = dossier.sudo(self.receiver).action_print_receipt()
        self.assertEqual(action['report_type'], 'qweb-pdf')
        book = self.env.ref('hcc_one_stop.action_report_hcc_book')
        self.assertEqual(book.binding_model_id.model, 'hcc.dossier', 'in the Print menu')
        self.assertFalse(self.env.ref('hcc_one_stop.action_report_hcc_refusal').binding_model_id)
        self.assertEqual(book.paperformat_id.orientation, 'Landscape')
        self.assertEqual(self.env.ref('hcc_one_stop.action_report_hcc_receipt').paperformat_id.format, 'A5')
