"""A JSON SMS gateway in the style of eSMS.vn / SpeedSMS, on 127.0.0.1.

POST <url> {"ApiKey", "SecretKey", "Phone", "Content", "Brandname",
"SmsType", "IsUnicode", "RequestId"} -> {"CodeResult", "SMSID",
"ErrorMessage"}:
  100 accepted; 101 wrong ApiKey/SecretKey; 104 brandname not registered;
  105 too many requests; 124 RequestId already accepted (not sent again);
  99 the request is not what the API takes (missing field, bad flag).

Faults (set_fault(kind, times=None)): 'slow' (takes the SMS, answers after
slow_seconds),
'http_500', 'http_503', 'http_429', 'http_401' (status with a short body),
'malformed' (200 with a body that is not JSON), 'throttle' (code 105),
'drop' (hangs up without answering).

Counting: `received` holds every request body parsed (None when it was not
JSON), `accepted` the SMS that went to handsets (SMSID -> request);
`duplicates()` lists (phone, content) accepted more than once.
"""
import collections
import hashlib
import hmac
import itertools
import json
import re
import urllib.error
import urllib.request

from ._http import FakeHttpServer

REQUIRED = ('ApiKey', 'SecretKey', 'Phone', 'Content', 'Brandname', 'SmsType', 'IsUnicode',
            'RequestId')
_PHONE = re.compile(r'^84\d{9,10}$')


class FakeJsonSmsGateway(FakeHttpServer):

    path = '/MainService.svc/json/SendMultipleMessage_V4_post_json/'

    def __init__(self, api_key='KEY', secret='SECRET', brandnames=('HCC-TINH',)):
        self.api_key, self.secret = api_key, secret
        self.brandnames = set(brandnames)
        self.received = []
        self.accepted = collections.OrderedDict()
        self.by_request_id = {}
        self._ids = itertools.count(1)
        super(FakeJsonSmsGateway, self).__init__()

    # -- the API ------------------------------------------------------------

    def _json(self, status, data):
        return status, 'application/json', json.dumps(data).encode('utf-8')

    def handle_post(self, handler, body):
        try:
            request = json.loads(body.decode('utf-8'))
        except ValueError:
            request = None
        with self.lock:
            self.received.append(request)
        fault = self.fault.take()
        if fault == 'drop':
            return None
        if fault == 'slow':
            # the SMS is taken, only the answer is late: the worst case for
            # a client that times out and sends again
            answer = self._process(request)
            self.sleep()
            return answer
        if fault and fault.startswith('http_'):
            return int(fault[5:]), 'text/html', b'<html><body>Service unavailable</body></html>'
        elif fault == 'malformed':
            return 200, 'application/json', b'{"CodeResult": "100", "SMSID": '
        elif fault == 'throttle':
            return self._json(200, {'CodeResult': '105', 'ErrorMessage': 'Too many requests'})
        return self._process(request)

    def _process(self, request):
        if not isinstance(request, dict) or any(k not in request for k in REQUIRED) \
                or str(request['IsUnicode']) not in ('0', '1'):
            return self._json(200, {'CodeResult': '99', 'ErrorMessage': 'Invalid request'})
        if request['ApiKey'] != self.api_key or request['SecretKey'] != self.secret:
            return self._json(200, {'CodeResult': '101', 'ErrorMessage': 'Sai ApiKey/SecretKey'})
        if request['Brandname'] not in self.brandnames:
            return self._json(200, {'CodeResult': '104', 'ErrorMessage': 'Brandname chua dang ky'})
        if not _PHONE.match(str(request['Phone'])):
            return self._json(200, {'CodeResult': '132', 'ErrorMessage': 'So dien thoai sai'})
        with self.lock:
            known = self.by_request_id.get(request['RequestId']) if request['RequestId'] else None
            if known:
                return self._json(200, {'CodeResult': '124', 'SMSID': known,
                                        'ErrorMessage': 'Trung RequestId'})
            sms_id = 'esms-%06d' % next(self._ids)
            self.accepted[sms_id] = request
            if request['RequestId']:
                self.by_request_id[request['RequestId']] = sms_id
        return self._json(200, {'CodeResult': '100', 'SMSID': sms_id, 'ErrorMessage': ''})

    def duplicates(self):
        counts = collections.Counter((r['Phone'], r['Content']) for r in self.accepted.values())
        return [key for key, n in counts.items() if n > 1]

    # -- delivery callbacks -------------------------------------------------

    @staticmethod
    def signature(secret, body):
        return 'sha256=' + hmac.new(secret.encode('utf-8'), body, hashlib.sha256).hexdigest()

    def post_callback(self, url, secret, reports, signature=None, timeout=5):
        """POST delivery reports (dicts, or one dict) to `url`, signed with
        `secret` unless `signature` is given; returns (status, body)."""
        payload = reports if isinstance(reports, dict) else {'Reports': list(reports)}
        body = json.dumps(payload).encode('utf-8')
        headers = {'Content-Type': 'application/json',
                   'X-HCC-Signature': signature or self.signature(secret, body)}
        request = urllib.request.Request(url, data=body, headers=headers, method='POST')
        try:
            with urllib.request.urlopen(request, timeout=timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def report(self, sms_id, status='DELIVERED', error_code='000', telco='viettel'):
        """One delivery report in the callback format, for an accepted SMS."""
        request = self.accepted.get(sms_id) or {}
        return {'SMSID': sms_id, 'RequestId': request.get('RequestId', ''),
                'Status': status, 'ErrorCode': error_code, 'Telco': telco}
