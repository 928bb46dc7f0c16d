"""The job mechanism of every outbound exchange: the retry arithmetic alone,
then the model with its real housekeeping job (`_job_purge_done`), and the
concurrency promises on two real database connections (committed rows,
removed again by each test)."""
import logging
import time
import unittest
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import TransactionCase

from ..domain import jobs
from ..domain.jobs import PermanentJobError, RetryableJobError

T0 = datetime(2026, 3, 2, 8, 0, 0)


class TestJobDomain(unittest.TestCase):

    def test_backoff_parsing(self):
        self.assertEqual(jobs.parse_backoff('1, 5,15,60'), (1, 5, 15, 60))
        self.assertEqual(jobs.parse_backoff('0'), (0,))
        for bad in ('', ' , ', '1,x', '-1', '1.5', None):
            with self.assertRaises(ValueError, msg=bad):
                jobs.parse_backoff(bad)

    def test_delay_last_value_repeats(self):
        backoff = (1, 5, 15)
        self.assertEqual([jobs.delay_minutes(n, backoff) for n in range(1, 7)],
                         [1, 5, 15, 15, 15, 15])

    def test_decide(self):
        backoff = (2, 7)
        self.assertEqual(jobs.decide(None, 1, 3, backoff, T0), (jobs.OUTCOME_DONE, None))
        self.assertEqual(jobs.decide(RetryableJobError('busy'), 1, 3, backoff, T0),
                         (jobs.OUTCOME_RETRY, T0 + timedelta(minutes=2)))
        self.assertEqual(jobs.decide(ValueError('bug'), 2, 3, backoff, T0),
                         (jobs.OUTCOME_RETRY, T0 + timedelta(minutes=7)))
        # the last attempt, whatever the error
        self.assertEqual(jobs.decide(RetryableJobError('busy'), 3, 3, backoff, T0),
                         (jobs.OUTCOME_FAILED, None))
        self.assertEqual(jobs.decide(PermanentJobError('refused'), 1, 3, backoff, T0),
                         (jobs.OUTCOME_FAILED, None))
        # a gateway's Retry-After wins over the back-off
        self.assertEqual(jobs.decide(RetryableJobError('throttled', delay_minutes=30),
                                     1, 3, backoff, T0),
                         (jobs.OUTCOME_RETRY, T0 + timedelta(minutes=30)))

    def test_method_names(self):
        self.assertEqual(jobs.check_method_name('_job_send_sms'), '_job_send_sms')
        for bad in ('unlink', '_send_sms', '_job_', 'job_send', '_job_x; drop', None):
            with self.assertRaises(ValueError, msg=bad):
                jobs.check_method_name(bad)

    def test_error_text_keeps_personal_data_out(self):
        self.assertEqual(jobs.error_text(PermanentJobError('number refused by carrier')),
                         'PermanentJobError: number refused by carrier')
        try:
            {}['0912345678']
        except KeyError as exc:
            text = jobs.error_text(exc)
        self.assertNotIn('0912345678', text)
        self.assertTrue(text.startswith('Unexpected KeyError at '), text)
        self.assertIn('test_job.py', text)
        self.assertLessEqual(len(jobs.error_text(RetryableJobError('x' * 2000))),
                             jobs.ERROR_MAX_LENGTH)


class _Capture(logging.Handler):
    def __init__(self):
        super(_Capture, self).__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def captured_logs(name='odoo'):
    handler, logger = _Capture(), logging.getLogger(name)
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


class JobCase(TransactionCase):

    def setUp(self):
        super(JobCase, self).setUp()
        self.Job = self.env['hcc.job']
        # a channel of its own: no policy (the defaults), no other job
        self.channel = 'test_%s' % uuid.uuid4().hex[:10]

    def purge(self, days=30, **kw):
        return self.Job.enqueue(kw.pop('channel', self.channel), self.Job, '_job_purge_done',
                                payload={'days': days}, **kw)

    def done_job(self, days_ago):
        job = self.purge()
        job.write({'state': jobs.DONE, 'date_done': fields.Datetime.to_string(
            datetime.utcnow() - timedelta(days=days_ago))})
        return job


class TestJobQueue(JobCase):

    def test_enqueue_fields_and_policy(self):
        policy = self.env['hcc.job.policy'].create({'channel': self.channel,
                                                    'backoff': '2,7', 'max_attempts': 3})
        eta = datetime.utcnow() + timedelta(hours=1)
        job = self.purge(days=12, priority=3, eta=eta)
        self.assertEqual((job.channel, job.model_name, job.res_id, job.method_name, job.state,
                          job.attempts, job.max_attempts, job.priority),
                         (self.channel, 'hcc.job', 0, '_job_purge_done', jobs.PENDING, 0, 3, 3))
        self.assertEqual(job._load_payload(), {'days': 12})
        self.assertEqual(job.next_attempt_at, fields.Datetime.to_string(eta))
        self.assertTrue(policy.active)
        # not due yet
        self.assertEqual(self.Job._run_due(self.channel), 0)

    def test_identity_key_queues_once(self):
        first = self.purge(identity_key='purge:%s' % self.channel)
        again = self.purge(days=99, identity_key='purge:%s' % self.channel)
        self.assertEqual(first, again)
        self.assertEqual(first._load_payload(), {'days': 30})
        self.assertEqual(self.Job.search_count([('channel', '=', self.channel)]), 1)
        # even once done: an event never queues twice
        self.Job._run_due(self.channel)
        self.assertEqual(first.state, jobs.DONE)
        self.assertEqual(self.purge(identity_key='purge:%s' % self.channel), first)
        # without a key, every call queues
        self.assertNotEqual(self.purge(), self.purge())

    def test_method_must_be_a_job_method(self):
        for name in ('unlink', '_purge_done', '_job_missing', 'action_cancel'):
            with self.assertRaises(ValueError, msg=name):
                self.Job.enqueue(self.channel, self.Job, name)
        with self.assertRaises(ValueError):
            self.Job.enqueue(self.channel, self.purge() | self.purge(), '_job_purge_done')
        # a row edited to call another method fails without calling it
        target = self.purge()
        job = self.Job.enqueue(self.channel, target, '_job_purge_done')
        self.env.cr.execute("UPDATE hcc_job SET method_name = 'unlink' WHERE id = %s", (job.id,))
        job.invalidate_cache()
        self.Job._run_due(self.channel)
        self.assertEqual(job.state, jobs.FAILED)
        self.assertIn('not a job method', job.last_error)
        self.assertTrue(target.exists())

    def test_purge_deletes_old_done_jobs(self):
        old, recent = self.done_job(40), self.done_job(10)
        failed = self.purge()
        failed.write({'state': jobs.FAILED})
        failed.write({'date_done': fields.Datetime.to_string(
            datetime.utcnow() - timedelta(days=90))})
        job = self.purge(days=30)
        self.assertEqual(self.Job._run_due(self.channel), 1)
        self.assertEqual(job.state, jobs.DONE)
        self.assertRegex(job.result, r'^\d+ done jobs deleted$')
        self.assertEqual(job.attempts, 1)
        self.assertTrue(job.date_done)
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        self.assertTrue(failed.exists())

    def test_permanent_failure_at_once(self):
        job = self.purge(days=0)
        with captured_logs() as records:
            self.Job._run_due(self.channel)
        self.assertEqual((job.state, job.attempts), (jobs.FAILED, 1))
        self.assertIn('PermanentJobError', job.last_error)
        self.assertFalse(job.next_attempt_at)
        self.assertFalse([r for r in records if r.levelno >= logging.ERROR])
        self.assertTrue([r for r in records if r.levelno == logging.WARNING
                         and str(job.id) in r.getMessage()])
        # a payload that is not JSON cannot get better either
        broken = self.purge()
        broken.write({'payload': '{not json'})
        self.Job._run_due(self.channel)
        self.assertEqual(broken.state, jobs.FAILED)
        self.assertIn('not valid JSON', broken.last_error)
        # nor a record deleted since
        target = self.purge()
        orphan = self.Job.enqueue(self.channel, target, '_job_purge_done')
        target.unlink()
        self.Job._run_due(self.channel)
        self.assertEqual(orphan.state, jobs.FAILED)
        self.assertIn('no longer exists', orphan.last_error)

    def test_backoff_then_failed(self):
        self.env['hcc.job.policy'].create({'channel': self.channel, 'backoff': '2,7',
                                           'max_attempts': 3})
        job = self.purge()
        self.assertEqual(job.max_attempts, 3)
        expected = [(jobs.PENDING, 2), (jobs.PENDING, 7), (jobs.FAILED, None)]
        for attempt, (state, delay) in enumerate(expected, 1):
            job.write({'attempts': attempt})
            before = datetime.utcnow().replace(microsecond=0)
            job._record_outcome(RetryableJobError('gateway busy'))
            self.assertEqual(job.state, state)
            if delay is None:
                self.assertFalse(job.next_attempt_at)
            else:
                next_at = fields.Datetime.from_string(job.next_attempt_at)
                self.assertGreaterEqual(next_at, before + timedelta(minutes=delay))
                self.assertLess(next_at, before + timedelta(minutes=delay, seconds=5))
        self.assertEqual(job.last_error, 'RetryableJobError: gateway busy')

    def test_unexpected_error_is_retried_and_logged_without_data(self):
        job = self.purge()
        job.write({'attempts': 1})
        try:
            raise KeyError('0912345678')
        except KeyError as exc:
            error = exc
        with captured_logs() as records:
            job._record_outcome(error)
        self.assertEqual(job.state, jobs.PENDING)
        self.assertTrue(job.next_attempt_at)
        self.assertNotIn('0912345678', job.last_error)
        self.assertIn('Unexpected KeyError', job.last_error)
        warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
        self.assertTrue(warnings)
        self.assertIn('Job %d ' % job.id, warnings[0])
        self.assertFalse([m for m in warnings if '0912345678' in m or 'days' in m])
        self.assertFalse([r for r in records if r.levelno >= logging.ERROR])

    def test_dependency_runs_first(self):
        first = self.purge(priority=20, eta=datetime.utcnow() + timedelta(hours=1))
        second = self.purge(priority=1, depends_on=first)
        self.assertEqual(second.depends_on_id, first)
        # first is not due, second waits for it
        self.assertEqual(self.Job._run_due(self.channel), 0)
        self.assertEqual(second.state, jobs.PENDING)
        first.write({'next_attempt_at': False})
        # second has the better priority but waits
        self.assertEqual(self.Job._run_due(self.channel, limit=1), 1)
        self.assertEqual((first.state, second.state), (jobs.DONE, jobs.PENDING))
        self.assertEqual(self.Job._run_due(self.channel, limit=1), 1)
        self.assertEqual(second.state, jobs.DONE)
        # a failed dependency holds its dependants until it is retried
        third = self.purge(days=0)
        fourth = self.purge(depends_on=third)
        self.Job._run_due(self.channel)
        self.assertEqual((third.state, fourth.state), (jobs.FAILED, jobs.PENDING))
        with self.assertRaises(UserError):
            fourth.action_run_now()

    def test_priority_order_and_paused_channel(self):
        late, early = self.purge(priority=10), self.purge(priority=5)
        self.assertIn(self.channel, self.Job._due_channels())
        self.Job._run_due(self.channel, limit=1)
        self.assertEqual((early.state, late.state), (jobs.DONE, jobs.PENDING))
        # an archived policy pauses its channel
        policy = self.env['hcc.job.policy'].create({'channel': self.channel, 'active': False})
        self.assertEqual(self.Job._run_due(self.channel), 0)
        self.assertEqual(late.state, jobs.PENDING)
        policy.active = True
        self.assertEqual(self.Job._run_due(self.channel), 1)
        self.assertEqual(late.state, jobs.DONE)
        self.assertNotIn(self.channel, self.Job._due_channels())

    def test_actions(self):
        job = self.purge(days=0)
        self.Job._run_due(self.channel)
        self.assertEqual(job.state, jobs.FAILED)
        job.action_retry()
        self.assertEqual((job.state, job.attempts), (jobs.PENDING, 0))
        job.action_cancel()
        self.assertEqual(job.state, jobs.CANCELLED)
        self.assertEqual(self.Job._run_due(self.channel), 0)
        job.action_retry()
        job.write({'payload': '{"days": 30}'})
        job.action_run_now()
        self.assertEqual((job.state, job.attempts), (jobs.DONE, 1))
        # done stays done
        job.action_cancel()
        job.action_retry()
        self.assertEqual(job.state, jobs.DONE)

    def test_housekeeping_queued_once_a_day(self):
        self.env['ir.config_parameter'].set_param('hcc_one_stop.job_keep_days', '45')
        self.Job.search([('identity_key', '=like', 'hcc.job:purge_done:%')]).unlink()
        job = self.Job._cron_enqueue_housekeeping()
        self.assertEqual(self.Job._cron_enqueue_housekeeping(), job)
        self.assertEqual((job.channel, job.method_name, job._load_payload()),
                         ('housekeeping', '_job_purge_done', {'days': 45}))
        cron = self.env.ref('hcc_one_stop.ir_cron_hcc_job_run')
        self.assertEqual((cron.interval_number, cron.interval_type), (1, 'minutes'))
        self.assertEqual(set(self.env['hcc.job.policy'].search([]).mapped('channel'))
                         & {'sms', 'portal', 'rating'}, {'sms', 'portal', 'rating'})

    def test_access(self):
        job = self.purge()
        ref = self.env.ref
        reception, manager, it = (ref('hcc_one_stop.user_reception'),
                                  ref('hcc_one_stop.user_manager'), ref('hcc_one_stop.user_it'))
        # jobs may carry personal data: nobody but managers and configurators
        with self.assertRaises(AccessError):
            job.sudo(reception).read(['payload'])
        with self.assertRaises(AccessError):
            self.Job.sudo(reception).enqueue(self.channel, self.Job, '_job_purge_done')
        self.assertEqual(job.sudo(manager).read(['channel'])[0]['channel'], self.channel)
        with self.assertRaises(AccessError):
            job.sudo(manager).action_cancel()
        with self.assertRaises(AccessError):
            job.sudo(manager).action_run_now()
        job.sudo(it).action_run_now()
        self.assertEqual(job.state, jobs.DONE)
        self.assertTrue(self.Job.sudo(it).enqueue(self.channel, self.Job, '_job_purge_done'))
        with self.assertRaises(AccessError):
            self.env['hcc.job.policy'].sudo(manager).create({'channel': self.channel})

    def test_enqueue_is_cheap(self):
        # the figure that matters is the median (2 shared cores); the bound
        # is loose so that a busy machine does not fail the run
        timings = []
        for n in range(200):
            start = time.perf_counter()
            self.Job.enqueue(self.channel, self.Job, '_job_purge_done', payload={'n': n},
                             identity_key='%s:%d' % (self.channel, n))
            timings.append(time.perf_counter() - start)
        timings.sort()
        median_ms = timings[len(timings) // 2] * 1000
        logging.getLogger(__name__).info("enqueue with identity key: median %.2f ms", median_ms)
        self.assertLess(median_ms, 5)


class TestJobConcurrency(TransactionCase):
    """Two workers on two real connections: the rows must be committed for
    the other connection to see them; each test deletes what it committed."""

    def setUp(self):
        super(TestJobConcurrency, self).setUp()
        self.channel = 'test_%s' % uuid.uuid4().hex[:10]
        self.cursors = []
        self.addCleanup(self._cleanup)

    def _env(self):
        cr = odoo.sql_db.db_connect(self.env.cr.dbname).cursor()
        self.cursors.append(cr)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _cleanup(self):
        for cr in self.cursors:
            cr.rollback()
        with odoo.sql_db.db_connect(self.env.cr.dbname).cursor() as cr:
            cr.execute("DELETE FROM hcc_job WHERE channel = %s", (self.channel,))
            cr.commit()
        for cr in self.cursors:
            cr.close()

    def test_two_workers_never_take_the_same_job(self):
        env_a, env_b = self._env(), self._env()
        Job = env_a['hcc.job']
        queued = [Job.enqueue(self.channel, Job, '_job_purge_done', payload={'days': 30})
                  for _i in range(3)]
        env_a.cr.commit()
        taken_a = env_a['hcc.job']._lock_next_due(self.channel)
        self.assertEqual(taken_a.id, queued[0].id)
        taken_b = env_b['hcc.job']._lock_next_due(self.channel)
        self.assertEqual(taken_b.id, queued[1].id)
        env_b.cr.rollback()
        # worker B runs what A does not hold
        self.assertEqual(env_b['hcc.job']._run_due(self.channel), 2)
        env_b.cr.execute("SELECT id, state FROM hcc_job WHERE channel = %s ORDER BY id",
                         (self.channel,))
        self.assertEqual(env_b.cr.fetchall(), [(queued[0].id, jobs.PENDING),
                                               (queued[1].id, jobs.DONE),
                                               (queued[2].id, jobs.DONE)])

    def test_concurrent_identity_key(self):
        key = 'concurrent:%s' % self.channel
        # our transaction's snapshot is taken now, before B commits
        self.env.cr.execute("SELECT count(*) FROM hcc_job")
        env_b = self._env()
        theirs = env_b['hcc.job'].enqueue(self.channel, env_b['hcc.job'], '_job_purge_done',
                                          identity_key=key)
        env_b.cr.commit()
        with captured_logs() as records:
            ours = self.env['hcc.job'].enqueue(self.channel, self.env['hcc.job'],
                                               '_job_purge_done', identity_key=key)
        # queued by B, invisible to this snapshot: no second job, no error
        self.assertFalse(ours)
        self.assertTrue(theirs)
        self.assertFalse([r for r in records if r.levelno >= logging.ERROR])
        # the transaction is still usable
        self.env.cr.execute("SELECT count(*) FROM hcc_job WHERE identity_key = %s", (key,))
        self.assertEqual(self.env.cr.fetchone()[0], 0)
