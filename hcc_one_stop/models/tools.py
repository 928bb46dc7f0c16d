"""Edges between the plain-Python domain layer and the ORM."""
from datetime import date, datetime

from odoo import _, fields
from odoo.exceptions import UserError

from ..domain import errors, timeutil


def user_error(records, exc):
    """A DomainError as a UserError in the user's language.

    The domain keeps English templates; `_` looks the template up in the
    loaded translations (i18n/vi.po) before the values are put in. It finds
    the language and cursor through the local named `self`.
    """
    self = records  # noqa: F841 (read by odoo's _ through the frame)
    message = _(exc.message)
    params = dict(exc.params)
    if records is not None and ('state' in params or 'action' in params):
        # show the user's words for states and actions, not internal keys
        env = records.env(context=dict(records.env.context, lang=records.env.lang or records.env.user.lang))
        labels = {
            'state': dict(env['hcc.dossier'].fields_get(['state'])['state']['selection']),
            'action': dict(env['hcc.dossier.log'].fields_get(['action'])['action']['selection']),
        }
        for key in ('state', 'action'):
            if params.get(key) in labels[key]:
                params[key] = labels[key][params[key]]
    return UserError(message % params if params else message)


def domain_call(records, func, *args, **kwargs):
    """Call a domain function on behalf of `records`; a broken rule becomes
    a UserError in the user's language."""
    try:
        return func(*args, **kwargs)
    except errors.DomainError as exc:
        raise user_error(records, exc)


class ServerClock(object):
    """The time a lifecycle action happens at, when server-side code (the
    tests, the demo generator) sets it. RPC and HTTP carry only JSON and
    XML-RPC values, never such an object, so no client can move the clock."""
    __slots__ = ('now',)

    def __init__(self, now):
        self.now = now  # Odoo UTC datetime string

    # equal clocks make equal contexts, so Odoo reuses their environment
    # instead of piling up a new one for every action
    def __eq__(self, other):
        return isinstance(other, ServerClock) and other.now == self.now

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self.now)


CLOCK_KEY = 'hcc_clock'


def at_time(records, now):
    """`records` acting at `now` (Odoo UTC string): for tests and demo data."""
    return records.with_context(**{CLOCK_KEY: ServerClock(now)})


def server_now(records):
    """Now as an Odoo UTC string: the real clock unless server-side code set
    a ServerClock (a plain value in the context, e.g. from RPC, is ignored)."""
    clock = records.env.context.get(CLOCK_KEY)
    if isinstance(clock, ServerClock):
        return clock.now
    return fields.Datetime.now()


def local(value):
    """Odoo UTC datetime string -> naive Vietnam-time datetime (or None)."""
    if not value:
        return None
    return timeutil.to_local(fields.Datetime.from_string(value))


def utc_str(local_dt):
    """Naive Vietnam-time datetime -> Odoo UTC datetime string (or False)."""
    if not local_dt:
        return False
    return fields.Datetime.to_string(timeutil.to_utc(local_dt))


# Longest value a user may put in a field that sets no size of its own: long
# enough for any name, address or note, short enough to refuse garbage.
CHAR_LIMIT = 256
TEXT_LIMIT = 10000
BINARY_LIMIT = 15 * 1024 * 1024  # base64 characters (about 11 MB of file)
INT_LIMIT = 2 ** 31


def _label(records, field):
    return field._description_string(records.env) if hasattr(field, '_description_string') \
        else (field.string or field.name)


def _bad(records, field, message):
    self = records  # noqa: F841 (read by odoo's _ through the frame)
    return UserError(_('%s: %s') % (_label(records, field), message))


def _check_text(records, field, value, limit):
    self = records  # noqa: F841
    if not isinstance(value, str):
        raise _bad(records, field, _('text expected.'))
    if '\x00' in value:
        raise _bad(records, field, _('contains a forbidden character.'))
    if len(value) > limit:
        raise _bad(records, field, _('at most %d characters.') % limit)


def _check_id(records, field, value, comodel):
    self = records  # noqa: F841
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < INT_LIMIT:
        raise _bad(records, field, _('a record id (a positive whole number) expected.'))
    if not records.env[comodel].browse(value).exists():
        raise _bad(records, field, _('the record %d does not exist.') % value)


def _check_commands(records, field, value):
    """x2many commands as Odoo defines them: (0, 0, vals), (1, id, vals),
    (2|3|4, id), (5,), (6, 0, ids); a plain list of ids is accepted too."""
    self = records  # noqa: F841
    if not isinstance(value, (list, tuple)):
        raise _bad(records, field, _('a list of commands expected.'))
    comodel = field.comodel_name
    for command in value:
        if isinstance(command, int) and not isinstance(command, bool):
            _check_id(records, field, command, comodel)
            continue
        if not isinstance(command, (list, tuple)) or not command \
                or command[0] not in (0, 1, 2, 3, 4, 5, 6) or isinstance(command[0], bool):
            raise _bad(records, field, _('invalid command.'))
        code = command[0]
        if code in (0, 1) and (len(command) != 3 or not isinstance(command[2], dict)):
            raise _bad(records, field, _('invalid command.'))
        if code in (0, 1):
            # the lines' own values, before anything is written
            check_values(records.env[comodel], command[2])
        if code in (1, 2, 3, 4):
            if len(command) < 2:
                raise _bad(records, field, _('invalid command.'))
            _check_id(records, field, command[1], comodel)
        if code == 6:
            if len(command) != 3 or not isinstance(command[2], (list, tuple)):
                raise _bad(records, field, _('invalid command.'))
            for rid in command[2]:
                _check_id(records, field, rid, comodel)


def _check_date(records, field, value):
    self = records  # noqa: F841
    if isinstance(value, (date, datetime)):
        return
    if not isinstance(value, str) or len(value) > 26:
        raise _bad(records, field, _('a date expected (YYYY-MM-DD).'))
    try:
        parsed = (fields.Datetime if field.type == 'datetime' else fields.Date).from_string(value)
    except (ValueError, TypeError, OverflowError):
        raise _bad(records, field, _('a date expected (YYYY-MM-DD).'))
    if not 1900 <= parsed.year <= 2200:
        raise _bad(records, field, _('the date is out of range.'))


def check_values(records, vals, creating=False):
    """Refuse values of the wrong type, unknown selection keys, missing
    records and over-long or binary-laden texts before they reach SQL, with
    a message in the user's language. A value PostgreSQL rejects would cost
    a traceback for the client and a logged INSERT (personal data and all)
    in the server log."""
    self = records  # noqa: F841 (read by odoo's _ through the frame)
    if not isinstance(vals, dict):
        raise UserError(_('Invalid values.'))
    for name, value in vals.items():
        field = records._fields.get(name) if isinstance(name, str) else None
        if field is None:
            raise UserError(_('Unknown field: %s') % str(name)[:64])
        if value is None or value is False:
            if field.required and field.type not in ('boolean', 'one2many', 'many2many'):
                raise _bad(records, field, _('this field is required.'))
            continue
        ftype = field.type
        if ftype == 'char':
            _check_text(records, field, value, field.size or CHAR_LIMIT)
        elif ftype in ('text', 'html'):
            _check_text(records, field, value, TEXT_LIMIT)
        elif ftype == 'integer':
            if isinstance(value, bool) or not isinstance(value, int) \
                    or not -INT_LIMIT <= value < INT_LIMIT:
                raise _bad(records, field, _('a whole number expected.'))
        elif ftype in ('float', 'monetary'):
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or value != value or abs(value) > 1e15:
                raise _bad(records, field, _('a number expected.'))
        elif ftype == 'boolean':
            if value not in (True, False, 0, 1):
                raise _bad(records, field, _('yes or no expected.'))
        elif ftype == 'selection':
            if not isinstance(value, str) or value not in field.get_values(records.env):
                raise _bad(records, field, _('this value is not one of the choices.'))
        elif ftype == 'many2one':
            _check_id(records, field, value, field.comodel_name)
        elif ftype in ('date', 'datetime'):
            _check_date(records, field, value)
        elif ftype in ('one2many', 'many2many'):
            _check_commands(records, field, value)
        elif ftype == 'binary':
            if not isinstance(value, (str, bytes)) or len(value) > BINARY_LIMIT:
                raise _bad(records, field, _('the file is too large or invalid.'))
    if creating:
        for name, field in records._fields.items():
            if field.required and field.store and not field.compute and not field.related \
                    and name not in vals and field.default is None \
                    and ('default_' + name) not in records.env.context:
                raise _bad(records, field, _('this field is required.'))
    return vals
