import base64

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..domain import holidays as vn_holidays
from ..models.tools import domain_call

MAX_FILE_BYTES = 256 * 1024  # a year's schedule is a few hundred bytes


class HccHolidayImport(models.TransientModel):
    """Load the government's yearly schedule of days off (swapped days,
    make-up Saturdays) from a CSV or iCalendar file: preview what changes
    against the centre's calendar, then apply it."""
    _name = 'hcc.holiday.import'
    _description = 'Import the yearly holiday schedule'

    file = fields.Binary(string='Schedule file', required=True, attachment=False)
    filename = fields.Char()
    state = fields.Selection([('upload', 'Upload'), ('preview', 'Preview')], default='upload')
    line_ids = fields.One2many('hcc.holiday.import.line', 'wizard_id', string='Changes')
    years = fields.Char(readonly=True, help='Years the file covers: their calendar is replaced.')

    def _parse(self):
        self.ensure_one()
        raw = base64.b64decode(self.file or b'')
        if not raw:
            raise UserError(_('Choose the schedule file.'))
        if len(raw) > MAX_FILE_BYTES:
            raise UserError(_('The schedule file is too large.'))
        try:
            text = raw.decode('utf-8')
        except UnicodeDecodeError:
            raise UserError(_('The schedule file must be UTF-8 text (CSV or iCalendar).'))
        return domain_call(self, vn_holidays.parse_schedule, text, self.filename or '')

    def _existing(self, years):
        Holiday = self.env['hcc.holiday']
        return dict((fields.Date.from_string(h.date), (h.name, h.kind))
                    for h in Holiday.search([('year', 'in', sorted(years))]))

    def action_preview(self):
        """Parse the file and list what applying it changes."""
        self.ensure_one()
        days = self._parse()
        years = set(h.date.year for h in days)
        changes = vn_holidays.diff(self._existing(years), days)
        self.line_ids.unlink()
        self.write({
            'state': 'preview', 'years': ', '.join(str(y) for y in sorted(years)),
            'line_ids': [(0, 0, {
                'date': fields.Date.to_string(c.date), 'action': c.action,
                'old_name': c.old_name, 'old_kind': c.old_kind or False,
                'new_name': c.new_name, 'new_kind': c.new_kind or False,
            }) for c in changes],
        })
        return self._reopen()

    def action_apply(self):
        """Apply the schedule (parsed again: the preview is only a view)."""
        self.ensure_one()
        Holiday = self.env['hcc.holiday']
        for operation in ('create', 'write', 'unlink'):
            Holiday.check_access_rights(operation)  # all or nothing, before any change
        days = self._parse()
        years = set(h.date.year for h in days)
        for change in vn_holidays.diff(self._existing(years), days):
            day = fields.Date.to_string(change.date)
            if change.action == vn_holidays.ADD:
                Holiday.create({'date': day, 'name': change.new_name, 'kind': change.new_kind})
            elif change.action == vn_holidays.UPDATE:
                Holiday.search([('date', '=', day)]).write(
                    {'name': change.new_name, 'kind': change.new_kind})
            elif change.action == vn_holidays.REMOVE:
                Holiday.search([('date', '=', day)]).unlink()
        return {'type': 'ir.actions.act_window_close'}

    def _reopen(self):
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': self.id,
                'view_mode': 'form', 'target': 'new', 'name': _('Import the holiday schedule')}
