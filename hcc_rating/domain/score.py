"""Satisfaction figures and the satisfaction part of the national
service-quality index (Decision 766/QĐ-TTg of 2022).

Levels are the three used in practice: '3' very satisfied, '2' satisfied,
'1' not satisfied.
"""
LEVELS = ('3', '2', '1')


def _pct(part, total):
    return round(100.0 * part / total, 2) if total else 0.0


def satisfaction_summary(levels):
    """Counts and percentages (2 decimals) per level of an iterable of levels.

    >>> satisfaction_summary(['3', '3', '2', '1'])['percent']['3']
    50.0
    """
    counts = dict.fromkeys(LEVELS, 0)
    for level in levels:
        level = str(level)
        if level not in counts:
            raise ValueError("Unknown satisfaction level %r" % (level,))
        counts[level] += 1
    total = sum(counts.values())
    return {
        'total': total,
        'counts': counts,
        'percent': dict((level, _pct(n, total)) for level, n in counts.items()),
        # "satisfied or better", the figure centres usually publish
        'satisfied_percent': _pct(counts['3'] + counts['2'], total),
    }


def service_index(total, late, complaints_or_unsatisfied, max_points=10.0, full_marks_at=90.0):
    """(percentage, points) of the satisfaction criterion.

    percentage = 100 - (late rate + share of dossiers with a complaint or a
    "not satisfied" rating), floored at 0. Full marks at `full_marks_at`
    percent or more; below it points fall in proportion (our reading: the
    decision's wording on partial marks is not verified, hence the parameter).
    With no dossier in the period there is nothing to score: (None, None).
    """
    if total < 0 or late < 0 or complaints_or_unsatisfied < 0:
        raise ValueError("Counts cannot be negative")
    if late > total or complaints_or_unsatisfied > total:
        raise ValueError("Late or unsatisfied dossiers cannot exceed the total")
    if not total:
        return None, None
    percentage = 100.0 - (100.0 * late / total + 100.0 * complaints_or_unsatisfied / total)
    percentage = round(max(percentage, 0.0), 2)
    if percentage >= full_marks_at:
        points = float(max_points)
    else:
        points = round(max_points * percentage / full_marks_at, 2)
    return percentage, points


# ----------------------------------------------------------------- input rules
# A citizen's comment: room for a few sentences, not for a pasted document.
COMMENT_LIMIT = 1000


def check_level(value):
    """A level as the citizen sent it ('3', 3, ' 2 ') -> '3'/'2'/'1', or
    ValueError for anything else (out of range, text, booleans)."""
    if isinstance(value, bool):
        raise ValueError("Unknown satisfaction level %r" % (value,))
    text = str(value).strip() if isinstance(value, (str, int)) else None
    if text not in LEVELS:
        raise ValueError("Unknown satisfaction level %r" % (value,))
    return text


def clean_comment(value, limit=COMMENT_LIMIT):
    """A comment stripped, or '' when empty; ValueError when too long or not
    text (refused, not cut: the citizen must know what was kept)."""
    if value is None or value is False:
        return ''
    if not isinstance(value, str) or '\x00' in value:
        raise ValueError("A comment is text")
    value = value.strip()
    if len(value) > limit:
        raise ValueError("A comment has at most %d characters" % limit)
    return value


def is_unsatisfied(level):
    return str(level) == '1'


def portal_timestamp(local_dt):
    """A naive Vietnam-time datetime as the National Portal writes dates:
    yyyyMMddHHmmss."""
    return local_dt.strftime('%Y%m%d%H%M%S') if local_dt else ''
