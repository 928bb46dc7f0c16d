from odoo.exceptions import UserError, ValidationError

from .common import HccCase, utc


class TestDossierLifecycle(HccCase):

    def test_receive_issues_code_and_appointment_after_tet(self):
        d = self.received(2026, 2, 13, 10, 0)
        self.assertEqual(d.name, '000.00.99.T01-260213-0001')
        self.assertEqual(d.state, 'received')
        # 3 working days from Friday 13 Feb 10:00 over the Tết break
        self.assertEqual(d.due_at, utc(2026, 2, 25, 10, 0))
        self.assertEqual(d.current_step_id.name, 'Tiếp nhận')
        self.assertEqual(d.step_due_at, utc(2026, 2, 13, 15, 45))
        self.assertEqual(d.national_status, 2)
        self.assertEqual(d.applicant_phone, '84912345678')
        second = self.received(2026, 2, 13, 10, 5)
        self.assertEqual(second.name, '000.00.99.T01-260213-0002')
        next_day = self.received(2026, 2, 23, 8, 0)
        self.assertEqual(next_day.name, '000.00.99.T01-260223-0001')

    def test_full_process_writes_control_slip(self):
        d = self.received(2026, 3, 2, 8, 0)  # Monday
        self.at(2026, 3, 2, 9, 0).browse(d.id).action_next_step()
        self.assertEqual((d.state, d.current_department_id), ('processing', self.dept))
        self.at(2026, 3, 3, 9, 0).browse(d.id).action_next_step()
        self.assertEqual(d.current_step_id.name, 'Ký duyệt')
        with self.assertRaises(UserError):
            self.at(2026, 3, 3, 10, 0).browse(d.id).action_next_step()
        self.at(2026, 3, 3, 10, 0).browse(d.id).action_finish()
        self.assertEqual(d.state, 'done')
        self.assertEqual(d.completion, 'early')
        self.at(2026, 3, 4, 8, 0).browse(d.id).action_return_result('counter')
        self.assertEqual((d.state, d.national_status), ('returned', 10))
        actions = d.log_ids.mapped('action')
        self.assertEqual(actions, ['receive', 'start_processing', 'next_step', 'finish',
                                   'return_result'])
        self.assertEqual(d.log_ids.mapped('from_state'),
                         ['draft', 'received', 'processing', 'processing', 'done'])
        self.assertEqual(d.log_ids.mapped('to_state'),
                         ['received', 'processing', 'processing', 'done', 'returned'])
        handover = d.log_ids[1]
        self.assertEqual(handover.department_id, self.reception)
        self.assertEqual(handover.to_department_id, self.dept)
        self.assertTrue(handover.on_time)

    def test_late_step_is_logged_late(self):
        d = self.received(2026, 3, 2, 8, 0)
        self.at(2026, 3, 4, 8, 0).browse(d.id).action_next_step()  # 0.5 day budget long gone
        self.assertFalse(d.log_ids[-1].on_time)

    def test_supplement_pauses_the_clock(self):
        d = self.received(2026, 3, 2, 8, 0)  # due Thu 5 Mar 08:00
        self.assertEqual(d.due_at, utc(2026, 3, 5, 8, 0))
        self.at(2026, 3, 2, 9, 0).browse(d.id).action_next_step()
        self.at(2026, 3, 2, 10, 0).browse(d.id).action_request_supplement('Thiếu tờ khai')
        self.assertEqual((d.state, d.national_status, d.deadline_status), ('supplement', 5, 'paused'))
        # back on Wednesday 10:00: two full working days paused
        self.at(2026, 3, 4, 10, 0).browse(d.id).action_supplement_received()
        self.assertEqual(d.state, 'processing')
        self.assertEqual(d.due_at, utc(2026, 3, 9, 8, 0))
        self.assertEqual(d.supplement_count, 1)
        self.assertEqual(d.pause_ids.end, utc(2026, 3, 4, 10, 0))

    def test_forbidden_transitions_are_refused(self):
        d = self.new_dossier()
        with self.assertRaises(UserError):
            d.action_finish()
        with self.assertRaises(UserError):
            d.action_return_result()
        self.at(2026, 3, 2, 8, 0).browse(d.id).action_receive()
        with self.assertRaises(UserError):
            self.at(2026, 3, 2, 8, 0).browse(d.id).action_supplement_received()
        self.assertEqual(d.state, 'received')

    def test_refuse_needs_reason(self):
        d = self.new_dossier()
        with self.assertRaises(UserError):
            d.action_refuse('  ')
        d.action_refuse('Không thuộc thẩm quyền')
        self.assertEqual((d.state, d.national_status, d.reason),
                         ('refused', 3, 'Không thuộc thẩm quyền'))
        self.assertFalse(d.name)

    def test_receive_requires_mandatory_documents(self):
        d = self.env['hcc.dossier'].create({
            'procedure_id': self.procedure.id, 'applicant_name': 'Trần Thị Bình',
            'applicant_id_number': '015190004321'})
        self.assertEqual(len(d.document_ids), 2)
        with self.assertRaises(UserError):
            d.action_receive()
        self.assertEqual(d.state, 'draft')
        self.assertFalse(d.name)

    def test_external_step_waits_for_outside_agency(self):
        self.procedure.step_ids[1].write({'is_external': True, 'external_agency_id': self.police.id,
                                          'department_id': False})
        d = self.received(2026, 3, 2, 8, 0)
        self.at(2026, 3, 2, 9, 0).browse(d.id).action_next_step()
        self.assertEqual((d.state, d.external_agency_id, d.national_status),
                         ('external', self.police, 4))
        self.at(2026, 3, 3, 9, 0).browse(d.id).action_external_answered('Kết quả tra cứu từ VNeID')
        self.assertEqual((d.state, d.current_step_id.name), ('processing', 'Ký duyệt'))

    def test_send_back_and_withdraw_and_stop(self):
        d = self.received(2026, 3, 2, 8, 0)
        self.at(2026, 3, 2, 9, 0).browse(d.id).action_next_step()
        self.at(2026, 3, 2, 9, 30).browse(d.id).action_send_back('Thiếu chữ ký')
        self.assertEqual(d.current_step_id.name, 'Tiếp nhận')
        d.action_withdraw('Công dân xin rút')
        self.assertEqual((d.state, d.national_status), ('withdrawn', 7))
        self.assertEqual(d.log_ids[-1].from_state, 'processing')
        d2 = self.received(2026, 3, 2, 8, 0)
        self.at(2026, 3, 2, 9, 0).browse(d2.id).action_request_supplement('Thiếu giấy tờ')
        self.at(2026, 3, 20, 9, 0).browse(d2.id).action_stop('Quá hạn bổ sung')
        self.assertEqual((d2.state, d2.national_status), ('stopped', 8))
        self.assertTrue(d2.pause_ids.end)

    def test_return_by_post_only_when_allowed(self):
        self.procedure.postal_return = False
        d = self.received(2026, 3, 2, 8, 0)
        for day in (2, 3):
            self.at(2026, 3, day, 10, 0).browse(d.id).action_next_step()
        self.at(2026, 3, 3, 11, 0).browse(d.id).action_finish()
        with self.assertRaises(UserError):
            d.action_return_result('post')
        d.action_return_result('counter')
        self.assertEqual(d.return_method, 'counter')

    def test_cutoff_after_15h_starts_next_day(self):
        self.procedure.write({
            'legal_amount': 7.5, 'legal_unit': 'hour', 'cutoff_enabled': True, 'cutoff_hour': 15.0,
            'step_ids': [(1, s.id, {'budget_amount': 1, 'budget_unit': 'hour'})
                         for s in self.procedure.step_ids]})
        early = self.received(2026, 3, 2, 9, 0)
        self.assertEqual(early.due_at, utc(2026, 3, 3, 9, 0))
        late = self.received(2026, 3, 2, 15, 30)
        self.assertEqual(late.due_at, utc(2026, 3, 3, 17, 0))

    def test_bad_applicant_input_is_rejected(self):
        for field, value in (('applicant_id_number', '12345'), ('applicant_phone', '0212345678'),
                             ('applicant_email', 'not-an-email')):
            with self.assertRaises(UserError):
                self.new_dossier(**{field: value})
        with self.assertRaises(ValidationError):
            self.new_dossier(applicant_type='organisation')
        org = self.new_dossier(applicant_type='organisation', applicant_tax_code='0100109106')
        self.assertEqual(org.applicant_tax_code, '0100109106')

    def test_errors_speak_vietnamese(self):
        with self.assertRaises(UserError) as ctx:
            self.env['hcc.dossier'].with_context(lang='vi_VN').create({
                'procedure_id': self.procedure.id, 'applicant_name': 'Nguyễn Văn An',
                'applicant_id_number': '123'})
        self.assertIn('12 chữ số', ctx.exception.name)
        d = self.new_dossier()
        with self.assertRaises(UserError) as ctx:
            d.with_context(lang='vi_VN').action_finish()
        # states and actions in the user's words, not internal keys
        self.assertNotIn('draft', ctx.exception.name)
        self.assertIn('Mới đăng ký', ctx.exception.name)

    def test_duplicate_code_typed_by_hand(self):
        d = self.received(2026, 3, 2, 8, 0)
        with self.assertRaises(UserError) as ctx:
            self.new_dossier(upstream_code=d.name)
        self.assertIn(d.name, ctx.exception.name)
        upstream = self.new_dossier(upstream_code='G22.99-260302-0042', channel='2')
        self.at(2026, 3, 2, 9, 0).browse(upstream.id).action_receive()
        self.assertEqual(upstream.name, 'G22.99-260302-0042')
