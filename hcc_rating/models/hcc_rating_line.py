from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..domain import score
from .hcc_rating import LEVELS


class HccRatingLine(models.Model):
    """The level a citizen gave one optional criterion of a rating."""
    _name = 'hcc.rating.line'
    _inherit = ['hcc.checked.mixin']
    _description = 'Rating of one criterion'
    _order = 'rating_id, criterion_id'

    rating_id = fields.Many2one('hcc.rating', required=True, ondelete='cascade', index=True)
    criterion_id = fields.Many2one('hcc.rating.criterion', string='Criterion', required=True,
                                   ondelete='restrict')
    level = fields.Selection(LEVELS, required=True)
    # 1-3 with an average operator: the pivot's criteria averages
    score = fields.Integer(compute='_compute_score', store=True, group_operator='avg')
    agency_id = fields.Many2one(related='rating_id.agency_id', store=True, readonly=True)
    department_id = fields.Many2one(related='rating_id.department_id', store=True,
                                    readonly=True)
    rated_at = fields.Datetime(related='rating_id.rated_at', store=True, readonly=True)

    _sql_constraints = [
        ('rating_criterion_uniq', 'unique(rating_id, criterion_id)',
         'A criterion is rated once per rating.'),
    ]

    @api.depends('level')
    def _compute_score(self):
        for line in self:
            line.score = int(line.level) if line.level else 0

    @api.model
    def create(self, vals):
        try:
            vals = dict(vals, level=score.check_level(vals.get('level')))
        except ValueError:
            raise ValidationError(_('Choose one of the three levels.'))
        return super(HccRatingLine, self).create(vals)
