"""JSON HTTP transport (eSMS / SpeedSMS style) against a real HTTP peer, and
the delivery callback: signature check and report parsing."""
import json
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, HTTPServer

from ..gateways import json_http
from ..gateways.base import DELIVERED, FAILED, PENDING, RETRY, SENT, UNDELIVERED
from .fakes import FakeJsonSmsGateway

PHONE = '84912345678'
PHONE_2 = '84987654321'
VI_TEXT = 'HCC: Hồ sơ H64-260213-0001 đã được tiếp nhận.'


class JsonGatewayCase(unittest.TestCase):

    def setUp(self):
        self.fake = FakeJsonSmsGateway(api_key='KEY', secret='SECRET', brandnames=['HCC-TINH'])
        self.addCleanup(self.fake.stop)
        self.gateway = self.transport()
        self.addCleanup(self.gateway.close)

    def transport(self, api_key='KEY', secret='SECRET', brandname='HCC-TINH', timeout=1):
        return json_http.JsonHttpGateway(self.fake.url, api_key, secret, brandname,
                                         timeout=timeout)


class TestJsonSend(JsonGatewayCase):

    def test_sent_with_every_field(self):
        result = self.gateway.send(PHONE, VI_TEXT, 'received:7', unicode_text=True)
        self.assertEqual(result.status, SENT)
        self.assertEqual(result.code, '100')
        self.assertEqual(result.provider_ref, 'esms-000001')
        self.assertEqual(result.parts, 1)
        [request] = self.fake.received
        self.assertEqual(request['Phone'], PHONE)
        self.assertEqual(request['Content'], VI_TEXT)
        self.assertEqual(request['Brandname'], 'HCC-TINH')
        self.assertEqual(request['IsUnicode'], '1')
        self.assertEqual(request['RequestId'], 'received:7')
        self.assertEqual((request['ApiKey'], request['SecretKey']), ('KEY', 'SECRET'))

    def test_plain_text_flag_and_long_ucs2_parts(self):
        self.assertEqual(self.gateway.send(PHONE, 'Ho so da tiep nhan', 'a').parts, 1)
        self.assertEqual(self.fake.received[-1]['IsUnicode'], '0')
        # 150 UCS-2 characters: 3 parts of at most 67
        result = self.gateway.send(PHONE, 'ồ' * 150, 'b', unicode_text=True)
        self.assertEqual((result.status, result.parts), (SENT, 3))

    def test_same_request_id_reaches_the_handset_once(self):
        first = self.gateway.send(PHONE, VI_TEXT, 'received:9', unicode_text=True)
        again = self.gateway.send(PHONE, VI_TEXT, 'received:9', unicode_text=True)
        self.assertEqual(again.status, SENT)
        self.assertEqual(again.code, '124')
        self.assertEqual(again.provider_ref, first.provider_ref)
        self.assertEqual(len(self.fake.received), 2)
        self.assertEqual(len(self.fake.accepted), 1)

    def test_invalid_phone_never_leaves(self):
        result = self.gateway.send('0912345678', 'x', 'ref')
        self.assertEqual(result.status, FAILED)
        self.assertNotIn('912345678', result.error)
        self.assertEqual(self.fake.received, [])


class TestJsonFaults(JsonGatewayCase):

    def assertClassified(self, fault, status, code=None):
        self.fake.set_fault(fault, times=1)
        result = self.gateway.send(PHONE, 'Ho so da tiep nhan', 'f-%s' % fault)
        self.assertEqual(result.status, status, (fault, result))
        if code:
            self.assertEqual(result.code, code)
        self.assertTrue(result.error)
        self.assertNotIn(PHONE, result.error)
        return result

    def test_timeout_is_temporary(self):
        started = time.time()
        self.assertClassified('slow', RETRY)
        self.assertLess(time.time() - started, 2.5)

    def test_server_errors_and_throttling_are_temporary(self):
        self.assertClassified('http_500', RETRY, '500')
        self.assertClassified('http_503', RETRY, '503')
        self.assertClassified('http_429', RETRY, '429')
        self.assertClassified('throttle', RETRY, '105')

    def test_malformed_and_dropped_answers_are_temporary(self):
        self.assertClassified('malformed', RETRY)
        self.assertClassified('drop', RETRY)

    def test_refused_credentials_are_permanent(self):
        self.assertClassified('http_401', FAILED, '401')
        result = self.transport(secret='WRONG').send(PHONE, 'x', 'c1')
        self.assertEqual((result.status, result.code), (FAILED, '101'))
        self.assertIn('wrong API key', result.error)

    def test_unregistered_brandname_is_permanent(self):
        result = self.transport(brandname='OTHER').send(PHONE, 'x', 'b1')
        self.assertEqual((result.status, result.code), (FAILED, '104'))

    def test_connection_refused_is_temporary(self):
        url = self.fake.url
        self.fake.stop()
        result = json_http.JsonHttpGateway(url, 'KEY', 'SECRET', 'HCC-TINH', timeout=1).send(
            PHONE, 'x', 'r')
        self.assertEqual(result.status, RETRY)

    def test_fault_storm_every_message_once(self):
        """Twenty messages through timeouts, 5xx, throttling and garbage:
        retried until sent, each reaches the handset exactly once."""
        self.fake.slow_seconds = 1.5
        storm = ['http_503', 'throttle', 'malformed', 'slow', 'http_500', 'drop', 'http_429']
        pending = {'storm:%d' % i: (PHONE if i % 2 else PHONE_2, 'Ho so %d da xong' % i)
                   for i in range(20)}
        rounds = 0
        while pending and rounds < 10:
            rounds += 1
            for n, ref in enumerate(sorted(pending)):
                if (n + rounds) % 3 == 0:
                    self.fake.set_fault(storm[(n + rounds) % len(storm)], times=1)
                phone, text = pending[ref]
                result = self.gateway.send(phone, text, ref)
                self.assertIn(result.status, (SENT, RETRY), result)
                if result.status == SENT:
                    del pending[ref]
        self.assertEqual(pending, {})
        self.assertEqual(len(self.fake.accepted), 20)
        self.assertEqual(self.fake.duplicates(), [])
        self.assertGreater(len(self.fake.received), 20)


class TestJsonCallbacks(unittest.TestCase):

    def signed(self, secret, payload):
        body = json.dumps(payload).encode('utf-8')
        return body, {'X-HCC-Signature': FakeJsonSmsGateway.signature(secret, body)}

    def test_verify_good_and_bad_secret(self):
        body, headers = self.signed('s3cret', {'SMSID': 'esms-1', 'Status': 'DELIVERED'})
        self.assertTrue(json_http.verify_callback('s3cret', headers, body))
        self.assertTrue(json_http.verify_callback(
            's3cret', {'x-hcc-signature': headers['X-HCC-Signature'].upper()}, body))
        self.assertFalse(json_http.verify_callback('other', headers, body))
        self.assertFalse(json_http.verify_callback('s3cret', headers, body + b' '))
        self.assertFalse(json_http.verify_callback('s3cret', {}, body))
        self.assertFalse(json_http.verify_callback('s3cret', {'X-HCC-Signature': 'sha256='}, body))
        # a gateway without a callback secret trusts nothing
        self.assertFalse(json_http.verify_callback('', headers, body))
        self.assertFalse(json_http.verify_callback(None, headers, body))

    def test_parse_one_and_many(self):
        [one] = json_http.parse_callback(b'{"SMSID": "esms-1", "Status": "DELIVERED", '
                                         b'"ErrorCode": "000"}')
        self.assertEqual(one, (('esms-1', DELIVERED, '000', 'delivered')))
        many = json_http.parse_callback(json.dumps({'Reports': [
            {'SMSID': 'esms-2', 'Status': 'failed', 'ErrorCode': 12},
            {'SMSID': 7, 'Status': 'ENROUTE'},
        ]}))
        self.assertEqual([(r.provider_ref, r.status, r.code) for r in many],
                         [('esms-2', UNDELIVERED, '12'), ('7', PENDING, None)])
        self.assertIn('carrier code 12', many[0].reason)

    def test_unknown_formats_refused(self):
        for body in (b'not json', b'\xff\xfe', b'[]', b'{"Reports": []}', b'{"Status": "DELIVERED"}',
                     b'{"SMSID": "x"}', b'{"SMSID": "x", "Status": "MAYBE"}',
                     b'{"SMSID": {"a": 1}, "Status": "DELIVERED"}', b'"x"'):
            with self.assertRaises(json_http.ReportFormatError, msg=body):
                json_http.parse_callback(body)

    def test_callback_over_http(self):
        """The fake gateway POSTs signed reports to a receiver built on the
        two functions, as the addon's controller will be."""
        fake = FakeJsonSmsGateway()
        self.addCleanup(fake.stop)
        got = []

        class Receiver(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
                if not json_http.verify_callback('cb-secret', self.headers, body):
                    status = 403
                else:
                    try:
                        got.extend(json_http.parse_callback(body))
                        status = 200
                    except json_http.ReportFormatError:
                        status = 400
                self.send_response(status)
                self.send_header('Content-Length', '0')
                self.end_headers()

            def log_message(self, *args):
                pass

        server = HTTPServer(('127.0.0.1', 0), Receiver)
        threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05},
                         daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        url = 'http://127.0.0.1:%d/hcc_sms/delivery' % server.server_address[1]

        sent = json_http.JsonHttpGateway(fake.url, 'KEY', 'SECRET', 'HCC-TINH', timeout=1).send(
            PHONE, 'x', 'cb:1')
        report = fake.report(sent.provider_ref)
        self.assertEqual(fake.post_callback(url, 'cb-secret', [report])[0], 200)
        self.assertEqual(fake.post_callback(url, 'wrong', [report])[0], 403)
        self.assertEqual(fake.post_callback(url, 'cb-secret', {'hello': 'world'})[0], 400)
        self.assertEqual(got, [(sent.provider_ref, DELIVERED, '000', 'delivered')])
