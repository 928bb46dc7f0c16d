"""Quiet hours: non-urgent SMS are not sent at night (e.g. 21:00-07:00
Vietnam time); a message queued then waits until the quiet period ends."""
import datetime

DEFAULT = '21:00-07:00'


def parse(text):
    """'21:00-07:00' -> (time(21, 0), time(7, 0)); ValueError when malformed.
    'off' (or empty): no quiet hours (None)."""
    text = (text or '').strip()
    if not text or text.lower() in ('off', 'none', '-'):
        return None
    try:
        start, end = [datetime.datetime.strptime(p.strip(), '%H:%M').time()
                      for p in text.split('-')]
    except ValueError:
        raise ValueError('Quiet hours look like 21:00-07:00, not %r' % text[:20])
    if start == end:
        return None
    return start, end


def is_quiet(local_dt, period):
    """True when the naive local datetime falls in the quiet period."""
    if not period:
        return False
    start, end = period
    now = local_dt.time()
    if start < end:
        return start <= now < end
    return now >= start or now < end  # the period spans midnight


def quiet_end(local_dt, period):
    """The local datetime the quiet period containing `local_dt` ends, or
    None when `local_dt` is not in quiet hours."""
    if not is_quiet(local_dt, period):
        return None
    end = period[1]
    candidate = datetime.datetime.combine(local_dt.date(), end)
    if candidate <= local_dt:
        candidate += datetime.timedelta(days=1)
    return candidate
