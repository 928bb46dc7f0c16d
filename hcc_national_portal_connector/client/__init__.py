# Plain Python, no Odoo import: message mapping and the SOAP transport.
# A JSON transport for the live national adapter would sit beside soap.py
# with the same push_* methods.
from . import mapping
from . import soap
