# Plain Python, no Odoo import: the contract's codes (errors), the message
# mapping (mapping), the session cache (session), the operations (base) and
# two transports over them: SOAP through zeep (soap) and JSON with OAuth2
# through the province's LGSP (json_transport).
from . import errors
from . import mapping
from . import session
from . import base
from . import soap
from . import json_transport
