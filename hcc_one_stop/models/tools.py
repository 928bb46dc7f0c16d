"""Edges between the plain-Python domain layer and the ORM."""
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
    return UserError(message % exc.params if exc.params else message)


def domain_call(records, func, *args, **kwargs):
    """Call a domain function on behalf of `records`; a broken rule becomes
    a UserError in the user's language."""
    try:
        return func(*args, **kwargs)
    except errors.DomainError as exc:
        raise user_error(records, exc)


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
