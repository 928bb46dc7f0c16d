"""JSON over HTTP transport in the style of eSMS.vn / SpeedSMS.

Request (POST, application/json)::

    {"ApiKey": "...", "SecretKey": "...", "Phone": "84912345678",
     "Content": "...", "Brandname": "HCC-TINH", "SmsType": "2",
     "IsUnicode": "0", "RequestId": "<our reference>"}

Answer::

    {"CodeResult": "100", "SMSID": "<provider id>", "ErrorMessage": ""}

We send our own reference as RequestId so the provider can drop a repeated
request: a read timeout leaves us not knowing whether the SMS left, and the
retry must not reach the citizen twice (code 124 "RequestId already seen"
therefore counts as sent).

Delivery callbacks (the provider POSTs to the URL configured on its side)::

    POST <our callback URL>
    Content-Type: application/json
    X-HCC-Signature: sha256=<hex HMAC-SHA256 of the raw body, key = the gateway's callback secret>

    {"SMSID": "<provider id>", "RequestId": "<our reference>",
     "Status": "DELIVERED" | "FAILED" | "PENDING", "ErrorCode": "<carrier code>",
     "Telco": "viettel"}

or several at once: {"Reports": [{...}, {...}]}. The signature is checked
over the exact bytes received (`verify_callback`), before any parsing; a
report names the provider's message id, so a replayed report only repeats a
state already recorded.
"""
import hashlib
import hmac
import json

import requests

from . import encoding
from .base import (  # noqa: F401 (re-exported: callers know them as json_http.*)
    DELIVERED, FAILED, PENDING, RETRY, SENT, UNDELIVERED, DeliveryReport,
    BRANDNAME_RE, PHONE_RE, GatewayConfigError, ReportFormatError, SendResult,
    bad_phone_result, scrub,
    valid_phone, validate_brandname)

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

SIGNATURE_HEADER = 'X-HCC-Signature'
SIGNATURE_PREFIX = 'sha256='

_DELIVERED_WORDS = {'DELIVERED', 'DELIVRD', 'SUCCESS'}
_UNDELIVERED_WORDS = {'FAILED', 'UNDELIV', 'UNDELIVERED', 'REJECTD', 'REJECTED',
                      'EXPIRED', 'DELETED', 'UNKNOWN', 'ERROR'}
_PENDING_WORDS = {'PENDING', 'ENROUTE', 'ACCEPTD', 'ACCEPTED', 'SENT'}


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
        if not valid_phone(phone):
            return bad_phone_result()
        parts = encoding.segments(text)[1]
        try:
            resp = self.session.post(self.url, json=self.payload(phone, text, ref, unicode_text),
                                     timeout=self.timeout)
        except requests.Timeout:
            # fixed words: an exception's text quotes the URL, which may hold a key
            return SendResult(RETRY, None, "timeout after %s s" % self.timeout, None, parts)
        except requests.RequestException as exc:  # connection refused, DNS, TLS...
            return SendResult(RETRY, None, "connection error (%s)" % type(exc).__name__,
                              None, parts)
        status = resp.status_code
        if status >= 500 or status == 429:
            return SendResult(RETRY, None, "HTTP %s" % status, str(status), parts)
        if status in (401, 403):
            return SendResult(FAILED, None, "HTTP %s: credentials refused" % status,
                              str(status), parts)
        if status >= 400:
            return SendResult(FAILED, None, "HTTP %s" % status, str(status), parts)
        try:
            data = resp.json()
        except ValueError:
            return SendResult(RETRY, None, "answer is not JSON", None, parts)
        if not isinstance(data, dict):
            return SendResult(RETRY, None, "answer is not a JSON object", None, parts)
        code = str(data.get('CodeResult', ''))
        ref_out = data.get('SMSID') or None
        if code == CODE_OK or code in DUPLICATE_CODES:
            return SendResult(SENT, ref_out and str(ref_out), None, code, parts)
        detail = scrub(data.get('ErrorMessage'))
        if code in PERMANENT_CODES:
            return SendResult(FAILED, None, "%s %s %s" % (code, PERMANENT_CODES[code], detail),
                              code, parts)
        if code in RETRY_CODES:
            return SendResult(RETRY, None, "%s %s %s" % (code, RETRY_CODES[code], detail),
                              code, parts)
        # An unknown code may hide an accepted SMS: do not resend blindly.
        return SendResult(FAILED, None, "unknown answer code %r %s" % (code, detail), code, parts)

    def close(self):
        self.session.close()


# -- delivery callbacks -------------------------------------------------------

def sign_callback(secret, body):
    """The X-HCC-Signature value for `body` (bytes): what the provider sends."""
    if isinstance(body, str):
        body = body.encode('utf-8')
    return SIGNATURE_PREFIX + hmac.new(secret.encode('utf-8'), body, hashlib.sha256).hexdigest()


def _header(headers, name):
    """Case-insensitive header lookup on werkzeug headers or a plain dict."""
    if headers is None:
        return None
    try:
        value = headers.get(name)
    except AttributeError:
        return None
    if value is not None:
        return value
    lowered = name.lower()
    for key, value in getattr(headers, 'items', lambda: [])():
        if key.lower() == lowered:
            return value
    return None


def verify_callback(secret, headers, body):
    """True when `body` (the raw bytes received) carries a good signature.

    No secret configured means no callback is trusted.
    """
    if not secret:
        return False
    given = _header(headers, SIGNATURE_HEADER)
    if not given or not isinstance(given, str):
        return False
    expected = sign_callback(secret, body if body is not None else b'')
    return hmac.compare_digest(given.strip().lower().encode('ascii', 'replace'),
                               expected.encode('ascii'))


def parse_delivery_report(item):
    """DeliveryReport from one callback object (a dict)."""
    if not isinstance(item, dict):
        raise ReportFormatError("a delivery report must be a JSON object")
    ref = item.get('SMSID')
    word = item.get('Status')
    if ref in (None, '') or not isinstance(ref, (str, int)) or not isinstance(word, str):
        raise ReportFormatError("a delivery report needs SMSID and Status")
    word = word.strip().upper()
    code = item.get('ErrorCode')
    code = None if code in (None, '') else str(code)
    if word in _DELIVERED_WORDS:
        return DeliveryReport(str(ref), DELIVERED, code, "delivered")
    if word in _UNDELIVERED_WORDS:
        reason = "not delivered (%s)" % word.lower()
        if code:
            reason += ", carrier code %s" % code
        return DeliveryReport(str(ref), UNDELIVERED, code, reason)
    if word in _PENDING_WORDS:
        return DeliveryReport(str(ref), PENDING, code, "on its way (%s)" % word.lower())
    raise ReportFormatError("unknown delivery status %r" % word[:20])


def parse_callback(body):
    """The delivery reports in a callback body (bytes or str); raises
    ReportFormatError for anything else (the controller answers 400)."""
    if isinstance(body, bytes):
        try:
            body = body.decode('utf-8')
        except UnicodeDecodeError:
            raise ReportFormatError("the callback body is not UTF-8")
    try:
        data = json.loads(body or '')
    except ValueError:
        raise ReportFormatError("the callback body is not JSON")
    if isinstance(data, dict) and 'Reports' in data:
        items = data['Reports']
        if not isinstance(items, list) or not items:
            raise ReportFormatError("Reports must be a non-empty list")
    else:
        items = [data]
    return [parse_delivery_report(item) for item in items]
