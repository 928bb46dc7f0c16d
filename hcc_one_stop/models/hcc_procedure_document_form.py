from odoo import fields, models


class HccProcedureDocumentForm(models.Model):
    """The blank form (mẫu đơn, tờ khai) citizens download from the
    procedure's page to fill in."""
    _inherit = 'hcc.procedure.document'

    blank_form = fields.Binary(string='Blank form', attachment=True, copy=True)
    blank_form_name = fields.Char(string='Blank form file name', copy=True)
