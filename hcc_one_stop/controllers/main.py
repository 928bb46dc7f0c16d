import logging
import re

from odoo import _, http
from odoo.http import request

_logger = logging.getLogger(__name__)

CODE_RE = re.compile(r'^[A-Za-z0-9.\-_/]{4,64}$')


class HccLookup(http.Controller):
    """Public dossier lookup (tra cứu hồ sơ): the address printed as a QR
    code on every slip. Shows progress, never the applicant's details."""

    @http.route(['/tra-cuu-ho-so', '/dossier/lookup'], type='http', auth='public',
                website=True, sitemap=False)
    def lookup(self, code=None, **kw):
        values = {'code': (code or '').strip()[:64], 'dossier': None, 'error': None}
        if values['code']:
            if not CODE_RE.match(values['code']):
                values['error'] = _('A dossier code has letters, digits, dots and dashes only, '
                                    'e.g. 000.00.15.H64-260213-0001.')
            else:
                dossier = request.env['hcc.dossier'].sudo().search(
                    [('name', '=', values['code'])], limit=1)
                if dossier:
                    values['dossier'] = dossier.sudo()._public_progress()
                else:
                    values['error'] = _('No dossier has the code %s. Check the code on your '
                                        'receipt.') % values['code']
        return request.render('hcc_one_stop.portal_dossier_lookup', values)
