from odoo import fields, models


class HccRatingCriterion(models.Model):
    """An optional aspect a citizen may rate besides the overall level
    (attitude, processing time, ...): data, so a centre adds its own."""
    _name = 'hcc.rating.criterion'
    _inherit = ['hcc.checked.mixin']
    _description = 'Rating criterion'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
