from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HccProcedureFee(models.Model):
    """A fee or charge (phí, lệ phí) of a procedure, in VND."""
    _name = 'hcc.procedure.fee'
    _inherit = ['hcc.checked.mixin']
    _description = 'Procedure fee'
    _order = 'procedure_id, id'

    procedure_id = fields.Many2one('hcc.procedure', required=True, ondelete='cascade', index=True)
    name = fields.Char(required=True)
    amount = fields.Float(string='Amount (VND)', digits=(16, 0), required=True)

    @api.constrains('amount')
    def _check_amount(self):
        for fee in self:
            if fee.amount < 0:
                raise ValidationError(_('A fee cannot be negative.'))
