from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..domain import holidays as vn_holidays
from ..domain.working_calendar import WorkingCalendar
from .tools import domain_call

OFFICE_HOURS_PARAM = 'hcc_one_stop.office_hours'
DEFAULT_OFFICE_HOURS = '07:30-11:30,13:30-17:00'


def parse_office_hours(text):
    """'07:30-11:30,13:30-17:00' -> ((7.5, 11.5), (13.5, 17.0))."""
    def hour(part):
        h, _sep, m = part.strip().partition(':')
        return int(h) + int(m or 0) / 60.0
    try:
        return tuple((hour(a), hour(b)) for a, b in
                     (chunk.split('-') for chunk in text.split(',') if chunk.strip()))
    except ValueError:
        raise UserError(_('Office hours must look like 07:30-11:30,13:30-17:00, not "%s".') % text)


class HccHoliday(models.Model):
    """A day off (public holiday, compensatory day) or a make-up working
    day on a weekend. Data the centre edits each year once the government
    has fixed the Tết and National Day breaks."""
    _name = 'hcc.holiday'
    _inherit = ['hcc.checked.mixin']
    _description = 'Holiday'
    _order = 'date'

    name = fields.Char(required=True)
    date = fields.Date(required=True, index=True)
    year = fields.Integer(compute='_compute_year', store=True)
    kind = fields.Selection(
        [('holiday', 'Public holiday'), ('compensatory', 'Compensatory day off'),
         ('working_day', 'Make-up working day')],
        required=True, default='holiday')

    _sql_constraints = [
        ('date_unique', 'unique(date)', 'This date is already in the holiday calendar.'),
    ]

    @api.depends('date')
    def _compute_year(self):
        for rec in self:
            rec.year = fields.Date.from_string(rec.date).year if rec.date else 0

    @api.model
    def generate_year(self, year):
        """Create the default Vietnamese holidays of `year` that are missing."""
        year = int(year)
        if not 2000 <= year <= 2100:
            raise UserError(_('Choose a year between 2000 and 2100.'))
        existing = set(self.search([('year', '=', year)]).mapped('date'))
        created = self.browse()
        for h in vn_holidays.default_holidays(year):
            if fields.Date.to_string(h.date) not in existing:
                created |= self.create({'name': h.name, 'date': fields.Date.to_string(h.date),
                                        'kind': h.kind})
        return created

    @api.model
    def action_generate_next_years(self):
        this_year = date.today().year
        for year in (this_year, this_year + 1):
            self.generate_year(year)
        return True

    @api.model
    def get_working_calendar(self):
        """The centre's WorkingCalendar: office hours + holidays + make-up days."""
        hours = self.env['ir.config_parameter'].sudo().get_param(
            OFFICE_HOURS_PARAM, DEFAULT_OFFICE_HOURS)
        off, extra = [], []
        self.env.cr.execute("SELECT date, kind FROM hcc_holiday")
        for day, kind in self.env.cr.fetchall():
            # Odoo's cursor returns dates as strings
            (extra if kind == 'working_day' else off).append(fields.Date.from_string(day))
        return domain_call(self, WorkingCalendar, intervals=parse_office_hours(hours),
                           holidays=off, extra_working_days=extra)
