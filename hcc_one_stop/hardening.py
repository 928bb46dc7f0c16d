"""What reaches a client, and what reaches the server log, when something
fails: loaded with the addon (imported by its __init__).

- XML-RPC and JSON-RPC answer a business error with its message and any
  other error with a short message and a reference, never a Python
  traceback (which shows code, queries and the values in them).
- A failed SQL query is logged without its literal values: Odoo logs the
  whole statement ("bad query: ..."), which for an INSERT into hcc_dossier
  means the applicant's name, ID number and phone.
"""
import logging
import re
import uuid
from xmlrpc import client as xmlrpclib

import odoo
from odoo import http
from odoo.service import wsgi_server

_logger = logging.getLogger(__name__)

GENERIC_MESSAGE = ('Máy chủ không xử lý được yêu cầu (mã tham chiếu %s). '
                   'Dữ liệu gửi lên có thể không hợp lệ; nếu lỗi lặp lại, hãy báo bộ phận '
                   'CNTT kèm mã tham chiếu.')
_BUSINESS = (odoo.exceptions.except_orm, odoo.exceptions.AccessDenied)


def _reference(exc):
    """A reference the client can quote; Odoo has already logged the
    traceback just before (dispatch_rpc, the JSON request handler)."""
    ref = uuid.uuid4().hex[:10]
    _logger.warning('RPC error %s: %s (traceback above)', ref, type(exc).__name__)
    return ref


_xmlrpc_int = wsgi_server.xmlrpc_handle_exception_int
_xmlrpc_string = wsgi_server.xmlrpc_handle_exception_string


def xmlrpc_handle_exception_int(e):
    if isinstance(e, odoo.exceptions.ValidationError):
        fault = xmlrpclib.Fault(wsgi_server.RPC_FAULT_CODE_WARNING, odoo.tools.ustr(e.name))
        return xmlrpclib.dumps(fault, allow_none=None)
    if isinstance(e, _BUSINESS) and not isinstance(e, odoo.exceptions.DeferredException):
        return _xmlrpc_int(e)
    fault = xmlrpclib.Fault(wsgi_server.RPC_FAULT_CODE_APPLICATION_ERROR,
                            GENERIC_MESSAGE % _reference(e))
    return xmlrpclib.dumps(fault, allow_none=None)


def xmlrpc_handle_exception_string(e):
    if isinstance(e, _BUSINESS) and not isinstance(e, odoo.exceptions.DeferredException):
        return _xmlrpc_string(e)
    fault = xmlrpclib.Fault(GENERIC_MESSAGE % _reference(e), '')
    return xmlrpclib.dumps(fault, allow_none=None, encoding=None)


_serialize_exception = http.serialize_exception


def serialize_exception(e):
    """JSON-RPC errors for the web client: the message, no traceback, except
    for administrators in debug mode (who need it to report a bug)."""
    data = _serialize_exception(e)
    try:
        admin_debug = bool(http.request and http.request.debug
                           and http.request.env.user.has_group('base.group_system'))
    except Exception:  # no request or no user: keep it safe
        admin_debug = False
    if admin_debug:
        return data
    data['debug'] = ''
    data['arguments'] = (data['message'],) if isinstance(e, _BUSINESS) else ()
    if not isinstance(e, _BUSINESS):
        data['message'] = GENERIC_MESSAGE % _reference(e)
        data['arguments'] = (data['message'],)
    return data


_QUOTED = re.compile(r"'(?:[^']|'')*'")
_DETAIL = re.compile(r"\((.*?)\)=\((.*?)\)")


def redact_sql(text):
    """A query or PostgreSQL message with its literal values masked."""
    if isinstance(text, bytes):  # psycopg2 keeps the sent query as bytes
        text = text.decode('utf-8', 'replace')
    text = _QUOTED.sub("'***'", str(text))
    return _DETAIL.sub(r"(\1)=(***)", text)


class RedactSqlValues(logging.Filter):
    """Mask literal values in "bad query" log records."""

    def filter(self, record):
        if isinstance(record.msg, str) and record.msg.startswith('bad query') and record.args:
            record.args = tuple(redact_sql(a) for a in record.args)
        return True


def install():
    wsgi_server.xmlrpc_handle_exception_int = xmlrpc_handle_exception_int
    wsgi_server.xmlrpc_handle_exception_string = xmlrpc_handle_exception_string
    http.serialize_exception = serialize_exception
    sql_logger = logging.getLogger('odoo.sql_db')
    if not any(isinstance(f, RedactSqlValues) for f in sql_logger.filters):
        sql_logger.addFilter(RedactSqlValues())
