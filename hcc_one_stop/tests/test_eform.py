"""The e-form (extra fields per procedure), online filing, online
supplements and withdrawal requests, the catalogue's search without
diacritics: through the model methods the website's controllers call, as
the citizen and the officers (HTTP and browser tests are in tests/)."""
import base64
import unittest
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from ..domain import states, text, uploads
from ..models.tools import at_time
from .common import HccCase, utc

PDF = b'%PDF-1.4\n% test\n'
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 32
JPEG = b'\xff\xd8\xff\xe0' + b'\x00' * 32


class TestUploadRules(unittest.TestCase):

    def test_type_by_content_not_name(self):
        self.assertEqual(uploads.check(PDF), ('pdf', None))
        self.assertEqual(uploads.check(PNG), ('png', None))
        self.assertEqual(uploads.check(JPEG), ('jpeg', None))
        self.assertEqual(uploads.check(b'MZ\x90\x00 windows program'), (None, 'type'))
        self.assertEqual(uploads.check(b'<html><script>'), (None, 'type'))
        self.assertEqual(uploads.check(b''), (None, 'empty'))
        self.assertEqual(uploads.check(PDF + b'x' * 100, max_bytes=50), (None, 'too_large'))

    def test_safe_names(self):
        self.assertEqual(uploads.safe_filename('../../etc/Giấy khai sinh.exe', 'pdf'),
                         'giay-khai-sinh.pdf')
        self.assertEqual(uploads.safe_filename('<script>.png', 'png'), 'script.png')
        self.assertEqual(uploads.safe_filename(None, 'jpeg'), 'tep.jpg')
        self.assertLessEqual(len(uploads.safe_filename('a' * 500, 'pdf')), uploads.NAME_MAX)

    def test_fold(self):
        self.assertEqual(text.fold('Đăng ký  KHAI SINH'), 'dang ky khai sinh')
        self.assertEqual(text.fold('Cấp Phiếu lý lịch tư pháp'), 'cap phieu ly lich tu phap')
        self.assertEqual(text.fold(None), '')


class TestEform(HccCase):

    def setUp(self):
        super(TestEform, self).setUp()
        self.procedure.write({'online_level': 'full', 'field_ids': [
            (0, 0, {'sequence': 1, 'name': 'Họ tên người được khai sinh', 'field_type': 'text',
                    'required': True}),
            (0, 0, {'sequence': 2, 'name': 'Ngày sinh', 'field_type': 'date', 'required': True}),
            (0, 0, {'sequence': 3, 'name': 'Giới tính', 'field_type': 'choice',
                    'choices': 'Nam\nNữ'}),
            (0, 0, {'sequence': 4, 'name': 'Có giấy chứng sinh', 'field_type': 'yes_no'}),
            (0, 0, {'sequence': 5, 'name': 'Số con', 'field_type': 'number'}),
            (0, 0, {'sequence': 6, 'name': 'Ảnh', 'field_type': 'file'}),
        ]})
        self.f_name, self.f_date, self.f_sex, self.f_yes, self.f_num, self.f_file = \
            self.procedure.field_ids
        self.doc_form, self.doc_copy = self.procedure.document_ids
        self.citizen = self.portal_user
        Users = self.env['res.users'].with_context(no_reset_password=True)
        self.other_citizen = Users.create({
            'name': 'Người khác', 'login': 't_citizen2',
            'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})

    def file_online(self, user=None, answers=None, files=None, at=(2026, 3, 2, 20, 0),
                    procedure=None):
        answers = answers if answers is not None else {
            self.f_name.id: 'Nguyễn Văn Bé', self.f_date.id: '2026-02-28',
            self.f_sex.id: 'Nam', self.f_yes.id: 'yes', self.f_num.id: '2'}
        files = files if files is not None else {('doc', self.doc_form.id): ('To khai.pdf', PDF),
                                                 ('field', self.f_file.id): ('anh.png', PNG)}
        applicant = {'name': 'Nguyễn Văn An', 'id_number': '015090001234',
                     'phone': '0912 345 678', 'email': 'an@example.com', 'address': 'Yên Bái'}
        Dossier = self.at(*at).sudo()
        return Dossier._hcc_file_online(procedure or self.procedure, user or self.citizen,
                                        applicant, answers, files)

    # ------------------------------------------------------------- counter
    def test_counter_dossier_gets_the_eform_and_required_answers_block_receipt(self):
        dossier = self.new_dossier()
        self.assertEqual(dossier.answer_ids.mapped('name'), self.procedure.field_ids.mapped('name'))
        receive = self.at(2026, 3, 2, 9, 0).sudo(self.receiver).browse(dossier.id).action_receive
        with self.assertRaises(UserError) as err:
            receive()
        self.assertIn('Ngày sinh', err.exception.name)
        dossier.answer_ids.filtered(lambda a: a.field_id == self.f_name).sudo(
            self.receiver).write({'value': 'Bé Na'})
        dossier.answer_ids.filtered(lambda a: a.field_id == self.f_date).sudo(
            self.receiver).write({'value': '2026-02-27'})
        receive()
        self.assertEqual(dossier.state, states.RECEIVED)
        # the answers print on the receipt (form 01)
        html = self.env.ref('hcc_one_stop.action_report_hcc_receipt').render_qweb_html(dossier.ids)[0]
        html = html.decode('utf-8') if isinstance(html, bytes) else html
        self.assertIn('Bé Na', html)
        self.assertIn('27/02/2026', html)

    def test_integration_sends_only_field_and_value(self):
        dossier = self.env['hcc.dossier'].create({
            'procedure_id': self.procedure.id, 'applicant_name': 'A B',
            'applicant_id_number': '015090001234',
            'answer_ids': [(0, 0, {'field_id': self.f_name.id, 'value': 'X'})]})
        self.assertEqual(dossier.answer_ids.name, self.f_name.name)
        self.assertTrue(dossier.answer_ids.required)

    def test_choices_and_values_are_checked(self):
        self.assertEqual(self.f_date._parse('2026-02-30')[0], '')
        self.assertTrue(self.f_date._parse('2026-02-30')[1])
        self.assertTrue(self.f_sex._parse('Khác')[1])
        self.assertTrue(self.f_num._parse('abc')[1])
        self.assertEqual(self.f_num._parse('2,5'), ('2,5', None))
        self.assertTrue(self.f_yes._parse('maybe')[1])
        with self.assertRaises(Exception):
            self.env['hcc.procedure.field'].create({
                'procedure_id': self.procedure.id, 'name': 'x', 'field_type': 'choice',
                'choices': 'one'})

    # -------------------------------------------------------- online filing
    def test_online_filing_waits_for_the_officer(self):
        dossier = self.file_online()
        self.assertEqual((dossier.state, dossier.channel), (states.DRAFT, '2'))
        self.assertTrue(dossier.name, 'the code is given when the dossier is submitted')
        self.assertEqual(dossier.partner_id, self.citizen.commercial_partner_id)
        self.assertFalse(dossier.received_at)
        self.assertTrue(dossier.online_pending)
        self.assertEqual(dossier.online_submitted_at, utc(2026, 3, 2, 20, 0))
        form_line = dossier.document_ids.filtered(lambda d: d.name == self.doc_form.name)
        self.assertTrue(form_line.received)
        self.assertEqual(form_line.attachment_id.datas_fname, 'to-khai.pdf')
        self.assertEqual(base64.b64decode(form_line.attachment_id.datas), PDF)
        self.assertEqual((form_line.attachment_id.res_model, form_line.attachment_id.res_id),
                         ('hcc.dossier', dossier.id))
        answers = dict((a.field_id, a.display_value) for a in dossier.answer_ids)
        self.assertEqual(answers[self.f_date], '28/02/2026')
        self.assertEqual(answers[self.f_file], 'anh.png')
        # the citizen is told, on his dossier
        self.assertIn(dossier.name, dossier._hcc_public_messages()[:1].body)

        # the officer checks and receives it the next morning: the clock
        # starts then, not at 20:00 the night before
        self.at(2026, 3, 3, 8, 0).sudo(self.receiver).browse(dossier.id).action_receive()
        self.assertEqual(dossier.state, states.RECEIVED)
        self.assertEqual(dossier.received_at, utc(2026, 3, 3, 8, 0))
        self.assertFalse(dossier.online_pending)
        self.assertIn(dossier._local_text(dossier.due_at), dossier._hcc_public_messages()[0].body)

    def test_online_filing_refused_with_reason_tells_the_citizen(self):
        dossier = self.file_online()
        self.at(2026, 3, 3, 8, 0).sudo(self.receiver).browse(dossier.id).action_refuse(
            'Giấy chứng sinh không rõ')
        self.assertEqual(dossier.state, states.REFUSED)
        self.assertIn('Giấy chứng sinh không rõ', dossier._hcc_public_messages()[0].body)

    def test_online_filing_checks_everything_posted(self):
        other = self.procedure.copy({'name': 'Khác', 'national_code': '9.999998'})
        bad = [
            ({}, None, 'required answers'),
            (None, {('doc', self.doc_form.id): ('virus.pdf', b'MZ\x90\x00')}, 'content'),
            (None, {('doc', other.document_ids[0].id): ('a.pdf', PDF)}, 'other procedure'),
            (None, {('field', self.f_name.id + 100000): ('a.pdf', PDF)}, 'unknown field'),
            (None, {}, 'mandatory document'),
            ({self.f_name.id: 'A', self.f_date.id: 'hôm qua'}, None, 'bad date'),
        ]
        for answers, files, what in bad:
            with self.assertRaises(UserError, msg=what):
                self.file_online(answers=answers, files=files)
        self.env['ir.config_parameter'].set_param('hcc_one_stop.upload_max_bytes', '10')
        with self.assertRaises(UserError):
            self.file_online()
        self.env['ir.config_parameter'].set_param('hcc_one_stop.upload_max_bytes', '10485760')
        self.procedure.write({'online_level': 'none'})
        with self.assertRaises(UserError):
            self.file_online()
        self.procedure.write({'online_level': 'full', 'website_published': False})
        with self.assertRaises(UserError):
            self.file_online()

    def test_citizen_reads_only_his_own_answers(self):
        mine = self.file_online()
        theirs = self.file_online(user=self.other_citizen)
        Answer = self.env['hcc.dossier.answer']
        self.assertEqual(Answer.sudo(self.citizen).search([]).mapped('dossier_id'), mine)
        self.assertEqual(Answer.sudo(self.other_citizen).search([]).mapped('dossier_id'), theirs)
        with self.assertRaises(AccessError):
            Answer.sudo(self.citizen).browse(theirs.answer_ids[0].id).read(['value'])
        with self.assertRaises(AccessError):
            mine.answer_ids[0].sudo(self.citizen).write({'value': 'đổi'})
        # and the files: his own through the dossier, not the other's
        theirs_file = theirs.document_ids.mapped('attachment_id')[0]
        with self.assertRaises(AccessError):
            theirs_file.sudo(self.citizen).read(['datas'])
        self.assertTrue(mine.document_ids.mapped('attachment_id')[0].sudo(self.citizen)
                        .read(['datas']))
        # a citizen cannot create a dossier himself (only through the form)
        with self.assertRaises(AccessError):
            self.env['hcc.dossier'].sudo(self.citizen).create({
                'procedure_id': self.procedure.id, 'applicant_name': 'X',
                'partner_id': self.citizen.partner_id.id})
        # an officer of another department does not see the answers
        dossier = mine
        self.at(2026, 3, 3, 8, 0).sudo(self.receiver).browse(dossier.id).action_receive()
        self.assertFalse(Answer.sudo(self.other_officer).search([('dossier_id', '=', dossier.id)]))

    # ---------------------------------------------------- online supplement
    def test_online_supplement_waits_for_the_officer(self):
        dossier = self.file_online()
        as_receiver = self.at(2026, 3, 3, 8, 0).sudo(self.receiver).browse(dossier.id)
        as_receiver.action_receive()
        copy_line = dossier.document_ids.filtered(lambda d: d.name == self.doc_copy.name)
        as_receiver.action_request_supplement('Bản sao CCCD', [copy_line.id])
        self.assertEqual(dossier._hcc_supplement_lines(), copy_line)
        # only the requested lines, and only PDF/JPEG/PNG
        form_line = dossier.document_ids - copy_line
        with self.assertRaises(UserError):
            dossier.sudo()._hcc_upload_supplement({form_line[0].id: ('a.pdf', PDF)}, self.citizen)
        with self.assertRaises(UserError):
            dossier.sudo()._hcc_upload_supplement({copy_line.id: ('a.pdf', b'GIF89a')},
                                                  self.citizen)
        self.at(2026, 3, 4, 9, 0).sudo().browse(dossier.id)._hcc_upload_supplement(
            {copy_line.id: ('cccd.jpg', JPEG)}, self.citizen)
        self.assertEqual(dossier.state, states.SUPPLEMENT, 'waits for the officer')
        self.assertTrue(dossier.online_supplement_at)
        self.assertEqual(copy_line.attachment_id.mimetype, 'image/jpeg')
        self.at(2026, 3, 4, 10, 0).sudo(self.receiver).browse(dossier.id) \
            .action_supplement_received()
        self.assertEqual(dossier.state, states.PROCESSING)
        self.assertFalse(dossier.online_supplement_at)
        with self.assertRaises(UserError):
            dossier.sudo()._hcc_upload_supplement({copy_line.id: ('a.pdf', PDF)}, self.citizen)

    # --------------------------------------------------- withdrawal request
    def test_withdrawal_request_is_confirmed_by_the_desk(self):
        dossier = self.file_online()
        self.at(2026, 3, 3, 8, 0).sudo(self.receiver).browse(dossier.id).action_receive()
        with self.assertRaises(UserError):
            dossier.sudo()._hcc_request_withdrawal('  ', self.citizen)
        dossier.sudo()._hcc_request_withdrawal('Không cần nữa', self.citizen)
        self.assertEqual(dossier.state, states.RECEIVED)
        self.assertTrue(dossier.withdrawal_pending)
        with self.assertRaises(UserError):
            dossier.sudo()._hcc_request_withdrawal('lần hai', self.citizen)
        with self.assertRaises(AccessError):
            dossier.sudo(self.citizen).action_withdraw('tự rút')
        self.at(2026, 3, 3, 9, 0).sudo(self.receiver).browse(dossier.id).action_withdraw(
            dossier.withdrawal_request_reason)
        self.assertEqual(dossier.state, states.WITHDRAWN)
        self.assertFalse(dossier.withdrawal_pending)

    # ----------------------------------------------------------- catalogue
    def test_catalogue_search_without_diacritics(self):
        Procedure = self.env['hcc.procedure']
        self.assertEqual(self.procedure.search_text, 'thu tuc thu 9 999999 thu nghiem so thu nghiem')
        for words in ('thu tuc', 'THỦ TỤC thử', '9.999999', 'so thu nghiem'):
            found = Procedure.search(Procedure._website_search_domain(words))
            self.assertIn(self.procedure, found, words)
        self.assertNotIn(self.procedure, Procedure.search(
            Procedure._website_search_domain('khai sinh')))
        self.assertIn(self.procedure, Procedure.search(Procedure._website_search_domain(
            sector_id=self.sector.id, online='full')))
        self.procedure.write({'name': 'Đổi tên'})
        self.assertTrue(self.procedure.search_text.startswith('doi ten'))

    def test_popularity_counts_recent_dossiers(self):
        yesterday = fields.Datetime.to_string(datetime.utcnow() - timedelta(days=1))
        dossier = self.new_dossier(answer_ids=[
            (0, 0, {'field_id': self.f_name.id, 'value': 'A'}),
            (0, 0, {'field_id': self.f_date.id, 'value': '2026-01-01'})])
        at_time(dossier, yesterday).action_receive()
        self.env['hcc.procedure']._cron_refresh_popularity()
        self.assertEqual(self.procedure.popularity, 1)
        popular = self.env['hcc.procedure']._website_home_values()['popular']
        self.assertEqual(len(popular), 6)
        self.assertEqual(popular.mapped('popularity'),
                         sorted(popular.mapped('popularity'), reverse=True))
        home = self.env['hcc.procedure']._website_home_values()
        self.assertTrue(home['centre']['hours'])
