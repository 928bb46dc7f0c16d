"""What every page of ours shares: the Vietnamese error pages (instead of
Odoo's 500) and defensive parsing of what a client sends."""
from odoo import _
from odoo.http import request

# PostgreSQL integer ids
MAX_ID = 2 ** 31 - 1


def text_param(value, max_length):
    """A request value as stripped text, or '' for anything else (files,
    null bytes, over-long values are refused rather than cut)."""
    if not isinstance(value, str) or '\x00' in value or len(value) > max_length:
        return ''
    return value.strip()


def positive_id(value):
    """An id from the URL or the query: an int in 1..MAX_ID, else None."""
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit() or len(value) > 10:
            return None
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        return None
    return value


def client_ip():
    """The client's address (behind a proxy only when Odoo runs with
    proxy_mode, which rewrites it from X-Forwarded-For)."""
    return (request.httprequest.remote_addr or '')[:64] or 'unknown'


def _messages():
    return {
        403: (_('Access denied'),
              _('You are not allowed to see this page or document.')),
        404: (_('Not found'),
              _('The page or document you asked for does not exist or is not yours to see.')),
        429: (_('Too many attempts'),
              _('There were too many unsuccessful lookups from your connection. Please wait '
                'a few minutes and try again, or scan the QR code on your receipt.')),
    }


def error_page(status, message=None):
    """Our Vietnamese error page (website layout) with `status`."""
    title, default = _messages().get(status, _messages()[404])
    values = {'status': status, 'title': title, 'message': message or default}
    if not getattr(request, 'website', None):
        # a route without the website layout: plain text, still Vietnamese
        return request.make_response('%s: %s' % (title, values['message']), status=status,
                                     headers=[('Content-Type', 'text/plain; charset=utf-8')])
    return request.render('hcc_one_stop.portal_error', values, status=status)


def rollback():
    """Forget what a failed request did before we render its error page (a
    failed SQL statement would make every later query fail)."""
    request.env.cr.rollback()
    request.env.clear()
