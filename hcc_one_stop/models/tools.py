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
