import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.hcc_one_stop.models.tools import local, server_now

from ..domain import score

_logger = logging.getLogger(__name__)

LEVELS = [('3', 'Very satisfied'), ('2', 'Satisfied'), ('1', 'Not satisfied')]
CHANNELS = [
    ('counter', 'Counter tablet'),
    ('link', 'SMS / email link'),
    ('portal', 'Citizen portal'),
    ('national', 'National Portal'),
]


class HccRating(models.Model):
    """A citizen's satisfaction with one visit or one dossier: the official
    who served at the counter, the officials who processed it and the agency,
    with an overall level, optional criteria and a comment.

    Every way in (kiosk, link, portal, backend, RPC) goes through create,
    which checks the input and fills in who is rated from the dossier's
    processing log; `visit_key` (unique) holds "one rating per visit"."""
    _name = 'hcc.rating'
    _description = 'Satisfaction Rating'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'hcc.checked.mixin']
    _order = 'rated_at desc, id desc'
    _rec_name = 'dossier_id'

    dossier_id = fields.Many2one('hcc.dossier', string='Dossier', required=True, index=True,
                                 ondelete='cascade')
    agency_id = fields.Many2one('hcc.agency', string='Agency', index=True, readonly=True)
    channel = fields.Selection(CHANNELS, required=True, default='counter')
    level = fields.Selection(LEVELS, required=True, track_visibility='onchange')
    comment = fields.Text()
    line_ids = fields.One2many('hcc.rating.line', 'rating_id', string='Criteria')
    rated_at = fields.Datetime(string='Rated At', readonly=True, index=True)
    user_id = fields.Many2one('res.users', string='Official at the counter', index=True,
                              readonly=True)
    processing_user_ids = fields.Many2many(
        'res.users', 'hcc_rating_processing_user_rel', 'rating_id', 'user_id',
        string='Processing officials', readonly=True)
    # Everyone this rating is about, and their departments: what the record
    # rules (own ratings, the head's department) and the statistics read.
    user_ids = fields.Many2many('res.users', 'hcc_rating_user_rel', 'rating_id', 'user_id',
                                string='Officials rated', readonly=True)
    department_id = fields.Many2one('hr.department', string='Department', index=True,
                                    readonly=True,
                                    help='The department whose head follows up a low rating.')
    department_ids = fields.Many2many('hr.department', 'hcc_rating_department_rel', 'rating_id',
                                      'department_id', string='Departments rated', readonly=True)
    # "counter:<log id>" (one per visit at the counter), "link:<link id>"
    # (one per link), "portal:<dossier id>": the database keeps it unique.
    visit_key = fields.Char(readonly=True, copy=False, index=True)
    followup_state = fields.Selection([
        ('none', 'Not needed'),
        ('needed', 'Needed'),
        ('done', 'Done'),
    ], string='Follow-up', required=True, default='none', readonly=True,
        track_visibility='onchange')
    followup_note = fields.Text(string='Follow-up Note')
    followup_user_id = fields.Many2one('res.users', string='Followed up by', readonly=True)
    followup_date = fields.Datetime(string='Followed up on', readonly=True)

    _sql_constraints = [
        ('visit_key_uniq', 'unique(visit_key)', 'This visit or link has already been rated.'),
    ]

    # ------------------------------------------------------------- create
    @api.model
    def create(self, vals):
        if self.env.uid != SUPERUSER_ID and \
                not self.env.user.has_group('hcc_one_stop.group_hcc_manager'):
            # ratings come from citizens (tablet, link, portal, National
            # Portal, all as superuser behind a token) or are typed in from
            # paper forms by the centre's managers: never by the official
            # being rated
            raise AccessError(_('Only the centre\'s managers enter ratings by hand.'))
        vals = dict(vals)
        for key in ('rated_at', 'user_ids', 'department_ids', 'agency_id', 'followup_state',
                    'followup_user_id', 'followup_date'):
            # derived here, never taken from the client
            vals.pop(key, None)
        try:
            vals['level'] = score.check_level(vals.get('level'))
            vals['comment'] = score.clean_comment(vals.get('comment')) or False
        except ValueError:
            raise ValidationError(_('Choose one of the three levels; a comment has at most '
                                    '%d characters.') % score.COMMENT_LIMIT)
        dossier = self.env['hcc.dossier'].browse(vals.get('dossier_id')).exists() \
            if isinstance(vals.get('dossier_id'), int) else None
        if not dossier:
            raise ValidationError(_('A rating is about a dossier.'))
        vals.update(self.sudo()._rated_vals(dossier.sudo(), vals))
        vals['rated_at'] = server_now(self)
        vals['followup_state'] = 'needed' if score.is_unsatisfied(vals['level']) else 'none'
        rating = super(HccRating, self).create(vals)
        if rating.followup_state == 'needed':
            rating.sudo()._open_followup()
        # the connector (DongBoDanhGia) and any other listener
        dossier._hcc_rating_event(rating)
        return rating

    def write(self, vals):
        # A rating is the citizen's word: only the follow-up note changes.
        if set(vals) - {'followup_note'} and self.env.uid != SUPERUSER_ID:
            raise UserError(_('A citizen\'s rating cannot be changed; record the follow-up '
                              'instead.'))
        return super(HccRating, self).write(vals)

    @api.model
    def _rated_vals(self, dossier, vals):
        """Who and what a rating of `dossier` is about, from its processing
        log: the official at the counter (given by the kiosk, else the one
        who returned the result, else the one who received it), the
        officials who worked its processing steps, their departments."""
        counter_user = self.env['res.users'].browse(vals.get('user_id') or [])
        logs = dossier.log_ids.sorted(key=lambda l: (l.date, l.id))
        if not counter_user:
            returned = logs.filtered(lambda l: l.action == 'return_result')
            counter_user = (returned[-1:].user_id or dossier.receiver_id)
        processing = self.env['res.users']
        departments = self.env['hr.department']
        if vals.get('channel') != 'counter':
            # at the counter the citizen rates the official in front of him;
            # afterwards, everyone who worked on the dossier
            for line in logs:
                if line.user_id and line.step_id and line.step_id.role != 'receiving' \
                        and line.user_id != counter_user:
                    processing |= line.user_id
                    departments |= line.department_id
        counter_dept = counter_user.hcc_department_ids[:1]
        primary = departments[-1:] if departments else counter_dept
        departments |= counter_dept
        users = counter_user | processing
        return {
            'user_id': counter_user.id or False,
            'processing_user_ids': [(6, 0, processing.ids)],
            'user_ids': [(6, 0, users.ids)],
            'department_id': primary.id or False,
            'department_ids': [(6, 0, departments.ids)],
            'agency_id': dossier.agency_id.id or False,
        }

    @api.model
    def _submission_vals(self, dossier, level, criteria=None, comment=None):
        """Values of a rating as a citizen submits it (kiosk, link, portal):
        `criteria` maps active criterion ids to levels, each optional.
        Anything out of range is refused whole (ValidationError)."""
        criteria = criteria or {}
        if not isinstance(criteria, dict) or len(criteria) > 50:
            raise ValidationError(_('Invalid criteria.'))
        active = self.env['hcc.rating.criterion'].sudo().search([]).ids
        lines = []
        for criterion_id, crit_level in criteria.items():
            if criterion_id not in active:
                raise ValidationError(_('Unknown criterion.'))
            try:
                lines.append((0, 0, {'criterion_id': criterion_id,
                                     'level': score.check_level(crit_level)}))
            except ValueError:
                raise ValidationError(_('Choose one of the three levels.'))
        return {'dossier_id': dossier.id, 'level': level, 'comment': comment,
                'line_ids': lines}

    @api.constrains('comment')
    def _check_comment(self):
        for rec in self:
            if rec.comment and len(rec.comment) > score.COMMENT_LIMIT:
                raise ValidationError(_('A comment has at most %d characters.')
                                      % score.COMMENT_LIMIT)

    # ------------------------------------------------------------ follow-up
    def _open_followup(self):
        """A "not satisfied" rating: an activity for the head of the
        department, on the rating (which links the dossier)."""
        act_type = self.env.ref('hcc_rating.mail_activity_type_hcc_rating_followup')
        for rec in self:
            head = self.env['hcc.dossier']._head_of(rec.department_id) \
                if rec.department_id else self.env['res.users']
            if not head:
                _logger.info('rating %d: no head to follow it up (department %s)',
                             rec.id, rec.department_id.id)
                continue
            rec._schedule_followup_activity(act_type, head, _('Not satisfied: dossier %s')
                                      % (rec.dossier_id.name or rec.dossier_id.id))

    def _schedule_followup_activity(self, act_type, user, summary):
        self.ensure_one()
        deadline = fields.Date.context_today(self)
        return self.env['mail.activity'].create({
            'res_id': self.id,
            'res_model_id': self.env['ir.model']._get(self._name).id,
            'activity_type_id': act_type.id,
            'summary': summary,
            'user_id': user.id,
            'date_deadline': deadline,
        })

    def action_followup_done(self):
        """Record how a low rating was followed up (the note says what was
        done) and close its activity."""
        for rec in self:
            if rec.followup_state != 'needed':
                continue
            if not (rec.followup_note or '').strip():
                raise UserError(_('Write what was done (call, apology, correction) in the '
                                  'follow-up note first.'))
            rec.check_access_rule('write')
            activities = rec.sudo().activity_ids
            super(HccRating, rec.sudo()).write({
                'followup_state': 'done', 'followup_user_id': self.env.uid,
                'followup_date': server_now(self)})
            for activity in activities:
                activity.action_feedback(feedback=rec.followup_note)
        return True

    # ------------------------------------------------------- National Portal
    def _hcc_dongbodanhgia(self):
        """The rating as the National Portal's DongBoDanhGia expects it
        (field names of its contract; dates yyyyMMddHHmmss, Vietnam time)."""
        self.ensure_one()
        rec = self.sudo()
        official = rec.user_id or rec.processing_user_ids[:1]
        return {
            'MaHoSo': rec.dossier_id.name or '',
            'MaCanBo': official.login or '',
            'TenCanBo': official.name or '',
            'MaCoQuan': rec.agency_id.code or '',
            'MucDoHaiLong': int(rec.level),
            'NoiDung': rec.comment or '',
            'NgayDanhGia': score.portal_timestamp(local(rec.rated_at)),
        }
