from odoo import _, api, fields, models

from .hcc_procedure_field import FIELD_TYPES


class HccDossierAnswer(models.Model):
    """The applicant's answer to one e-form field of his dossier. The label
    and the type are copied from the field so the answer stays readable when
    IT staff change or remove the field later."""
    _name = 'hcc.dossier.answer'
    _inherit = ['hcc.checked.mixin']
    _description = 'E-form answer'
    _order = 'dossier_id, sequence, id'

    # auto_join: the record rules' dossier_id.* paths become a JOIN
    dossier_id = fields.Many2one('hcc.dossier', required=True, ondelete='cascade', index=True,
                                 auto_join=True)
    field_id = fields.Many2one('hcc.procedure.field', string='E-form field', ondelete='set null')
    sequence = fields.Integer(default=10)
    name = fields.Char(string='Question', required=True)
    field_type = fields.Selection(FIELD_TYPES, string='Type', required=True, default='text')
    required = fields.Boolean(readonly=True)
    value = fields.Char(string='Answer', size=1000)
    attachment_id = fields.Many2one('ir.attachment', string='File', ondelete='set null')
    display_value = fields.Char(compute='_compute_display_value', string='Answer shown')

    @api.depends('value', 'field_type', 'attachment_id')
    def _compute_display_value(self):
        yes_no = {'yes': _('Yes'), 'no': _('No')}
        for rec in self:
            if rec.field_type == 'file':
                rec.display_value = rec.attachment_id.sudo().name or ''
            elif rec.field_type == 'yes_no':
                rec.display_value = yes_no.get(rec.value, '')
            elif rec.field_type == 'date' and rec.value:
                try:
                    rec.display_value = fields.Date.from_string(rec.value).strftime('%d/%m/%Y')
                except ValueError:
                    rec.display_value = rec.value
            else:
                rec.display_value = rec.value or ''

    def _is_answered(self):
        self.ensure_one()
        return bool(self.attachment_id if self.field_type == 'file' else self.value)

    @api.model
    def create(self, vals):
        # an integration may send only the field and the value: the label,
        # type and requirement come from the procedure's field
        if vals.get('field_id') and not vals.get('name') and isinstance(vals['field_id'], int):
            field = self.env['hcc.procedure.field'].sudo().browse(vals['field_id']).exists()
            if field:
                vals = dict(vals, name=field.name, field_type=field.field_type,
                            required=field.required, sequence=field.sequence)
        return super(HccDossierAnswer, self).create(vals)
