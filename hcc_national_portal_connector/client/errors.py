"""Every answer code of the National Portal contract (wsdl/dvcqg.wsdl lists
the same ones in its documentation), and the codes the client itself gives
when no answer came back.

Portal codes are digit strings; client codes are words, so the two never
collide. A call's outcome is Result(ok, code, message, data).
"""
from collections import namedtuple

# -- codes the portal answers (error_code) ---------------------------------
OK = '0'
INVALID_SESSION = '1'
INVALID_DATA = '2'
ALREADY_EXISTS = '3'
NOT_FOUND = '4'
BAD_CREDENTIALS = '5'
TOO_MANY = '6'
NOT_ALLOWED = '7'
BUSY = '8'
INTERNAL = '9'

# code -> (the portal's message, what it means)
PORTAL_CODES = {
    OK: ('Thanh cong', 'ok'),
    INVALID_SESSION: ('Phien lam viec khong hop le hoac da het han',
                      'invalid or expired session: log in again and repeat the call'),
    INVALID_DATA: ('Du lieu khong hop le',
                   'the request breaks the schema or a rule (unknown MaTTHC, bad date...)'),
    ALREADY_EXISTS: ('Ho so da ton tai',
                     'the portal already has this MaHoSo: push it again with isUpdating'),
    NOT_FOUND: ('Khong tim thay', 'unknown dossier, procedure or code list'),
    BAD_CREDENTIALS: ('Sai ten dang nhap hoac mat khau', 'login refused'),
    TOO_MANY: ('Vuot qua so ban ghi cho phep trong mot lan goi',
               'more records than the per-call limit'),
    NOT_ALLOWED: ('Don vi khong duoc phep', "madonvi does not match the session's unit"),
    BUSY: ('He thong dang ban, vui long thu lai sau', 'throttled: retry later'),
    INTERNAL: ('Loi he thong', 'internal error of the portal: retry later'),
}

# -- codes the client gives when the portal did not answer properly --------
UNREACHABLE = 'unreachable'          # connection refused or closed
TIMEOUT = 'timeout'                  # no answer within the timeout
FAULT = 'fault'                      # a SOAP Fault instead of an answer
MALFORMED = 'malformed'              # an answer that is not the contract's
HTTP_ERROR = 'http_error'            # an HTTP error status without an answer
INVALID_REQUEST = 'invalid_request'  # our request broke the contract before leaving

CLIENT_CODES = {
    UNREACHABLE: 'the portal cannot be reached',
    TIMEOUT: 'the portal did not answer in time',
    FAULT: 'the portal answered with a SOAP Fault',
    MALFORMED: 'the portal answered something that is not the contract',
    HTTP_ERROR: 'the portal answered with an HTTP error',
    INVALID_REQUEST: 'the request does not follow the contract',
}

# Worth trying again later, unchanged. A timeout may hide a call the portal
# did take: DongBoHoSoMC then answers "already exists" and goes as an update.
RETRYABLE = frozenset([INVALID_SESSION, BUSY, INTERNAL, UNREACHABLE, TIMEOUT, FAULT,
                       MALFORMED, HTTP_ERROR])

# Portals in the field also say "already exists" in words only.
ALREADY_EXISTS_WORDS = ('da ton tai', 'đã tồn tại', 'already exist')


def is_retryable(code):
    return code in RETRYABLE


def already_exists(code, message=None):
    text = (message or '').lower()
    return code == ALREADY_EXISTS or (
        code not in (None, OK) and code not in CLIENT_CODES
        and any(word in text for word in ALREADY_EXISTS_WORDS))


def describe(code):
    """What a code means, in English, for the log and the outbox."""
    if code in PORTAL_CODES:
        return PORTAL_CODES[code][1]
    return CLIENT_CODES.get(code, 'unknown code %s' % code)


class Result(namedtuple('Result', 'ok code message data')):
    """The outcome of one operation: ok (bool), code (portal or client code),
    message (text, never personal data of ours), data (the answer's payload
    as plain dicts and lists in the portal's field names, or None)."""
    __slots__ = ()

    @property
    def retryable(self):
        return not self.ok and is_retryable(self.code)

    def legacy(self):
        """(ok, code, message): what the outbox records."""
        return self.ok, self.code, self.message


class TransportFailure(Exception):
    """No usable answer: `code` is one of CLIENT_CODES."""

    def __init__(self, code, detail=''):
        super(TransportFailure, self).__init__(code, detail)
        self.code = code
        self.detail = detail

    def __str__(self):
        return '%s: %s' % (self.code, self.detail) if self.detail else self.code
