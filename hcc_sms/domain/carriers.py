"""Vietnamese mobile carriers by number prefix (national numbering since the
2018 move from 11 to 10 digits).

A gateway serves some carriers (a Viettel brandname contract reaches Viettel
subscribers first, an aggregator reaches them all); the SMS queue picks the
gateways serving the carrier of the applicant's number.
"""
VIETTEL = 'viettel'
VINAPHONE = 'vinaphone'
MOBIFONE = 'mobifone'
VIETNAMOBILE = 'vietnamobile'
GMOBILE = 'gmobile'
ITELECOM = 'itelecom'
REDDI = 'reddi'

CARRIERS = (
    (VIETTEL, 'Viettel'),
    (VINAPHONE, 'Vinaphone'),
    (MOBIFONE, 'Mobifone'),
    (VIETNAMOBILE, 'Vietnamobile'),
    (GMOBILE, 'Gmobile'),
    (ITELECOM, 'Itelecom'),
    (REDDI, 'Reddi'),
)

# the first three digits of the national number (0 + network code)
PREFIXES = {
    VIETTEL: ('086', '096', '097', '098', '032', '033', '034', '035', '036', '037', '038',
              '039'),
    VINAPHONE: ('088', '091', '094', '081', '082', '083', '084', '085'),
    MOBIFONE: ('089', '090', '093', '070', '076', '077', '078', '079'),
    VIETNAMOBILE: ('092', '052', '056', '058'),
    GMOBILE: ('099', '059'),
    ITELECOM: ('087',),
    REDDI: ('055',),
}
_BY_PREFIX = dict((prefix, carrier) for carrier, prefixes in PREFIXES.items()
                  for prefix in prefixes)


def national(phone):
    """'84912345678', '+84 912 345 678', '0912345678' -> '0912345678'."""
    digits = ''.join(c for c in (phone or '') if c.isdigit())
    if digits.startswith('84') and len(digits) in (11, 12):
        return '0' + digits[2:]
    if digits and not digits.startswith('0') and len(digits) in (9, 10):
        return '0' + digits
    return digits


def carrier_of(phone):
    """The carrier code of a mobile number, or None (landline, unknown)."""
    number = national(phone)
    if len(number) != 10:
        return None
    return _BY_PREFIX.get(number[:3])
