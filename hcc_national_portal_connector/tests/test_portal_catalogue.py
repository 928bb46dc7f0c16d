"""Catalogue down: the national catalogue read into the mapping table,
differences shown by the wizard, applied to the national fields only; the
process steps configured here stay as they are. Done by IT staff."""
from odoo.exceptions import AccessError

from .common import PortalCase


class TestPortalCatalogue(PortalCase):

    def setUp(self):
        super(TestPortalCatalogue, self).setUp()
        self.it = self.env.ref('hcc_one_stop.user_it')
        self.Entry = self.env['hcc.portal.procedure'].sudo(self.it)

    def test_refresh_map_diff_apply(self):
        self.Entry.action_refresh_catalogue()
        entries = self.Entry.search([])
        self.assertEqual(set(entries.mapped('national_code')) >= {'2.001417', '1.001612',
                                                                 '1.004946'}, True)
        entry = entries.filtered(lambda e: e.national_code == '2.001417')
        # mapped by its national code
        self.assertEqual(entry.procedure_id, self.procedure)
        self.assertEqual(entry.level, 'province')
        steps = [(s.name, s.department_id.id, s.budget_amount) for s in self.procedure.step_ids]
        # reading it twice does not duplicate the table
        self.Entry.action_refresh_catalogue()
        self.assertEqual(self.Entry.search_count([('national_code', '=', '2.001417')]), 1)

        action = entry.action_import()
        wizard = self.env['hcc.portal.procedure.import'].sudo(self.it).browse(action['res_id'])
        fields_ = wizard.line_ids.mapped('field')
        self.assertIn('documents', fields_)
        doc_line = wizard.line_ids.filtered(lambda l: l.field == 'documents')
        self.assertIn('Bản chụp giấy tờ tùy thân (0/1)', doc_line.national_value)
        self.assertNotEqual(doc_line.local_value, doc_line.national_value)
        # the officer leaves the name as it is here
        wizard.line_ids.filtered(lambda l: l.field == 'name').write({'apply': False})
        name = self.procedure.name
        wizard.action_apply()
        procedure = self.procedure
        self.assertEqual(procedure.name, name)
        self.assertEqual(procedure.fee_ids.mapped('amount'), [200000.0])
        self.assertEqual(procedure.legal_basis, 'Luật Lý lịch tư pháp số 28/2009/QH12')
        self.assertEqual(
            procedure.document_ids.mapped('name'),
            ['Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', 'Bản chụp giấy tờ tùy thân'])
        self.assertEqual([(s.name, s.department_id.id, s.budget_amount)
                          for s in procedure.step_ids], steps)
        # nothing left to apply
        again = self.env['hcc.portal.procedure.import'].sudo(self.it).browse(
            entry.action_import()['res_id'])
        self.assertEqual(set(again.line_ids.mapped('field')) - {'name'}, set())

    def test_unmapped_entry_is_said(self):
        self.Entry.action_refresh_catalogue()
        entry = self.Entry.search([('national_code', '=', '1.004946')])
        entry.procedure_id = False
        wizard = self.env['hcc.portal.procedure.import'].sudo(self.it).browse(
            entry.action_import()['res_id'])
        self.assertFalse(wizard.line_ids)
        self.assertIn('1.004946', wizard.note)

    def test_officers_do_not_import(self):
        with self.assertRaises(AccessError):
            self.env['hcc.portal.procedure'].sudo(self.reception).search([])
