"""One job mechanism for every outbound exchange (SMS, National Portal,
rating push): a dossier event only enqueues a row; a cron runs the due rows,
retries them with the channel's back-off and records the outcome.

    job = env['hcc.job'].sudo().enqueue('sms', dossier, '_job_send_sms',
                                        payload={'log_id': log.id},
                                        identity_key='sms:received:%d' % log.id)

and on the dossier (or any model) of the satellite:

    def _job_send_sms(self, job):
        data = job._load_payload()
        ...            # return normally: done (a string return is kept as result)
        raise RetryableJobError('gateway busy')   # later, with back-off
        raise PermanentJobError('number refused')  # failed at once

The job runs as superuser in its own savepoint, at least once: a worker
killed mid-job leaves it pending, so outbound calls carry the job's identity
key (or id) as the request id the remote side deduplicates on. Payloads
should hold ids, not personal data: the method reads the record when it
runs, and configurators see payloads.
"""
import json
import logging
import threading
from datetime import timedelta

import psycopg2
from psycopg2 import errorcodes

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..domain import jobs
from ..domain.jobs import PermanentJobError, RetryableJobError  # noqa: F401 (for satellites)

_logger = logging.getLogger(__name__)

KEEP_DAYS_PARAM = 'hcc_one_stop.job_keep_days'
DEFAULT_KEEP_DAYS = 30
HOUSEKEEPING = 'housekeeping'

_INSERT = """
    INSERT INTO hcc_job (channel, identity_key, model_name, res_id, method_name, payload,
                         priority, state, attempts, max_attempts, next_attempt_at,
                         depends_on_id, create_uid, create_date, write_uid, write_date)
    VALUES (%(channel)s, %(identity_key)s, %(model_name)s, %(res_id)s, %(method_name)s,
            %(payload)s, %(priority)s, %(state)s, 0, %(max_attempts)s, %(eta)s,
            %(depends_on)s, %(uid)s, %(now)s, %(uid)s, %(now)s)
    RETURNING id"""


def _testing():
    return getattr(threading.currentThread(), 'testing', False)


class HccJob(models.Model):
    _name = 'hcc.job'
    _description = 'Outbound job'
    _order = 'id desc'

    channel = fields.Char(string='Job channel', required=True, index=True, readonly=True,
                          help="Decides the retry policy (e.g. sms, portal, rating).")
    identity_key = fields.Char(string='Identity key', readonly=True, copy=False,
                               help="Enqueueing the same key again returns this job: "
                                    "an event never queues twice.")
    model_name = fields.Char(string='Model', required=True, readonly=True)
    res_id = fields.Integer(string='Record ID', readonly=True,
                            help="The record the job acts on; empty: the model itself.")
    method_name = fields.Char(string='Method', required=True, readonly=True)
    payload = fields.Text(string='Payload', readonly=True, help="JSON arguments of the method.")
    priority = fields.Integer(string='Priority', default=10, required=True,
                              help="Lower runs first.")
    state = fields.Selection(jobs.STATE_SELECTION, string='Job status', default=jobs.PENDING,
                             required=True, index=True, readonly=True)
    attempts = fields.Integer(string='Attempts', readonly=True)
    max_attempts = fields.Integer(string='Maximum attempts', readonly=True,
                                  default=jobs.DEFAULT_MAX_ATTEMPTS)
    next_attempt_at = fields.Datetime(string='Next attempt at',
                                      help="Not before this time; empty: as soon as possible.")
    last_error = fields.Text(string='Last error', readonly=True)
    result = fields.Char(string='Job result', readonly=True)
    date_done = fields.Datetime(string='Done at', readonly=True)
    depends_on_id = fields.Many2one('hcc.job', string='Waits for', readonly=True,
                                    ondelete='set null', index=True,
                                    help="This job runs only once that job is done.")

    _sql_constraints = [
        ('identity_key_uniq', 'unique(identity_key)', 'A job with this identity key exists.'),
    ]

    @api.model_cr
    def init(self):
        # the runner's query: pending rows of a channel in priority order
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS hcc_job_due_idx ON hcc_job (channel, priority, id)
             WHERE state = '%s'""" % jobs.PENDING)

    def name_get(self):
        return [(job.id, '%s #%d %s' % (job.channel, job.id, job.method_name)) for job in self]

    # ------------------------------------------------------------ enqueue
    @api.model
    def enqueue(self, channel, record, method_name, payload=None, identity_key=None,
                priority=10, eta=None, depends_on=None):
        """Queue `record.<method_name>(job)` on `channel`; returns the job.

        One INSERT (plus a savepoint when there is an identity key), no ORM
        create: it runs inside each dossier event. With `identity_key`, a
        second call returns the first job, whatever its state; when another
        transaction queued the same key and is not visible yet, an empty
        recordset. `record`: one record or an empty recordset (model-level
        job). `eta`: not before this UTC datetime. `depends_on`: a job that
        must be done first. Needs create access on jobs: server code calls
        it with sudo()."""
        self.check_access_rights('create')
        if not channel:
            raise ValueError('A job needs a channel')
        jobs.check_method_name(method_name)
        if not isinstance(record, models.BaseModel) or len(record) > 1:
            raise ValueError('A job acts on one record or on a model')
        if not callable(getattr(type(record), method_name, None)):
            raise ValueError('%s has no method %s' % (record._name, method_name))
        if eta and not isinstance(eta, str):
            eta = fields.Datetime.to_string(eta)
        max_attempts = self.env['hcc.job.policy']._settings(channel)[2]
        params = {
            'channel': channel, 'identity_key': identity_key or None,
            'model_name': record._name, 'res_id': record.id or None,
            'method_name': method_name,
            'payload': None if payload is None else json.dumps(payload, sort_keys=True),
            'priority': priority, 'state': jobs.PENDING, 'max_attempts': max_attempts,
            'eta': eta or None, 'depends_on': getattr(depends_on, 'id', depends_on) or None,
            'uid': self.env.uid, 'now': fields.Datetime.now(),
        }
        cr = self.env.cr
        if not identity_key:
            cr.execute(_INSERT, params)
            return self.browse(cr.fetchone()[0])
        try:
            # REPEATABLE READ: a key committed by a concurrent transaction
            # is a unique violation here (ON CONFLICT DO NOTHING would be a
            # serialization failure); the savepoint keeps our transaction,
            # log_exceptions=False keeps the expected error out of the log.
            with cr.savepoint():
                cr.execute(_INSERT, params, log_exceptions=False)
                return self.browse(cr.fetchone()[0])
        except psycopg2.IntegrityError as exc:
            if exc.pgcode != errorcodes.UNIQUE_VIOLATION:
                raise
        cr.execute("SELECT id FROM hcc_job WHERE identity_key = %s", (identity_key,))
        row = cr.fetchone()
        return self.browse(row[0] if row else [])

    def _load_payload(self):
        """The payload as Python data ({} when empty)."""
        self.ensure_one()
        if not self.payload:
            return {}
        try:
            return json.loads(self.payload)
        except ValueError:
            raise PermanentJobError('The payload is not valid JSON')

    # ------------------------------------------------------------- runner
    @api.model
    def _run_due(self, channel=None, limit=None):
        """Run the due pending jobs of `channel` (all channels when None),
        at most `limit` per channel (default: the policy's batch size);
        commits after each job outside tests. Returns the number run."""
        auto_commit = not _testing()
        if auto_commit:
            # a fresh snapshot: rows finished by another worker since the
            # cron's transaction began must not look pending to us
            self.env.cr.commit()
        Policy = self.env['hcc.job.policy']
        ran = []  # one pass runs a job once, even when its back-off is 0
        for name in ([channel] if channel else self._due_channels()):
            active, backoff, _max, batch = Policy._settings(name)
            if not active:
                continue
            for _i in range(limit or batch):
                job = self._lock_next_due(name, exclude=ran)
                if not job:
                    break
                job._run_locked(backoff)
                ran.append(job.id)
                if auto_commit:
                    self.env.cr.commit()
        return len(ran)

    @api.model
    def _due_channels(self):
        self.env.cr.execute("""
            SELECT DISTINCT channel FROM hcc_job
             WHERE state = %s AND (next_attempt_at IS NULL OR next_attempt_at <= %s)
             ORDER BY channel""", (jobs.PENDING, fields.Datetime.now()))
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _lock_next_due(self, channel, exclude=()):
        """The next due pending job of `channel` whose dependency is done,
        locked for this transaction (an empty recordset if none). SKIP
        LOCKED: a job another worker holds is invisible here, so two
        workers never take the same job."""
        cr = self.env.cr
        try:
            with cr.savepoint():
                cr.execute("""
                    SELECT j.id FROM hcc_job j
                     WHERE j.state = %s AND j.channel = %s
                       AND (j.next_attempt_at IS NULL OR j.next_attempt_at <= %s)
                       AND NOT (j.id = ANY(%s))
                       AND (j.depends_on_id IS NULL OR EXISTS (
                            SELECT 1 FROM hcc_job d WHERE d.id = j.depends_on_id AND d.state = %s))
                     ORDER BY j.priority, j.id
                     LIMIT 1
                     FOR UPDATE SKIP LOCKED""",
                           (jobs.PENDING, channel, fields.Datetime.now(), list(exclude), jobs.DONE),
                           log_exceptions=False)
                row = cr.fetchone()
        except psycopg2.extensions.TransactionRollbackError:
            # a job changed by another worker after our snapshot: the next
            # pass (fresh snapshot) takes it
            _logger.info("Job runner: concurrent update on channel %s, next pass", channel)
            return self.browse()
        return self.sudo().browse(row[0]) if row else self.browse()

    def _run_locked(self, backoff):
        """Run this locked job once and record the outcome."""
        self.ensure_one()
        job = self.sudo()
        job.write({'state': jobs.RUNNING, 'attempts': job.attempts + 1})
        error, result = None, None
        try:
            method = job._job_method()
            with self.env.cr.savepoint(), self.env.clear_upon_failure():
                result = method(job)
        except Exception as exc:  # noqa: B902 - any failure is retried, never lost
            error = exc
        job._record_outcome(error, result, backoff)
        return True

    def _job_method(self):
        """The bound method this job calls; PermanentJobError when it cannot
        exist any more (satellite uninstalled, record deleted)."""
        if self.model_name not in self.env:
            raise PermanentJobError('Model %s is not installed' % self.model_name)
        try:
            jobs.check_method_name(self.method_name)
        except ValueError:
            raise PermanentJobError('Method %s is not a job method' % self.method_name)
        target = self.env[self.model_name].sudo()
        if not callable(getattr(type(target), self.method_name, None)):
            raise PermanentJobError('%s has no method %s' % (self.model_name, self.method_name))
        if self.res_id:
            target = target.browse(self.res_id)
            if not target.exists():
                raise PermanentJobError('%s %d no longer exists' % (self.model_name, self.res_id))
        return getattr(target, self.method_name)

    def _record_outcome(self, error, result=None, backoff=None):
        """Write what one attempt (already counted in `attempts`) led to."""
        self.ensure_one()
        if backoff is None:
            backoff = self.env['hcc.job.policy']._settings(self.channel)[1]
        now = fields.Datetime.from_string(fields.Datetime.now())
        outcome, next_at = jobs.decide(error, self.attempts, self.max_attempts, backoff, now)
        if outcome == jobs.OUTCOME_DONE:
            self.write({'state': jobs.DONE, 'date_done': fields.Datetime.to_string(now),
                        'result': result[:255] if isinstance(result, str) else False,
                        'next_attempt_at': False})
            return outcome
        text = jobs.error_text(error)
        vals = {'last_error': text}
        if outcome == jobs.OUTCOME_RETRY:
            vals.update(state=jobs.PENDING, next_attempt_at=fields.Datetime.to_string(next_at))
        else:
            vals.update(state=jobs.FAILED, next_attempt_at=False)
        self.write(vals)
        # ids and the error type only: the payload and messages of other
        # exceptions may hold personal data; WARNING, never ERROR: expected
        level = logging.INFO if outcome == jobs.OUTCOME_RETRY and \
            isinstance(error, jobs.JobError) else logging.WARNING
        _logger.log(level, "Job %d (%s %s.%s) attempt %d/%d: %s -> %s", self.id, self.channel,
                    self.model_name, self.method_name, self.attempts, self.max_attempts,
                    type(error).__name__, outcome)
        return outcome

    # ------------------------------------------------------------ actions
    def action_retry(self):
        """Failed or cancelled jobs back in the queue, attempts from zero."""
        self.filtered(lambda j: j.state in jobs.RETRYABLE_STATES).write({
            'state': jobs.PENDING, 'attempts': 0, 'next_attempt_at': False,
            'date_done': False})
        return True

    def action_cancel(self):
        self.filtered(lambda j: j.state in jobs.CANCELLABLE_STATES).write(
            {'state': jobs.CANCELLED, 'next_attempt_at': False})
        return True

    def action_run_now(self):
        """Run pending or failed jobs at once, in this transaction."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        cr = self.env.cr
        for job in self.filtered(lambda j: j.state in jobs.RUNNABLE_STATES):
            if job.depends_on_id and job.depends_on_id.state != jobs.DONE:
                raise UserError(_('Job %s waits for job %s, which is not done.')
                                % (job.id, job.depends_on_id.id))
            try:
                with cr.savepoint():
                    cr.execute("SELECT id FROM hcc_job WHERE id = %s FOR UPDATE NOWAIT",
                               (job.id,), log_exceptions=False)
            except psycopg2.OperationalError:
                raise UserError(_('Job %s is being run right now.') % job.id)
            if job.state == jobs.FAILED:
                # a fresh chance: one more attempt than it had
                job.sudo().write({'max_attempts': max(job.max_attempts, job.attempts + 1)})
            job._run_locked(self.env['hcc.job.policy']._settings(job.channel)[1])
        return True

    # ------------------------------------------------------- housekeeping
    @api.model
    def _cron_enqueue_housekeeping(self):
        """Queue today's purge of old done jobs (once a day, whatever the
        number of calls)."""
        param = self.env['ir.config_parameter'].sudo().get_param(KEEP_DAYS_PARAM)
        try:
            days = int(param or DEFAULT_KEEP_DAYS)
        except ValueError:
            days = DEFAULT_KEEP_DAYS
        today = fields.Date.context_today(self)
        return self.sudo().enqueue(HOUSEKEEPING, self.browse(), '_job_purge_done',
                                   payload={'days': days},
                                   identity_key='hcc.job:purge_done:%s' % today)

    @api.model
    def _job_purge_done(self, job):
        """Delete the jobs done more than payload['days'] days ago. Rows
        another transaction holds are left for the next purge."""
        days = job._load_payload().get('days')
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 36500:
            raise PermanentJobError('days must be a whole number of days from 1 to 36500')
        limit = fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=days)
        self.env.cr.execute("""
            DELETE FROM hcc_job WHERE id IN (
                SELECT id FROM hcc_job WHERE state = %s AND date_done < %s
                FOR UPDATE SKIP LOCKED)""", (jobs.DONE, fields.Datetime.to_string(limit)))
        deleted = self.env.cr.rowcount
        self.invalidate_cache()
        return '%d done jobs deleted' % deleted
