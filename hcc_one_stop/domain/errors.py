"""The one exception the domain layer raises.

The message is an English template with ``%(name)s`` placeholders, kept apart
from its parameters so the ORM layer can translate the template first and
format it afterwards.
"""


class DomainError(ValueError):
    """A business rule was broken by the given input."""

    def __init__(self, message, **params):
        super(DomainError, self).__init__(message % params if params else message)
        self.message = message
        self.params = params
