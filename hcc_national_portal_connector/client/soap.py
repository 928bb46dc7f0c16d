"""SOAP transport to the National Public Service Portal, through zeep.

Every call returns (ok, error_code, message): ok is True only for
error_code "0". Transport trouble (connection refused, timeout, HTTP error,
SOAP fault) gives (False, None, text) so the outbox retries it later.
"""
import logging

import requests
from zeep import Client, Settings
from zeep.exceptions import Error as ZeepError
from zeep.transports import Transport

_logger = logging.getLogger(__name__)

OK = '0'
BINDING = '{urn:hcc:dvcqg:v1}DVCQGBinding'
# How the portal says a pushed dossier is already known. Public clients
# treat it by pushing again as an update; we do the same with isUpdating.
ALREADY_EXISTS_CODES = frozenset(['2'])
ALREADY_EXISTS_WORDS = ('da ton tai', 'đã tồn tại', 'already exist')


def already_exists(error_code, message):
    text = (message or '').lower()
    return error_code in ALREADY_EXISTS_CODES or any(w in text for w in ALREADY_EXISTS_WORDS)


class SoapPortalClient(object):

    def __init__(self, wsdl_path, endpoint_url, session, madonvi, timeout=30):
        transport = Transport(timeout=timeout, operation_timeout=timeout)
        # strict=False: tolerate a portal answering with extra or missing
        # optional elements rather than failing the whole sync.
        self.client = Client(wsdl_path, transport=transport, settings=Settings(strict=False))
        self.service = self.client.create_service(BINDING, endpoint_url)
        self.session = session or ''
        self.madonvi = madonvi or ''

    def _call(self, operation, **payload):
        try:
            answer = getattr(self.service, operation)(
                session=self.session, madonvi=self.madonvi, **payload)
        except (requests.RequestException, ZeepError) as exc:
            _logger.info("Portal %s failed: %s", operation, exc)
            return False, None, '%s: %s' % (type(exc).__name__, exc)
        code = answer['error_code'] if answer is not None else None
        code = None if code is None else str(code).strip()
        message = answer['message'] if answer is not None else None
        return code == OK, code, message or ''

    def push_dossier(self, payload):
        """DongBoHoSoMC for one dossier (a dict of national field names).

        "Already exists" is not a failure: the portal keeps the first push
        and wants later ones flagged as updates, so we push once more with
        isUpdating and report that answer.
        """
        ok, code, message = self._call('DongBoHoSoMC', HoSo=[payload])
        if not ok and code is not None and already_exists(code, message) \
                and not payload.get('isUpdating'):
            ok, code, message = self._call('DongBoHoSoMC', HoSo=[dict(payload, isUpdating=True)])
        return ok, code, message

    def push_progress(self, entries):
        """CapNhatTienDoHoSoMC for at most 10 processing log entries."""
        if len(entries) > 10:
            raise ValueError("CapNhatTienDoHoSoMC takes at most 10 entries per call")
        return self._call('CapNhatTienDoHoSoMC', TienDo=list(entries))

    def push_ratings(self, ratings):
        return self._call('DongBoDanhGia', DanhGia=list(ratings))

    def lookup_dossier(self, code):
        return self._call('TraCuuHoSo', MaHoSo=code)
