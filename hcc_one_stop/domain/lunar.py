"""Vietnamese lunisolar calendar.

Ho Ngoc Duc's astronomical algorithm (new moons and solar terms after Jean
Meeus). The time zone matters: the calendar is computed for the meridian of
the country, so UTC+7 gives the Vietnamese calendar and UTC+8 the Chinese
one (Tết 2007 fell on 17 February in Vietnam, 18 February in China).
"""
import math
from datetime import date, timedelta

from .errors import DomainError

VIETNAM_TZ_HOURS = 7.0

_JD_ORDINAL_OFFSET = 1721425   # Julian day number minus date.toordinal()
_SYNODIC_MONTH = 29.530588853
_K_EPOCH = 2415021.076998695   # new moon of 1900-01-01, origin of k


def _jd(d):
    return d.toordinal() + _JD_ORDINAL_OFFSET


def _date_from_jd(jd):
    return date.fromordinal(jd - _JD_ORDINAL_OFFSET)


def _new_moon(k):
    """Julian date (UTC, fractional) of the k-th new moon after 1900-01-01."""
    t = k / 1236.85
    t2 = t * t
    t3 = t2 * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 += -0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 += -0.0004 * math.sin(dr * 3 * mpr)
    c1 += 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 += -0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 += -0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 += 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = (0.001 + 0.000839 * t + 0.0002261 * t2
                   - 0.00000845 * t3 - 0.000000081 * t * t3)
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


def _new_moon_day(k, tz):
    """Local Julian day number of the k-th new moon."""
    return int(math.floor(_new_moon(k) + 0.5 + tz / 24.0))


def _sun_longitude(jdn):
    """Sun's apparent longitude in radians, normalised to [0, 2*pi)."""
    t = (jdn - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    lon = (l0 + dl) * dr
    return lon - 2 * math.pi * math.floor(lon / (2 * math.pi))


def _sun_sector(day_number, tz):
    """Which of the 12 major solar terms (0..11) the local day starts in."""
    return int(math.floor(_sun_longitude(day_number - 0.5 - tz / 24.0) / math.pi * 6))


def _month11_start(year, tz):
    """Julian day of the start of lunar month 11 (the one holding the winter
    solstice) that begins in the given solar year."""
    off = _jd(date(year, 12, 31)) - 2415021
    k = int(math.floor(off / _SYNODIC_MONTH))
    nm = _new_moon_day(k, tz)
    if _sun_sector(nm, tz) >= 9:
        nm = _new_moon_day(k - 1, tz)
    return nm


def _leap_month_offset(a11, tz):
    """Offset after month 11 of the first month without a major solar term."""
    k = int(math.floor((a11 - _K_EPOCH) / _SYNODIC_MONTH + 0.5))
    i = 1
    arc = _sun_sector(_new_moon_day(k + i, tz), tz)
    while True:
        last = arc
        i += 1
        arc = _sun_sector(_new_moon_day(k + i, tz), tz)
        if arc == last or i >= 14:
            break
    return i - 1


def solar_to_lunar(d, tz=VIETNAM_TZ_HOURS):
    """Gregorian date -> (lunar day, lunar month, lunar year, is_leap_month)."""
    day_number = _jd(d)
    k = int(math.floor((day_number - _K_EPOCH) / _SYNODIC_MONTH))
    month_start = _new_moon_day(k + 1, tz)
    if month_start > day_number:
        month_start = _new_moon_day(k, tz)
    a11 = _month11_start(d.year, tz)
    b11 = a11
    if a11 >= month_start:
        lunar_year = d.year
        a11 = _month11_start(d.year - 1, tz)
    else:
        lunar_year = d.year + 1
        b11 = _month11_start(d.year + 1, tz)
    lunar_day = day_number - month_start + 1
    diff = (month_start - a11) // 29
    is_leap = False
    lunar_month = diff + 11
    if b11 - a11 > 365:
        leap_diff = _leap_month_offset(a11, tz)
        if diff >= leap_diff:
            lunar_month = diff + 10
            is_leap = diff == leap_diff
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and diff < 4:
        lunar_year -= 1
    return lunar_day, lunar_month, lunar_year, is_leap


def lunar_to_solar(lday, lmonth, lyear, is_leap=False, tz=VIETNAM_TZ_HOURS):
    """Lunar date -> Gregorian date; DomainError if that lunar date does not
    exist (day 30 of a short month, a leap month the year does not have)."""
    if not (1 <= lmonth <= 12 and 1 <= lday <= 30):
        raise DomainError("Invalid lunar date: %(day)s/%(month)s/%(year)s",
                          day=lday, month=lmonth, year=lyear)
    if lmonth < 11:
        a11 = _month11_start(lyear - 1, tz)
        b11 = _month11_start(lyear, tz)
    else:
        a11 = _month11_start(lyear, tz)
        b11 = _month11_start(lyear + 1, tz)
    k = int(math.floor(0.5 + (a11 - _K_EPOCH) / _SYNODIC_MONTH))
    off = (lmonth - 11) % 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11, tz)
        if is_leap or off >= leap_off:
            off += 1
    result = _date_from_jd(_new_moon_day(k + off, tz) + lday - 1)
    if solar_to_lunar(result, tz) != (lday, lmonth, lyear, bool(is_leap)):
        raise DomainError("Invalid lunar date: %(day)s/%(month)s/%(year)s",
                          day=lday, month=lmonth, year=lyear)
    return result


def lunar_new_year(year, tz=VIETNAM_TZ_HOURS):
    """Gregorian date of Tết (1st day of the 1st lunar month) in that year."""
    return lunar_to_solar(1, 1, year, tz=tz)


def lunar_year_end(year, tz=VIETNAM_TZ_HOURS):
    """Last day of the lunar year that ends in Gregorian `year` (Tết eve)."""
    return lunar_new_year(year, tz) - timedelta(days=1)
