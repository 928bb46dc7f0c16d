"""Due dates of dossiers and steps, counted in working time.

Budgets are (amount, unit) with unit 'hour' or 'day'; a working day is the
calendar's `hours_per_day` of office time, so "3 days from Friday 10:00" is
the third working day after at 10:00.
"""
from .errors import DomainError

UNITS = ('hour', 'day')

EARLY = 'early'
ON_TIME = 'on_time'
LATE = 'late'


def budget_hours(calendar, amount, unit):
    """Working hours of a budget; DomainError for a bad unit or amount."""
    if unit not in UNITS:
        raise DomainError("Unknown time unit: %(unit)s", unit=unit)
    if amount is None or amount < 0:
        raise DomainError("Processing time cannot be negative: %(value)s", value=amount)
    return amount * calendar.hours_per_day if unit == 'day' else float(amount)


def clock_start(calendar, start, cutoff_hour=None):
    """When the clock starts for something received at `start`.

    With a cut-off (e.g. 15.0), anything received at or after the cut-off,
    or outside office hours, counts from the next working day's opening.
    """
    if cutoff_hour is None:
        return calendar.next_working_start(start)
    day = start.date()
    hour = start.hour + start.minute / 60.0 + start.second / 3600.0
    if (not calendar.is_working_day(day) or hour >= cutoff_hour
            or calendar.next_working_start(start) != start):
        return calendar.next_working_day_start(day)
    return start


def paused_hours(calendar, pauses, since=None):
    """Working hours spent in pauses [(start, end), ...], counted from
    `since`; None if a pause is still open (its length is unknown)."""
    total = 0.0
    for pause_start, pause_end in pauses:
        if pause_end is None:
            return None
        if since is not None and pause_start < since:
            pause_start = since
        total += calendar.working_hours_between(pause_start, pause_end)
    return total


def compute_due(calendar, start, amount, unit, cutoff_hour=None, pauses=()):
    """Due time of a budget started at `start`, pushed back by the working
    time spent in pauses; None while a pause is open."""
    hours = budget_hours(calendar, amount, unit)
    begin = clock_start(calendar, start, cutoff_hour)
    extra = paused_hours(calendar, pauses, since=begin)
    if extra is None:
        return None
    return calendar.add_working_hours(begin, hours + extra)


def step_due_times(calendar, start, budgets):
    """Due time of each step when the steps run back to back, each starting
    when the previous one is due."""
    due_times = []
    current = start
    for amount, unit in budgets:
        current = compute_due(calendar, current, amount, unit)
        due_times.append(current)
    return due_times


def classify_completion(finished, due, calendar):
    """'late' after the due time; 'early' when finished at least one working
    day before the due date; otherwise 'on_time'."""
    if finished > due:
        return LATE
    if calendar.working_days_between(finished, due) >= 1:
        return EARLY
    return ON_TIME


def is_due_soon(now, due, calendar, within_days=1):
    """True when not yet late but within `within_days` working days of the
    due time: the moment an apology letter must be considered."""
    if due is None or now > due:
        return False
    return calendar.working_hours_between(now, due) <= within_days * calendar.hours_per_day


def shift_for_pause(calendar, due, pause_start, pause_end):
    """The due time moved back by the working time of one pause, counted in
    whole minutes: a pause of N working days moves it by exactly N working
    days, and a zero or sub-minute pause (asked and answered at once) moves
    nothing, even when the due time is at closing time."""
    hours = calendar.working_hours_between(pause_start, pause_end)
    minutes = int(hours * 60 + 1e-9)
    if minutes <= 0:
        return due
    return calendar.add_working_hours(due, minutes / 60.0)
