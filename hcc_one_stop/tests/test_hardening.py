import logging
import xmlrpc.client
from unittest import TestCase

from odoo.exceptions import UserError, ValidationError

from .. import hardening


def _fault(payload):
    try:
        xmlrpc.client.loads(payload)
    except xmlrpc.client.Fault as fault:
        return fault
    raise AssertionError('no fault in %r' % payload[:200])


class TestHardening(TestCase):
    """What a client and the log get when something fails."""

    def test_unexpected_error_gives_a_reference_not_a_traceback(self):
        try:
            int('0912345678x')
        except ValueError as exc:
            fault = _fault(hardening.xmlrpc_handle_exception_int(exc))
            text = _fault(hardening.xmlrpc_handle_exception_string(exc)).faultCode
        self.assertNotIn('Traceback', fault.faultString)
        self.assertNotIn('0912345678', fault.faultString)
        self.assertIn('mã tham chiếu', fault.faultString)
        self.assertNotIn('Traceback', text)
        self.assertIn('mã tham chiếu', text)

    def test_business_errors_keep_their_message(self):
        for exc in (UserError('Thiếu giấy tờ'), ValidationError('Sai mã số thuế')):
            try:
                raise exc
            except Exception as caught:
                fault = _fault(hardening.xmlrpc_handle_exception_int(caught))
            self.assertIn(exc.name, fault.faultString)
            self.assertNotIn('Traceback', fault.faultString)

    def test_failed_queries_are_logged_without_values(self):
        query = ("INSERT INTO hcc_dossier (applicant_name, applicant_id_number, applicant_phone) "
                 "VALUES ('Nguyễn Văn An', '015090001234', '84912345678')")
        error = 'duplicate key value violates unique constraint\nDETAIL:  Key (name)=(G15-0001) already exists.'
        record = logging.LogRecord('odoo.sql_db', logging.ERROR, __file__, 1,
                                   'bad query: %s\nERROR: %s', (query, error), None)
        self.assertTrue(hardening.RedactSqlValues().filter(record))
        text = record.getMessage()
        for value in ('Nguyễn Văn An', '015090001234', '84912345678', 'G15-0001'):
            self.assertNotIn(value, text)
        self.assertIn('INSERT INTO hcc_dossier', text)
        self.assertTrue(any(isinstance(f, hardening.RedactSqlValues)
                            for f in logging.getLogger('odoo.sql_db').filters))
