import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from lxml import etree

from odoo.modules.module import get_module_resource
from odoo.tests.common import TransactionCase

from ..client.soap import SoapPortalClient

SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/'
NS = 'urn:hcc:dvcqg:v1'


class FakePortal(object):
    """A real SOAP server on 127.0.0.1 answering document/literal envelopes.

    `answer(operation, request_element)` returns (error_code, message).
    """

    def __init__(self, answer=None):
        self.calls = []
        self.answer = answer or (lambda operation, request: ('0', 'Thanh cong'))
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get('Content-Length') or 0)
                envelope = etree.fromstring(self.rfile.read(length))
                request = envelope.find('{%s}Body' % SOAP_ENV)[0]
                operation = etree.QName(request).localname
                fake.calls.append((operation, self.headers.get('SOAPAction'), request))
                code, message = fake.answer(operation, request)
                body = (
                    '<?xml version="1.0" encoding="utf-8"?>'
                    '<soap:Envelope xmlns:soap="%s"><soap:Body>'
                    '<tns:%sResponse xmlns:tns="%s">'
                    '<tns:error_code>%s</tns:error_code><tns:message>%s</tns:message>'
                    '</tns:%sResponse></soap:Body></soap:Envelope>'
                    % (SOAP_ENV, operation, NS, code, message, operation)).encode('utf-8')
                self.send_response(200)
                self.send_header('Content-Type', 'text/xml; charset=utf-8')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d/dvcqg/soap' % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def text(request, path):
    return request.findtext(path, namespaces={'t': NS})


PAYLOAD = {
    'MaHoSo': '000.00.12.H64-260213-0001',
    'MaTTHC': '2.000488.000.00.00.H64',
    'TenTTHC': 'Cấp Phiếu lý lịch tư pháp',
    'ChuHoSo': 'Nguyễn Văn An',
    'KenhThucHien': 1,
    'TrangThaiHoSo': 2,
    'NgayTiepNhan': '20260213100000',
}


class TestPortalSoap(TransactionCase):

    def setUp(self):
        super(TestPortalSoap, self).setUp()
        self.wsdl = get_module_resource('hcc_national_portal_connector', 'wsdl', 'dvcqg.wsdl')

    def _portal(self, answer=None):
        portal = FakePortal(answer)
        self.addCleanup(portal.stop)
        return portal

    def _client(self, portal):
        return SoapPortalClient(self.wsdl, portal.url, 'TOKEN-123', '000.00.12.H64', timeout=5)

    def test_push_dossier_ok(self):
        portal = self._portal()
        ok, code, message = self._client(portal).push_dossier(PAYLOAD)
        self.assertEqual((ok, code, message), (True, '0', 'Thanh cong'))
        self.assertEqual(len(portal.calls), 1)
        operation, action, request = portal.calls[0]
        self.assertEqual(operation, 'DongBoHoSoMC')
        self.assertEqual(action.strip('"'), 'urn:hcc:dvcqg:v1/DongBoHoSoMC')
        self.assertEqual(text(request, 't:session'), 'TOKEN-123')
        self.assertEqual(text(request, 't:madonvi'), '000.00.12.H64')
        self.assertEqual(text(request, 't:HoSo/t:MaHoSo'), '000.00.12.H64-260213-0001')
        self.assertEqual(text(request, 't:HoSo/t:ChuHoSo'), 'Nguyễn Văn An')
        self.assertEqual(text(request, 't:HoSo/t:NgayTiepNhan'), '20260213100000')

    def test_push_dossier_error(self):
        portal = self._portal(lambda op, req: ('1', 'Sai ma TTHC'))
        ok, code, message = self._client(portal).push_dossier(PAYLOAD)
        self.assertFalse(ok)
        self.assertEqual(code, '1')
        self.assertEqual(message, 'Sai ma TTHC')
        self.assertEqual(len(portal.calls), 1)

    def test_already_exists_pushed_again_as_update(self):
        def answer(op, request):
            if text(request, 't:HoSo/t:isUpdating') == 'true':
                return '0', 'Cap nhat thanh cong'
            return '2', 'Ho so da ton tai'
        portal = self._portal(answer)
        ok, code, message = self._client(portal).push_dossier(PAYLOAD)
        self.assertEqual((ok, code, message), (True, '0', 'Cap nhat thanh cong'))
        self.assertEqual(len(portal.calls), 2)

    def test_unreachable_portal(self):
        portal = self._portal()
        url = portal.url
        portal.stop()
        client = SoapPortalClient(self.wsdl, url, 'T', 'M', timeout=2)
        ok, code, message = client.push_dossier(PAYLOAD)
        self.assertFalse(ok)
        self.assertIsNone(code)
        self.assertIn('ConnectionError', message)

    def test_cron_pushes_outbox(self):
        portal = self._portal()
        params = self.env['ir.config_parameter'].sudo()
        params.set_param('hcc_national_portal_connector.endpoint', portal.url)
        params.set_param('hcc_national_portal_connector.session', 'TOKEN-123')
        params.set_param('hcc_national_portal_connector.madonvi', '000.00.12.H64')
        Outbox = self.env['hcc.portal.outbox']
        Outbox.search([('state', '=', 'pending')]).write({'state': 'done'})
        row = Outbox.create({'operation': 'DongBoHoSoMC',
                             'payload': json.dumps(PAYLOAD, ensure_ascii=False)})
        progress = Outbox.browse()
        for i in range(12):
            progress |= Outbox.create({'operation': 'CapNhatTienDoHoSoMC', 'payload': json.dumps({
                'MaHoSo': PAYLOAD['MaHoSo'], 'ThoiDiemXuLy': '202602131%05d' % i,
                'NoiDungXuLy': 'Buoc %d' % i})})
        self.assertEqual(Outbox._cron_process(), 13)
        self.assertEqual(row.state, 'done')
        self.assertEqual(set(progress.mapped('state')), {'done'})
        # one dossier push, then the 12 progress lines in calls of 10 and 2
        self.assertEqual([op for op, _a, _r in portal.calls],
                         ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC', 'CapNhatTienDoHoSoMC'])
        self.assertEqual(len(portal.calls[1][2].findall('{%s}TienDo' % NS)), 10)
        self.assertEqual(len(portal.calls[2][2].findall('{%s}TienDo' % NS)), 2)
        # nothing is pushed twice
        self.assertEqual(Outbox._cron_process(), 0)
        self.assertEqual(len(portal.calls), 3)

    def test_cron_backs_off_on_error(self):
        portal = self._portal(lambda op, req: ('99', 'He thong ban'))
        self.env['ir.config_parameter'].sudo().set_param(
            'hcc_national_portal_connector.endpoint', portal.url)
        Outbox = self.env['hcc.portal.outbox']
        Outbox.search([('state', '=', 'pending')]).write({'state': 'done'})
        row = Outbox.create({'operation': 'DongBoHoSoMC', 'payload': json.dumps(PAYLOAD)})
        Outbox._cron_process()
        self.assertEqual(row.state, 'pending')
        self.assertEqual(row.attempts, 1)
        self.assertEqual(row.response_code, '99')
        self.assertEqual(row.last_error, 'He thong ban')
        self.assertTrue(row.next_attempt_at)
        Outbox._cron_process()  # not due yet
        self.assertEqual(len(portal.calls), 1)
