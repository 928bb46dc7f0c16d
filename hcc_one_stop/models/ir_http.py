from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = 'ir.http'

    @classmethod
    def _serve_fallback(cls, exception):
        # An unknown URL is looked up as an attachment, a page and a redirect
        # by its path; PostgreSQL refuses a NUL character in a query, which
        # turned a 404 (e.g. /my/dossiers/%00) into a 500.
        if '\x00' in request.httprequest.path:
            return False
        return super(IrHttp, cls)._serve_fallback(exception)
