import base64

from odoo import http
from odoo.exceptions import UserError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

from .common import MAX_ID, error_page, positive_id, rollback, text_param
from .filing import read_upload


class HccCustomerPortal(CustomerPortal):
    """'My dossiers': the dossiers the logged-in user filed (partner_id),
    within what the record rules let him read (citizens: their own)."""

    def _hcc_my_dossier_domain(self):
        return [('partner_id', 'child_of', [request.env.user.commercial_partner_id.id])]

    def _hcc_can_read_dossiers(self):
        # an internal user without a one-stop group has no right on dossiers:
        # /my must still work for him
        return request.env['hcc.dossier'].check_access_rights('read', raise_exception=False)

    def _prepare_portal_layout_values(self):
        values = super(HccCustomerPortal, self)._prepare_portal_layout_values()
        values['dossier_count'] = request.env['hcc.dossier'].search_count(
            self._hcc_my_dossier_domain()) if self._hcc_can_read_dossiers() else 0
        return values

    @http.route(['/my/dossiers', '/my/dossiers/page/<int:page>'], type='http', auth='user',
                website=True)
    def portal_my_dossiers(self, page=1, **kw):
        Dossier = request.env['hcc.dossier']
        page = min(positive_id(page) or 1, MAX_ID // self._items_per_page)
        values = self._prepare_portal_layout_values()
        domain = self._hcc_my_dossier_domain()
        total = Dossier.search_count(domain) if self._hcc_can_read_dossiers() else 0
        pager = portal_pager(url='/my/dossiers', total=total, page=page, step=self._items_per_page)
        dossiers = Dossier.search(domain, order='received_at desc, id desc',
                                  limit=self._items_per_page,
                                  offset=pager['offset']) if total else Dossier.browse()
        # the search obeyed the record rules; what is shown of each dossier
        # (procedure name, the forms he may print...) is read without the
        # citizen's model rights
        values.update({'dossiers': dossiers.sudo(), 'pager': pager, 'page_name': 'dossier',
                       'default_url': '/my/dossiers'})
        return request.render('hcc_one_stop.portal_my_dossiers', values)

    def _hcc_own_dossier(self, dossier_id):
        """The user's own dossier `dossier_id`, found as the user (the record
        rules decide), or None: someone else's and a missing one alike."""
        dossier_id = positive_id(dossier_id)
        if not dossier_id or not self._hcc_can_read_dossiers():
            return None
        dossier = request.env['hcc.dossier'].search(
            self._hcc_my_dossier_domain() + [('id', '=', dossier_id)])
        return dossier or None

    @http.route(['/my/dossiers/<int:dossier_id>'], type='http', auth='user', website=True)
    def portal_my_dossier(self, dossier_id, filed=None, error=None, done=None, **kw):
        dossier = self._hcc_own_dossier(dossier_id)
        if not dossier:
            return error_page(404)
        return self._hcc_render_dossier(dossier, filed=filed == '1',
                                        done=done if done in ('supplement', 'withdrawal') else None)

    def _hcc_render_dossier(self, dossier, errors=None, filed=False, done=None):
        values = self._prepare_portal_layout_values()
        # found as the user above; what is shown of it is read as superuser
        public = dossier.sudo()
        values.update({'dossier': public, 'progress': public._public_progress(),
                       'forms': public._citizen_forms(),
                       'lookup_url': public._public_lookup_url(), 'page_name': 'dossier',
                       'filed': filed, 'done': done, 'errors': errors or [],
                       'supplement_lines': public._hcc_supplement_lines(),
                       'files': public._hcc_citizen_attachments(),
                       'messages': public._hcc_public_messages(),
                       'max_mb': public._hcc_upload_limit() // (1024 * 1024)})
        return request.render('hcc_one_stop.portal_my_dossier', values)

    @http.route(['/my/dossiers/<int:dossier_id>/bo-sung'], type='http', auth='user',
                methods=['GET', 'POST'], website=True, sitemap=False)
    def portal_supplement(self, dossier_id, **post):
        """Upload the missing documents of a supplement request."""
        dossier = self._hcc_own_dossier(dossier_id)
        if not dossier:
            return error_page(404)
        if request.httprequest.method != 'POST':
            return request.redirect('/my/dossiers/%d' % dossier.id)
        public = dossier.sudo()
        limit = public._hcc_upload_limit()
        files = {}
        for line in public._hcc_supplement_lines():
            upload = read_upload('doc_%d' % line.id, limit)
            if upload:
                files[line.id] = upload
        try:
            # the citizen may not write on his dossier: the upload is checked
            # and stored by one private method, as superuser
            public._hcc_upload_supplement(files, request.env.user)
        except UserError as exc:
            rollback()
            return self._hcc_render_dossier(dossier, errors=exc.name.split('\n'))
        return request.redirect('/my/dossiers/%d?done=supplement' % dossier.id)

    @http.route(['/my/dossiers/<int:dossier_id>/rut-ho-so'], type='http', auth='user',
                methods=['GET', 'POST'], website=True, sitemap=False)
    def portal_withdrawal(self, dossier_id, reason=None, **post):
        """Ask the centre to withdraw the dossier (the desk confirms it)."""
        dossier = self._hcc_own_dossier(dossier_id)
        if not dossier:
            return error_page(404)
        if request.httprequest.method != 'POST':
            return request.redirect('/my/dossiers/%d' % dossier.id)
        try:
            dossier.sudo()._hcc_request_withdrawal(text_param(reason, 2000), request.env.user)
        except UserError as exc:
            rollback()
            return self._hcc_render_dossier(dossier, errors=[exc.name])
        return request.redirect('/my/dossiers/%d?done=withdrawal' % dossier.id)

    @http.route(['/my/dossiers/<int:dossier_id>/tep/<int:attachment_id>'], type='http',
                auth='user', website=True, sitemap=False)
    def portal_file(self, dossier_id, attachment_id, **kw):
        """A file of the user's own dossier: his uploads and the results."""
        dossier = self._hcc_own_dossier(dossier_id)
        attachment_id = positive_id(attachment_id)
        if not dossier or not attachment_id:
            return error_page(404)
        attachment = dossier.sudo()._hcc_citizen_attachments().filtered(
            lambda a: a.id == attachment_id)
        if not attachment:
            return error_page(404)
        return request.make_response(base64.b64decode(attachment.datas or b''), headers=[
            ('Content-Type', attachment.mimetype or 'application/octet-stream'),
            ('Content-Disposition', content_disposition(attachment.datas_fname
                                                        or attachment.name or 'tep')),
            ('X-Content-Type-Options', 'nosniff')])
