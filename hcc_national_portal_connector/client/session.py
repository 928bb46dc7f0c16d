"""The portal session (SOAP) or bearer token (JSON), cached until it expires.

One cache per (endpoint, user, unit) in the process, shared by every client
built for it: the outbox builds a client per run and must not log in each
time. A lock makes concurrent callers wait for one login instead of each
logging in.
"""
import threading
import time

# Renew a little before the portal's expiry: a call must not leave with a
# token that dies on the way.
EXPIRY_MARGIN = 30
DEFAULT_LIFETIME = 30 * 60  # when the portal does not say


class SessionCache(object):

    def __init__(self, clock=time.time):
        self._lock = threading.Lock()
        self._token = None
        self._expires_at = 0.0
        self._clock = clock
        self.logins = 0  # how many times a token was fetched (tests, monitoring)

    @property
    def expires_at(self):
        return self._expires_at

    def peek(self):
        """The cached token if still valid, else None; never logs in."""
        with self._lock:
            return self._valid_token()

    def _valid_token(self):
        if self._token and self._clock() < self._expires_at - EXPIRY_MARGIN:
            return self._token
        return None

    def get(self, login):
        """A valid token, calling `login()` -> (token, expires_at epoch or
        None) when there is none. Exceptions of `login` go to the caller."""
        with self._lock:
            token = self._valid_token()
            if token:
                return token
            token, expires_at = login()
            self.logins += 1
            self._token = token
            self._expires_at = expires_at or (self._clock() + DEFAULT_LIFETIME)
            return token

    def invalidate(self, token):
        """Forget `token` (the portal refused it). A newer token that another
        thread already fetched is kept."""
        with self._lock:
            if self._token == token:
                self._token = None
                self._expires_at = 0.0

    def clear(self):
        with self._lock:
            self._token = None
            self._expires_at = 0.0


_caches = {}
_caches_lock = threading.Lock()


def shared_cache(*key):
    """The process-wide cache for `key` (e.g. endpoint, username, madonvi)."""
    with _caches_lock:
        cache = _caches.get(key)
        if cache is None:
            cache = _caches[key] = SessionCache()
        return cache


def clear_all():
    with _caches_lock:
        _caches.clear()
