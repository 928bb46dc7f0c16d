"""Outbound jobs (SMS, National Portal, rating push ...): the vocabulary, the
exceptions a job method raises to say what happened, and the retry
arithmetic. Free of the ORM; the model `hcc.job` only calls it.

A job method returns normally: done. It raises RetryableJobError: tried
again later, after the channel's back-off, until its attempts run out.
PermanentJobError: failed at once (retrying cannot help, e.g. the remote
side refused the content). Any other exception counts as retryable: a bug
or an outage must not lose the job.
"""
import os
import traceback
from datetime import timedelta

PENDING = 'pending'
RUNNING = 'running'
DONE = 'done'
FAILED = 'failed'
CANCELLED = 'cancelled'
STATES = (PENDING, RUNNING, DONE, FAILED, CANCELLED)
STATE_SELECTION = [
    (PENDING, 'Pending'),
    (RUNNING, 'Running'),
    (DONE, 'Done'),
    (FAILED, 'Failed'),
    (CANCELLED, 'Cancelled'),
]
# the states a configurator may put back in the queue, or cancel
RETRYABLE_STATES = frozenset([FAILED, CANCELLED])
CANCELLABLE_STATES = frozenset([PENDING, FAILED])
RUNNABLE_STATES = frozenset([PENDING, FAILED])

# Only methods named so can be run by a job row: a row in the table (or a
# configurator's edit) must not call arbitrary model methods.
METHOD_PREFIX = '_job_'

DEFAULT_BACKOFF = (1, 5, 15, 60, 240)
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_BATCH_SIZE = 100
ERROR_MAX_LENGTH = 500

# outcomes of one attempt
OUTCOME_DONE = 'done'
OUTCOME_RETRY = 'retry'
OUTCOME_FAILED = 'failed'


class JobError(Exception):
    """Base of the errors a job method raises on purpose. Its message is
    stored on the job and shown to configurators: keep personal data out."""

    def __init__(self, message='', delay_minutes=None):
        super(JobError, self).__init__(message)
        self.message = message
        self.delay_minutes = delay_minutes


class RetryableJobError(JobError):
    """Try again later: after `delay_minutes` when given (a gateway's
    Retry-After), else after the channel's back-off."""


class PermanentJobError(JobError):
    """Do not try again: the job fails at once."""


def check_method_name(name):
    """`name` if a job may call it, else ValueError."""
    if not isinstance(name, str) or not name.startswith(METHOD_PREFIX) \
            or len(name) <= len(METHOD_PREFIX) or not name.isidentifier():
        raise ValueError('A job method must be named %s<something>, not %r'
                         % (METHOD_PREFIX, name))
    return name


def parse_backoff(text):
    """'1,5,15,60' -> (1, 5, 15, 60): minutes to wait after the 1st, 2nd ...
    failed attempt; the last value repeats. ValueError when malformed."""
    parts = [p.strip() for p in (text or '').split(',') if p.strip()]
    if not parts:
        raise ValueError('The back-off needs at least one delay in minutes')
    delays = []
    for part in parts:
        if not part.isdigit():
            raise ValueError('Back-off delays are whole minutes separated by commas: %r' % part)
        delays.append(int(part))
    return tuple(delays)


def delay_minutes(attempts, backoff):
    """Minutes to wait after the `attempts`-th failed attempt (1-based)."""
    backoff = tuple(backoff) or DEFAULT_BACKOFF
    return backoff[min(max(attempts, 1), len(backoff)) - 1]


def decide(error, attempts, max_attempts, backoff, now):
    """(outcome, next attempt time or None) after an attempt that ended with
    `error` (None: success). `attempts` counts the attempt just made."""
    if error is None:
        return OUTCOME_DONE, None
    if isinstance(error, PermanentJobError) or attempts >= max(max_attempts, 1):
        return OUTCOME_FAILED, None
    delay = getattr(error, 'delay_minutes', None)
    if delay is None or delay < 0:
        delay = delay_minutes(attempts, backoff)
    return OUTCOME_RETRY, now + timedelta(minutes=delay)


def error_text(error):
    """What is stored of an error: the message of our own job errors (their
    authors keep personal data out), only the type of any other exception
    (its message may quote a phone number, a name, an SQL row)."""
    if isinstance(error, JobError):
        text = '%s: %s' % (type(error).__name__, error.message) if error.message \
            else type(error).__name__
    else:
        text = 'Unexpected %s' % type(error).__name__
        # where it was raised helps the developer and names nobody
        frames = traceback.extract_tb(error.__traceback__) if error.__traceback__ else []
        if frames:
            where = frames[-1]
            path = '/'.join(where.filename.split(os.sep)[-3:])
            text += ' at %s:%d in %s' % (path, where.lineno, where.name)
    return text[:ERROR_MAX_LENGTH]
