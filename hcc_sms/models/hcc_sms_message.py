"""One SMS to one applicant. A dossier event creates the row (text rendered
then, what the citizen gets is what the event said) and enqueues one
hcc.job on channel `sms` whose identity key is the row's request id: the
same event never queues twice, and the request id is what the gateway
deduplicates on. The job sends (`_job_send`); retries, back-off and the
attempt budget are the channel's policy (hcc.job.policy `sms`);
`_sms_after_attempt` (called by hcc.job._record_outcome once the attempt's
savepoint is closed) writes what a failed attempt leaves on the row.
"""
import logging

from odoo import api, fields, models

from odoo.addons.hcc_one_stop.domain import jobs
from odoo.addons.hcc_one_stop.domain.jobs import PermanentJobError, RetryableJobError
from odoo.addons.hcc_one_stop.models.tools import local, server_now, utc_str

from ..domain import carriers, quiet_hours
from ..gateways import base, encoding
from .hcc_sms_template import EVENTS

_logger = logging.getLogger(__name__)

CHANNEL = 'sms'
QUIET_PARAM = 'hcc_sms.quiet_hours'

QUEUED, SENT, DELIVERED, FAILED = 'queued', 'sent', 'delivered', 'failed'
TEMPORARY, PERMANENT, UNCONFIRMED = 'temporary', 'permanent', 'unconfirmed'


class SmsRetry(RetryableJobError):
    """A temporary failure on `gateway_id`; `failover`: the next attempt
    goes to another gateway; `quiet`: not an attempt, only a wait."""

    def __init__(self, message, gateway_id=None, code=None, failover=False, quiet=False,
                 delay_minutes=None):
        super(SmsRetry, self).__init__(message, delay_minutes=delay_minutes)
        self.gateway_id, self.code = gateway_id, code
        self.failover, self.quiet = failover, quiet


class SmsFailure(PermanentJobError):
    """The message is failed for good: `kind` permanent (refused) or
    unconfirmed (no answer from a gateway that cannot drop a repeat)."""

    def __init__(self, message, gateway_id=None, code=None, kind=PERMANENT, alert=False):
        super(SmsFailure, self).__init__(message)
        self.gateway_id, self.code, self.kind, self.alert = gateway_id, code, kind, alert


def _ambiguous(result):
    """True when a temporary failure may hide an SMS that left: no answer
    (timeout, connection cut, unreadable reply), or some parts accepted."""
    return result.status == base.RETRY and (result.code is None or bool(result.refs))


class HccSmsMessage(models.Model):
    _name = 'hcc.sms.message'
    _description = 'SMS Message'
    _order = 'id desc'
    _rec_name = 'phone'

    dossier_id = fields.Many2one('hcc.dossier', string='Dossier', ondelete='set null', index=True,
                                 auto_join=True)  # rules: a JOIN, not an IN list
    event = fields.Selection(EVENTS, index=True)
    template_id = fields.Many2one('hcc.sms.template', string='Template', ondelete='set null')
    phone = fields.Char(required=True, help="International form 84xxxxxxxxx.")
    carrier = fields.Selection(list(carriers.CARRIERS), compute='_compute_carrier', store=True)
    body = fields.Text(required=True)
    urgent = fields.Boolean(help="Sent even in quiet hours.")
    state = fields.Selection([
        (QUEUED, 'Queued'),
        (SENT, 'Sent'),
        (DELIVERED, 'Delivered'),
        (FAILED, 'Failed'),
    ], default=QUEUED, required=True, index=True)
    failure_kind = fields.Selection([
        (TEMPORARY, 'Temporary (attempts exhausted)'),
        (PERMANENT, 'Permanent (refused)'),
        (UNCONFIRMED, 'Unconfirmed (no answer: may have been sent)'),
    ], readonly=True)
    error_code = fields.Char(string='Carrier code', readonly=True)
    error = fields.Text(string='Reason', readonly=True)
    attempts = fields.Integer(default=0, readonly=True)
    next_attempt_at = fields.Datetime(string='Next Attempt At', readonly=True)
    sent_at = fields.Datetime(string='Sent At', readonly=True)
    delivered_at = fields.Datetime(string='Delivered At', readonly=True)
    gateway_id = fields.Many2one('hcc.sms.gateway', string='Gateway', readonly=True, index=True)
    gateway_attempts = fields.Integer(readonly=True,
                                      help="Failed attempts on the current gateway.")
    tried_gateway_ids = fields.Many2many('hcc.sms.gateway', 'hcc_sms_message_tried_gateway_rel',
                                         'message_id', 'gateway_id', readonly=True,
                                         string='Gateways given up')
    provider_ref = fields.Char(string='Provider Reference', readonly=True, index=True)
    parts_sent = fields.Integer(string='SMS parts sent', readonly=True)
    dedup_key = fields.Char(
        string='Request ID', readonly=True, copy=False,
        help="Event and log line the SMS answers: one event never queues two SMS. It is "
             "the job's identity key and the request id the gateway drops repeats of.")
    # found by its identity key (= dedup_key): no second write per event
    job_id = fields.Many2one('hcc.job', string='Job', compute='_compute_job_id')
    encoding = fields.Char(compute='_compute_segments')
    parts = fields.Integer(string='SMS Parts', compute='_compute_segments')

    _sql_constraints = [
        ('dedup_key_uniq', 'unique(dedup_key)', 'This event already queued an SMS.'),
    ]

    @api.depends('phone')
    def _compute_carrier(self):
        for message in self:
            message.carrier = carriers.carrier_of(message.phone)

    def _compute_job_id(self):
        Job = self.env['hcc.job'].sudo()
        jobs_by_key = dict((job.identity_key, job.id) for job in Job.search(
            [('identity_key', 'in', [m.dedup_key for m in self if m.dedup_key])]))
        for message in self:
            message.job_id = jobs_by_key.get(message.dedup_key, False)

    @api.depends('body')
    def _compute_segments(self):
        for message in self:
            message.encoding, message.parts = encoding.segments(message.body or '')

    # -------------------------------------------------------------- queue
    @api.model
    def _quiet_eta(self, now):
        """UTC string when quiet hours end, if `now` (UTC string) is in them."""
        param = self.env['ir.config_parameter'].sudo().get_param(QUIET_PARAM,
                                                                 quiet_hours.DEFAULT)
        try:
            period = quiet_hours.parse(param)
        except ValueError:
            period = quiet_hours.parse(quiet_hours.DEFAULT)
        end = quiet_hours.quiet_end(local(now), period)
        return utc_str(end) if end else None

    def _enqueue(self, eta=None):
        """The job that sends each message (one per request id)."""
        Job = self.env['hcc.job'].sudo()
        for message in self:
            Job.enqueue(CHANNEL, message, '_job_send', identity_key=message.dedup_key,
                        priority=5 if message.urgent else 10, eta=eta)
        return True

    @api.model
    def _queue(self, vals, now=None):
        """Queue one message (vals: dossier_id, event, phone, body, urgent,
        dedup_key, template_id) and its job, unless the request id is taken
        or the number opted out. One INSERT, then the job's: this runs inside
        every dossier event (at most a few ms). Quiet hours delay the job,
        not the row. Returns the message (empty when nothing was queued)."""
        now_utc = fields.Datetime.now()
        cr = self.env.cr
        cr.execute("""
            INSERT INTO hcc_sms_message (dossier_id, event, template_id, phone, carrier, body,
                                         urgent, state, failure_kind, error, attempts,
                                         gateway_attempts, parts_sent,
                                         dedup_key, create_uid, create_date, write_uid,
                                         write_date)
            SELECT %(dossier_id)s, %(event)s, %(template_id)s, %(phone)s, %(carrier)s,
                   %(body)s, %(urgent)s, %(state)s, %(failure_kind)s, %(error)s, 0, 0, 0,
                   %(dedup_key)s,
                   %(uid)s, %(now)s, %(uid)s, %(now)s
             WHERE NOT EXISTS (SELECT 1 FROM hcc_sms_optout WHERE phone = %(phone)s)
            ON CONFLICT (dedup_key) DO NOTHING
            RETURNING id""", {
            'dossier_id': vals.get('dossier_id') or None, 'event': vals.get('event') or None,
            'template_id': vals.get('template_id') or None, 'phone': vals['phone'],
            'carrier': carriers.carrier_of(vals['phone']), 'body': vals['body'],
            'urgent': bool(vals.get('urgent')), 'state': vals.get('state') or QUEUED,
            'failure_kind': vals.get('failure_kind') or None, 'error': vals.get('error') or None,
            'dedup_key': vals['dedup_key'], 'uid': self.env.uid, 'now': now_utc})
        row = cr.fetchone()
        message = self.sudo().browse(row[0] if row else [])
        if message and (vals.get('state') or QUEUED) == QUEUED:
            eta = None if vals.get('urgent') else self._quiet_eta(now or server_now(self))
            # from vals, not the row: reading it back is one more query
            self.env['hcc.job'].sudo().enqueue(
                CHANNEL, message, '_job_send', identity_key=vals['dedup_key'],
                priority=5 if vals.get('urgent') else 10, eta=eta)
        return message

    def action_retry(self):
        """Put failed messages back in the queue (after fixing the gateway):
        their job runs again, attempts from zero, all gateways again."""
        for message in self.filtered(lambda m: m.state == FAILED):
            message.sudo().write({
                'state': QUEUED, 'attempts': 0, 'gateway_attempts': 0, 'failure_kind': False,
                'error': False, 'error_code': False, 'next_attempt_at': False,
                'tried_gateway_ids': [(5,)]})
            job = message.sudo().job_id
            if job and job.state in jobs.RETRYABLE_STATES | {jobs.DONE}:
                job.write({'state': jobs.PENDING, 'attempts': 0, 'next_attempt_at': False,
                           'date_done': False})
            elif not job:
                message.sudo()._enqueue()
        return True

    # --------------------------------------------------------------- send
    def _lock(self):
        """Lock the row (and say whether its number opted out) in one query."""
        self.env.cr.execute("""
            SELECT EXISTS (SELECT 1 FROM hcc_sms_optout o WHERE o.phone = m.phone)
              FROM hcc_sms_message m WHERE m.id = %s FOR UPDATE OF m""", (self.id,))
        row = self.env.cr.fetchone()
        self.invalidate_cache(ids=self.ids)
        return bool(row and row[0])

    def _pick_gateway(self):
        """The gateway for this attempt: the current one while it has tries
        left, else the best one serving the carrier not given up yet."""
        candidates = self.env['hcc.sms.gateway']._candidates(self.phone)
        remaining = candidates - self.tried_gateway_ids
        if self.gateway_id and self.gateway_id in remaining:
            return self.gateway_id, remaining - self.gateway_id
        return remaining[:1], remaining[1:]

    def _job_send(self, job):
        """Send this message once (hcc.job, channel sms)."""
        self.ensure_one()
        opted_out = self._lock()
        message = self.sudo()
        if message.state != QUEUED:
            # sent, delivered or failed meanwhile: a retried job never sends again
            return 'nothing to do: message is %s' % message.state
        if not message.urgent:
            now = server_now(self)
            eta = self._quiet_eta(now)
            if eta:
                wait = fields.Datetime.from_string(eta) - fields.Datetime.from_string(now)
                raise SmsRetry('quiet hours', quiet=True,
                               delay_minutes=int(wait.total_seconds() // 60) + 1)
        if opted_out:
            raise SmsFailure('the applicant asked for no SMS (opt-out list)')
        gateway, others = message._pick_gateway()
        if not gateway:
            raise SmsRetry('no active gateway serves this number\'s carrier')
        text = message.body
        if gateway.strip_diacritics:
            text = encoding.strip_diacritics(text)
        try:
            transport = gateway._transport()
            result = transport.send(message.phone, text, message.dedup_key,
                                    unicode_text=not encoding.is_gsm7(text))
        except base.GatewayConfigError as exc:
            result = base.SendResult(base.FAILED, None, 'gateway misconfigured: %s'
                                     % base.scrub(exc), None, 0)
        except Exception as exc:  # a bug in a transport must not stop the queue
            # the exception may quote the number or the text: the job keeps
            # only its type
            _logger.warning("SMS %s: transport of gateway %s raised %s", message.id,
                            gateway.id, type(exc).__name__)
            result = base.SendResult(base.RETRY, None, 'transport error (%s)'
                                     % type(exc).__name__, None, 0, ('?',))
        if result.status == base.SENT:
            message.write({
                'state': SENT, 'body': text, 'sent_at': fields.Datetime.now(),
                'gateway_id': gateway.id, 'provider_ref': result.provider_ref or False,
                'parts_sent': result.parts, 'attempts': message.attempts + 1,
                'error': False, 'error_code': False, 'failure_kind': False,
                'next_attempt_at': False})
            if gateway.provider == 'smpp':
                # receipts read while waiting for our submit_sm_resp (only
                # here: a failed attempt's writes are rolled back)
                gateway._apply_reports(transport.poll_reports())
            return 'sent through gateway %d' % gateway.id
        if result.status == base.FAILED:
            raise SmsFailure(result.error or 'refused', gateway.id, result.code, alert=True)
        if _ambiguous(result) and not gateway._idempotent():
            raise SmsFailure('%s; it may have been sent, not resent automatically to avoid a '
                             'double SMS' % (result.error or 'no answer'), gateway.id,
                             result.code, kind=UNCONFIRMED)
        failover = bool(others) and not _ambiguous(result) and \
            message.gateway_attempts + 1 >= gateway.failover_after
        raise SmsRetry(result.error or 'temporary failure', gateway.id, result.code,
                       failover=failover, delay_minutes=0 if failover else None)

    def _sms_after_attempt(self, job, outcome, error):
        """Record on the message what a failed attempt of its job left
        (the attempt's own writes were rolled back with its savepoint)."""
        self.ensure_one()
        message = self.sudo()
        if outcome == jobs.OUTCOME_DONE or message.state != QUEUED:
            return
        quiet = isinstance(error, SmsRetry) and error.quiet
        failover = isinstance(error, SmsRetry) and error.failover
        if failover and outcome == jobs.OUTCOME_FAILED:
            # the job's attempts ran out on this gateway, not on the next one
            outcome = jobs.OUTCOME_RETRY
            job.write({'state': jobs.PENDING, 'next_attempt_at': fields.Datetime.now()})
        vals = {'next_attempt_at': job.next_attempt_at or False}
        if not quiet:
            vals.update(attempts=message.attempts + 1, error=jobs.error_text(error)[:500],
                        error_code=getattr(error, 'code', None) or False)
            gateway_id = getattr(error, 'gateway_id', None)
            if gateway_id:
                same = gateway_id == message.gateway_id.id
                vals.update(gateway_id=gateway_id,
                            gateway_attempts=(message.gateway_attempts if same else 0) + 1)
        if failover:
            vals.update(tried_gateway_ids=[(4, error.gateway_id)], gateway_attempts=0)
        if outcome == jobs.OUTCOME_FAILED:
            kind = getattr(error, 'kind', None) or (
                PERMANENT if isinstance(error, PermanentJobError) else TEMPORARY)
            vals.update(state=FAILED, failure_kind=kind, next_attempt_at=False)
            # ids and codes only: the reason may quote the provider's words
            _logger.warning("SMS %s (dossier %s) failed (%s), code %s", message.id,
                            message.dossier_id.id, kind, vals.get('error_code'))
        message.write(vals)
        if outcome == jobs.OUTCOME_FAILED and getattr(error, 'alert', False) and \
                message.gateway_id:
            message.gateway_id._alert_configurators(error.message)
        if quiet or failover:
            # a wait for the morning, or a move to a fresh gateway, does not
            # eat the job's attempts
            job.write({'attempts': 0 if failover else max(job.attempts - 1, 0)})

    # ----------------------------------------------------------- delivery
    def _apply_report(self, report):
        """A delivery report (gateways.base.DeliveryReport) of this message;
        a repeated one changes nothing. Returns True when it changed the row."""
        self.ensure_one()
        message = self.sudo()
        if report.status == base.PENDING or message.state not in (SENT, QUEUED):
            return False
        if report.status == base.DELIVERED:
            message.write({'state': DELIVERED, 'delivered_at': fields.Datetime.now()})
        else:
            message.write({'state': FAILED, 'failure_kind': PERMANENT,
                           'error_code': report.code or False,
                           'error': base.scrub(report.reason, 500)})
        return True
