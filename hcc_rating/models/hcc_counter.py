import secrets
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.hcc_one_stop.models.tools import server_now

DEFAULT_SERVING_MINUTES = 15
# the counter actions after which the citizen in front of the official rates
SERVING_ACTIONS = ('receive', 'return_result')


class HccCounter(models.Model):
    """The counter's rating tablet: bound by a device token in its URL
    (/danh-gia/quay/<token>), which a manager issues again or revokes."""
    _inherit = 'hcc.counter'

    rating_device_token = fields.Char(string='Rating tablet token', copy=False, readonly=True,
                                      index=True, groups='hcc_one_stop.group_hcc_manager,hcc_one_stop.group_hcc_configurator')
    rating_kiosk_url = fields.Char(string='Rating tablet address',
                                   compute='_compute_rating_kiosk_url',
                                   groups='hcc_one_stop.group_hcc_manager,hcc_one_stop.group_hcc_configurator')

    def _compute_rating_kiosk_url(self):
        base = self.env['ir.config_parameter'].sudo().get_param('web.base.url', '')
        for counter in self:
            token = counter.sudo().rating_device_token
            counter.rating_kiosk_url = '%s/danh-gia/quay/%s' % (base, token) if token else False

    def action_rating_device_new(self):
        """A new tablet token: the old address stops working at once."""
        self._check_device_rights()
        for counter in self:
            counter.sudo().write({'rating_device_token': secrets.token_urlsafe(24)})
        return True

    def _check_device_rights(self):
        # the token field is written as superuser (it is read-only in the
        # form): only who may edit the counter may issue or revoke it
        self.check_access_rights('write')
        self.check_access_rule('write')

    def action_rating_device_revoke(self):
        self._check_device_rights()
        self.sudo().write({'rating_device_token': False})
        return True

    @api.model
    def _from_device_token(self, token):
        if not isinstance(token, str) or not 16 <= len(token) <= 64 \
                or not all(c.isalnum() or c in '-_' for c in token):
            return self.browse()
        return self.sudo().search([('rating_device_token', '=', token)], limit=1)

    @api.model
    def _serving_minutes(self):
        value = self.env['ir.config_parameter'].sudo().get_param('hcc_rating.serving_minutes')
        try:
            return max(1, int(value))
        except (TypeError, ValueError):
            return DEFAULT_SERVING_MINUTES

    def _now_serving(self):
        """The visit the tablet rates: the last dossier received or returned
        by an official of this counter within the last N minutes (system
        parameter hcc_rating.serving_minutes, 15 by default), as its log
        line; empty when nobody was served lately."""
        self.ensure_one()
        now = fields.Datetime.from_string(server_now(self))
        since = fields.Datetime.to_string(now - timedelta(minutes=self._serving_minutes()))
        return self.env['hcc.dossier.log'].sudo().search([
            ('action', 'in', SERVING_ACTIONS),
            ('user_id.hcc_counter_id', '=', self.id),
            ('date', '>=', since), ('date', '<=', fields.Datetime.to_string(now)),
        ], order='date desc, id desc', limit=1)

    def _rate_visit(self, log, level, criteria=None, comment=None):
        """Record the rating of the visit `log` at this counter, or a reason
        string: 'gone' (no longer the visit being served) or 'rated'."""
        self.ensure_one()
        if not log or log != self._now_serving():
            return 'gone'
        Rating = self.env['hcc.rating'].sudo()
        key = 'counter:%d' % log.id
        if Rating.search_count([('visit_key', '=', key)]):
            return 'rated'
        return Rating.create(dict(
            Rating._submission_vals(log.dossier_id, level, criteria, comment),
            channel='counter', user_id=log.user_id.id, visit_key=key))
