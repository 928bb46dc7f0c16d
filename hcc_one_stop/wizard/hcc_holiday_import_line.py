from odoo import fields, models

KIND_SELECTION = [('holiday', 'Public holiday'), ('compensatory', 'Compensatory day off'),
                  ('working_day', 'Make-up working day')]


class HccHolidayImportLine(models.TransientModel):
    """One line of the preview: what applying the schedule does to a day."""
    _name = 'hcc.holiday.import.line'
    _description = 'Holiday schedule change'
    _order = 'date'

    wizard_id = fields.Many2one('hcc.holiday.import', required=True, ondelete='cascade')
    date = fields.Date(required=True)
    action = fields.Selection([('add', 'Added'), ('update', 'Changed'), ('remove', 'Removed'),
                               ('keep', 'Unchanged')], required=True)
    old_name = fields.Char(string='Now')
    old_kind = fields.Selection(KIND_SELECTION, string='Now (kind)')
    new_name = fields.Char(string='After import')
    new_kind = fields.Selection(KIND_SELECTION, string='After import (kind)')
