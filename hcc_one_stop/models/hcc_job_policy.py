"""Retry policy of one job channel, as data: configurators tune the back-off
of the SMS or the National Portal without code."""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..domain import jobs


class HccJobPolicy(models.Model):
    _name = 'hcc.job.policy'
    _description = 'Job retry policy'
    _order = 'channel'
    _rec_name = 'channel'

    channel = fields.Char(string='Job channel', required=True, index=True,
                          help="Jobs of this channel (sms, portal, rating ...) follow it.")
    backoff = fields.Char(string='Back-off (minutes)', required=True, default='1,5,15,60,240',
                          help="Minutes to wait after the 1st, 2nd, ... failed attempt, "
                               "separated by commas; the last value repeats.")
    max_attempts = fields.Integer(string='Maximum attempts', required=True,
                                  default=jobs.DEFAULT_MAX_ATTEMPTS,
                                  help="After this many failed attempts the job is failed.")
    batch_size = fields.Integer(string='Batch size', required=True,
                                default=jobs.DEFAULT_BATCH_SIZE,
                                help="Jobs of this channel run per scheduler pass.")
    active = fields.Boolean(string='Channel enabled', default=True,
                            help="Archive the policy to pause the channel: its jobs wait.")

    _sql_constraints = [
        ('channel_uniq', 'unique(channel)', 'One policy per channel.'),
        ('max_attempts_positive', 'CHECK(max_attempts >= 1)', 'At least one attempt.'),
        ('batch_size_positive', 'CHECK(batch_size >= 1)', 'The batch size must be positive.'),
    ]

    @api.constrains('backoff')
    def _check_backoff(self):
        for policy in self:
            try:
                jobs.parse_backoff(policy.backoff)
            except ValueError:
                raise ValidationError(_('The back-off is whole minutes separated by commas, '
                                        'e.g. 1,5,15,60.'))

    @api.model
    def _settings(self, channel):
        """(active, backoff tuple, max attempts, batch size) of `channel`;
        the defaults when it has no policy. One small query, no ORM cache:
        the runner and enqueue call it often."""
        self.env.cr.execute("""
            SELECT active, backoff, max_attempts, batch_size
              FROM hcc_job_policy WHERE channel = %s""", (channel,))
        row = self.env.cr.fetchone()
        if not row:
            return True, jobs.DEFAULT_BACKOFF, jobs.DEFAULT_MAX_ATTEMPTS, jobs.DEFAULT_BATCH_SIZE
        active, backoff, max_attempts, batch_size = row
        try:
            delays = jobs.parse_backoff(backoff)
        except ValueError:
            delays = jobs.DEFAULT_BACKOFF
        return bool(active), delays, max_attempts or 1, batch_size or jobs.DEFAULT_BATCH_SIZE
