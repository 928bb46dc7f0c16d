"""Online filing (nộp hồ sơ trực tuyến) by a citizen with an account."""
import logging

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from .common import error_page, positive_id, rollback, text_param
from .website import HccWebsite

_logger = logging.getLogger(__name__)

APPLICANT_FIELDS = (('name', 128), ('id_number', 32), ('phone', 32), ('email', 128),
                    ('address', 256))


def read_upload(name, limit):
    """(file name, bytes) of the file posted as `name`, or None. Reads at
    most limit + 1 bytes: enough to tell a file is too large."""
    storage = request.httprequest.files.get(name)
    if storage is None or not getattr(storage, 'filename', None):
        return None
    data = storage.stream.read(limit + 1)
    return text_param(storage.filename, 255) or 'tep', data


class HccFiling(http.Controller):

    @staticmethod
    def _citizen():
        """The logged-in citizen (a portal user), or None: officials file at
        the counter, in the backend."""
        user = request.env.user
        return user if user.has_group('base.group_portal') else None

    def _defaults(self, user):
        partner = user.partner_id
        last = request.env['hcc.dossier'].search(
            [('partner_id', 'child_of', [user.commercial_partner_id.id])], limit=1,
            order='id desc')
        return {'name': partner.name or '', 'phone': partner.mobile or partner.phone or '',
                'email': partner.email or '', 'address': partner.street or '',
                'id_number': last.sudo().applicant_id_number or ''}

    @http.route(['/thu-tuc/<int:procedure_id>/nop-truc-tuyen'], type='http', auth='user',
                methods=['GET', 'POST'], website=True, sitemap=False)
    def file_online(self, procedure_id, **post):
        procedure = HccWebsite._published(procedure_id)
        if not procedure or not procedure.online_filing:
            return error_page(404)
        user = self._citizen()
        if not user:
            return error_page(403)
        values = {'procedure': procedure, 'errors': [], 'form': self._defaults(user),
                  'answers': {}, 'max_mb': request.env['hcc.dossier']._hcc_upload_limit()
                  // (1024 * 1024)}
        if request.httprequest.method != 'POST':
            return request.render('hcc_one_stop.website_filing', values)
        form = dict((key, text_param(post.get(key), size)) for key, size in APPLICANT_FIELDS)
        answers = {}
        for field in procedure.field_ids:
            answers[field.id] = text_param(post.get('f_%d' % field.id), 1000)
        limit = request.env['hcc.dossier']._hcc_upload_limit()
        files = {}
        for doc in procedure.document_ids:
            upload = read_upload('doc_%d' % doc.id, limit)
            if upload:
                files[('doc', doc.id)] = upload
        for field in procedure.field_ids.filtered(lambda f: f.field_type == 'file'):
            upload = read_upload('file_%d' % field.id, limit)
            if upload:
                files[('field', field.id)] = upload
        try:
            # The citizen has no right to create dossiers (over RPC he could
            # set any field): the dossier is made here, as superuser, by one
            # private method that checks every posted value itself.
            dossier = request.env['hcc.dossier'].sudo()._hcc_file_online(
                procedure, user, form, answers, files)
        except UserError as exc:
            rollback()
            values.update(errors=exc.name.split('\n'), form=form, answers=answers)
            return request.render('hcc_one_stop.website_filing', values)
        return request.redirect('/my/dossiers/%d?filed=1' % dossier.id)
