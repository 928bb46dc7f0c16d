"""Conversion between naive UTC datetimes (what Odoo stores) and naive
Vietnam local datetimes (what the domain layer computes with).

Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset
is exact for every date a dossier can carry and needs no tz database.
"""
from datetime import timedelta, timezone

TZ_NAME = 'Asia/Ho_Chi_Minh'
UTC_OFFSET = timedelta(hours=7)
VIETNAM_TZ = timezone(UTC_OFFSET, 'ICT')


def _naive_utc(dt):
    if dt.tzinfo is None:
        return dt
    return dt.astimezone(timezone.utc).replace(tzinfo=None)


def to_local(utc_naive):
    """Naive UTC (or any aware datetime) -> naive Vietnam local time."""
    if utc_naive is None:
        return None
    return _naive_utc(utc_naive) + UTC_OFFSET


def to_utc(local_naive):
    """Naive Vietnam local time (or any aware datetime) -> naive UTC."""
    if local_naive is None:
        return None
    if local_naive.tzinfo is not None:
        return _naive_utc(local_naive)
    return local_naive - UTC_OFFSET
