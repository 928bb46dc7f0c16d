"""Odoo's /report routes, wrapped: nothing there answers 500, and the
dossier forms are printed by who may read the dossier (a citizen: his own
slips), rendered with the rights to read the agency etc. only after that
check."""
import json
import logging
import re
import time

from werkzeug.urls import url_decode

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import content_disposition, request
from odoo.tools.safe_eval import safe_eval

from odoo.addons.report_xlsx.controllers.main import ReportController

from .common import error_page, positive_id, rollback, text_param

_logger = logging.getLogger(__name__)

REPORT_NAME_RE = re.compile(r'^[A-Za-z0-9_.]{1,128}$')
CONVERTERS = {'html': ('qweb-html', 'qweb-pdf'), 'pdf': ('qweb-pdf', 'qweb-html'),
              'xlsx': ('xlsx',)}
DOSSIER_MODEL = 'hcc.dossier'
# the tracking book of a busy month stays well below this
MAX_DOCIDS = 5000
BARCODE_TYPES = ('Codabar', 'Code11', 'Code128', 'EAN13', 'EAN8', 'Extended39', 'Extended93',
                 'FIM', 'I2of5', 'MSI', 'POSTNET', 'QR', 'Standard39', 'Standard93', 'UPCA',
                 'USPS_4State')
MAX_BARCODE_SIDE = 2000


class _Refused(Exception):
    """Stop here and answer with this status (403 or 404)."""

    def __init__(self, status):
        super(_Refused, self).__init__(status)
        self.status = status


def _parse_docids(docids):
    """'1,2,3' -> [1, 2, 3]; None when absent; _Refused(404) when malformed."""
    if docids is None:
        return None
    text = text_param(docids, 11 * MAX_DOCIDS)
    ids = [positive_id(part) for part in text.split(',')] if text else [None]
    if None in ids or len(ids) > MAX_DOCIDS:
        raise _Refused(404)
    return ids


def _json_dict(value):
    """A JSON object sent by the web client (options, context), or _Refused."""
    try:
        parsed = json.loads(text_param(value, 100000) or 'null')
    except ValueError:
        raise _Refused(404)
    if not isinstance(parsed, dict):
        raise _Refused(404)
    return parsed


class HccReportController(ReportController):

    @http.route(['/report/<converter>/<reportname>', '/report/<converter>/<reportname>/<docids>'],
                type='http', auth='user', website=True)
    def report_routes(self, reportname, docids=None, converter=None, **data):
        try:
            return self._hcc_report(reportname, docids, converter, data)
        except _Refused as refused:
            return error_page(refused.status)
        except AccessError:
            rollback()
            return error_page(403)
        except UserError as exc:
            # the report's own message (e.g. choose a period), in Vietnamese
            rollback()
            return error_page(404, exc.name)
        except Exception as exc:
            # whatever else a report raises on a client's values is his bad
            # request, not a server error; the type only: values may be
            # personal data
            rollback()
            _logger.warning('report %s refused: %s', text_param(reportname, 128),
                            type(exc).__name__)
            return error_page(404)

    def _hcc_report(self, reportname, docids, converter, data):
        reportname = text_param(reportname, 128)
        if converter not in CONVERTERS or not REPORT_NAME_RE.match(reportname):
            raise _Refused(404)
        report = request.env['ir.actions.report'].sudo().search(
            [('report_name', '=', reportname)], limit=1)
        if not report or report.report_type not in CONVERTERS[converter]:
            raise _Refused(404)
        ids = _parse_docids(docids)
        if report.model == DOSSIER_MODEL:
            return self._hcc_dossier_report(report, ids, converter)
        for key in ('options', 'context'):
            if key in data:
                data[key] = json.dumps(_json_dict(data[key]))
        return super(HccReportController, self).report_routes(
            reportname, docids=docids, converter=converter, **data)

    def _hcc_dossier_report(self, report, ids, converter):
        """A dossier form: check as the user, then render as superuser."""
        if not ids:
            raise _Refused(404)
        user = request.env.user
        Dossier = request.env[DOSSIER_MODEL]
        if not Dossier.check_access_rights('read', raise_exception=False):
            raise _Refused(403)
        if report.groups_id and not report.groups_id & user.groups_id:
            raise _Refused(403)
        wanted = set(ids)
        readable = Dossier.search([('id', 'in', list(wanted))])
        if set(readable.ids) != wanted:
            if len(Dossier.sudo().browse(list(wanted)).exists()) != len(wanted):
                raise _Refused(404)
            raise _Refused(403)
        if not user.has_group('base.group_user'):
            # a citizen prints the slips handed to him, when they apply
            for dossier in readable.sudo():
                if report.report_name not in dict(dossier._citizen_forms()):
                    raise _Refused(403)
        report = report.sudo().with_context(request.env.context)
        docs = readable.sudo()
        if converter == 'xlsx':
            content = report.render_xlsx(docs.ids, data={})[0]
            headers = [('Content-Type', 'application/vnd.openxmlformats-officedocument'
                                        '.spreadsheetml.sheet'),
                       ('Content-Disposition',
                        content_disposition(self._hcc_filename(report, docs) + '.xlsx'))]
        elif converter == 'html':
            content = report.render_qweb_html(docs.ids, data={})[0]
            headers = [('Content-Type', 'text/html; charset=utf-8')]
        else:
            content = report.render_qweb_pdf(docs.ids, data={})[0]
            headers = [('Content-Type', 'application/pdf')]
        headers.append(('Content-Length', len(content)))
        return request.make_response(content, headers=headers)

    @staticmethod
    def _hcc_filename(report, docs):
        if report.print_report_name and len(docs) == 1:
            return safe_eval(report.print_report_name, {'object': docs, 'time': time})
        return report.report_file or report.name

    @http.route(['/report/barcode', '/report/barcode/<type>/<path:value>'], type='http',
                auth='public', website=True, sitemap=False)
    def report_barcode(self, type=None, value=None, width=600, height=100, humanreadable=0,
                       **kw):
        value = text_param(value, 1000)
        width, height = positive_id(width), positive_id(height)
        if (type not in BARCODE_TYPES or not value or not width or not height
                or width > MAX_BARCODE_SIDE or height > MAX_BARCODE_SIDE
                or str(humanreadable) not in ('0', '1')):
            return error_page(404)
        try:
            barcode = request.env['ir.actions.report'].barcode(
                type, value, width=width, height=height, humanreadable=int(humanreadable))
        except Exception:  # reportlab refuses many values, each its own way
            return error_page(404)
        return request.make_response(barcode, headers=[('Content-Type', 'image/png')])

    @http.route(['/report/download'], type='http', auth='user', website=True, sitemap=False)
    def report_download(self, data=None, token=None, **kw):
        """The web client's download of a PDF report: the same checks as the
        report route; a malformed request is a 404, not a traceback."""
        try:
            parsed = json.loads(text_param(data, 100000) or 'null')
        except ValueError:
            return error_page(404)
        if (not isinstance(parsed, list) or len(parsed) < 2
                or not all(isinstance(p, str) for p in parsed[:2])
                or parsed[1] != 'qweb-pdf' or not parsed[0].startswith('/report/pdf/')):
            return error_page(404)
        token = text_param(token, 128)
        path, _sep, query = parsed[0][len('/report/pdf/'):].partition('?')
        parts = path.split('/')
        if len(parts) > 2:
            return error_page(404)
        reportname, docids = parts[0], (parts[1] if len(parts) == 2 else None)
        if docids:
            response = self.report_routes(reportname, docids=docids, converter='pdf')
        else:
            response = self.report_routes(reportname, converter='pdf',
                                          **dict(url_decode(query).items()))
        if response.status_code != 200:
            return response
        try:
            report = request.env['ir.actions.report'].sudo().search(
                [('report_name', '=', reportname)], limit=1)
            filename = report.name
            ids = _parse_docids(docids) if docids else []
            if report.print_report_name and len(ids) == 1:
                # the report route checked the user may read it
                filename = self._hcc_filename(report, request.env[report.model].sudo().browse(ids))
        except Exception:
            filename = 'report'
        response.headers.add('Content-Disposition', content_disposition(filename + '.pdf'))
        if token:
            response.set_cookie('fileToken', token)
        return response
