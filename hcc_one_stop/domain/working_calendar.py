"""Working time of the centre: office hours on working days, minus holidays.

All datetimes are naive local (Vietnam) time. Durations are float hours,
counted to the second.
"""
from datetime import datetime, time, timedelta

from .errors import DomainError

DEFAULT_INTERVALS = ((7.5, 11.5), (13.5, 17.0))
DEFAULT_WEEKDAYS = (0, 1, 2, 3, 4)
# A calendar with no working day in this many days is treated as broken,
# so that a bad configuration raises instead of looping forever.
_MAX_IDLE_DAYS = 366 * 3


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def _seconds(hours):
    return int(round(hours * 3600))


class WorkingCalendar(object):
    """Office hours, working weekdays, days off and make-up working days."""

    def __init__(self, intervals=DEFAULT_INTERVALS, weekdays=DEFAULT_WEEKDAYS,
                 holidays=(), extra_working_days=()):
        self.intervals = self._check_intervals(intervals)
        self.weekdays = frozenset(weekdays)
        if not self.weekdays <= set(range(7)):
            raise DomainError("Working weekdays must be between 0 (Monday) and 6 (Sunday)")
        self.holidays = frozenset(_as_date(d) for d in holidays)
        self.extra_working_days = frozenset(_as_date(d) for d in extra_working_days)
        if not self.weekdays and not self.extra_working_days:
            raise DomainError("The working calendar has no working day")

    @staticmethod
    def _check_intervals(intervals):
        intervals = tuple((float(start), float(end)) for start, end in intervals)
        if not intervals:
            raise DomainError("Office hours must have at least one interval")
        previous_end = 0.0
        for start, end in intervals:
            if not (0.0 <= start < end <= 24.0):
                raise DomainError("Invalid office hours interval: %(start)s-%(end)s",
                                  start=start, end=end)
            if start < previous_end:
                raise DomainError("Office hours intervals must be sorted and must not overlap")
            previous_end = end
        return intervals

    @property
    def hours_per_day(self):
        return sum(end - start for start, end in self.intervals)

    def is_working_day(self, d):
        """Holidays win over make-up days, which win over the weekly pattern."""
        d = _as_date(d)
        if d in self.holidays:
            return False
        return d in self.extra_working_days or d.weekday() in self.weekdays

    def _day_intervals(self, d):
        if not self.is_working_day(d):
            return []
        midnight = datetime.combine(d, time())
        return [(midnight + timedelta(seconds=_seconds(start)),
                 midnight + timedelta(seconds=_seconds(end)))
                for start, end in self.intervals]

    def _intervals_from(self, dt):
        """Working intervals (start, end) ending after dt, in order, forever;
        raises if the calendar stops having working days."""
        d = dt.date()
        idle = 0
        while True:
            day_intervals = self._day_intervals(d)
            idle = 0 if day_intervals else idle + 1
            if idle > _MAX_IDLE_DAYS:
                raise DomainError("The working calendar has no working time after %(date)s",
                                  date=dt.date())
            for start, end in day_intervals:
                if end > dt:
                    yield max(start, dt), end
            d += timedelta(days=1)

    def next_working_start(self, dt):
        """dt itself if it is inside office hours, else the next opening."""
        return next(self._intervals_from(dt))[0]

    def next_working_day_start(self, d):
        """Opening of the first working day strictly after date d."""
        return self.next_working_start(datetime.combine(_as_date(d) + timedelta(days=1), time()))

    def add_working_hours(self, dt, hours):
        """The moment when `hours` of working time have elapsed from dt.

        A budget that ends exactly at closing time stays at closing time
        (17:00), not at the next opening.
        """
        if hours < 0:
            raise DomainError("Working time cannot be negative: %(value)s", value=hours)
        remaining = timedelta(seconds=_seconds(hours))
        for start, end in self._intervals_from(dt):
            if remaining <= end - start:
                return start + remaining
            remaining -= end - start

    def add_working_days(self, dt, days):
        return self.add_working_hours(dt, days * self.hours_per_day)

    def working_hours_between(self, a, b):
        """Working hours elapsed from a to b (0 when b is not after a)."""
        if b <= a:
            return 0.0
        total = timedelta()
        d = a.date()
        while d <= b.date():
            for start, end in self._day_intervals(d):
                overlap = min(end, b) - max(start, a)
                if overlap > timedelta():
                    total += overlap
            d += timedelta(days=1)
        return total.total_seconds() / 3600.0

    def working_days_between(self, a, b):
        """Working days after a's date up to and including b's date: Friday
        to the next Wednesday is 3 when Monday-Wednesday are worked."""
        a, b = _as_date(a), _as_date(b)
        count = 0
        d = a + timedelta(days=1)
        while d <= b:
            if self.is_working_day(d):
                count += 1
            d += timedelta(days=1)
        return count
