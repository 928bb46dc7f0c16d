import logging
import threading
from datetime import timedelta

from odoo import api, fields, models

from ..gateways import encoding, json_http
from .hcc_sms_template import EVENTS

_logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, 3rd, 4th transient failure; the 5th
# attempt is the last one.
BACKOFF_MINUTES = (1, 5, 15, 60)
MAX_ATTEMPTS = 5


class HccSmsMessage(models.Model):
    """One SMS to one applicant: the outbox row the cron sends from."""
    _name = 'hcc.sms.message'
    _description = 'SMS Message'
    _order = 'id desc'
    _rec_name = 'phone'

    dossier_id = fields.Many2one('hcc.dossier', string='Dossier', ondelete='set null', index=True)
    event = fields.Selection(EVENTS)
    phone = fields.Char(required=True, help="International form 84xxxxxxxxx.")
    body = fields.Text(required=True)
    state = fields.Selection([
        ('queued', 'Queued'),
        ('sent', 'Sent'),
        ('failed', 'Failed'),
        ('delivered', 'Delivered'),
    ], default='queued', required=True, index=True)
    attempts = fields.Integer(default=0, readonly=True)
    next_attempt_at = fields.Datetime(string='Next Attempt At')
    sent_at = fields.Datetime(string='Sent At', readonly=True)
    gateway_id = fields.Many2one('hcc.sms.gateway', string='Gateway', readonly=True)
    provider_ref = fields.Char(string='Provider Reference', readonly=True)
    error = fields.Text(readonly=True)
    dedup_key = fields.Char(
        string='Deduplication Key', readonly=True, copy=False,
        help="Event and log line the SMS answers: one event never queues two SMS.")
    encoding = fields.Char(compute='_compute_segments')
    parts = fields.Integer(string='SMS Parts', compute='_compute_segments')

    _sql_constraints = [
        ('dedup_key_uniq', 'unique(dedup_key)', 'This event already queued an SMS.'),
    ]

    @api.depends('body')
    def _compute_segments(self):
        for message in self:
            message.encoding, message.parts = encoding.segments(message.body or '')

    def action_retry(self):
        """Put failed messages back in the queue (after fixing the gateway)."""
        self.filtered(lambda m: m.state == 'failed').write(
            {'state': 'queued', 'attempts': 0, 'next_attempt_at': False, 'error': False})

    @api.model
    def _lock_next_due(self, now):
        """Id of one queued message due at `now`, locked for this transaction.

        SKIP LOCKED lets two cron workers run side by side: a row one of
        them is sending is invisible to the other, so it is never sent twice.
        """
        self.env.cr.execute("""
            SELECT id FROM hcc_sms_message
             WHERE state = 'queued'
               AND (next_attempt_at IS NULL OR next_attempt_at <= %s)
             ORDER BY id
             LIMIT 1
             FOR UPDATE SKIP LOCKED""", (now,))
        row = self.env.cr.fetchone()
        return row and row[0]

    @api.model
    def _cron_send(self, limit=200):
        gateway = self.env['hcc.sms.gateway'].sudo().search([], limit=1)
        if not gateway:
            _logger.info("No active SMS gateway: messages stay queued")
            return 0
        try:
            transport = gateway._transport()
        except json_http.GatewayConfigError as exc:
            _logger.warning("SMS gateway %s unusable: %s", gateway.name, exc)
            return 0
        # Commit after each message so a crash later in the run cannot roll
        # back the record of an SMS that already left; never inside tests.
        auto_commit = not getattr(threading.currentThread(), 'testing', False)
        done = 0
        while done < limit:
            now = fields.Datetime.now()
            message_id = self._lock_next_due(now)
            if not message_id:
                break
            self.browse(message_id).sudo()._send_one(gateway, transport)
            done += 1
            if auto_commit:
                self.env.cr.commit()
        return done

    def _send_one(self, gateway, transport):
        self.ensure_one()
        text = self.body
        if gateway.strip_diacritics:
            text = encoding.strip_diacritics(text)
        unicode_text = not encoding.is_gsm7(text)
        ref = self.dedup_key or 'hcc-sms-%d' % self.id
        try:
            result = transport.send(self.phone, text, ref, unicode_text=unicode_text)
        except Exception as exc:  # a bug in a transport must not stop the queue
            _logger.warning("SMS %s: transport raised %r", self.id, exc)
            result = json_http.SendResult(json_http.RETRY, None, repr(exc), None)
        attempts = self.attempts + 1
        vals = {'attempts': attempts, 'gateway_id': gateway.id, 'error': result.error or False}
        if result.status == json_http.SENT:
            vals.update(state='sent', body=text, sent_at=fields.Datetime.now(),
                        provider_ref=result.provider_ref or False, next_attempt_at=False)
        elif result.status == json_http.RETRY and attempts < MAX_ATTEMPTS:
            delay = BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1]
            vals['next_attempt_at'] = fields.Datetime.to_string(
                fields.Datetime.from_string(fields.Datetime.now()) + timedelta(minutes=delay))
        else:
            vals.update(state='failed', next_attempt_at=False)
            _logger.warning("SMS %s to %s failed: %s", self.id, self.phone, result.error)
        self.write(vals)
        return result.status
