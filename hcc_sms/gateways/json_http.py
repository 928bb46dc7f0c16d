"""JSON over HTTP transport in the style of eSMS.vn / SpeedSMS.

Request (POST, application/json)::

    {"ApiKey": "...", "SecretKey": "...", "Phone": "84912345678",
     "Content": "...", "Brandname": "HCC-TINH", "SmsType": "2",
     "IsUnicode": "0", "RequestId": "<our reference>"}

Answer::

    {"CodeResult": "100", "SMSID": "<provider id>", "ErrorMessage": ""}

We send our own reference as RequestId so the provider can drop a repeated
request: a read timeout leaves us not knowing whether the SMS left, and the
retry must not reach the citizen twice.
"""
import collections
import re

import requests

SENT = 'sent'
RETRY = 'retry'
FAILED = 'failed'

SendResult = collections.namedtuple('SendResult', 'status provider_ref error code')

CODE_OK = '100'
# Permanent: retrying cannot help until someone fixes the configuration or
# the number (wrong credentials, locked account, brandname, type, number).
PERMANENT_CODES = {
    '101': 'wrong API key or secret key',
    '102': 'account locked',
    '104': 'brandname not registered',
    '118': 'invalid message type',
    '119': 'brandname not allowed for this message type',
    '131': 'message too long',
    '132': 'no permission to send to this number',
    '146': 'template not registered with the brandname',
}
# Transient: the provider is busy, throttling or short of credit.
RETRY_CODES = {
    '99': 'provider internal error',
    '103': 'insufficient balance',
    '105': 'too many requests',
}
DUPLICATE_CODES = {'124'}  # RequestId already seen: the first send went out

PHONE_RE = re.compile(r'^84\d{9,10}$')
BRANDNAME_RE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9 ._-]*$')


class GatewayConfigError(ValueError):
    """The gateway cannot be used as configured."""


def validate_brandname(brandname):
    """A registered sender name: 1 to 11 ASCII letters, digits, space . _ -"""
    if not brandname or len(brandname) > 11 or not BRANDNAME_RE.match(brandname):
        raise GatewayConfigError(
            "Brandname %r is invalid: 1 to 11 characters among letters, digits, "
            "space, '.', '_' and '-'" % (brandname,))
    return brandname


class JsonHttpGateway(object):
    """Sends one SMS per HTTP POST; `send` never raises for wire problems."""

    def __init__(self, url, api_key, secret, brandname, timeout=15, session=None):
        if not url:
            raise GatewayConfigError("The gateway has no URL")
        self.url = url
        self.api_key = api_key or ''
        self.secret = secret or ''
        self.brandname = validate_brandname(brandname)
        self.timeout = timeout
        self.session = session or requests.Session()

    def payload(self, phone, text, ref, unicode_text):
        return {
            'ApiKey': self.api_key,
            'SecretKey': self.secret,
            'Phone': phone,
            'Content': text,
            'Brandname': self.brandname,
            'SmsType': '2',  # customer care brandname (not advertising)
            'IsUnicode': '1' if unicode_text else '0',
            'RequestId': ref or '',
        }

    def send(self, phone, text, ref, unicode_text=False):
        """Send `text` to `phone` (84xxxxxxxxx); returns a SendResult."""
        if not phone or not PHONE_RE.match(phone):
            return SendResult(FAILED, None, "invalid phone number %r" % (phone,), None)
        try:
            resp = self.session.post(self.url, json=self.payload(phone, text, ref, unicode_text),
                                     timeout=self.timeout)
        except requests.Timeout as exc:
            return SendResult(RETRY, None, "timeout: %s" % exc, None)
        except requests.RequestException as exc:  # connection refused, DNS, TLS...
            return SendResult(RETRY, None, "connection error: %s" % exc, None)
        if resp.status_code >= 500 or resp.status_code == 429:
            return SendResult(RETRY, None, "HTTP %s" % resp.status_code, str(resp.status_code))
        if resp.status_code in (401, 403):
            return SendResult(FAILED, None, "HTTP %s: credentials refused" % resp.status_code,
                              str(resp.status_code))
        if resp.status_code >= 400:
            return SendResult(FAILED, None, "HTTP %s" % resp.status_code, str(resp.status_code))
        try:
            data = resp.json()
        except ValueError:
            return SendResult(RETRY, None, "answer is not JSON", None)
        code = str(data.get('CodeResult', ''))
        ref_out = data.get('SMSID') or None
        if code == CODE_OK or code in DUPLICATE_CODES:
            return SendResult(SENT, ref_out and str(ref_out), None, code)
        detail = data.get('ErrorMessage') or ''
        if code in PERMANENT_CODES:
            return SendResult(FAILED, None, "%s %s %s" % (code, PERMANENT_CODES[code], detail), code)
        if code in RETRY_CODES:
            return SendResult(RETRY, None, "%s %s %s" % (code, RETRY_CODES[code], detail), code)
        # An unknown code may hide an accepted SMS: do not resend blindly.
        return SendResult(FAILED, None, "unknown answer code %r %s" % (code, detail), code)
