"""SOAP transport to the National Public Service Portal, through zeep over
our contract (wsdl/dvcqg.wsdl). The operations are those of base.PortalClient.

Session: with a username and password the client logs in with
LayPhienLamViec, keeps the session in a process-wide cache until it expires
and, when the portal says it expired (error_code 1), logs in again once and
repeats the call once. A session token configured by hand (no credentials)
is used as it is.
"""
import calendar
import os

import requests
from zeep import Client, Settings
from zeep import exceptions as zeep_exceptions
from zeep.helpers import serialize_object
from zeep.transports import Transport

from . import errors, mapping
from .base import LOGIN_OPERATION, LoginRefused, PortalClient, plain
from .errors import TransportFailure
from .session import shared_cache

BINDING = '{urn:hcc:dvcqg:v1}DVCQGBinding'
WSDL_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                         'wsdl', 'dvcqg.wsdl')

# kept for callers of the first version
ALREADY_EXISTS_WORDS = errors.ALREADY_EXISTS_WORDS
already_exists = errors.already_exists


def transport_failure(exc):
    """The client code for an exception raised by requests or zeep."""
    # Timeout before ConnectionError: ConnectTimeout is both.
    if isinstance(exc, requests.Timeout):
        return TransportFailure(errors.TIMEOUT, type(exc).__name__)
    if isinstance(exc, requests.ConnectionError):
        return TransportFailure(errors.UNREACHABLE, type(exc).__name__)
    if isinstance(exc, zeep_exceptions.Fault):
        if exc.code is None:
            # an error page that happens to be XML, not a SOAP Fault
            return TransportFailure(errors.HTTP_ERROR, 'not a SOAP answer')
        return TransportFailure(errors.FAULT, '%s' % (exc.message or exc.code))
    if isinstance(exc, zeep_exceptions.TransportError):
        if exc.status_code == 200:
            return TransportFailure(errors.MALFORMED, 'HTTP 200, not XML')
        return TransportFailure(errors.HTTP_ERROR, 'HTTP %s' % exc.status_code)
    if isinstance(exc, zeep_exceptions.ValidationError):
        # which field broke the contract, never its value
        return TransportFailure(errors.INVALID_REQUEST, exc.path and '.'.join(
            str(p) for p in exc.path) or type(exc).__name__)
    if isinstance(exc, (zeep_exceptions.XMLSyntaxError, zeep_exceptions.XMLParseError)):
        return TransportFailure(errors.MALFORMED, type(exc).__name__)
    if isinstance(exc, requests.RequestException):
        return TransportFailure(errors.HTTP_ERROR, type(exc).__name__)
    return TransportFailure(errors.MALFORMED, type(exc).__name__)


class SoapPortalClient(PortalClient):

    def __init__(self, wsdl_path, endpoint_url, session=None, madonvi='', timeout=30,
                 username=None, password=None, cache=None):
        super(SoapPortalClient, self).__init__(
            madonvi, timeout=timeout, token=session,
            cache=cache if cache is not None else shared_cache(
                'soap', endpoint_url, username or '', madonvi or ''))
        self.username = username or ''
        self.password = password or ''
        transport = Transport(timeout=timeout, operation_timeout=timeout)
        # strict=False: tolerate a portal answering with extra or missing
        # optional elements rather than failing the whole sync;
        # xml_huge_tree: documents of online dossiers come as base64.
        self.client = Client(wsdl_path or WSDL_PATH, transport=transport,
                             settings=Settings(strict=False, xml_huge_tree=True))
        self.service = self.client.create_service(BINDING, endpoint_url)

    def can_login(self):
        return bool(self.username and self.password)

    def _invoke(self, operation, fields):
        try:
            answer = getattr(self.service, operation)(**fields)
        except (requests.RequestException, zeep_exceptions.Error) as exc:
            raise transport_failure(exc)
        return plain(serialize_object(answer, dict)) if answer is not None else {}

    def _send(self, operation, fields, token):
        return self._invoke(operation, dict(fields, session=token, madonvi=self.madonvi))

    def _login(self):
        answer = self._invoke(LOGIN_OPERATION, {
            'username': self.username, 'password': self.password, 'madonvi': self.madonvi})
        code = self._code(answer)
        if code != errors.OK or not answer.get('session'):
            raise LoginRefused(code or errors.MALFORMED, answer.get('message') or '')
        expires_at = None
        if answer.get('HetHan'):
            expires_at = calendar.timegm(mapping.parse_date(answer['HetHan']).timetuple())
        return answer['session'], expires_at
