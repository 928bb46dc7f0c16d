from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..domain import codes
from .tools import domain_call


class HccAgency(models.Model):
    """A state agency: the centre, a department of the province (Sở), a
    district, or an outside agency reached through inter-agency steps."""
    _name = 'hcc.agency'
    _inherit = ['hcc.checked.mixin']
    _description = 'Agency'
    _order = 'sequence, name'

    name = fields.Char(required=True, translate=False)
    short_name = fields.Char()
    sequence = fields.Integer(default=10)
    code = fields.Char(
        string='Identifier code', required=True,
        help='Agency identifier code used in dossier codes, '
             'e.g. 000.00.12.H64 (Circular 01/2018).')
    level = fields.Selection(
        [('central', 'Central'), ('province', 'Province'),
         ('district', 'District'), ('commune', 'Commune')],
        default='province', required=True)
    is_external = fields.Boolean(
        string='Outside agency',
        help='Works inter-agency steps only (e.g. the police for criminal '
             'record lookups); receives no dossiers itself.')
    parent_id = fields.Many2one('hcc.agency', string='Parent agency', ondelete='restrict')
    code_pattern = fields.Char(
        string='Dossier code pattern', required=True,
        default=codes.PATTERN_01_2018,
        help='Tokens: {agency} {yymmdd} {yyyy} {yy} {mm} {dd} {prefix} '
             '{seq:N}. Circular 01/2018: {agency}-{yymmdd}-{seq:4}; '
             'Circular 04/2025: {agency}-{yymmdd}-{prefix}{seq:4}.')
    code_prefix = fields.Char(string='Code prefix', size=2)
    department_ids = fields.One2many('hr.department', 'hcc_agency_id', string='Departments')
    address = fields.Char()
    phone = fields.Char()
    active = fields.Boolean(default=True)
    # History: agencies are merged, split and renamed (2025: districts gone,
    # provinces merged); an ended agency keeps its closed dossiers and codes.
    date_start = fields.Date(string='Since')
    date_end = fields.Date(string='Until', help='Last day of the agency; its successor '
                                                'takes over its open dossiers.')
    successor_id = fields.Many2one('hcc.agency', string='Successor', ondelete='restrict',
                                   help='The agency that took over after a merger.')
    predecessor_ids = fields.One2many('hcc.agency', 'successor_id', string='Predecessors')

    _sql_constraints = [
        ('code_unique', 'unique(code)', 'Another agency already has this identifier code.'),
    ]

    @api.constrains('date_start', 'date_end', 'successor_id')
    def _check_history(self):
        for agency in self:
            if agency.date_start and agency.date_end and agency.date_end < agency.date_start:
                raise ValidationError(_('%s ends before it starts.') % agency.name)
            seen, nxt = agency, agency.successor_id
            while nxt:
                if nxt in seen:
                    raise ValidationError(_('%s cannot be its own successor.') % agency.name)
                seen, nxt = seen | nxt, nxt.successor_id

    def _hcc_lineage(self):
        """These agencies and every agency merged into them, at any depth:
        the statistics of a period that straddles a merger count them all."""
        lineage, todo = self, self
        while todo:
            todo = self.with_context(active_test=False).search(
                [('successor_id', 'in', todo.ids)]) - lineage
            lineage |= todo
        return lineage

    @api.constrains('code', 'code_pattern', 'code_prefix')
    def _check_code(self):
        for agency in self:
            domain_call(self, codes.validate_agency_code, agency.code)
            domain_call(self, codes.validate_pattern, agency.code_pattern)
            if '{prefix}' in agency.code_pattern:
                # formatting a sample proves the prefix fits the pattern
                domain_call(self, codes.format_code, agency.code_pattern, agency.code,
                            fields.Date.from_string(fields.Date.today()), 1,
                            agency.code_prefix or '')

    def next_dossier_code(self, day):
        """The next code of `day` (a date) for this agency, gap-free."""
        self.ensure_one()
        seq = self.env['hcc.dossier.sequence'].next_number(self, day)
        return domain_call(self, codes.format_code, self.code_pattern, self.code, day, seq,
                           self.code_prefix or '')
