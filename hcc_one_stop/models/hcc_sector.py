from odoo import fields, models


class HccSector(models.Model):
    """A sector (lĩnh vực) of procedures, e.g. judicial records, land."""
    _name = 'hcc.sector'
    _inherit = ['hcc.checked.mixin']
    _description = 'Sector'
    _order = 'name'

    name = fields.Char(required=True)
    code = fields.Char()
    active = fields.Boolean(default=True)
