import json
import logging
import threading
from datetime import timedelta

from odoo import api, fields, models
from odoo.modules.module import get_module_resource

from ..client import soap

_logger = logging.getLogger(__name__)

PARAM = 'hcc_national_portal_connector.%s'
# Minutes to wait after the 1st, 2nd, ... failed attempt (last value repeats).
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
MAX_ATTEMPTS = 10  # then "error": someone has to look at it

OPERATIONS = [
    ('DongBoHoSoMC', 'Push dossier (DongBoHoSoMC)'),
    ('CapNhatTienDoHoSoMC', 'Push progress (CapNhatTienDoHoSoMC)'),
]


class HccPortalOutbox(models.Model):
    """What still has to reach the National Portal, retried by a cron."""
    _name = 'hcc.portal.outbox'
    _description = 'National Portal Sync Queue'
    _order = 'id desc'

    dossier_id = fields.Many2one('hcc.dossier', string='Dossier', index=True, ondelete='cascade')
    operation = fields.Selection(OPERATIONS, required=True)
    payload = fields.Text(required=True, help="JSON message in the portal's field names.")
    state = fields.Selection([
        ('pending', 'Pending'),
        ('done', 'Done'),
        ('error', 'Error'),
    ], required=True, default='pending', index=True)
    attempts = fields.Integer(default=0, readonly=True)
    last_error = fields.Text(string='Last Error', readonly=True)
    response_code = fields.Char(string='Portal Error Code', readonly=True)
    next_attempt_at = fields.Datetime(string='Next Attempt At')
    done_at = fields.Datetime(string='Done At', readonly=True)

    def action_retry(self):
        self.write({'state': 'pending', 'attempts': 0, 'next_attempt_at': False})

    @api.model
    def _portal_client(self):
        """A SOAP client from the system parameters, or None if unconfigured."""
        params = self.env['ir.config_parameter'].sudo()
        endpoint = (params.get_param(PARAM % 'endpoint') or '').strip()
        if not endpoint:
            return None
        return soap.SoapPortalClient(
            get_module_resource('hcc_national_portal_connector', 'wsdl', 'dvcqg.wsdl'),
            endpoint,
            (params.get_param(PARAM % 'session') or '').strip(),
            (params.get_param(PARAM % 'madonvi') or '').strip(),
            timeout=int(params.get_param(PARAM % 'timeout') or 30))

    @api.model
    def _lock_due(self, limit):
        # SKIP LOCKED: two cron workers never take the same row.
        self.env.cr.execute("""
            SELECT id FROM hcc_portal_outbox
             WHERE state = 'pending'
               AND (next_attempt_at IS NULL OR next_attempt_at <= %s)
             ORDER BY id
             LIMIT %s
             FOR UPDATE SKIP LOCKED""", (fields.Datetime.now(), limit))
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _cron_process(self, limit=100):
        client = self._portal_client()
        if client is None:
            _logger.info("National Portal endpoint not configured: outbox left pending")
            return 0
        rows = self._lock_due(limit)
        # Dossiers first: the portal refuses progress of a dossier it lacks.
        for row in rows.filtered(lambda r: r.operation == 'DongBoHoSoMC'):
            row._record(*client.push_dossier(json.loads(row.payload)))
        progress = rows.filtered(lambda r: r.operation == 'CapNhatTienDoHoSoMC')
        for start in range(0, len(progress), 10):
            batch = progress[start:start + 10]
            result = client.push_progress([json.loads(r.payload) for r in batch])
            for row in batch:
                row._record(*result)
        if not getattr(threading.currentThread(), 'testing', False):
            self.env.cr.commit()
        return len(rows)

    def _record(self, ok, code, message):
        now = fields.Datetime.now()
        for row in self:
            if ok:
                row.write({'state': 'done', 'done_at': now, 'response_code': code,
                           'last_error': False, 'next_attempt_at': False,
                           'attempts': row.attempts + 1})
                continue
            attempts = row.attempts + 1
            vals = {'attempts': attempts, 'response_code': code or False,
                    'last_error': message or 'error code %s' % code}
            if attempts >= MAX_ATTEMPTS:
                vals.update(state='error', next_attempt_at=False)
            else:
                delay = BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1]
                vals['next_attempt_at'] = fields.Datetime.to_string(
                    fields.Datetime.from_string(now) + timedelta(minutes=delay))
            row.write(vals)
