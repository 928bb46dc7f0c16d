import re

from odoo import _, http
from odoo.http import request

from ..models.hcc_dossier_report import FACTOR_DIGITS
from .common import client_ip, error_page, text_param

CODE_RE = re.compile(r'^[A-Za-z0-9.\-_/]{4,64}$')
FACTOR_RE = re.compile(r'^[0-9]{%d}$' % FACTOR_DIGITS)


class HccLookup(http.Controller):
    """Public dossier lookup (tra cứu hồ sơ): the address printed as a QR
    code on every slip. Shows progress, never the applicant's details.

    Codes are sequential, so a code alone opens nothing: the QR code and the
    SMS carry a signed token (?t=), a code typed by hand needs the last
    digits of the applicant's phone or ID number, and failed attempts are
    limited per client address."""

    @http.route(['/tra-cuu-ho-so', '/dossier/lookup'], type='http', auth='public',
                methods=['GET', 'POST'], website=True, sitemap=False)
    def lookup(self, code=None, factor=None, t=None, **kw):
        code = text_param(code, 64)
        values = {'code': code if CODE_RE.match(code) else '', 'dossier': None, 'error': None,
                  'factor_digits': FACTOR_DIGITS}
        Attempt = request.env['hcc.lookup.attempt'].sudo()
        Dossier = request.env['hcc.dossier'].sudo()
        ip = client_ip()
        token = text_param(t, 64)
        if token or t:
            dossier = Dossier._from_lookup_token(token)
            if not dossier:
                if Attempt._is_blocked(ip):
                    return error_page(429)
                Attempt._record_failure(ip)
                values['error'] = _('This lookup link is not valid. Check that it was copied '
                                    'whole, or look the dossier up with its code.')
        elif request.httprequest.method == 'POST':
            factor = re.sub(r'\s', '', text_param(factor, 32))
            dossier = Dossier.browse()
            if not CODE_RE.match(code):
                values['error'] = _('A dossier code has letters, digits, dots and dashes only, '
                                    'e.g. 000.00.15.H64-260213-0001.')
            elif not FACTOR_RE.match(factor):
                values['error'] = _('Enter the last %d digits of the phone number or of the '
                                    'citizen ID number given when the dossier was '
                                    'filed.') % FACTOR_DIGITS
            elif Attempt._is_blocked(ip):
                return error_page(429)
            else:
                dossier = Dossier._from_code_and_factor(code, factor)
                if not dossier:
                    Attempt._record_failure(ip)
                    # one answer for an unknown code and a wrong factor
                    values['error'] = _('No dossier matches this code and these digits. Check '
                                        'the code on your receipt and the last digits of the '
                                        'phone number or ID number you gave.')
        else:
            dossier = Dossier.browse()
        if dossier:
            values['dossier'] = dossier._public_progress()
            values['code'] = dossier.name
        return request.render('hcc_one_stop.portal_dossier_lookup', values)
