# Plain Python transports and text helpers: no Odoo import, so they can be
# tested and reused outside the server (one module per wire format).
from . import encoding
from . import json_http
