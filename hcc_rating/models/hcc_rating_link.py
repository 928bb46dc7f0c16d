import secrets
from datetime import timedelta

from odoo import _, api, fields, models

from odoo.addons.hcc_one_stop.models.tools import server_now

DEFAULT_LINK_DAYS = 7


class HccRatingLink(models.Model):
    """The rating link of a dossier (/danh-gia/<token>): made when the result
    is returned, sent by SMS and shown in My dossiers; single-use (consumed
    by an UPDATE ... WHERE used_at IS NULL that only one request can win)
    and expiring. Read and used by the website as superuser only."""
    _name = 'hcc.rating.link'
    _description = 'Rating link'
    _order = 'id desc'

    dossier_id = fields.Many2one('hcc.dossier', required=True, ondelete='cascade', index=True)
    token = fields.Char(required=True, readonly=True, copy=False, index=True,
                        default=lambda self: secrets.token_urlsafe(24))
    expires_at = fields.Datetime(required=True, readonly=True)
    used_at = fields.Datetime(readonly=True, copy=False)
    rating_id = fields.Many2one('hcc.rating', readonly=True, ondelete='set null')

    _sql_constraints = [
        ('token_uniq', 'unique(token)', 'The rating token must be unique.'),
        ('dossier_uniq', 'unique(dossier_id)', 'A dossier has one rating link.'),
    ]

    @api.model
    def _link_days(self):
        value = self.env['ir.config_parameter'].sudo().get_param('hcc_rating.link_days')
        try:
            return max(1, int(value))
        except (TypeError, ValueError):
            return DEFAULT_LINK_DAYS

    @api.model
    def _for_dossier(self, dossier):
        """The dossier's link, made on first call (idempotent)."""
        link = self.search([('dossier_id', '=', dossier.id)], limit=1)
        if link:
            return link
        # counted from the return of the result: a dossier returned long ago
        # (or before ratings were installed) gets an expired link
        start = fields.Datetime.from_string(dossier.returned_at or server_now(dossier))
        return self.create({
            'dossier_id': dossier.id,
            'expires_at': fields.Datetime.to_string(start + timedelta(days=self._link_days())),
        })

    def _url(self):
        self.ensure_one()
        base = self.env['ir.config_parameter'].sudo().get_param('web.base.url', '')
        return '%s/danh-gia/%s' % (base, self.token)

    def _status(self, now=None):
        """'valid', 'used' or 'expired'."""
        self.ensure_one()
        if self.used_at:
            return 'used'
        if (now or server_now(self)) >= self.expires_at:
            return 'expired'
        return 'valid'

    @api.model
    def _find(self, token):
        """The link of a token as typed in a URL, or an empty recordset."""
        if not isinstance(token, str) or not 16 <= len(token) <= 64 \
                or not all(c.isalnum() or c in '-_' for c in token):
            return self.browse()
        return self.search([('token', '=', token)], limit=1)

    def _consume(self, now):
        """Mark the link used, or False when another request was first or it
        expired meanwhile. Runs in the request's transaction: if the rating
        is then refused, the rollback gives the link back."""
        self.ensure_one()
        self.env.cr.execute("""
            UPDATE hcc_rating_link SET used_at = %s, write_date = now() at time zone 'UTC'
             WHERE id = %s AND used_at IS NULL AND expires_at > %s
         RETURNING id""", (now, self.id, now))
        consumed = bool(self.env.cr.fetchone())
        self.invalidate_cache(['used_at'], self.ids)
        return consumed

    def _rate(self, level, criteria=None, comment=None, channel='link'):
        """Record the citizen's rating through this link (as superuser: the
        token is the citizen's credential). Returns the rating, or a
        reason string: 'used', 'expired'."""
        self.ensure_one()
        now = server_now(self)
        status = self._status(now)
        if status != 'valid':
            return status
        if not self._consume(now):
            # another request was first (or it expired meanwhile)
            return self._status(now)
        Rating = self.env['hcc.rating']
        # a refused rating raises: the caller rolls back and the link is
        # unused again
        rating = Rating.create(dict(
            Rating._submission_vals(self.dossier_id, level, criteria, comment),
            channel=channel, visit_key='link:%d' % self.id))
        self.write({'rating_id': rating.id})
        return rating
