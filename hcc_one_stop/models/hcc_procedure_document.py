from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HccProcedureDocument(models.Model):
    """A document of a procedure: one the applicant files (thành phần hồ sơ)
    or one the agency issues as the result."""
    _name = 'hcc.procedure.document'
    _inherit = ['hcc.checked.mixin']
    _description = 'Procedure document'
    _order = 'procedure_id, kind, sequence, id'

    procedure_id = fields.Many2one('hcc.procedure', required=True, ondelete='cascade', index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection([('input', 'Filed by the applicant'), ('result', 'Result')],
                            required=True, default='input')
    name = fields.Char(required=True)
    originals = fields.Integer(string='Originals', default=1)
    copies = fields.Integer(string='Copies', default=0)
    mandatory = fields.Boolean(default=True)

    @api.constrains('originals', 'copies')
    def _check_counts(self):
        for doc in self:
            if doc.originals < 0 or doc.copies < 0:
                raise ValidationError(_('Numbers of originals and copies cannot be negative.'))
