"""What every SMS transport promises, whatever its wire format.

A transport is a plain object with

    send(phone_84, text, request_id, unicode_text=False) -> SendResult
    close()                       (releases a kept connection; may do nothing)

`send` never raises for wire or provider trouble; it classifies instead:

- SENT: the provider took the SMS; `provider_ref` is its message id, the key
  of later delivery reports.
- RETRY: temporary (timeout, HTTP 5xx, throttling, network, a garbled
  answer): the same SMS may be tried again later, or on another gateway.
- FAILED: permanent (bad credentials, brandname or number, template
  refused): retrying cannot help until someone fixes the configuration.

`code` is the provider's or carrier's own code (a string), `error` a readable
reason in English. Neither may carry personal data: they end up in records
and, as ids and codes only, in logs. `parts` is the number of SMS the text
cost on the wire; `refs` the provider's ids of every part when it gives one
per part (SMPP), else empty.

Delivery reports come back as DeliveryReport(provider_ref, status, code,
reason) with status DELIVERED or UNDELIVERED, or PENDING for an
intermediate state (accepted, en route) that changes nothing yet.
"""
import collections
import re

SENT = 'sent'
RETRY = 'retry'
FAILED = 'failed'

DELIVERED = 'delivered'
UNDELIVERED = 'failed'
PENDING = 'pending'

SendResult = collections.namedtuple('SendResult', 'status provider_ref error code parts refs')
# Callers written for the first transport build SendResult with four values.
SendResult.__new__.__defaults__ = (1, ())

DeliveryReport = collections.namedtuple('DeliveryReport', 'provider_ref status code reason')

PHONE_RE = re.compile(r'^84\d{9,10}$')
BRANDNAME_RE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9 ._-]*$')


class GatewayConfigError(ValueError):
    """The gateway cannot be used as configured."""


class ReportFormatError(ValueError):
    """A delivery report we cannot read (the callback controller answers 400)."""


def validate_brandname(brandname):
    """A registered sender name: 1 to 11 ASCII letters, digits, space . _ -"""
    if not brandname or len(brandname) > 11 or not BRANDNAME_RE.match(brandname):
        raise GatewayConfigError(
            "Brandname %r is invalid: 1 to 11 characters among letters, digits, "
            "space, '.', '_' and '-'" % (brandname,))
    return brandname


def valid_phone(phone):
    """True for the international form the gateways take: 84 and 9-10 digits."""
    return bool(phone) and bool(PHONE_RE.match(phone))


_LONG_NUMBER = re.compile(r'\+?\d[\d ]{7,}\d')


def scrub(text, limit=200):
    """A provider's own words, cut short and without long digit runs: some
    gateways quote the subscriber's number in their error messages."""
    return _LONG_NUMBER.sub('<number>', str(text or ''))[:limit]


def bad_phone_result():
    # the number itself stays out of the reason: reasons reach logs and screens
    return SendResult(FAILED, None, "invalid phone number (84 and 9 or 10 digits expected)",
                      None, 0)
