"""The centre's public website: the procedure catalogue (search with or
without diacritics, by sector, agency, level and online level), each
procedure's page, and its blank forms to download."""
import base64

from odoo import http
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from .common import error_page, positive_id, text_param

PER_PAGE = 20
LEVELS = ('province', 'district', 'commune')
ONLINE_LEVELS = ('none', 'partial', 'full')


class HccWebsite(http.Controller):

    @http.route(['/thu-tuc', '/thu-tuc/page/<int:page>'], type='http', auth='public',
                website=True)
    def catalogue(self, page=1, q=None, sector=None, agency=None, level=None, online=None,
                  **kw):
        # the catalogue is public: read as superuser, within _website_domain
        Procedure = request.env['hcc.procedure'].sudo()
        words = text_param(q, 200)
        sector_id, agency_id = positive_id(sector), positive_id(agency)
        level = level if level in LEVELS else None
        online = online if online in ONLINE_LEVELS else None
        domain = Procedure._website_search_domain(words, sector_id, agency_id, level, online)
        total = Procedure.search_count(domain)
        page = min(positive_id(page) or 1, max(1, (total + PER_PAGE - 1) // PER_PAGE))
        args = dict((k, v) for k, v in (('q', words), ('sector', sector_id),
                                        ('agency', agency_id), ('level', level),
                                        ('online', online)) if v)
        pager = portal_pager(url='/thu-tuc', url_args=args, total=total, page=page,
                             step=PER_PAGE)
        procedures = Procedure.search(domain, limit=PER_PAGE, offset=pager['offset'],
                                      order='popularity desc, name, id')
        values = {
            'procedures': procedures, 'pager': pager, 'total': total, 'q': words,
            'sector_id': sector_id, 'agency_id': agency_id, 'level': level, 'online': online,
            'sectors': request.env['hcc.sector'].sudo().search([]),
            'agencies': request.env['hcc.agency'].sudo().search([('is_external', '=', False)]),
            'levels': Procedure._fields['level']._description_selection(request.env),
            'online_levels': Procedure._fields['online_level']._description_selection(
                request.env),
        }
        return request.render('hcc_one_stop.website_catalogue', values)

    @staticmethod
    def _published(procedure_id):
        procedure_id = positive_id(procedure_id)
        if not procedure_id:
            return None
        Procedure = request.env['hcc.procedure'].sudo()
        procedure = Procedure.search(Procedure._website_domain() + [('id', '=', procedure_id)])
        return procedure or None

    @http.route(['/thu-tuc/<int:procedure_id>'], type='http', auth='public', website=True)
    def procedure(self, procedure_id, **kw):
        procedure = self._published(procedure_id)
        if not procedure:
            return error_page(404)
        centre = request.env['hcc.centre'].sudo().search([], limit=1)
        return request.render('hcc_one_stop.website_procedure', {
            'procedure': procedure, 'centre': centre,
            'legal_unit': dict(procedure._fields['legal_unit']._description_selection(
                request.env)).get(procedure.legal_unit),
            'main_object': procedure,
        })

    @http.route(['/thu-tuc/<int:procedure_id>/mau/<int:document_id>'], type='http',
                auth='public', website=True, sitemap=False)
    def blank_form(self, procedure_id, document_id, **kw):
        procedure = self._published(procedure_id)
        document_id = positive_id(document_id)
        doc = procedure and procedure.document_ids.filtered(lambda d: d.id == document_id)
        if not doc or not doc.blank_form:
            return error_page(404)
        data = base64.b64decode(doc.blank_form)
        name = doc.blank_form_name or 'mau-don'
        return request.make_response(data, headers=[
            ('Content-Type', 'application/octet-stream'),
            ('Content-Disposition', content_disposition(name)),
            ('X-Content-Type-Options', 'nosniff')])
