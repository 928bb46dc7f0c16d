from odoo import fields, models


class HccCounter(models.Model):
    """A reception counter of the centre (quầy tiếp nhận)."""
    _name = 'hcc.counter'
    _inherit = ['hcc.checked.mixin']
    _description = 'Reception counter'
    _order = 'sequence, name'

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    agency_id = fields.Many2one('hcc.agency', string='Agency')
    centre_id = fields.Many2one('hcc.centre', string='Centre', index=True,
                                help='The centre whose counter this is: dossiers received '
                                     'here keep that centre.')
    sector_ids = fields.Many2many('hcc.sector', string='Sectors served')
    user_ids = fields.One2many('res.users', 'hcc_counter_id', string='Receiving officers')
    active = fields.Boolean(default=True)
