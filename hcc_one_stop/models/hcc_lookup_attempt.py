"""Failed public lookups per client address, for the rate limit of the
public dossier lookup (tra cứu hồ sơ): dossier codes are sequential, so
without a limit anyone could try codes and second factors one by one."""
from odoo import api, fields, models

DEFAULT_MAX_ATTEMPTS = 10
DEFAULT_WINDOW_MINUTES = 10


class HccLookupAttempt(models.Model):
    _name = 'hcc.lookup.attempt'
    _description = 'Failed public dossier lookup'
    _log_access = False
    _order = 'id desc'

    # the client's address only: no code, no factor (nothing personal)
    ip = fields.Char(required=True, index=True)
    at = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _limits(self):
        params = self.env['ir.config_parameter'].sudo()
        try:
            limit = int(params.get_param('hcc_one_stop.lookup_max_attempts', DEFAULT_MAX_ATTEMPTS))
            window = int(params.get_param('hcc_one_stop.lookup_window_minutes',
                                          DEFAULT_WINDOW_MINUTES))
        except ValueError:
            limit, window = DEFAULT_MAX_ATTEMPTS, DEFAULT_WINDOW_MINUTES
        return max(limit, 1), max(window, 1)

    @api.model
    def _is_blocked(self, ip):
        """True when `ip` made the allowed number of failed lookups within
        the window. The database clock decides, not the client."""
        limit, window = self._limits()
        self.env.cr.execute("""
            SELECT count(*) FROM hcc_lookup_attempt
             WHERE ip = %s AND at > (now() AT TIME ZONE 'UTC') - %s * interval '1 minute'
        """, (ip, window))
        return self.env.cr.fetchone()[0] >= limit

    @api.model
    def _record_failure(self, ip):
        """Count one failed lookup of `ip`; forget what is older than a day."""
        self.env.cr.execute("""
            DELETE FROM hcc_lookup_attempt WHERE at < (now() AT TIME ZONE 'UTC') - interval '1 day';
            INSERT INTO hcc_lookup_attempt (ip, at) VALUES (%s, now() AT TIME ZONE 'UTC');
        """, (ip,))
        return True
