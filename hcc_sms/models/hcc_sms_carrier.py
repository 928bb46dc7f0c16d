from odoo import fields, models

from ..domain import carriers


class HccSmsCarrier(models.Model):
    """A mobile network a gateway can serve; which numbers belong to it is
    the plain-Python prefix table in domain/carriers.py."""
    _name = 'hcc.sms.carrier'
    _description = 'Mobile carrier'
    _order = 'id'

    name = fields.Char(required=True, translate=False)
    code = fields.Selection(list(carriers.CARRIERS), required=True)

    _sql_constraints = [('code_uniq', 'unique(code)', 'One record per carrier.')]
