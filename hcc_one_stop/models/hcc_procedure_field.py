from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

FIELD_TYPES = [('text', 'Text'), ('number', 'Number'), ('date', 'Date'), ('choice', 'Choice'),
               ('yes_no', 'Yes / no'), ('file', 'File')]


class HccProcedureField(models.Model):
    """An extra field of a procedure's e-form (tờ khai điện tử), added by IT
    staff without code: the counter and the portal show the same fields and
    the receipt prints the answers."""
    _name = 'hcc.procedure.field'
    _inherit = ['hcc.checked.mixin']
    _description = 'E-form field'
    _order = 'procedure_id, sequence, id'

    procedure_id = fields.Many2one('hcc.procedure', required=True, ondelete='cascade', index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string='Label', required=True)
    field_type = fields.Selection(FIELD_TYPES, string='Type', required=True, default='text')
    required = fields.Boolean()
    help_text = fields.Char(string='Help text')
    choices = fields.Text(help='For a choice: one choice per line.')
    active = fields.Boolean(default=True)

    def _choice_list(self):
        self.ensure_one()
        return [c.strip() for c in (self.choices or '').splitlines() if c.strip()]

    @api.constrains('field_type', 'choices')
    def _check_choices(self):
        for rec in self:
            if rec.field_type == 'choice' and len(rec._choice_list()) < 2:
                raise ValidationError(_('The choice field "%s" needs at least two choices, one '
                                        'per line.') % rec.name)

    def _parse(self, raw):
        """A value typed by the applicant -> (stored text, error or None).
        Empty is '' (the caller decides whether it was required)."""
        self.ensure_one()
        raw = raw.strip() if isinstance(raw, str) else ''
        if not raw:
            return '', None
        if len(raw) > 1000 or '\x00' in raw:
            return '', _('%s: too long.') % self.name
        kind = self.field_type
        if kind == 'number':
            try:
                number = float(raw.replace(',', '.'))
            except ValueError:
                number = None
            if number is None or number != number or abs(number) > 1e15:
                return '', _('%s: a number is expected.') % self.name
            return raw, None
        if kind == 'date':
            try:
                value = fields.Date.from_string(raw)
            except (ValueError, TypeError):
                value = None
            if not value or not 1900 <= value.year <= 2200:
                return '', _('%s: a date is expected.') % self.name
            return fields.Date.to_string(value), None
        if kind == 'choice' and raw not in self._choice_list():
            return '', _('%s: choose one of the choices.') % self.name
        if kind == 'yes_no':
            if raw not in ('yes', 'no'):
                return '', _('%s: answer yes or no.') % self.name
            return raw, None
        return raw, None
