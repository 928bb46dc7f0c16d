"""Dossier codes.

Circular 01/2018: ``<agency identifier code>-YYMMDD-XXXX`` (running number of
the receiving day). Circular 04/2025 adds a two-letter part before a running
number of at least four digits. The pattern is per-agency configuration made
of literal text and tokens: {agency} {yy} {mm} {dd} {yymmdd} {yyyy} {prefix}
{seq} or {seq:N} (zero-padded to N digits, default 4).
"""
import re
from datetime import date

from .errors import DomainError

PATTERN_01_2018 = "{agency}-{yymmdd}-{seq:4}"
PATTERN_04_2025 = "{agency}-{yymmdd}-{prefix}{seq:4}"

TOKENS = ('agency', 'yy', 'mm', 'dd', 'yymmdd', 'yyyy', 'prefix', 'seq')
DEFAULT_SEQ_WIDTH = 4
MAX_AGENCY_CODE_LENGTH = 30

_TOKEN_RE = re.compile(r'\{([a-z]+)(?::(\d+))?\}')
_LITERAL_RE = re.compile(r'^[A-Za-z0-9./_-]*$')
_AGENCY_RE = re.compile(r'^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$')
_PREFIX_RE = re.compile(r'^[A-Z]{2}$')

_TOKEN_REGEX = {
    'agency': r'(?P<agency>[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)',
    'yy': r'(?P<yy>\d{2})',
    'mm': r'(?P<mm>\d{2})',
    'dd': r'(?P<dd>\d{2})',
    'yymmdd': r'(?P<yymmdd>\d{6})',
    'yyyy': r'(?P<yyyy>\d{4})',
    'prefix': r'(?P<prefix>[A-Z]{2})',
}


def _tokens(pattern):
    """[(literal_before, token, width)] plus the trailing literal."""
    parts = []
    pos = 0
    for match in _TOKEN_RE.finditer(pattern):
        parts.append((pattern[pos:match.start()], match.group(1), match.group(2)))
        pos = match.end()
    return parts, pattern[pos:]


def validate_pattern(pattern):
    """Return the pattern if usable, else DomainError: known tokens only,
    each once, exactly one running number and the full receiving date."""
    if not pattern:
        raise DomainError("The dossier code pattern is empty")
    parts, tail = _tokens(pattern)
    seen = set()
    for literal, token, width in parts:
        if not _LITERAL_RE.match(literal):
            raise DomainError("Invalid text in dossier code pattern: %(text)s", text=literal)
        if token not in TOKENS:
            raise DomainError("Unknown token in dossier code pattern: %(token)s", token=token)
        if token in seen:
            raise DomainError("Token used twice in dossier code pattern: %(token)s", token=token)
        if width is not None and (token != 'seq' or not 1 <= int(width) <= 10):
            raise DomainError("Invalid width in dossier code pattern: %(token)s", token=token)
        seen.add(token)
    if not _LITERAL_RE.match(tail):
        raise DomainError("Invalid text in dossier code pattern: %(text)s", text=tail)
    if 'seq' not in seen:
        raise DomainError("The dossier code pattern must contain a running number {seq}")
    has_year = bool(seen & {'yy', 'yyyy'})
    if 'yymmdd' not in seen and not (has_year and {'mm', 'dd'} <= seen):
        raise DomainError("The dossier code pattern must contain the receiving date")
    return pattern


def validate_agency_code(code):
    """Agency identifier code (e.g. 000.00.12.H64), stripped and upper-cased."""
    value = (code or '').strip().upper()
    if not value:
        raise DomainError("The agency identifier code is empty")
    if len(value) > MAX_AGENCY_CODE_LENGTH or not _AGENCY_RE.match(value):
        raise DomainError("Invalid agency identifier code: %(value)s", value=code)
    return value


def format_code(pattern, agency_code, day, seq, prefix=''):
    """The code of the `seq`-th dossier received on `day`. The running
    number is zero-padded, never truncated. `prefix` is used only when the
    pattern has {prefix}."""
    parts, tail = _tokens(validate_pattern(pattern))
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise DomainError("The running number must be a positive integer: %(value)s", value=seq)
    values = {
        'yy': day.strftime('%y'),
        'mm': day.strftime('%m'),
        'dd': day.strftime('%d'),
        'yymmdd': day.strftime('%y%m%d'),
        'yyyy': '%04d' % day.year,
    }
    chunks = []
    for literal, token, width in parts:
        chunks.append(literal)
        if token == 'agency':
            chunks.append(validate_agency_code(agency_code))
        elif token == 'prefix':
            value = (prefix or '').strip().upper()
            if not _PREFIX_RE.match(value):
                raise DomainError("The code prefix must be two letters: %(value)s", value=prefix)
            chunks.append(value)
        elif token == 'seq':
            chunks.append(str(seq).zfill(int(width or DEFAULT_SEQ_WIDTH)))
        else:
            chunks.append(values[token])
    chunks.append(tail)
    return ''.join(chunks)


def code_regex(pattern):
    """Compiled regex matching whole codes of the pattern, with named groups."""
    parts, tail = _tokens(validate_pattern(pattern))
    regex = ['^']
    for literal, token, width in parts:
        regex.append(re.escape(literal))
        if token == 'seq':
            regex.append(r'(?P<seq>\d{%d,})' % int(width or DEFAULT_SEQ_WIDTH))
        else:
            regex.append(_TOKEN_REGEX[token])
    regex.append(re.escape(tail) + '$')
    return re.compile(''.join(regex))


def parse_code(pattern, code):
    """Split a code into {'agency', 'date', 'seq', 'prefix'} (agency and
    prefix None when the pattern has none); DomainError if it does not fit."""
    match = code_regex(pattern).match((code or '').strip())
    if not match:
        raise DomainError("Dossier code %(code)s does not match the pattern %(pattern)s",
                          code=code, pattern=pattern)
    groups = match.groupdict()
    if groups.get('yymmdd'):
        yymmdd = groups['yymmdd']
        year, month, day = 2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    else:
        year = int(groups['yyyy']) if groups.get('yyyy') else 2000 + int(groups['yy'])
        month, day = int(groups['mm']), int(groups['dd'])
    try:
        received = date(year, month, day)
    except ValueError:
        raise DomainError("Dossier code %(code)s has an invalid date", code=code)
    return {
        'agency': groups.get('agency'),
        'date': received,
        'seq': int(groups['seq']),
        'prefix': groups.get('prefix'),
    }
