"""Real protocol peers for the SMS tests: servers on 127.0.0.1, a free port,
each in a daemon thread, counting what they received.

- FakeJsonSmsGateway: the eSMS / SpeedSMS style JSON API, with delivery
  callbacks it can POST (signed) to a URL;
- FakeViettelSoap: Viettel BulkSMS wsCpMt over SOAP 1.1 (and its WSDL on ?wsdl);
- FakeSmsc: an SMS centre speaking SMPP 3.4.

Each has `set_fault(kind, times=None)` (see its docstring for the kinds) and
`stop()`; they are also context managers. Plain Python (stdlib + lxml), no
import of Odoo or of our transports, so a test compares two independent
implementations of the wire format.

Where they live: here, inside the addon, so the addon's tests carry their
peers wherever the addon goes. Odoo tests import them as
`odoo.addons.hcc_sms.tests.fakes` (or relatively, `from .fakes import ...`);
the cross-module pytest tests under /tests import them as `fakes` through
the shim /tests/fakes/__init__.py, which points at this folder.
"""
from .sms_json import FakeJsonSmsGateway  # noqa: F401
from .smsc import FakeSmsc  # noqa: F401
from .viettel_soap import FakeViettelSoap  # noqa: F401
