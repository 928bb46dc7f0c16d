from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager


class HccCustomerPortal(CustomerPortal):
    """'My dossiers' for citizens with a portal account: record rules limit
    them to their own dossiers (partner_id)."""

    def _prepare_portal_layout_values(self):
        values = super(HccCustomerPortal, self)._prepare_portal_layout_values()
        values['dossier_count'] = request.env['hcc.dossier'].search_count([])
        return values

    @http.route(['/my/dossiers', '/my/dossiers/page/<int:page>'], type='http', auth='user',
                website=True)
    def portal_my_dossiers(self, page=1, **kw):
        Dossier = request.env['hcc.dossier']
        values = self._prepare_portal_layout_values()
        total = Dossier.search_count([])
        pager = portal_pager(url='/my/dossiers', total=total, page=page, step=self._items_per_page)
        dossiers = Dossier.search([], order='received_at desc, id desc',
                                  limit=self._items_per_page, offset=pager['offset'])
        # the search obeyed the record rules; what is shown of each dossier
        # (procedure name...) is read without the citizen's model rights
        values.update({'dossiers': dossiers.sudo(), 'pager': pager, 'page_name': 'dossier',
                       'default_url': '/my/dossiers'})
        return request.render('hcc_one_stop.portal_my_dossiers', values)

    @http.route(['/my/dossiers/<int:dossier_id>'], type='http', auth='user', website=True)
    def portal_my_dossier(self, dossier_id, **kw):
        dossier = request.env['hcc.dossier'].browse(dossier_id)
        try:
            dossier.check_access_rights('read')
            dossier.check_access_rule('read')
            dossier.name  # raises MissingError for a deleted record
        except (AccessError, MissingError):
            return request.redirect('/my/dossiers')
        values = self._prepare_portal_layout_values()
        values.update({'dossier': dossier, 'progress': dossier.sudo()._public_progress(),
                       'page_name': 'dossier'})
        return request.render('hcc_one_stop.portal_my_dossier', values)
