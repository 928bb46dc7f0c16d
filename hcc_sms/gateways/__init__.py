# Plain Python transports and text helpers: no Odoo import, so they can be
# tested and reused outside the server (one module per wire format, all with
# the interface described in base.py).
from . import base
from . import encoding
from . import json_http
from . import smpp
from . import viettel_soap
