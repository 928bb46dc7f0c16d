"""The counter and the back office: checklist at once, "all received",
receive-and-print, search by phone, the queue of an inter-agency step,
hand-over with a note, supplements from the checklist, why this
appointment, barcode."""
from odoo.exceptions import UserError

from .common import HccCase


class TestCounter(HccCase):

    def setUp(self):
        super(TestCounter, self).setUp()
        self.counter = self.env['hcc.counter'].create({'name': 'Quầy 9',
                                                       'agency_id': self.agency.id})
        self.receiver.hcc_counter_id = self.counter

    def test_checklist_as_soon_as_the_procedure_is_chosen(self):
        Dossier = self.env['hcc.dossier'].sudo(self.receiver)
        # what the web client asks: the form's defaults, then the onchanges
        spec = {'procedure_id': '1', 'documents_all_received': '1', 'state': '',
                'counter_id': '', 'document_ids': '1', 'document_ids.name': '',
                'document_ids.received': '', 'document_ids.mandatory': ''}
        defaults = Dossier.default_get(list(spec))
        self.assertEqual(defaults['counter_id'], self.counter.id)
        values = dict(defaults, procedure_id=self.procedure.id, document_ids=[])
        result = Dossier.onchange(values, 'procedure_id', spec)['value']
        lines = [cmd for cmd in result['document_ids'] if cmd[0] == 0]
        self.assertEqual([cmd[2]['name'] for cmd in lines], ['Tờ khai', 'Bản sao CCCD'])
        values.update(document_ids=[(5,)] + lines, documents_all_received=True)
        result = Dossier.onchange(values, 'documents_all_received', spec)['value']
        self.assertEqual([cmd[2]['received'] for cmd in result['document_ids'] if cmd[0] == 0],
                         [True, True])

    def test_all_received_toggle_then_receive_and_print(self):
        d = self.env['hcc.dossier'].sudo(self.receiver).create({
            'procedure_id': self.procedure.id, 'applicant_name': 'Nguyễn Văn An',
            'applicant_id_number': '015090001234', 'applicant_phone': '0216 3 852 123',
            'documents_all_received': True})
        self.assertTrue(all(d.document_ids.mapped('received')))
        self.assertEqual(d.applicant_phone, '842163852123')  # a landline is a contact
        self.assertEqual(d._phone_display(), '0216 3852 123')
        action = self.at(2026, 3, 2, 9, 0).sudo(self.receiver).browse(d.id).with_context(
            hcc_print_forms=['receipt', 'control']).action_receive()
        self.assertEqual(action['tag'], 'hcc_print_forms')
        self.assertEqual(action['params']['urls'], [
            '/report/pdf/hcc_one_stop.report_hcc_receipt/%d' % d.id,
            '/report/pdf/hcc_one_stop.report_hcc_control/%d' % d.id])
        self.assertEqual(d.state, 'received')
        self.assertEqual(d.counter_id, self.counter)
        # without the context it is the plain lifecycle method
        d2 = self.new_dossier()
        self.assertIs(self.at(2026, 3, 2, 9, 5).browse(d2.id).action_receive(), True)
        # a forged list of forms prints nothing
        d3 = self.new_dossier()
        self.assertIs(self.at(2026, 3, 2, 9, 6).browse(d3.id).with_context(
            hcc_print_forms=['book']).action_receive(), True)

    def test_search_by_phone_in_any_spelling_and_by_code(self):
        d = self.received(2026, 3, 2, 9, 0, applicant_phone='0912 345 678')
        Dossier = self.env['hcc.dossier']
        for typed in ('0912345678', '0912 345 678', '+84 912 345 678', '84912345678',
                      '345 678', '0912.345'):
            self.assertIn(d, Dossier.search([('applicant_phone', 'ilike', typed)]), typed)
        self.assertNotIn(d, Dossier.search([('applicant_phone', 'ilike', '0987 654 321')]))
        groups = Dossier.read_group([('applicant_phone', 'ilike', '0912 345 678')],
                                    ['state'], ['state'])
        self.assertEqual(sum(g['state_count'] for g in groups),
                         Dossier.search_count([('applicant_phone', '=', '84912345678')]))
        self.assertEqual(Dossier.hcc_find_by_code(d.name), d.id)
        self.assertFalse(Dossier.hcc_find_by_code('000.00.99.T01-000000-0000'))
        self.assertFalse(Dossier.hcc_find_by_code(['x']))
        self.assertTrue(d._barcode_data_uri().startswith('data:image/png;base64,'))

    def _external_procedure(self):
        return self.env['hcc.procedure'].create({
            'name': 'Lý lịch tư pháp', 'national_code': '9.999998', 'sector_id': self.sector.id,
            'agency_id': self.agency.id, 'legal_amount': 5, 'legal_unit': 'day',
            'step_ids': [
                (0, 0, {'sequence': 1, 'name': 'Tiếp nhận', 'department_id': self.reception.id,
                        'role': 'receiving', 'budget_amount': 0.5, 'budget_unit': 'day'}),
                (0, 0, {'sequence': 2, 'name': 'Thẩm định', 'department_id': self.dept.id,
                        'budget_amount': 1, 'budget_unit': 'day'}),
                (0, 0, {'sequence': 3, 'name': 'Tra cứu', 'is_external': True,
                        'external_agency_id': self.police.id, 'budget_amount': 2,
                        'budget_unit': 'day'}),
                (0, 0, {'sequence': 4, 'name': 'Ký', 'department_id': self.dept.id,
                        'role': 'head', 'budget_amount': 1, 'budget_unit': 'day'}),
            ],
        })

    def test_outside_agency_stays_in_the_sending_queue(self):
        d = self.received(2026, 3, 2, 9, 0, procedure_id=self._external_procedure().id)
        self.at(2026, 3, 2, 10, 0).browse(d.id).action_next_step()
        # hand-over asks first: a dialog saying where the dossier goes
        as_officer = self.at(2026, 3, 3, 9, 0).sudo(self.officer).browse(d.id)
        action = as_officer.with_context(hcc_confirm=True).action_next_step()
        self.assertEqual(action['res_model'], 'hcc.dossier.handover.wizard')
        self.assertEqual(d.state, 'processing')
        wizard = self.env['hcc.dossier.handover.wizard'].sudo(self.officer).create(
            {'dossier_id': d.id, 'note': 'Gửi Công an tra cứu'})
        self.assertIn('Công an', wizard.summary)
        wizard.with_context(hcc_confirm=True).action_confirm()
        self.assertEqual(d.state, 'external')
        self.assertFalse(d.current_department_id)
        self.assertEqual(d.queue_department_id, self.dept)
        self.assertEqual(d.log_ids.sorted('id')[-1].note, 'Gửi Công an tra cứu')
        # in the department's queue and counted on its dashboard card
        queue = self.env['hcc.dossier'].sudo(self.head).search(
            [('queue_department_id.hcc_user_ids', 'in', [self.head.id])])
        self.assertIn(d, queue)
        self.assertEqual(self.dept.hcc_in_progress_count, 1)
        self.at(2026, 3, 4, 9, 0).browse(d.id).action_external_answered()
        self.assertEqual(d.queue_department_id, self.dept)
        self.assertEqual(d.current_department_id, self.dept)

    def test_supplement_from_the_checklist(self):
        d = self.received(2026, 3, 2, 9, 0)
        doc = d.document_ids.filtered(lambda x: x.name == 'Bản sao CCCD')
        with self.assertRaises(UserError):
            self.at(2026, 3, 2, 10, 0).browse(d.id).action_request_supplement()
        other = self.new_dossier()
        with self.assertRaises(UserError):
            self.at(2026, 3, 2, 10, 0).browse(d.id).action_request_supplement(
                None, other.document_ids.ids)
        wizard = self.env['hcc.dossier.supplement.wizard'].sudo(self.receiver).create({
            'dossier_id': d.id, 'document_ids': [(6, 0, doc.ids)], 'note': 'Mang bản gốc'})
        action = wizard.action_confirm()
        self.assertEqual(action['params']['urls'],
                         ['/report/pdf/hcc_one_stop.report_hcc_supplement/%d' % d.id])
        self.assertEqual(d.state, 'supplement')
        self.assertEqual(d.supplement_document_ids, doc)
        self.assertEqual(d._public_progress()['missing_documents'], ['Bản sao CCCD'])
        self.assertEqual(d._form_supplement_note(), 'Mang bản gốc')
        html = self.env.ref('hcc_one_stop.action_report_hcc_supplement').render_qweb_html(
            d.ids)[0].decode('utf-8')
        self.assertIn('Bản sao CCCD', html)
        self.assertIn('Mang bản gốc', html)
        self.assertIn('Code 128', html)
        self.at(2026, 3, 3, 9, 0).browse(d.id).action_supplement_received()
        self.assertEqual(d._public_progress()['missing_documents'], [])

    def test_why_this_appointment(self):
        # Monday 2 March 2026 15:30: after the cut-off, counted from Tuesday
        self.procedure.write({'cutoff_enabled': True, 'cutoff_hour': 15.0})
        d = self.received(2026, 3, 2, 15, 30)
        self.at(2026, 3, 3, 9, 0).browse(d.id).action_next_step()
        lines = d._appointment_explanation('vi_VN')
        self.assertEqual(lines[0], 'Tiếp nhận lúc 02/03/2026 15:30.')
        self.assertIn('ngày làm việc tiếp theo, 03/03/2026 07:30', lines[1])
        self.assertTrue(any(l.startswith('Bước 1, Tiếp nhận (Reception)') for l in lines))
        self.assertTrue(any(l.startswith('Bước 2, Thẩm định (Processing)') for l in lines))
        self.assertIn('hcc_explanation', d.with_context(lang='en_US').appointment_explanation)
        html = self.env.ref('hcc_one_stop.action_report_hcc_control').render_qweb_html(
            d.ids)[0].decode('utf-8')
        self.assertIn('Cách tính ngày hẹn trả kết quả', html)
        self.assertIn('Tiếp nhận lúc 02/03/2026 15:30.', html)
        self.assertFalse(self.new_dossier()._appointment_explanation())
