"""Pure-Python rules of the one-stop centre, free of the ORM so they can be
tested and reused alone: Vietnamese lunar calendar and public holidays,
working calendar and deadlines, dossier codes, applicant identifiers and the
dossier state machine. Naive datetimes are Vietnam local time (see timeutil).
"""
from . import (codes, deadline, errors, holidays, identity, lunar, states,
               timeutil, working_calendar)
from .errors import DomainError
from .working_calendar import WorkingCalendar

__all__ = ['codes', 'deadline', 'errors', 'holidays', 'identity', 'lunar',
           'states', 'timeutil', 'working_calendar', 'DomainError',
           'WorkingCalendar']
