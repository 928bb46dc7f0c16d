from odoo import api, fields, models

from ..domain import codes, legal
from ..domain.errors import DomainError
from .tools import domain_call


class HccLegalVersion(models.Model):
    """A legal version of the one-stop mechanism: a decree with the circular
    whose forms it uses, in force from a date. A dossier keeps the version in
    force on its receipt day and prints and behaves by it (forms and their
    numbers, how often the appointment may be moved, receipt regardless of
    administrative boundary). Data, so that the next circular is a new
    record, not a code change."""
    _name = 'hcc.legal.version'
    _inherit = ['hcc.checked.mixin']
    _description = 'Legal version'
    _order = 'date_start desc'

    name = fields.Char(required=True)
    code = fields.Char(required=True, help='Short key, e.g. 03_2025.')
    decree = fields.Char(help='e.g. Nghị định 118/2025/NĐ-CP')
    circular = fields.Char(help='e.g. Thông tư 03/2025/TT-VPCP')
    date_start = fields.Date(string='In force from', required=True)
    form_ids = fields.One2many('hcc.legal.form', 'version_id', string='Forms', copy=True)
    code_pattern = fields.Char(
        string='Dossier code pattern', required=True, default=codes.PATTERN_01_2018,
        help='The pattern the law gives for dossier codes; new agencies start with it.')
    boundary_free = fields.Boolean(
        string='Receipt regardless of administrative boundary',
        help='Any centre of the province receives any procedure of the province '
             '(Decree 118/2025).')
    apology_limit = fields.Integer(
        string='Appointment moves allowed', default=1,
        help='How many times an apology letter may move the appointment.')
    note = fields.Text()

    _sql_constraints = [
        ('code_unique', 'unique(code)', 'Another legal version has this key.'),
        ('date_unique', 'unique(date_start)', 'Another legal version starts that day.'),
        ('apology_limit_positive', 'CHECK(apology_limit >= 1)',
         'The appointment may be moved at least once.'),
    ]

    @api.constrains('code_pattern')
    def _check_code_pattern(self):
        for rec in self:
            domain_call(self, codes.validate_pattern, rec.code_pattern)

    @api.model
    def version_on(self, day):
        """The version in force on `day` (a date or a 'YYYY-MM-DD...' string),
        or an empty recordset when none is configured for that day."""
        versions = self.sudo().search([])
        if not versions:
            return self.browse()
        try:
            key = legal.version_in_force([(v.id, v.date_start) for v in versions], day)
        except DomainError:
            return self.browse()
        return self.browse(key)

    def form_map(self):
        """{form key: (number, title)} of this version."""
        self.ensure_one()
        return dict((f.key, (f.number or '', f.title or '')) for f in self.sudo().form_ids)
