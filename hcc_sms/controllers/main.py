"""Delivery reports of the JSON gateways (eSMS / SpeedSMS style), POSTed by
the provider to /hcc_sms/delivery/<gateway id>.

Answers: 200 recorded (a repeated report too: it changes nothing), 403 bad
or missing signature (HMAC with the gateway's callback secret), 400 a body
that is not a report, 404 unknown gateway or no known message; never 500
(a provider retries 5xx, and a traceback must not leak): anything
unexpected is 503, try again later.
"""
import json
import logging

from odoo import SUPERUSER_ID, api, http
from odoo.http import Response, request

from ..gateways import base, json_http

_logger = logging.getLogger(__name__)

CALLBACK_PREFIX = '/hcc_sms/delivery/'

# Odoo 11 turns any application/json request into a JSON-RPC call (its
# answer always 200, its body an RPC envelope), and a type='http' route
# refuses it. Providers POST plain JSON and read our status code, and the
# signature covers the raw bytes: requests to the callback path are plain
# HTTP requests here (as OCA base_rest does for its REST paths).
_get_request = http.Root.get_request


def _get_request_plain_for_callbacks(self, httprequest):
    if httprequest.path.startswith(CALLBACK_PREFIX):
        return http.HttpRequest(httprequest)
    return _get_request(self, httprequest)


if not getattr(http.Root.get_request, '_hcc_sms', False):
    _get_request_plain_for_callbacks._hcc_sms = True
    http.Root.get_request = _get_request_plain_for_callbacks


def _answer(status, **data):
    return Response(json.dumps(dict(data, status=status)), status=status,
                    content_type='application/json')


class SmsDeliveryController(http.Controller):

    @http.route('/hcc_sms/delivery/<int:gateway_id>', type='http', auth='public',
                methods=['POST'], csrf=False, save_session=False)
    def delivery_report(self, gateway_id, **_kw):
        body = request.httprequest.get_data(cache=False)
        try:
            env = api.Environment(request.cr, SUPERUSER_ID, {})
            status, data = handle_delivery_report(env, gateway_id,
                                                  request.httprequest.headers, body)
        except Exception as exc:  # noqa: B902 - never a 500 with a traceback
            _logger.warning("SMS delivery report for gateway %s not processed: %s",
                            gateway_id, type(exc).__name__)
            request.cr.rollback()
            status, data = 503, {'error': 'try again later'}
        return _answer(status, **data)


def handle_delivery_report(env, gateway_id, headers, body):
    """(HTTP status, JSON data) for a delivery report POSTed for
    `gateway_id` with `headers` and the raw `body` (bytes)."""
    gateway = env['hcc.sms.gateway'].browse(gateway_id).exists()
    if not gateway or not gateway.active or gateway.provider == 'smpp':
        return 404, {'error': 'unknown gateway'}
    if not json_http.verify_callback(gateway.callback_secret, headers, body):
        _logger.info("SMS delivery report for gateway %s: bad signature", gateway.id)
        return 403, {'error': 'bad signature'}
    try:
        reports = json_http.parse_callback(body)
    except base.ReportFormatError as exc:
        return 400, {'error': str(exc)}
    known = changed = 0
    Message = env['hcc.sms.message']
    for report in reports:
        message = Message.search([('gateway_id', '=', gateway.id),
                                  ('provider_ref', '=', report.provider_ref)], limit=1)
        if not message:
            continue
        known += 1
        changed += bool(message._apply_report(report))
    if not known:
        return 404, {'error': 'unknown message'}
    return 200, {'known': known, 'changed': changed, 'unknown': len(reports) - known}
