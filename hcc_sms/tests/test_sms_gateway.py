import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from ..gateways import json_http


class FakeEsms(object):
    """A real HTTP server on 127.0.0.1 speaking the eSMS-like JSON format."""

    def __init__(self):
        self.requests = []
        self.reply = (200, {'CodeResult': '100', 'SMSID': 'prov-1'})
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get('Content-Length') or 0)
                fake.requests.append(json.loads(self.rfile.read(length).decode('utf-8')))
                status, body = fake.reply
                data = json.dumps(body).encode('utf-8')
                self.send_response(status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d/send' % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class TestSmsGateway(TransactionCase):

    def setUp(self):
        super(TestSmsGateway, self).setUp()
        self.fake = FakeEsms()
        self.addCleanup(self.fake.stop)
        # Only our gateway may be picked by the cron.
        self.env['hcc.sms.gateway'].search([]).write({'active': False})
        self.gateway = self.env['hcc.sms.gateway'].create({
            'name': 'Test eSMS', 'url': self.fake.url, 'api_key': 'KEY',
            'secret': 'SECRET', 'brandname': 'HCC-TINH', 'strip_diacritics': True,
            'timeout': 5,
        })
        self.Message = self.env['hcc.sms.message']
        self.Message.search([('state', '=', 'queued')]).write({'state': 'failed'})

    def _queue(self, key='received:1'):
        return self.Message.create({
            'phone': '84912345678', 'event': 'received', 'dedup_key': key,
            'body': 'HCC: Hồ sơ H64-260213-0001 đã được tiếp nhận.',
        })

    def test_send_once(self):
        message = self._queue()
        self.assertEqual(message.encoding, 'UCS-2')
        self.assertEqual(self.Message._cron_send(), 1)
        self.assertEqual(len(self.fake.requests), 1)
        sent = self.fake.requests[0]
        self.assertEqual(sent['Phone'], '84912345678')
        self.assertEqual(sent['Content'], 'HCC: Ho so H64-260213-0001 da duoc tiep nhan.')
        self.assertEqual(sent['Brandname'], 'HCC-TINH')
        self.assertEqual(sent['ApiKey'], 'KEY')
        self.assertEqual(sent['IsUnicode'], '0')
        self.assertEqual(sent['RequestId'], 'received:1')
        self.assertEqual(message.state, 'sent')
        self.assertEqual(message.attempts, 1)
        self.assertEqual(message.provider_ref, 'prov-1')
        # What was sent is what the record shows.
        self.assertEqual(message.body, sent['Content'])
        # A second run finds nothing to send: never twice.
        self.assertEqual(self.Message._cron_send(), 0)
        self.assertEqual(len(self.fake.requests), 1)

    def test_503_is_retried_later(self):
        self.fake.reply = (503, {'error': 'busy'})
        message = self._queue()
        before = fields.Datetime.from_string(fields.Datetime.now())
        self.Message._cron_send()
        self.assertEqual(len(self.fake.requests), 1)
        self.assertEqual(message.state, 'queued')
        self.assertEqual(message.attempts, 1)
        self.assertTrue(message.next_attempt_at)
        self.assertGreater(fields.Datetime.from_string(message.next_attempt_at), before)
        self.assertIn('503', message.error)
        # Not due yet: the next run leaves it alone.
        self.Message._cron_send()
        self.assertEqual(len(self.fake.requests), 1)
        self.assertEqual(message.attempts, 1)

    def test_retry_gives_up_after_five_attempts(self):
        self.fake.reply = (503, {})
        message = self._queue()
        for attempt in range(1, 6):
            message.next_attempt_at = False  # pretend the back-off elapsed
            self.Message._cron_send()
            self.assertEqual(message.attempts, attempt)
        self.assertEqual(message.state, 'failed')
        self.assertEqual(len(self.fake.requests), 5)

    def test_wrong_credentials_fail_permanently(self):
        self.fake.reply = (200, {'CodeResult': '101', 'ErrorMessage': 'Sai ApiKey'})
        message = self._queue()
        self.Message._cron_send()
        self.assertEqual(message.state, 'failed')
        self.assertIn('101', message.error)
        self.Message._cron_send()
        self.assertEqual(len(self.fake.requests), 1)

    def test_dedup_key_unique(self):
        self._queue('received:42')
        # The database refuses it (muted: Odoo logs refused queries as errors).
        with self.assertRaises(IntegrityError), mute_logger('odoo.sql_db'):
            with self.env.cr.savepoint():
                self._queue('received:42')

    def test_brandname_validated(self):
        with self.assertRaises(ValidationError):
            self.gateway.brandname = 'HCC TINH YEN BAI'
        with self.assertRaises(ValidationError):
            self.gateway.brandname = 'TỈNH YB'
        self.gateway.brandname = 'UBND-YB'
        self.assertEqual(self.gateway._transport().brandname, 'UBND-YB')
        with self.assertRaises(json_http.GatewayConfigError):
            json_http.JsonHttpGateway(self.fake.url, 'k', 's', 'Tỉnh')

    def test_invalid_phone_not_sent(self):
        transport = self.gateway._transport()
        result = transport.send('0912345678', 'x', 'ref')
        self.assertEqual(result.status, json_http.FAILED)
        self.assertEqual(self.fake.requests, [])

    def test_connection_refused_is_retry(self):
        url = self.fake.url
        self.fake.stop()
        transport = json_http.JsonHttpGateway(url, 'k', 's', 'HCC', timeout=2)
        result = transport.send('84912345678', 'x', 'ref')
        self.assertEqual(result.status, json_http.RETRY)
