from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .hcc_procedure import UNIT_SELECTION


class HccProcedureStep(models.Model):
    """One step of a procedure's internal process, with its own time budget."""
    _name = 'hcc.procedure.step'
    _inherit = ['hcc.checked.mixin']
    _description = 'Procedure step'
    _order = 'procedure_id, sequence, id'

    procedure_id = fields.Many2one('hcc.procedure', required=True, ondelete='cascade', index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    department_id = fields.Many2one('hr.department', string='Department')
    role = fields.Selection(
        [('receiving', 'Receiving officer'), ('officer', 'Processing officer'),
         ('head', 'Head of unit'), ('leader', 'Agency leader')],
        string='Responsible role', required=True, default='officer')
    budget_amount = fields.Float(string='Time budget', required=True, default=1.0)
    budget_unit = fields.Selection(UNIT_SELECTION, string='Unit', required=True, default='day')
    is_external = fields.Boolean(string='Inter-agency',
                                 help='Done by an outside agency; the dossier waits for its answer.')
    external_agency_id = fields.Many2one('hcc.agency', string='Outside agency')

    @api.constrains('budget_amount', 'department_id', 'is_external', 'external_agency_id')
    def _check_step(self):
        for step in self:
            if step.budget_amount < 0:
                raise ValidationError(_('The time budget of step "%s" cannot be negative.')
                                      % step.name)
            if step.is_external:
                if not step.external_agency_id:
                    raise ValidationError(_('The inter-agency step "%s" needs the outside agency.')
                                          % step.name)
            elif not step.department_id:
                raise ValidationError(_('The step "%s" needs a department.') % step.name)
            elif not step.department_id.hcc_user_ids:
                raise ValidationError(
                    _('The department "%s" of step "%s" has no officials: add them to the '
                      'department first.') % (step.department_id.name, step.name))

    def _procedure_versioning(self, procedures):
        if not self.env.context.get('hcc_no_version'):
            procedures._snapshot_if_used()

    @api.model
    def create(self, vals):
        if vals.get('procedure_id'):
            self._procedure_versioning(self.env['hcc.procedure'].browse(vals['procedure_id']))
        return super(HccProcedureStep, self).create(vals)

    def write(self, vals):
        self._procedure_versioning(self.mapped('procedure_id'))
        return super(HccProcedureStep, self).write(vals)

    def unlink(self):
        self._procedure_versioning(self.mapped('procedure_id'))
        return super(HccProcedureStep, self).unlink()
