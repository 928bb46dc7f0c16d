"""Default Vietnamese public holidays (Labour Code 2019, article 112).

The government fixes the actual Tết and National Day breaks each year and
often swaps days around them; the centre edits the list. What this module
generates is only the sensible starting point.
"""
from collections import namedtuple
from datetime import date, timedelta

from . import lunar

Holiday = namedtuple('Holiday', 'date name kind')

HOLIDAY = 'holiday'
COMPENSATORY = 'compensatory'

TET_NAME = "Lunar New Year (Tết)"
TET_EVE_NAME = "Lunar New Year's Eve (Tết)"
WEEKEND = (5, 6)


def _statutory_days(year):
    tet = lunar.lunar_new_year(year)
    days = [(date(year, 1, 1), "New Year's Day"),
            (tet - timedelta(days=1), TET_EVE_NAME)]
    days += [(tet + timedelta(days=i), TET_NAME) for i in range(4)]
    days += [
        (lunar.lunar_to_solar(10, 3, year), "Hùng Kings Commemoration Day"),
        (date(year, 4, 30), "Reunification Day"),
        (date(year, 5, 1), "International Labour Day"),
        (date(year, 9, 1), "National Day holiday"),
        (date(year, 9, 2), "National Day"),
    ]
    return sorted(days)


def default_holidays(year):
    """Holidays of a Gregorian year, sorted by date, with a compensatory day
    off on the next free working day for each one falling on a weekend."""
    days = _statutory_days(year)
    taken = set(d for d, _name in days)
    result = [Holiday(d, name, HOLIDAY) for d, name in days]
    for d, name in days:
        if d.weekday() not in WEEKEND:
            continue
        compensatory = d + timedelta(days=1)
        while compensatory.weekday() in WEEKEND or compensatory in taken:
            compensatory += timedelta(days=1)
        taken.add(compensatory)
        result.append(Holiday(compensatory, "Compensatory day off for %s" % name,
                              COMPENSATORY))
    return sorted(result)


def holiday_dates(holidays):
    """The set of dates of an iterable of Holiday, for WorkingCalendar."""
    return set(h.date for h in holidays)
