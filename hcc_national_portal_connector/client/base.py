"""What both transports (SOAP through zeep, JSON through the LGSP) share:
one method per portal operation, the session renewed once on expiry, the
answer as Result(ok, code, message, data) in the portal's field names.

A transport implements _login() and _send(); client.mapping turns local
values into the payloads these methods take and their data back into local
values.
"""
import logging
import time

from . import errors
from .errors import Result, TransportFailure
from .session import SessionCache

_logger = logging.getLogger(__name__)

# Per-call limits of the contract (maxOccurs in wsdl/dvcqg.wsdl).
MAX_DOSSIERS_PER_CALL = 50
MAX_PROGRESS_PER_CALL = 10
MAX_RATINGS_PER_CALL = 50
MAX_ACKS_PER_CALL = 100
MAX_CATALOGUE_PAGE = 500
MAX_ONLINE_PAGE = 100

LOGIN_OPERATION = 'LayPhienLamViec'


class LoginRefused(Exception):
    def __init__(self, code, message):
        super(LoginRefused, self).__init__(code, message)
        self.code = code
        self.message = message


def plain(value):
    """Plain dicts, lists and scalars; absent values (None, empty lists)
    dropped so both transports give the same data."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            item = plain(item)
            if item is None or item == []:
                continue
            out[key] = item
        return out
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value if item is not None]
    if type(value).__name__ == 'Decimal':
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _check_count(items, limit, what):
    items = list(items)
    if not 1 <= len(items) <= limit:
        raise ValueError("%s takes 1 to %d records per call, not %d" % (what, limit, len(items)))
    return items


class PortalClient(object):
    """Subclasses: _login() -> (token, expires_at epoch or None), raising
    LoginRefused or TransportFailure; _send(operation, fields, token) -> the
    answer as a plain dict, raising TransportFailure."""

    def __init__(self, madonvi, timeout=30, token=None, cache=None):
        self.madonvi = madonvi or ''
        self.timeout = timeout
        # a token given once (configured by hand) cannot be renewed
        self.static_token = token or None
        self.cache = cache if cache is not None else SessionCache()
        # observer(operation, request fields, Result, duration in ms): the
        # exchange log of the addon; called once per call, never raises into
        # the call
        self.observer = None

    # -- hooks ---------------------------------------------------------------
    def can_login(self):
        return False

    def _login(self):
        raise NotImplementedError

    def _send(self, operation, fields, token):
        raise NotImplementedError

    # -- session -------------------------------------------------------------
    def _token(self):
        if not self.can_login():
            return self.static_token or ''
        return self.cache.get(self._observed_login)

    def _observed_login(self):
        """_login() as the session cache calls it, in the exchange log."""
        started = time.time()
        try:
            answer = self._login()
        except LoginRefused as exc:
            self._observe(LOGIN_OPERATION, {}, started, Result(False, exc.code, exc.message, None))
            raise
        except TransportFailure as exc:
            self._observe(LOGIN_OPERATION, {}, started, Result(False, exc.code, str(exc), None))
            raise
        self._observe(LOGIN_OPERATION, {}, started, Result(True, errors.OK, '', None))
        return answer

    def login(self):
        """A fresh session (the "test connection" button): data has
        'expires_at' (epoch seconds); the token itself stays in the cache."""
        started = time.time()
        if not self.can_login():
            return Result(False, errors.BAD_CREDENTIALS, 'No credentials configured', None)
        self.cache.clear()
        try:
            self.cache.get(self._login)
        except LoginRefused as exc:
            result = Result(False, exc.code, exc.message, None)
        except TransportFailure as exc:
            result = Result(False, exc.code, str(exc), None)
        else:
            result = Result(True, errors.OK, errors.PORTAL_CODES[errors.OK][0],
                            {'expires_at': self.cache.expires_at})
        # the credentials are not part of what the exchange log hashes
        return self._observe(LOGIN_OPERATION, {}, started,
                             self._done(LOGIN_OPERATION, started, result))

    # -- one call ------------------------------------------------------------
    def call(self, operation, **fields):
        """One operation; an expired session is renewed once and the call
        repeated once."""
        started = time.time()
        fields = dict((k, v) for k, v in fields.items() if v is not None)
        return self._observe(operation, fields, started, self._call(operation, fields, started))

    def _observe(self, operation, fields, started, result):
        if self.observer is not None:
            try:
                self.observer(operation, fields, result, (time.time() - started) * 1000.0)
            except Exception:  # noqa: B902 - the log must never break a call
                _logger.warning("Portal exchange observer failed for %s", operation, exc_info=True)
        return result

    def _call(self, operation, fields, started):
        try:
            token = self._token()
            answer = self._send(operation, fields, token)
            if self._code(answer) == errors.INVALID_SESSION and self.can_login():
                self.cache.invalidate(token)
                token = self._token()
                answer = self._send(operation, fields, token)
        except LoginRefused as exc:
            return self._done(operation, started, Result(False, exc.code, exc.message, None))
        except TransportFailure as exc:
            return self._done(operation, started, Result(False, exc.code, str(exc), None))
        code = self._code(answer)
        if code is None:
            return self._done(operation, started, Result(
                False, errors.MALFORMED, 'malformed: answer without error_code', None))
        data = dict((k, v) for k, v in answer.items() if k not in ('error_code', 'message'))
        return self._done(operation, started, Result(
            code == errors.OK, code, answer.get('message') or '', data))

    @staticmethod
    def _code(answer):
        code = answer.get('error_code') if isinstance(answer, dict) else None
        return None if code is None else str(code).strip()

    @staticmethod
    def _done(operation, started, result):
        # codes and timings only: messages and payloads may carry personal data
        if result.ok:
            _logger.debug("Portal %s ok in %.0f ms", operation, (time.time() - started) * 1000)
        else:
            _logger.info("Portal %s failed: code %s (%s) in %.0f ms", operation, result.code,
                         errors.describe(result.code), (time.time() - started) * 1000)
        return result

    # -- the operations ------------------------------------------------------
    def list_procedures(self, page=1, page_size=100, sector_code=None):
        """LayDanhSachTTHC: data {'TongSoBanGhi', 'TrangHienTai', 'ThuTuc': [...]}."""
        if not 1 <= page_size <= MAX_CATALOGUE_PAGE:
            raise ValueError("A catalogue page holds 1 to %d procedures" % MAX_CATALOGUE_PAGE)
        result = self.call('LayDanhSachTTHC', MaLinhVuc=sector_code, TrangHienTai=page,
                           SoBanGhi=page_size)
        if result.ok:
            result.data.setdefault('ThuTuc', [])
        return result

    def fetch_catalogue(self, page_size=100, sector_code=None, max_pages=1000):
        """Every page of LayDanhSachTTHC: data {'TongSoBanGhi', 'ThuTuc': all}."""
        items, total = [], None
        for page in range(1, max_pages + 1):
            result = self.list_procedures(page, page_size, sector_code)
            if not result.ok:
                return result
            batch = result.data.get('ThuTuc', [])
            items.extend(batch)
            total = result.data.get('TongSoBanGhi', total)
            if not batch or len(batch) < page_size or (total is not None and len(items) >= total):
                break
        return Result(True, errors.OK, '', {'TongSoBanGhi': len(items) if total is None else total,
                                            'ThuTuc': items})

    def get_procedure(self, code):
        """LayThuTuc: data is the ThuTuc dict."""
        result = self.call('LayThuTuc', MaTTHC=code)
        return result._replace(data=result.data.get('ThuTuc')) if result.ok else result

    def list_codes(self, kind):
        """LayDanhMuc: data is the list of {'Ma', 'Ten', 'MaCha'}."""
        result = self.call('LayDanhMuc', LoaiDanhMuc=kind)
        return result._replace(data=result.data.get('DanhMuc', [])) if result.ok else result

    def sync_dossiers(self, payloads):
        """DongBoHoSoMC. Dossiers the portal already has ("already exists")
        are pushed once more as updates (isUpdating). data: one
        {'MaHoSo', 'error_code', 'message'} per dossier; ok when all went."""
        payloads = _check_count(payloads, MAX_DOSSIERS_PER_CALL, 'DongBoHoSoMC')
        results = self._sync_dossiers_once(payloads)
        if isinstance(results, Result):
            return results
        again = [p for p in payloads if not p.get('isUpdating')
                 and errors.already_exists(results[p['MaHoSo']]['error_code'],
                                           results[p['MaHoSo']].get('message'))]
        if again:
            second = self._sync_dossiers_once([dict(p, isUpdating=True) for p in again])
            if isinstance(second, Result):
                return second
            results.update(second)
        items = [results[p['MaHoSo']] for p in payloads]
        failed = [item for item in items if item['error_code'] != errors.OK]
        if failed:
            return Result(False, failed[0]['error_code'], failed[0].get('message', ''), items)
        return Result(True, errors.OK, items[-1].get('message', ''), items)

    def _sync_dossiers_once(self, payloads):
        """{MaHoSo: item result}, or a Result when the whole call failed."""
        result = self.call('DongBoHoSoMC', HoSo=payloads)
        if result.code is None or result.code in errors.CLIENT_CODES:
            return result
        items = dict((item['MaHoSo'], dict(item, error_code=str(item.get('error_code'))))
                     for item in (result.data or {}).get('KetQua', []))
        if not items and len(payloads) == 1:
            # a portal that answers for the call only
            items = {payloads[0]['MaHoSo']: {'MaHoSo': payloads[0]['MaHoSo'],
                                             'error_code': result.code,
                                             'message': result.message}}
        if any(p['MaHoSo'] not in items for p in payloads):
            if result.ok:
                return Result(False, errors.MALFORMED, 'malformed: a dossier without KetQua', None)
            return result._replace(data=None)
        return items

    def push_dossier(self, payload):
        """One dossier, as the outbox records it: (ok, code, message)."""
        return self.sync_dossiers([payload]).legacy()

    def sync_progress(self, entries):
        """CapNhatTienDoHoSoMC with at most 10 entries."""
        entries = _check_count(entries, MAX_PROGRESS_PER_CALL, 'CapNhatTienDoHoSoMC')
        return self.call('CapNhatTienDoHoSoMC', TienDo=entries)

    def push_progress(self, entries):
        """As the outbox records it: (ok, code, message)."""
        return self.sync_progress(entries).legacy()

    def lookup_dossier(self, code):
        """TraCuuHoSo: data {'HoSo': {...}, 'TienDo': [...]}."""
        result = self.call('TraCuuHoSo', MaHoSo=code)
        if result.ok:
            result.data.setdefault('TienDo', [])
        return result

    def sync_ratings(self, ratings):
        """DongBoDanhGia with at most 50 ratings."""
        ratings = _check_count(ratings, MAX_RATINGS_PER_CALL, 'DongBoDanhGia')
        return self.call('DongBoDanhGia', DanhGia=ratings)

    def fetch_online_dossiers(self, limit=20):
        """LayDanhSachHoSoMoi: data is the list of dossiers filed online and
        not yet acknowledged (HoSoTrucTuyen dicts)."""
        if not 1 <= limit <= MAX_ONLINE_PAGE:
            raise ValueError("LayDanhSachHoSoMoi returns 1 to %d dossiers per call" % MAX_ONLINE_PAGE)
        result = self.call('LayDanhSachHoSoMoi', SoBanGhi=limit)
        return result._replace(data=result.data.get('HoSo', [])) if result.ok else result

    def acknowledge_online_dossiers(self, acks):
        """XacNhanHoSoMoi: dossiers taken in (KetQua 1) or refused (2)."""
        acks = _check_count(acks, MAX_ACKS_PER_CALL, 'XacNhanHoSoMoi')
        return self.call('XacNhanHoSoMoi', XacNhan=acks)
