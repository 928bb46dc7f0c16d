import secrets

from odoo import api, fields, models

LEVELS = [('3', 'Very satisfied'), ('2', 'Satisfied'), ('1', 'Not satisfied')]


def _new_token():
    # Goes into the SMS/email rating link: unguessable, URL-safe, short.
    return secrets.token_urlsafe(16)


class HccRating(models.Model):
    """A citizen's satisfaction with one dossier, on one criterion."""
    _name = 'hcc.rating'
    _description = 'Satisfaction Rating'
    _inherit = ['mail.thread']
    _order = 'rated_at desc, id desc'
    _rec_name = 'dossier_id'

    # required=False until the core's dossier lifecycle is settled; ratings
    # collected at the counter tablet always carry a dossier.
    dossier_id = fields.Many2one('hcc.dossier', string='Dossier', index=True, ondelete='cascade')
    user_id = fields.Many2one('res.users', string='Official Rated', index=True)
    agency_id = fields.Many2one('hcc.agency', string='Agency', index=True)
    criterion = fields.Selection([
        ('overall', 'Overall'),
        ('attitude', 'Attitude'),
        ('time', 'Processing time'),
        ('result', 'Result'),
    ], required=True, default='overall')
    level = fields.Selection(LEVELS, track_visibility='onchange')
    channel = fields.Selection([
        ('counter', 'Counter'),
        ('link', 'SMS / email link'),
        ('portal', 'Citizen portal'),
        ('national', 'National Portal'),
    ], required=True, default='counter')
    comment = fields.Text()
    token = fields.Char(required=True, readonly=True, copy=False, default=lambda self: _new_token(),
                        groups='base.group_system')
    followup_state = fields.Selection([
        ('none', 'Not needed'),
        ('needed', 'Needed'),
        ('done', 'Done'),
    ], string='Follow-up', required=True, default='none', track_visibility='onchange')
    followup_note = fields.Text(string='Follow-up Note')
    rated_at = fields.Datetime(string='Rated At')

    _sql_constraints = [
        ('dossier_criterion_uniq', 'unique(dossier_id, criterion)',
         'A dossier is rated only once per criterion.'),
        ('token_uniq', 'unique(token)', 'The rating token must be unique.'),
    ]

    @api.model
    def create(self, vals):
        vals = self._followup_vals(dict(vals))
        if vals.get('dossier_id') and not vals.get('agency_id'):
            dossier = self.env['hcc.dossier'].browse(vals['dossier_id'])
            vals['agency_id'] = dossier.agency_id.id or False
        return super(HccRating, self).create(vals)

    def write(self, vals):
        if vals.get('level') and not vals.get('rated_at'):
            vals = dict(vals, rated_at=fields.Datetime.now())
        if vals.get('level') == '1' and 'followup_state' not in vals:
            # Only ratings that are not yet followed up become "needed".
            pending = self.filtered(lambda r: r.followup_state == 'none')
            super(HccRating, pending).write(dict(vals, followup_state='needed'))
            return super(HccRating, self - pending).write(vals)
        return super(HccRating, self).write(vals)

    @api.model
    def _followup_vals(self, vals):
        # A "not satisfied" answer always needs someone to call the citizen back.
        if vals.get('level') == '1' and vals.get('followup_state', 'none') == 'none':
            vals['followup_state'] = 'needed'
        if vals.get('level') and not vals.get('rated_at'):
            vals['rated_at'] = fields.Datetime.now()
        return vals

    def action_followup_done(self):
        self.filtered(lambda r: r.followup_state == 'needed').write({'followup_state': 'done'})
