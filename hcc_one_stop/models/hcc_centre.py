from odoo import api, fields, models

from ..domain import legal


class HccCentre(models.Model):
    """A Public Administrative Service Centre of the two-tier province
    (Decree 118/2025): the provincial centre and the commune centres (or a
    branch of one). Since 1 July 2025 any centre receives any procedure of
    the province and routes it to the competent agency; the receiving
    centre stays on the dossier, its log and the statistics."""
    _name = 'hcc.centre'
    _inherit = ['hcc.checked.mixin']
    _description = 'Service centre'
    _order = 'sequence, name'

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    level = fields.Selection([(legal.PROVINCE, 'Province'), (legal.COMMUNE, 'Commune')],
                             required=True, default=legal.PROVINCE)
    parent_id = fields.Many2one('hcc.centre', string='Branch of', ondelete='restrict',
                                help='A branch (chi nhánh) of this centre.')
    agency_id = fields.Many2one('hcc.agency', string='Agency running it',
                                help='The centre itself as an agency (province) or the '
                                     'commune People\'s Committee (commune).')
    code_prefix = fields.Char(string='Code prefix', size=2,
                              help='Two characters that tell the centre in codes and reports.')
    address = fields.Char()
    phone = fields.Char()
    counter_ids = fields.One2many('hcc.counter', 'centre_id', string='Counters')
    user_ids = fields.Many2many('res.users', compute='_compute_user_ids', string='Staff',
                                help='The receiving officers of its counters.')
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ('code_prefix_unique', 'unique(code_prefix)', 'Another centre has this code prefix.'),
    ]

    @api.depends('counter_ids.user_ids')
    def _compute_user_ids(self):
        for centre in self:
            centre.user_ids = centre.counter_ids.mapped('user_ids')
