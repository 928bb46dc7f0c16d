"""SMS text helpers: GSM-7 detection, Vietnamese diacritics removal,
segment counting and template rendering.

One SMS carries 160 GSM-7 characters (153 per part once split, the rest is
the concatenation header) or 70 UCS-2 characters (67 per part). Vietnamese
with diacritics is UCS-2, which is why many gateways want it stripped.
"""
import math
import string
import unicodedata

GSM7_BASIC = (
    "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9"
    " !\"#\u00a4%&'()*+,-./0123456789:;<=>?"
    "\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"
    "\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0"
)
# Characters of the extension table: sent as ESC + char, so they cost two.
GSM7_EXTENSION = "^{}\\[~]|\u20ac\f"

GSM7 = 'GSM-7'
UCS2 = 'UCS-2'

_BASIC = frozenset(GSM7_BASIC)
_EXT = frozenset(GSM7_EXTENSION)


class TemplateError(ValueError):
    """A template uses a placeholder that no value is given for."""


def is_gsm7(text):
    """True when every character fits the GSM 03.38 alphabet (basic or extension)."""
    return all(c in _BASIC or c in _EXT for c in text or '')


def strip_diacritics(text):
    """Vietnamese text without diacritics: 'Hồ sơ đã tiếp nhận' -> 'Ho so da tiep nhan'.

    NFD splits letters from their combining marks (including the horn of
    ơ/ư); đ/Đ is a letter of its own, not a mark, so it is mapped by hand.
    """
    if not text:
        return text or ''
    text = text.replace('\u0111', 'd').replace('\u0110', 'D')
    decomposed = unicodedata.normalize('NFD', text)
    kept = ''.join(c for c in decomposed if unicodedata.category(c) != 'Mn')
    return unicodedata.normalize('NFC', kept)


def segments(text):
    """(encoding, parts) for an SMS text.

    GSM-7: up to 160 septets in one part, otherwise 153 per part; extension
    characters count two septets. UCS-2: up to 70 UTF-16 units in one part,
    otherwise 67 per part (characters outside the BMP count two units).
    An empty text still costs one part.
    """
    text = text or ''
    if is_gsm7(text):
        length = sum(2 if c in _EXT else 1 for c in text)
        single, multi, encoding = 160, 153, GSM7
    else:
        length = len(text.encode('utf-16-be')) // 2
        single, multi, encoding = 70, 67, UCS2
    if length <= single:
        return encoding, 1
    return encoding, int(math.ceil(length / float(multi)))


def placeholders(template):
    """The placeholder names a template uses, in order of appearance."""
    return [field for _lit, field, _spec, _conv in string.Formatter().parse(template or '')
            if field is not None]


def render(template, values):
    """Fill `{name}` placeholders from `values`; `{{`/`}}` are literal braces.

    Only plain names are allowed (no attribute or index access, no format
    spec): template text is typed by IT staff and must not reach into objects.
    """
    out = []
    try:
        parsed = list(string.Formatter().parse(template or ''))
    except ValueError as exc:  # a lone '{' or '}'
        raise TemplateError("Malformed SMS template: %s" % exc)
    for literal, field, spec, conv in parsed:
        out.append(literal)
        if field is None:
            continue
        if field not in values or spec or conv:
            raise TemplateError(
                "Unknown placeholder {%s} in the SMS template; allowed: %s"
                % (field, ', '.join('{%s}' % k for k in sorted(values))))
        value = values[field]
        out.append('' if value is None or value is False else str(value))
    return ''.join(out)
