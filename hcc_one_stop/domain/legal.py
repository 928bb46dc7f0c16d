"""Legal versions of the one-stop mechanism and the rules that differ
between them (no ORM).

A legal version is a decree with its guiding circular: Decree 61/2018 with
Circular 01/2018, then Decree 118/2025 (1 July 2025) still with the forms of
Circular 01/2018, then Circular 03/2025 (15 September 2025). Their dates,
form numbers and titles and their rules are data (hcc.legal.version); this
module only chooses the version in force on a day and applies the rules.
"""
from datetime import date, datetime

from .errors import DomainError

# The forms the suite prints, in the order of Circular 03/2025's appendix.
FORM_KEYS = ('receipt', 'supplement', 'refusal', 'apology', 'stop', 'control', 'book')

# Centre levels (hcc.centre.level).
PROVINCE = 'province'
COMMUNE = 'commune'


def _as_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.strptime(str(value)[:10], '%Y-%m-%d').date()
    except ValueError:
        raise DomainError('Invalid date: %(value)s', value=value)


def version_in_force(versions, day):
    """The key of the version in force on `day` among `versions`, an
    iterable of (key, start date): the one with the latest start on or
    before that day. A day before every version is an error: the suite
    cannot say which law applied."""
    day = _as_date(day)
    found = None
    for key, start in versions:
        start = _as_date(start)
        if start <= day and (found is None or start > found[1]):
            found = (key, start)
    if found is None:
        raise DomainError('No legal version is in force on %(day)s.',
                          day=day.strftime('%d/%m/%Y'))
    return found[0]


def check_receipt_place(boundary_free, centre_level, centre_agency, procedure_agency,
                        procedure_level):
    """May a centre receive a dossier of this procedure? Since Decree
    118/2025 any centre of the province receives any procedure of the
    province (regardless of administrative boundary) and routes it to the
    competent agency. Before, a commune's one-stop desk received only its
    own commune's procedures and the provincial centre no commune-level
    one. Arguments are plain values (ids or codes); None: no centre."""
    if boundary_free or not centre_level:
        return True
    if centre_level == COMMUNE and centre_agency != procedure_agency:
        raise DomainError('Before Decree 118/2025 a commune centre received only the '
                          'procedures of its own commune.')
    if centre_level == PROVINCE and procedure_level == COMMUNE:
        raise DomainError('Before Decree 118/2025 the provincial centre did not receive '
                          'commune-level procedures.')
    return True


def delay_days(late_hours, hours_per_day):
    """Working days of delay (one decimal) from working hours late."""
    if late_hours <= 0 or not hours_per_day:
        return 0.0
    return round(late_hours / float(hours_per_day), 1)
