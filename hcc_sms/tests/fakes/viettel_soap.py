"""Viettel BulkSMS wsCpMt over SOAP 1.1, on 127.0.0.1.

GET <url>?wsdl serves the WSDL the addon ships (address rewritten to this
server). POST <url> takes a SOAP 1.1 envelope whose Body holds
{http://impl.bulkSms.ws/}wsCpMt with the unqualified children User,
Password, CPCode, RequestID, UserID, ReceiverID, ServiceID, CommandCode,
Content, ContentType, checks each, and answers wsCpMtResponse/return with
result 1 (accepted) or 0 and a message in Viettel's manner:
  "Authenticate: User or Password is incorrect", "CPCode not found",
  "ServiceID (brandname) is not registered", "ReceiverID is invalid",
  "Content is Unicode but ContentType is 0".
A missing or empty field or a wrong CommandCode is a soap:Client fault
(HTTP 500), a body that is not a SOAP envelope too.

Faults (set_fault(kind, times=None)): 'slow', 'http_503' (an HTML error
page), 'server_fault' (soap:Server fault, "System busy"), 'malformed' (200
with broken XML), 'throttle' (result 0 "Too many requests"), 'drop'.

Counting: `received` holds each envelope's fields (a dict, None when it
could not be read), `accepted` the SMS that went to handsets;
`duplicates()` lists (phone, content) accepted more than once.
"""
import collections
import os
import re
from xml.sax.saxutils import escape

from lxml import etree

from ._http import FakeHttpServer

SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/'
NS = 'http://impl.bulkSms.ws/'
FIELDS = ('User', 'Password', 'CPCode', 'RequestID', 'UserID', 'ReceiverID', 'ServiceID',
          'CommandCode', 'Content', 'ContentType')
WSDL = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                    'gateways', 'wsdl', 'viettel_bulksms.wsdl')
_PHONE = re.compile(r'^84\d{9,10}$')
# GSM 03.38 basic and extension characters, for the ContentType 0 check
_GSM = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
           "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€\f")


def _envelope(inner):
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<S:Envelope xmlns:S="%s"><S:Body>%s</S:Body></S:Envelope>' % (SOAP_ENV, inner)
            ).encode('utf-8')


def _fault(code, text):
    return 500, 'text/xml; charset=utf-8', _envelope(
        '<S:Fault><faultcode>S:%s</faultcode><faultstring>%s</faultstring></S:Fault>'
        % (code, escape(text)))


def _result(result, message):
    return 200, 'text/xml; charset=utf-8', _envelope(
        '<ns2:wsCpMtResponse xmlns:ns2="%s"><return><message>%s</message>'
        '<result>%d</result></return></ns2:wsCpMtResponse>' % (NS, escape(message), result))


class FakeViettelSoap(FakeHttpServer):

    path = '/bulkapi'

    def __init__(self, user='hcc_user', password='hcc_pass', cp_code='HCCYB',
                 brandnames=('HCC-TINH',)):
        self.user, self.password, self.cp_code = user, password, cp_code
        self.brandnames = set(brandnames)
        self.received = []
        self.accepted = []
        super(FakeViettelSoap, self).__init__()

    def handle_get(self, handler):
        if not handler.path.lower().endswith('?wsdl'):
            return None
        with open(WSDL, 'rb') as f:
            wsdl = f.read()
        wsdl = re.sub(rb'location="[^"]*"', b'location="' + self.url.encode('ascii') + b'"', wsdl)
        return 200, 'text/xml; charset=utf-8', wsdl

    @staticmethod
    def read_envelope(body):
        """The wsCpMt fields of a SOAP 1.1 envelope, or None."""
        try:
            root = etree.fromstring(body)
        except etree.XMLSyntaxError:
            return None
        if root.tag != '{%s}Envelope' % SOAP_ENV:
            return None
        call = root.find('{%s}Body/{%s}wsCpMt' % (SOAP_ENV, NS))
        if call is None:
            return None
        # document/literal with unqualified children, as the WSDL says
        return {child.tag: child.text or '' for child in call
                if isinstance(child.tag, str) and '}' not in child.tag}

    def handle_post(self, handler, body):
        fields = self.read_envelope(body)
        with self.lock:
            self.received.append(fields)
        fault = self.fault.take()
        if fault == 'drop':
            return None
        if fault == 'slow':
            self.sleep()
        elif fault == 'http_503':
            return 503, 'text/html', b'<html><body>Service Unavailable</body></html>'
        elif fault == 'server_fault':
            return _fault('Server', 'System busy, please try again')
        elif fault == 'malformed':
            return 200, 'text/xml', b'<S:Envelope xmlns:S="%s"><S:Body><ns2:wsCp' % SOAP_ENV.encode()
        elif fault == 'throttle':
            return _result(0, 'Too many requests, TPS limit exceeded')
        if fields is None:
            return _fault('Client', 'Cannot read the wsCpMt request')
        missing = [name for name in FIELDS if not fields.get(name)]
        if missing:
            return _fault('Client', 'Missing parameter: %s' % ', '.join(missing))
        if fields['CommandCode'] != 'bulksms':
            return _fault('Client', 'CommandCode must be bulksms')
        if fields['User'] != self.user or fields['Password'] != self.password:
            return _result(0, 'Authenticate: User or Password is incorrect')
        if fields['CPCode'] != self.cp_code:
            return _result(0, 'CPCode not found')
        if fields['ServiceID'] not in self.brandnames:
            return _result(0, 'ServiceID (brandname) is not registered')
        if not _PHONE.match(fields['UserID']) or fields['ReceiverID'] != fields['UserID']:
            return _result(0, 'ReceiverID is invalid')
        if fields['ContentType'] not in ('0', '1'):
            return _fault('Client', 'ContentType must be 0 or 1')
        if fields['ContentType'] == '0' and not set(fields['Content']) <= _GSM:
            return _result(0, 'Content is Unicode but ContentType is 0')
        with self.lock:
            self.accepted.append(fields)
        return _result(1, 'Success')

    def duplicates(self):
        counts = collections.Counter((f['UserID'], f['Content']) for f in self.accepted)
        return [key for key, n in counts.items() if n > 1]
