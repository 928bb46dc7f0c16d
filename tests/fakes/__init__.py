"""The SMS protocol fakes for the cross-module pytest tests: `import fakes`
(pytest puts tests/ on sys.path) gives the package that lives with the addon
in hcc_sms/tests/fakes, so the Odoo tests and these share one copy."""
import os

__path__ = [os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         'hcc_sms', 'tests', 'fakes')]

from .sms_json import FakeJsonSmsGateway  # noqa: E402,F401
from .smsc import FakeSmsc  # noqa: E402,F401
from .viettel_soap import FakeViettelSoap  # noqa: E402,F401
