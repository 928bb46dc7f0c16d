"""Arithmetic of the processing statistics (no ORM).

The counts come from the database (see models/hcc_dossier_statistics.py);
this module turns raw counts into the figures every report shows: totals,
the on-time rate, shares, and a total row over several groups.

Counts of a period:
- ``carried_over``: received before the period and not settled at its start
- ``new``: received within the period
- ``finished_early`` / ``finished_on_time`` / ``finished_late``: settled by the
  agency (result ready, returned, processing stopped) within the period
- ``refused``, ``withdrawn``, ``returned``: within the period
- ``in_progress_on_time`` / ``in_progress_late``: still open at the end of
  the period, late when the appointment had passed by then
"""
from datetime import date, datetime, time, timedelta

from . import timeutil
from .errors import DomainError

# Raw counts, in the order the reports show them.
COUNT_KEYS = ('carried_over', 'new', 'finished_early', 'finished_on_time', 'finished_late',
              'in_progress', 'in_progress_late', 'refused', 'withdrawn', 'returned')
# Figures derived from the counts.
DERIVED_KEYS = ('received', 'finished', 'in_progress_on_time', 'on_time', 'on_time_rate')


def share(part, total, digits=2):
    """`part` as a percentage of `total`, rounded; None when total is 0."""
    if not total:
        return None
    return round(100.0 * part / total, digits)


def on_time_rate(early, on_time, late, digits=2):
    """(early + on time) / finished, in percent; None when nothing finished."""
    for value in (early, on_time, late):
        if value is None or value < 0:
            raise DomainError("Counts must be zero or positive.")
    return share(early + on_time, early + on_time + late, digits)


def summarize(counts):
    """Complete raw counts (missing ones are 0) with the derived figures."""
    res = dict((key, int(counts.get(key) or 0)) for key in COUNT_KEYS)
    for key, value in res.items():
        if value < 0:
            raise DomainError("Counts must be zero or positive.")
    if res['in_progress_late'] > res['in_progress']:
        raise DomainError("More late dossiers in progress than dossiers in progress.")
    res['received'] = res['carried_over'] + res['new']
    res['on_time'] = res['finished_early'] + res['finished_on_time']
    res['finished'] = res['on_time'] + res['finished_late']
    res['in_progress_on_time'] = res['in_progress'] - res['in_progress_late']
    res['on_time_rate'] = on_time_rate(res['finished_early'], res['finished_on_time'],
                                       res['finished_late'])
    return res


def total(rows):
    """The total row of several summaries (or raw counts): counts add up,
    the rate is recomputed from the sums (never averaged)."""
    sums = dict((key, 0) for key in COUNT_KEYS)
    for row in rows:
        for key in COUNT_KEYS:
            sums[key] += int(row.get(key) or 0)
    return summarize(sums)


def period_bounds(date_from, date_to):
    """Vietnam-local calendar days [date_from, date_to] -> UTC naive
    datetimes [start, end): the period starts at 00:00 of date_from and
    ends at 00:00 of the day after date_to, Vietnam time."""
    date_from, date_to = _as_date(date_from), _as_date(date_to)
    if date_to < date_from:
        raise DomainError("The end of the period (%(date_to)s) is before its start "
                          "(%(date_from)s).", date_from=date_from.strftime('%d/%m/%Y'),
                          date_to=date_to.strftime('%d/%m/%Y'))
    start = timeutil.to_utc(datetime.combine(date_from, time.min))
    end = timeutil.to_utc(datetime.combine(date_to + timedelta(days=1), time.min))
    return start, end


def _as_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.strptime(str(value)[:10], '%Y-%m-%d').date()
    except ValueError:
        raise DomainError("Invalid date: %(value)s", value=value)
