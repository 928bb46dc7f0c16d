"""JSON-over-HTTPS transport: the live national adapter as the province's
LGSP exposes it. Same operations, fields and codes as the SOAP contract.

- Token: OAuth2 client credentials (RFC 6749 section 4.4): POST token_url with
  grant_type=client_credentials, client id and secret in HTTP Basic auth;
  the answer {"access_token", "token_type": "Bearer", "expires_in"} is cached
  until it expires.
- Operation: POST <base_url>/<Operation> with the request fields as a JSON
  object (madonvi included, no session field) and "Authorization: Bearer
  <token>"; the answer is a JSON object with error_code, message and the
  response fields. HTTP 401 (token refused or expired) or error_code 1: a
  new token once, the call repeated once.
- Dates as in the contract (yyyyMMddHHmmss strings); base64Binary fields are
  base64 strings.
"""
import time

import requests

from . import errors
from .base import LoginRefused, PortalClient, plain
from .errors import TransportFailure
from .session import shared_cache


def _failure(exc):
    if isinstance(exc, requests.Timeout):
        return TransportFailure(errors.TIMEOUT, type(exc).__name__)
    if isinstance(exc, requests.ConnectionError):
        return TransportFailure(errors.UNREACHABLE, type(exc).__name__)
    return TransportFailure(errors.HTTP_ERROR, type(exc).__name__)


def _json(response):
    try:
        value = response.json()
    except ValueError:
        raise TransportFailure(errors.MALFORMED, 'HTTP %s, not JSON' % response.status_code)
    if not isinstance(value, dict):
        raise TransportFailure(errors.MALFORMED, 'HTTP %s, not a JSON object' % response.status_code)
    return value


class JsonPortalClient(PortalClient):

    def __init__(self, base_url, token_url, client_id, client_secret, madonvi, timeout=30,
                 scope=None, verify=True, cache=None):
        super(JsonPortalClient, self).__init__(
            madonvi, timeout=timeout,
            cache=cache if cache is not None else shared_cache(
                'json', token_url, client_id or '', madonvi or ''))
        self.base_url = base_url.rstrip('/')
        self.token_url = token_url
        self.client_id = client_id or ''
        self.client_secret = client_secret or ''
        self.scope = scope
        self.http = requests.Session()
        self.http.verify = verify

    def can_login(self):
        return bool(self.client_id and self.client_secret)

    def _login(self):
        data = {'grant_type': 'client_credentials'}
        if self.scope:
            data['scope'] = self.scope
        try:
            response = self.http.post(self.token_url, data=data, timeout=self.timeout,
                                      auth=(self.client_id, self.client_secret),
                                      headers={'Accept': 'application/json'})
        except requests.RequestException as exc:
            raise _failure(exc)
        if response.status_code in (400, 401):
            # RFC 6749 5.2: {"error": "invalid_client", ...}
            answer = _json(response)
            raise LoginRefused(errors.BAD_CREDENTIALS, answer.get('error') or 'invalid_client')
        if response.status_code != 200:
            raise TransportFailure(errors.HTTP_ERROR, 'HTTP %s' % response.status_code)
        answer = _json(response)
        if not answer.get('access_token'):
            raise TransportFailure(errors.MALFORMED, 'token answer without access_token')
        expires_in = answer.get('expires_in')
        return answer['access_token'], (time.time() + float(expires_in)) if expires_in else None

    def _send(self, operation, fields, token):
        body = dict(fields, madonvi=self.madonvi)
        try:
            response = self.http.post(
                '%s/%s' % (self.base_url, operation), json=body, timeout=self.timeout,
                headers={'Authorization': 'Bearer %s' % token, 'Accept': 'application/json'})
        except requests.RequestException as exc:
            raise _failure(exc)
        if response.status_code == 401:
            return {'error_code': errors.INVALID_SESSION,
                    'message': errors.PORTAL_CODES[errors.INVALID_SESSION][0]}
        if response.status_code != 200:
            try:
                answer = _json(response)
            except TransportFailure:
                raise TransportFailure(errors.HTTP_ERROR, 'HTTP %s' % response.status_code)
            if 'error_code' not in answer:
                raise TransportFailure(errors.HTTP_ERROR, 'HTTP %s' % response.status_code)
            return plain(answer)
        return plain(_json(response))
