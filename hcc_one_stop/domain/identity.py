"""Applicant identifiers: citizen ID, phone (mobile or landline), tax code,
email.

Each validator returns the normalised value or raises DomainError.
"""
import re

from .errors import DomainError

TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

_CITIZEN_ID_RE = re.compile(r'^[0-9]{12}$')
_SEPARATORS_RE = re.compile(r'[\s.\-()]')
# National format: 0, a mobile network digit (3, 5, 7, 8, 9), 8 more digits.
_MOBILE_RE = re.compile(r'^0[35789][0-9]{8}$')
# Landlines since 2017: 02, a 1-2 digit area code, 11 digits in all
# (0216 3 852 123 in Yen Bai, 024 3825 6789 in Hanoi).
_LANDLINE_RE = re.compile(r'^02[0-9]{9}$')
# Area codes of three digits (Hanoi, Ho Chi Minh City); the others have four.
_SHORT_AREA_CODES = ('024', '028')
_TAX_CODE_RE = re.compile(r'^([0-9]{10})(?:-([0-9]{3}))?$')
_EMAIL_RE = re.compile(
    r'^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$')


def validate_citizen_id(value):
    """12-digit citizen ID (CCCD / personal identification number).

    Digits 1-3 are the province code (001-096), digit 4 encodes century and
    gender (any digit), digits 5-6 the year of birth.
    """
    digits = re.sub(r'\s', '', value or '')
    if not _CITIZEN_ID_RE.match(digits):
        raise DomainError("Citizen ID number must have exactly 12 digits: %(value)s",
                          value=value)
    if not 1 <= int(digits[:3]) <= 96:
        raise DomainError("Citizen ID number has an unknown province code: %(value)s",
                          value=value)
    return digits


def _national(value):
    """Any usual spelling -> the national form with its leading 0."""
    raw = _SEPARATORS_RE.sub('', value or '')
    if raw.startswith('+84'):
        return '0' + raw[3:]
    if raw.startswith('0084'):
        return '0' + raw[4:]
    if raw.startswith('84') and len(raw) in (11, 12):
        return '0' + raw[2:]
    if len(raw) in (9, 10) and not raw.startswith('0'):
        return '0' + raw
    return raw


def normalize_phone(value):
    """Vietnamese mobile number in any usual spelling -> '84xxxxxxxxx',
    the form SMS gateways expect."""
    national = _national(value)
    if not _MOBILE_RE.match(national):
        raise DomainError("Not a Vietnamese mobile phone number: %(value)s", value=value)
    return '84' + national[1:]


def normalize_contact_phone(value):
    """A contact number, mobile or landline, in any usual spelling ->
    '84' + the national number without its 0 (what the dossier stores)."""
    national = _national(value)
    if not (_MOBILE_RE.match(national) or _LANDLINE_RE.match(national)):
        raise DomainError("Not a Vietnamese phone number: %(value)s", value=value)
    return '84' + national[1:]


def is_mobile(value):
    """True when `value` (any spelling) is a Vietnamese mobile number: the
    only numbers an SMS may go to."""
    return bool(_MOBILE_RE.match(_national(value)))


def format_phone_display(value):
    """A stored number as people write it: '0912 345 678', '0216 3852 123',
    '024 3825 6789'; anything unrecognised is returned as it is."""
    national = _national(value)
    if _MOBILE_RE.match(national):
        return '%s %s %s' % (national[:4], national[4:7], national[7:])
    if _LANDLINE_RE.match(national):
        area = 3 if national[:3] in _SHORT_AREA_CODES else 4
        rest = national[area:]
        return '%s %s %s' % (national[:area], rest[:4], rest[4:])
    return value or ''


def phone_search_term(value):
    """What to look for in stored numbers when someone types `value` in a
    search: ('=', stored form) for a whole number in any spelling, ('ilike',
    digits) for a fragment (its leading 0 dropped, stored numbers have
    none), None when it holds no digit."""
    try:
        return '=', normalize_contact_phone(value)
    except DomainError:
        pass
    digits = re.sub(r'[^0-9]', '', value or '')
    if digits.startswith('0'):
        digits = digits[1:]
    return ('ilike', digits) if digits else None


def format_phone_local(e164):
    """'84912345678' (or any accepted spelling) -> '0912345678'."""
    return '0' + normalize_phone(e164)[2:]


def tax_code_check_digit(first_nine):
    """Check digit of a tax code from its first nine digits; None when the
    weighted sum gives 10, which no valid code can have."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, TAX_CODE_WEIGHTS))
    check = 10 - total % 11
    return None if check == 10 else check


def validate_tax_code(value):
    """Enterprise tax code (MST): 10 digits, or 10 digits '-' 3-digit branch,
    whose 10th digit is the check digit."""
    code = re.sub(r'\s', '', value or '')
    match = _TAX_CODE_RE.match(code)
    if not match:
        raise DomainError("Tax code must have 10 digits, or 10 digits, a dash and 3 digits: "
                          "%(value)s", value=value)
    main = match.group(1)
    if tax_code_check_digit(main[:9]) != int(main[9]):
        raise DomainError("Tax code check digit is wrong: %(value)s", value=value)
    return code


def validate_email(value):
    """Sanity check (one @, a dotted domain), not RFC 5322; the domain part
    is lower-cased."""
    email = (value or '').strip()
    if not _EMAIL_RE.match(email):
        raise DomainError("Invalid email address: %(value)s", value=value)
    local, domain = email.rsplit('@', 1)
    return local + '@' + domain.lower()
