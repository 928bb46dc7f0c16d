"""Viettel BulkSMS (brandname) transport: SOAP operation wsCpMt, through zeep.

The contract is the WSDL we ship (`wsdl/viettel_bulksms.wsdl`); the URL of
the gateway is the endpoint Viettel gives the content provider. One call
sends one MT to one subscriber::

    wsCpMt(User, Password, CPCode, RequestID, UserID=84..., ReceiverID=84...,
           ServiceID=<brandname>, CommandCode="bulksms", Content, ContentType)
    -> return/result: 1 accepted, anything else refused; return/message: why

Viettel gives no message id of its own in this answer: our RequestID is the
reference (it is what we store as provider_ref), and Viettel's delivery
reports for bulk brandname traffic come through the reseller's portal, not
this service, so `parse_delivery_report` reads the same JSON reports as the
HTTP callback (see json_http) when a reseller forwards them.

A refusal names its cause only in words (result 0 and a message), so the
classification reads the message: account, CP code, brandname, number and
content problems are permanent; busy, overload, throttling and balance are
temporary; anything unrecognised is permanent (a loop of refused sends
helps no one, and the configurator is alerted).
"""
import logging
import os

import requests
from zeep import Client, Settings
from zeep.exceptions import Error as ZeepError, Fault, TransportError
from zeep.transports import Transport

from . import encoding, json_http
from .base import (
    FAILED, RETRY, SENT, GatewayConfigError, SendResult, bad_phone_result, scrub,
    valid_phone, validate_brandname)

_logger = logging.getLogger(__name__)

WSDL_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'wsdl',
                         'viettel_bulksms.wsdl')
BINDING = '{http://impl.bulkSms.ws/}CcApiPortBinding'
COMMAND_CODE = 'bulksms'
RESULT_OK = 1

# Words of Viettel's refusal messages, checked in this order (lowercase).
TEMPORARY_WORDS = ('busy', 'overload', 'time out', 'timeout', 'system error', 'try again',
                   'throttl', 'too many', 'rate limit', 'balance', 'he thong')
PERMANENT_WORDS = (
    ('authenticat', 'wrong user or password'),
    ('password', 'wrong user or password'),
    ('cpcode', 'CP code not recognised'),
    ('cp code', 'CP code not recognised'),
    ('serviceid', 'brandname not registered'),
    ('brandname', 'brandname not registered'),
    ('alias', 'brandname not registered'),
    ('receiver', 'invalid subscriber number'),
    ('userid', 'invalid subscriber number'),
    ('msisdn', 'invalid subscriber number'),
    ('phone', 'invalid subscriber number'),
    ('template', 'content does not match a registered template'),
    ('content', 'content refused'),
    ('keyword', 'content refused'),
    ('blacklist', 'subscriber refuses brandname messages'),
    ('permission', 'account not allowed to send this'),
    ('not allow', 'account not allowed to send this'),
)

parse_delivery_report = json_http.parse_delivery_report
parse_callback = json_http.parse_callback
verify_callback = json_http.verify_callback


def classify(result, message):
    """(status, readable reason) for a wsCpMt answer."""
    if result == RESULT_OK:
        return SENT, None
    words = scrub(message)
    lowered = words.lower()
    for word in TEMPORARY_WORDS:
        if word in lowered:
            return RETRY, "Viettel busy or throttling (result %s): %s" % (result, words)
    for word, reason in PERMANENT_WORDS:
        if word in lowered:
            return FAILED, "%s (result %s): %s" % (reason, result, words)
    return FAILED, "refused by Viettel (result %s): %s" % (result, words)


class _StatusTransport(Transport):
    """zeep's transport, remembering the HTTP status of the last answer: zeep
    reads any XML body as a SOAP fault, an HTML error page included, and the
    status is what tells a busy server from a refused request."""

    last_status = None

    def post(self, address, message, headers):
        self.last_status = None
        response = super(_StatusTransport, self).post(address, message, headers)
        self.last_status = response.status_code
        return response


class ViettelSoapGateway(object):
    """Sends one SMS per wsCpMt call; `send` never raises for wire problems."""

    def __init__(self, url, user, password, cp_code, brandname, timeout=15,
                 wsdl=WSDL_PATH):
        if not url:
            raise GatewayConfigError("The gateway has no URL")
        if not cp_code:
            raise GatewayConfigError("A Viettel gateway needs its CP code")
        self.url = url
        self.user = user or ''
        self.password = password or ''
        self.cp_code = cp_code
        self.brandname = validate_brandname(brandname)
        self.timeout = timeout
        self.session = requests.Session()
        self.transport = _StatusTransport(session=self.session, timeout=timeout,
                                          operation_timeout=timeout)
        # strict=False: a reply with a missing optional element is still read
        self.client = Client(wsdl, transport=self.transport, settings=Settings(strict=False))
        self.service = self.client.create_service(BINDING, url)

    def payload(self, phone, text, ref, unicode_text):
        return {
            'User': self.user,
            'Password': self.password,
            'CPCode': self.cp_code,
            'RequestID': ref or '',
            'UserID': phone,
            'ReceiverID': phone,
            'ServiceID': self.brandname,
            'CommandCode': COMMAND_CODE,
            'Content': text,
            'ContentType': '1' if unicode_text else '0',
        }

    def send(self, phone, text, ref, unicode_text=False):
        """Send `text` to `phone` (84xxxxxxxxx); returns a SendResult."""
        if not valid_phone(phone):
            return bad_phone_result()
        parts = encoding.segments(text)[1]
        try:
            answer = self.service.wsCpMt(**self.payload(phone, text, ref, unicode_text))
        except requests.Timeout:
            return SendResult(RETRY, None, "timeout after %s s" % self.timeout, None, parts)
        except requests.RequestException as exc:
            return SendResult(RETRY, None, "connection error (%s)" % type(exc).__name__,
                              None, parts)
        except Fault as exc:
            http = self.transport.last_status
            code = (exc.code or '').split(':')[-1]
            if http in (401, 403):
                return SendResult(FAILED, None, "HTTP %s: credentials refused" % http,
                                  str(http), parts)
            if not code:  # not a SOAP fault: an error page of a proxy or server
                status = RETRY if not http or http >= 500 or http == 429 else FAILED
                return SendResult(status, None, "HTTP %s" % http, http and str(http), parts)
            # soap:Client is our envelope (permanent); soap:Server is Viettel's side
            status = FAILED if code.lower() == 'client' else RETRY
            return SendResult(status, None, "SOAP fault %s: %s" % (code, scrub(exc.message)),
                              code, parts)
        except TransportError as exc:
            http = exc.status_code
            if http in (401, 403):
                return SendResult(FAILED, None, "HTTP %s: credentials refused" % http,
                                  str(http), parts)
            if http and 400 <= http < 500 and http != 429:
                return SendResult(FAILED, None, "HTTP %s" % http, str(http), parts)
            reason = "HTTP %s" % http if http and http != 200 else "malformed answer"
            return SendResult(RETRY, None, reason, str(http) if http else None, parts)
        except ZeepError as exc:  # an envelope zeep cannot read
            return SendResult(RETRY, None, "malformed answer (%s)" % type(exc).__name__,
                              None, parts)
        if answer is None:
            # zeep reads a cut or garbled envelope as an empty one (strict=False)
            return SendResult(RETRY, None, "empty or unreadable answer", None, parts)
        try:
            result = int(answer['result'])
        except (TypeError, ValueError, KeyError, AttributeError):
            return SendResult(RETRY, None, "answer without a result code", None, parts)
        status, reason = classify(result, answer['message'])
        if status == SENT:
            # no id of Viettel's own in the answer: our RequestID is the key
            return SendResult(SENT, ref or None, None, str(result), parts)
        return SendResult(status, None, reason, str(result), parts)

    def close(self):
        self.session.close()
