"""Vietnamese public holidays by law and year, and the government's yearly
schedule read from a file.

The statutory days follow the Labour Code as it stood each year (Labour Code
1994 as amended, 2012 from 1 May 2013, 2019 from 2021, article 112 amended
for 24 November from 2026): the generator applies to a year only the rules
in force that year. The government then places Tết and the National Day
break each year, swaps days and sets make-up Saturdays: that schedule is
imported from a CSV or iCalendar file (parse_csv, parse_ical) and compared
with what the centre has (diff) before it is applied.

Names are the official Vietnamese ones: they are data shown on slips and
calendars, not interface strings.
"""
import csv
import io
import re
from collections import namedtuple
from datetime import date, datetime, timedelta

from . import lunar
from .errors import DomainError

Holiday = namedtuple('Holiday', 'date name kind')

HOLIDAY = 'holiday'
COMPENSATORY = 'compensatory'
WORKING_DAY = 'working_day'
KINDS = (HOLIDAY, COMPENSATORY, WORKING_DAY)

NEW_YEAR_NAME = 'Tết Dương lịch'
TET_NAME = 'Tết Nguyên đán'
TET_EVE_NAME = 'Tết Nguyên đán (ngày cuối năm âm lịch)'
HUNG_KINGS_NAME = 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'
VICTORY_NAME = 'Ngày Chiến thắng (30/4)'
LABOUR_NAME = 'Ngày Quốc tế Lao động (1/5)'
NATIONAL_DAY_NAME = 'Quốc khánh (2/9)'
NATIONAL_DAY_EXTRA_NAME = 'Quốc khánh (ngày liền kề)'
CULTURE_DAY_NAME = 'Ngày Văn hóa Việt Nam (24/11)'
COMPENSATORY_PREFIX = 'Nghỉ bù '
WEEKEND = (5, 6)

# Tết: 4 days (New Year's Eve and the first three days) until 2012; the
# Labour Code 2012 (in force 1 May 2013) gave 5.
TET_FIVE_DAYS_FROM = 2013
# Hùng Kings day a paid day off: Labour Code amendment of 2007.
HUNG_KINGS_FROM = 2007
# Labour Code 2019 (in force 2021): 2 September plus one adjacent day, which
# the government places; the default generated here is 1 September.
NATIONAL_DAY_TWO_DAYS_FROM = 2021
# Resolution 80-NQ/TW, Labour Code article 112 amended: 24 November.
CULTURE_DAY_FROM = 2026

# Each statutory rule: (key, first year or None, last year or None, days of
# a year). The table is the law; statutory_days() reads it.
RULES = [
    ('new_year', None, None, lambda y: [(date(y, 1, 1), NEW_YEAR_NAME)]),
    ('tet_4', None, TET_FIVE_DAYS_FROM - 1, lambda y: _tet(y, 3)),
    ('tet_5', TET_FIVE_DAYS_FROM, None, lambda y: _tet(y, 4)),
    ('hung_kings', HUNG_KINGS_FROM, None,
     lambda y: [(lunar.lunar_to_solar(10, 3, y), HUNG_KINGS_NAME)]),
    ('victory', None, None, lambda y: [(date(y, 4, 30), VICTORY_NAME)]),
    ('labour', None, None, lambda y: [(date(y, 5, 1), LABOUR_NAME)]),
    ('national_day', None, None, lambda y: [(date(y, 9, 2), NATIONAL_DAY_NAME)]),
    ('national_day_extra', NATIONAL_DAY_TWO_DAYS_FROM, None,
     lambda y: [(date(y, 9, 1), NATIONAL_DAY_EXTRA_NAME)]),
    ('culture_day', CULTURE_DAY_FROM, None, lambda y: [(date(y, 11, 24), CULTURE_DAY_NAME)]),
]


def _tet(year, days_after_eve):
    tet = lunar.lunar_new_year(year)
    days = [(tet - timedelta(days=1), TET_EVE_NAME)]
    return days + [(tet + timedelta(days=i), TET_NAME) for i in range(days_after_eve)]


def rules_in_force(year):
    """Keys of the statutory rules that apply to `year`."""
    return [key for key, first, last, _days in RULES
            if (first is None or year >= first) and (last is None or year <= last)]


def statutory_days(year):
    """[(date, name)] of the statutory days off of `year`, sorted."""
    keys = set(rules_in_force(year))
    days = []
    for key, _first, _last, make in RULES:
        if key in keys:
            days += make(year)
    return sorted(days)


def default_holidays(year):
    """Holidays of a Gregorian year under the law of that year, sorted by
    date, with a compensatory day off on the next free working day for each
    one falling on a weekly rest day."""
    days = statutory_days(year)
    taken = set(d for d, _name in days)
    result = [Holiday(d, name, HOLIDAY) for d, name in days]
    for d, name in days:
        if d.weekday() not in WEEKEND:
            continue
        compensatory = d + timedelta(days=1)
        while compensatory.weekday() in WEEKEND or compensatory in taken:
            compensatory += timedelta(days=1)
        taken.add(compensatory)
        result.append(Holiday(compensatory, COMPENSATORY_PREFIX + name, COMPENSATORY))
    return sorted(result)


def holiday_dates(holidays):
    """The set of dates of an iterable of Holiday, for WorkingCalendar."""
    return set(h.date for h in holidays if h.kind != WORKING_DAY)


# ------------------------------------------------------------ yearly schedule
# Words accepted for the kind of a day in a schedule file (lower case).
KIND_WORDS = {
    'holiday': HOLIDAY, 'nghỉ': HOLIDAY, 'nghỉ lễ': HOLIDAY, 'nghỉ tết': HOLIDAY,
    'compensatory': COMPENSATORY, 'nghỉ bù': COMPENSATORY, 'hoán đổi': COMPENSATORY,
    'working_day': WORKING_DAY, 'làm bù': WORKING_DAY, 'đi làm bù': WORKING_DAY,
}
MAX_SPAN_DAYS = 31  # one line or event covers at most a month (Tết breaks: ~9 days)

Change = namedtuple('Change', 'date action old_name old_kind new_name new_kind')
ADD, UPDATE, REMOVE, KEEP = 'add', 'update', 'remove', 'keep'


def _parse_date(text, where):
    text = (text or '').strip()
    for fmt in ('%Y-%m-%d', '%d/%m/%Y', '%Y%m%d'):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise DomainError('%(where)s: "%(value)s" is not a date (YYYY-MM-DD or DD/MM/YYYY).',
                      where=where, value=text[:40])


def _kind(text, name, where):
    word = (text or '').strip().lower()
    if not word:
        # no kind given: read it from the name, as the government's notices say it
        low = (name or '').lower()
        if 'làm bù' in low or 'make-up' in low:
            return WORKING_DAY
        if 'nghỉ bù' in low or 'hoán đổi' in low or 'compensatory' in low:
            return COMPENSATORY
        return HOLIDAY
    if word not in KIND_WORDS:
        raise DomainError('%(where)s: unknown kind of day "%(value)s" (holiday, compensatory '
                          'or working_day).', where=where, value=word[:40])
    return KIND_WORDS[word]


def _expand(start, end, name, kind, where):
    """Holidays of the days start..end (inclusive), checked."""
    if end < start:
        raise DomainError('%(where)s: the period ends before it starts.', where=where)
    if (end - start).days >= MAX_SPAN_DAYS:
        raise DomainError('%(where)s: a period of more than %(days)s days.', where=where,
                          days=MAX_SPAN_DAYS)
    name = (name or '').strip()
    if not name:
        raise DomainError('%(where)s: the day has no name.', where=where)
    days = []
    day = start
    while day <= end:
        if kind == WORKING_DAY and day.weekday() not in WEEKEND:
            raise DomainError('%(where)s: %(day)s is not a Saturday or Sunday: it cannot be '
                              'a make-up working day.', where=where,
                              day=day.strftime('%d/%m/%Y'))
        days.append(Holiday(day, name[:120], kind))
        day += timedelta(days=1)
    return days


def _check_unique(days):
    seen = set()
    for h in days:
        if h.date in seen:
            raise DomainError('The date %(day)s appears twice in the schedule.',
                              day=h.date.strftime('%d/%m/%Y'))
        seen.add(h.date)
    return sorted(days)


def parse_csv(text):
    """The days of a CSV schedule: a header line with the columns `date`
    (or `date_from`), optional `date_to`, `kind` (holiday, compensatory,
    working_day, or nghỉ / nghỉ bù / làm bù) and `name`; comma or semicolon
    separated; lines starting with # are comments."""
    lines = [l for l in text.splitlines() if l.strip() and not l.lstrip().startswith('#')]
    if not lines:
        raise DomainError('The schedule file is empty.')
    delimiter = ';' if lines[0].count(';') > lines[0].count(',') else ','
    reader = csv.DictReader(io.StringIO('\n'.join(lines)), delimiter=delimiter)
    header = [(h or '').strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = header
    start_col = 'date' if 'date' in header else 'date_from'
    if start_col not in header or 'name' not in header:
        raise DomainError('The schedule needs the columns date (or date_from) and name.')
    days = []
    for number, row in enumerate(reader, start=2):
        where = 'Line %d' % number
        start = _parse_date(row.get(start_col), where)
        end = _parse_date(row['date_to'], where) if (row.get('date_to') or '').strip() else start
        name = row.get('name')
        days += _expand(start, end, name, _kind(row.get('kind'), name, where), where)
    return _check_unique(days)


def _ical_lines(text):
    """Unfolded content lines of an iCalendar text (RFC 5545 3.1)."""
    out = []
    for raw in text.replace('\r\n', '\n').replace('\r', '\n').split('\n'):
        if raw[:1] in (' ', '\t') and out:
            out[-1] += raw[1:]
        elif raw.strip():
            out.append(raw)
    return out


def _ical_unescape(value):
    return re.sub(r'\\([\\;,nN])', lambda m: '\n' if m.group(1) in 'nN' else m.group(1), value)


def parse_ical(text):
    """The days of an iCalendar schedule: each VEVENT an all-day event
    (DTSTART;VALUE=DATE, DTEND exclusive) named by its SUMMARY; its kind
    from CATEGORIES (holiday, compensatory, working_day) or the summary."""
    lines = _ical_lines(text)
    if not lines or lines[0].strip().upper() != 'BEGIN:VCALENDAR':
        raise DomainError('Not an iCalendar file (it must start with BEGIN:VCALENDAR).')
    days, event, count = [], None, 0
    for line in lines:
        name, _sep, value = line.partition(':')
        prop = name.split(';')[0].strip().upper()
        if prop == 'BEGIN' and value.strip().upper() == 'VEVENT':
            event, count = {}, count + 1
        elif prop == 'END' and value.strip().upper() == 'VEVENT' and event is not None:
            where = 'Event %d' % count
            if 'DTSTART' not in event:
                raise DomainError('%(where)s has no DTSTART.', where=where)
            start = _parse_date(event['DTSTART'][:8], where)
            end = (_parse_date(event['DTEND'][:8], where) - timedelta(days=1)
                   if event.get('DTEND') else start)
            summary = _ical_unescape(event.get('SUMMARY', ''))
            category = _ical_unescape(event.get('CATEGORIES', '')).split(',')[0]
            days += _expand(start, max(start, end), summary,
                            _kind(category, summary, where), where)
            event = None
        elif event is not None and prop in ('DTSTART', 'DTEND', 'SUMMARY', 'CATEGORIES'):
            event[prop] = value.strip()
    if not days:
        raise DomainError('The iCalendar file has no event.')
    return _check_unique(days)


def parse_schedule(text, filename=''):
    """CSV or iCalendar, told apart by the content."""
    if text.lstrip('\ufeff').lstrip().upper().startswith('BEGIN:VCALENDAR'):
        return parse_ical(text.lstrip('\ufeff'))
    return parse_csv(text.lstrip('\ufeff'))


def diff(existing, imported):
    """What applying `imported` (Holiday list) changes in `existing`
    ({date: (name, kind)}): the imported file is the whole schedule of the
    years it covers, so an existing day of those years missing from it is
    removed. Changes sorted by date."""
    years = set(h.date.year for h in imported)
    new = dict((h.date, h) for h in imported)
    changes = []
    for day, h in new.items():
        if day not in existing:
            changes.append(Change(day, ADD, '', '', h.name, h.kind))
        else:
            name, kind = existing[day]
            action = KEEP if (name, kind) == (h.name, h.kind) else UPDATE
            changes.append(Change(day, action, name, kind, h.name, h.kind))
    for day, (name, kind) in existing.items():
        if day.year in years and day not in new:
            changes.append(Change(day, REMOVE, name, kind, '', ''))
    return sorted(changes)
