from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HccProcedureTimeLimit(models.Model):
    """Procedures the law gives no processing time (the seed notes some):
    allowed, flagged. Their dossiers get no appointment, so they are never
    late, get no apology letter and stay out of the on-time rates (README,
    "Procedures without a legal time limit"). Their steps keep internal
    budgets, which are not bounded by a legal time."""
    _inherit = 'hcc.procedure'

    no_time_limit = fields.Boolean(
        string='No legal time limit', track_visibility='onchange',
        help='The law sets no processing time: dossiers get no appointment and are left '
             'out of the on-time rates.')

    @api.constrains('legal_amount', 'legal_unit', 'step_ids', 'cutoff_hour', 'cutoff_enabled',
                    'no_time_limit')
    def _check_process(self):
        limited = self.filtered(lambda p: not p.no_time_limit)
        if limited:
            super(HccProcedureTimeLimit, limited)._check_process()
        for rec in self - limited:
            if not rec.step_ids:
                raise ValidationError(_('The procedure "%s" needs at least one process step.')
                                      % rec.name)
