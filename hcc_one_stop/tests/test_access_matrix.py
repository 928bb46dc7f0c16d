"""The access matrix (security/access_matrix.csv) tried cell by cell as the
demo users: every read, write, create and unlink on the models that hold a
dossier's personal or workflow data, and every lifecycle action, allowed
where the matrix says so and refused (AccessError) everywhere else.

`records.sudo(user)` in Odoo 11 means "as that user" (rules and rights
apply), not superuser. The superuser only builds the fixtures; every action
under test runs as the role."""
import base64
import csv
import os
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.modules.module import get_module_resource
from odoo.tests.common import TransactionCase, at_install, post_install
from odoo.tools.safe_eval import safe_eval

MATRIX = get_module_resource('hcc_one_stop', 'security', 'access_matrix.csv')
ROLES = ('reception', 'officer', 'head', 'business', 'manager', 'supervisor', 'it', 'citizen',
         'public')
OPS = {'r': 'read', 'w': 'write', 'c': 'create', 'u': 'unlink'}


def load_matrix(path=MATRIX):
    """The matrix rows as dicts (comment lines start with #)."""
    with open(path, encoding='utf-8') as handle:
        lines = [line for line in handle if line.strip() and not line.startswith('#')]
    return list(csv.DictReader(lines))


class _Undo(Exception):
    """Raised inside a savepoint to roll back what an allowed attempt did."""


# After installation: the SMS, rating and portal addons add models and
# events the matrix covers, and the demo users exist.
@at_install(False)
@post_install(True)
class TestAccessMatrix(TransactionCase):

    def setUp(self):
        super(TestAccessMatrix, self).setUp()
        ref = self.env.ref
        self.users = {role: ref('hcc_one_stop.user_%s' % role)
                      for role in ROLES if role != 'public'}
        self.users['public'] = ref('base.public_user')
        self.reception2 = ref('hcc_one_stop.user_reception2')
        self.matrix = load_matrix()
        sector = self.env['hcc.sector'].create({'name': 'Ma trận quyền'})
        # reception -> justice (officer, head) -> business registration (business)
        self.procedure = self.env['hcc.procedure'].create({
            'name': 'Thủ tục ma trận quyền', 'national_code': '9.999970',
            'sector_id': sector.id, 'agency_id': ref('hcc_one_stop.agency_justice').id,
            'legal_amount': 20, 'legal_unit': 'day',
            'step_ids': [
                (0, 0, {'sequence': 1, 'name': 'Tiếp nhận', 'role': 'receiving',
                        'department_id': ref('hcc_one_stop.dept_reception').id,
                        'budget_amount': 1, 'budget_unit': 'day'}),
                (0, 0, {'sequence': 2, 'name': 'Thẩm định',
                        'department_id': ref('hcc_one_stop.dept_justice').id,
                        'budget_amount': 5, 'budget_unit': 'day'}),
                (0, 0, {'sequence': 3, 'name': 'Đăng ký',
                        'department_id': ref('hcc_one_stop.dept_business').id,
                        'budget_amount': 5, 'budget_unit': 'day'}),
            ],
            'document_ids': [(0, 0, {'name': 'Tờ khai', 'mandatory': True})],
        })
        self.other_partner = self.env['res.partner'].create({'name': 'Trần Văn Khác'})

    # ------------------------------------------------------------- fixtures
    def _new(self, by, **vals):
        """A dossier typed in by `by` (a receiving officer), documents ticked."""
        values = {'procedure_id': self.procedure.id, 'applicant_name': 'Phạm Văn Quyền',
                  'applicant_id_number': '015090001234', 'applicant_phone': '0912 345 678'}
        values.update(vals)
        dossier = self.env['hcc.dossier'].sudo(by).create(values)
        dossier.document_ids.write({'received': True})
        return self.env['hcc.dossier'].browse(dossier.id)

    def _received(self, by, **vals):
        dossier = self._new(by, **vals)
        dossier.sudo(by).action_receive()
        return dossier

    def _supplement_cycle(self, dossier, user=None):
        # leaves a closed pause row behind, for the pause model's cells
        dossier = dossier.sudo(user) if user else dossier
        dossier.action_request_supplement('Thiếu bản sao')
        dossier.action_supplement_received()

    def data_fixtures(self):
        ref = self.env.ref
        citizen = self.users['citizen'].partner_id
        fx = {'draft': self._new(self.reception2)}
        fx['desk'] = self._received(self.reception2)
        fx['desk'].action_request_supplement('Thiếu bản sao')
        fx['own_dept'] = self._received(self.reception2, partner_id=citizen.id)
        fx['own_dept'].action_next_step()
        # the officer works its Justice step: a rating of it names him
        self._supplement_cycle(fx['own_dept'], self.users['officer'])
        fx['handled'] = self._received(self.users['reception'])
        fx['handled'].action_next_step()
        fx['handled'].sudo(self.users['officer']).action_next_step()
        self._supplement_cycle(fx['handled'], self.users['business'])
        fx['other_dept'] = self._received(self.reception2, partner_id=self.other_partner.id)
        fx['other_dept'].action_next_step()
        fx['other_dept'].action_next_step()
        self._supplement_cycle(fx['other_dept'])
        # the fixtures are what the matrix's comments say
        self.assertTrue(fx['desk'].at_desk)
        self.assertEqual(fx['own_dept'].current_department_id, ref('hcc_one_stop.dept_justice'))
        self.assertFalse(fx['own_dept'].at_desk)
        for key in ('handled', 'other_dept'):
            self.assertEqual(fx[key].current_department_id, ref('hcc_one_stop.dept_business'))
            self.assertFalse(fx[key].at_desk)
        self.assertIn(self.users['officer'], fx['handled'].handler_ids)
        self.assertEqual(fx['handled'].receiver_id, self.users['reception'])
        Exchange = self.env['hcc.portal.exchange']
        now = fields.Datetime.now()
        # an exchange without a dossier (a login, the catalogue): IT staff's
        Exchange.create({'operation': 'LayDanhMucTTHC', 'outcome': 'ok', 'date': now})
        fx['no_dossier'] = self.env['hcc.dossier']
        for key, dossier in fx.items():
            if not dossier:
                continue
            Exchange.create({'dossier_id': dossier.id, 'dossier_code': dossier.name,
                             'operation': 'DongBoHoSoMC', 'outcome': 'ok', 'date': now})
            self.env['ir.attachment'].create({
                'name': 'scan.pdf', 'datas_fname': 'scan.pdf', 'res_model': 'hcc.dossier',
                'res_id': dossier.id, 'datas': base64.b64encode(b'%PDF-1.4 matrix')})
            dossier.message_post(body='Ghi chú nội bộ', message_type='comment',
                                 subtype='mail.mt_note')
            # by link: it rates the official at the counter (the receiver)
            # and the officials who worked its steps, with their departments
            self.env['hcc.rating'].create({'dossier_id': dossier.id, 'channel': 'link',
                                           'level': '3'})
        ratings = {key: self._record('hcc.rating', dossier) for key, dossier in fx.items()
                   if dossier}
        users = self.users
        self.assertFalse(ratings['draft'].user_ids)
        self.assertEqual(ratings['desk'].user_ids, self.reception2)
        self.assertIn(users['officer'], ratings['own_dept'].user_ids)
        self.assertIn(ref('hcc_one_stop.dept_justice'), ratings['own_dept'].department_ids)
        self.assertIn(users['reception'], ratings['handled'].user_ids)
        self.assertIn(users['officer'], ratings['handled'].user_ids)
        self.assertIn(users['business'], ratings['handled'].user_ids)
        for key in ('draft', 'desk', 'own_dept', 'other_dept'):
            self.assertNotIn(users['business'], ratings[key].user_ids)
        # the SMS of the dossiers (mobile number) and their jobs
        for key in ('desk', 'own_dept', 'handled', 'other_dept'):
            self.assertTrue(self._record('hcc.job', fx[key]))
        return fx

    def _record(self, model, dossier):
        """The row of `model` belonging to `dossier` the cells are tried on."""
        if model == 'hcc.dossier':
            return dossier
        if not dossier:
            # the newest row without a dossier (the set-up made one)
            record = self.env[model].search([('dossier_id', '=', False)], limit=1,
                                            order='id desc')
            self.assertTrue(record, 'no %s row without a dossier' % model)
            return record
        if model == 'hcc.job':
            # the job that sends the dossier's first SMS (payload: ids only)
            sms = self.env['hcc.sms.message'].search([('dossier_id', '=', dossier.id)])
            domain = [('model_name', '=', 'hcc.sms.message'), ('res_id', 'in', sms.ids)]
        elif model == 'ir.attachment':
            domain = [('res_model', '=', 'hcc.dossier'), ('res_id', '=', dossier.id)]
        elif model == 'mail.message':
            domain = [('model', '=', 'hcc.dossier'), ('res_id', '=', dossier.id)]
        else:
            domain = [('dossier_id', '=', dossier.id)]
        record = self.env[model].search(domain, limit=1)
        self.assertTrue(record, 'no %s row for the fixture %s' % (model, dossier.name))
        return record

    def _write_vals(self, model):
        return {
            'hcc.dossier': {'result_note': 'Kết quả'},
            'hcc.dossier.log': {'note': 'sửa'},
            'hcc.dossier.document': {'copies': 2},
            'hcc.dossier.pause': {'reason': 'sửa'},
            'hcc.sms.message': {'urgent': False},
            'hcc.portal.exchange': {'message': 'x'},
            'hcc.job': {'priority': 5},
            'hcc.rating': {'followup_note': 'Đã gọi lại'},
            'ir.attachment': {'description': 'sửa'},
        }[model]

    def _create_vals(self, model, dossier):
        now = fields.Datetime.now()
        if model == 'hcc.job':
            return {'channel': 'sms', 'model_name': 'hcc.sms.message',
                    'res_id': self._record('hcc.sms.message', dossier).id,
                    'method_name': '_job_send'}
        return {
            'hcc.dossier': {'procedure_id': self.procedure.id, 'applicant_name': 'Lê Văn Mới',
                            'applicant_id_number': '015090001235'},
            'hcc.dossier.log': {'dossier_id': dossier.id, 'action': 'next_step', 'date': now},
            'hcc.dossier.document': {'dossier_id': dossier.id, 'name': 'Bản sao bổ sung'},
            'hcc.dossier.pause': {'dossier_id': dossier.id, 'start': now},
            'hcc.sms.message': {'dossier_id': dossier.id, 'phone': '84912345678', 'body': 'x'},
            'hcc.portal.exchange': {'dossier_id': dossier.id, 'operation': 'DongBoHoSoMC',
                                    'outcome': 'ok', 'date': now},
            'hcc.rating': {'dossier_id': dossier.id, 'level': '3'},
            # email_from given: the public user has none, and its default
            # would fail before the access check this cell is about
            'mail.message': {'model': 'hcc.dossier', 'res_id': dossier.id, 'body': 'Ý kiến',
                             'message_type': 'comment', 'email_from': 'a@example.com'},
            'ir.attachment': {'name': 'them.pdf', 'datas_fname': 'them.pdf',
                              'res_model': 'hcc.dossier', 'res_id': dossier.id,
                              'datas': base64.b64encode(b'%PDF-1.4 more')},
        }[model]

    # -------------------------------------------------------------- attempts
    def _attempt(self, func):
        """'allowed' if `func` ran, 'refused' on AccessError, else the error;
        whatever it did is rolled back."""
        try:
            with self.env.cr.savepoint():
                func()
                raise _Undo()
        except _Undo:
            outcome = 'allowed'
        except AccessError:
            outcome = 'refused'
        except Exception as exc:  # reported with the cell, not hidden
            outcome = 'error %s: %s' % (type(exc).__name__, exc)
        self.env.clear()  # the rolled-back rows must not linger in the cache
        return outcome

    def _read_outcome(self, model, record, user):
        """Read is allowed only if the row is both found and readable, and
        refused only if it is neither: anything in between is a leak."""
        Model = self.env[model].sudo(user)
        found = self._attempt(lambda: Model.search([('id', '=', record.id)]).ensure_one())
        found = 'allowed' if found == 'allowed' else 'refused'
        read = self._attempt(lambda: Model.browse(record.id).read(['create_date']))
        return read if read == found else 'inconsistent: search %s, read %s' % (found, read)

    def _op_outcome(self, op, model, record, dossier, user):
        Model = self.env[model].sudo(user)
        if op == 'r':
            return self._read_outcome(model, record, user)
        if op == 'w':
            return self._attempt(lambda: Model.browse(record.id).write(self._write_vals(model)))
        if op == 'u':
            return self._attempt(lambda: Model.browse(record.id).unlink())
        return self._attempt(lambda: Model.create(self._create_vals(model, dossier)))

    # ----------------------------------------------------------------- tests
    def test_matrix_covers_every_role_and_model(self):
        rows = self.matrix
        self.assertEqual(list(rows[0])[4:], list(ROLES))
        models = {r['subject'] for r in rows if r['kind'] == 'data'}
        for model in ('hcc.dossier', 'hcc.dossier.log', 'hcc.dossier.document',
                      'hcc.dossier.pause', 'hcc.sms.message', 'hcc.portal.exchange',
                      'hcc.job', 'hcc.rating', 'ir.attachment', 'mail.message'):
            self.assertIn(model, models)
            self.assertIn(model, self.env, 'the addon of %s is not installed' % model)
        for row in rows:
            for role in ROLES:
                self.assertTrue(set(row[role]) <= set(row['ops']), (row, role))

    def test_data_matrix(self):
        fixtures = self.data_fixtures()
        wrong = []
        for row in (r for r in self.matrix if r['kind'] == 'data'):
            model, dossier = row['subject'], fixtures[row['scope']]
            record = self._record(model, dossier)
            for role in ROLES:
                for op in row['ops']:
                    expected = 'allowed' if op in row[role] else 'refused'
                    outcome = self._op_outcome(op, model, record, dossier, self.users[role])
                    if outcome != expected:
                        wrong.append('%s %s %s on %s: expected %s, got %s' % (
                            role, OPS[op], model, row['scope'], expected, outcome))
        self.assertFalse(wrong, 'access matrix cells that do not hold:\n' + '\n'.join(wrong))

    def action_fixtures(self):
        fx = {'draft': self._new(self.reception2)}
        fx['desk_received'] = self._received(self.reception2)
        fx['desk_supplement'] = self._received(self.reception2)
        fx['desk_supplement'].action_request_supplement('Thiếu bản sao')
        fx['own_dept'] = self._received(self.reception2)
        fx['own_dept'].action_next_step()
        fx['own_dept_supplement'] = self._received(self.reception2)
        fx['own_dept_supplement'].action_next_step()
        fx['own_dept_supplement'].action_request_supplement('Thiếu bản sao')
        fx['last_step'] = self._received(self.reception2)
        fx['last_step'].action_next_step()
        fx['last_step'].action_next_step()
        fx['done'] = self._received(self.reception2)
        fx['done'].action_next_step()
        fx['done'].action_next_step()
        fx['done'].action_finish()
        self.assertEqual(fx['own_dept_supplement'].current_department_id,
                         self.env.ref('hcc_one_stop.dept_justice'))
        return fx

    def _action_args(self, action, dossier):
        if action == 'action_apologise':
            new_due = fields.Datetime.from_string(dossier.due_at) + timedelta(days=7)
            return ('Chậm do phải xác minh', fields.Datetime.to_string(new_due))
        return {
            'action_refuse': ('Thiếu giấy tờ',),
            'action_send_back': ('Làm lại dự thảo',),
            'action_request_supplement': ('Thiếu bản sao',),
            'action_withdraw': ('Công dân xin rút',),
            'action_stop': ('Quá hạn bổ sung',),
            'action_return_result': ('counter',),
        }.get(action, ())

    def _run_action(self, action, dossier, user):
        """Run `action` as `user`; it must leave a log line under his name."""
        Dossier = self.env['hcc.dossier'].sudo(user)
        if action == 'receive_new':
            result = Dossier.receive_new({
                'procedure_id': self.procedure.id, 'applicant_name': 'Đinh Văn Nhận',
                'applicant_id_number': '015090001236'})
            dossier = self.env['hcc.dossier'].browse(result['id'])
        else:
            getattr(Dossier.browse(dossier.id), action)(*self._action_args(action, dossier))
        logged = self.env['hcc.dossier.log'].search(
            [('dossier_id', '=', dossier.id), ('user_id', '=', user.id)])
        self.assertTrue(logged, '%s ran without a log line by %s' % (action, user.login))

    def test_lifecycle_matrix(self):
        fixtures = self.action_fixtures()
        wrong = []
        for row in (r for r in self.matrix if r['kind'] == 'action'):
            action, dossier = row['subject'], fixtures.get(row['scope'])
            for role in ROLES:
                expected = 'allowed' if row[role] == 'x' else 'refused'
                outcome = self._attempt(lambda: self._run_action(action, dossier,
                                                                 self.users[role]))
                if outcome != expected:
                    wrong.append('%s %s on %s: expected %s, got %s' % (
                        role, action, row['scope'], expected, outcome))
        self.assertFalse(wrong, 'lifecycle cells that do not hold:\n' + '\n'.join(wrong))

    def test_it_staff_configure_without_access_errors(self):
        """IT staff open every menu they see under One-Stop Shop without an
        access error, see the National Portal's exchange log (its rows
        without a dossier, see the matrix) and no menu of dossiers, SMS,
        ratings or the portal reconciliation."""
        it = self.users['it']
        self.assertFalse(it.has_group('hcc_one_stop.group_hcc_supervisor'))
        root = self.env.ref('hcc_one_stop.menu_hcc_root')
        visible = self.env['ir.ui.menu'].sudo(it).search([('id', 'child_of', root.id)])
        names = set(visible.get_external_id().values())
        for xmlid in ('hcc_one_stop.menu_hcc_procedures', 'hcc_one_stop.menu_hcc_agency',
                      'hcc_one_stop.menu_hcc_holiday', 'hcc_one_stop.menu_hcc_department',
                      'hcc_sms.hcc_sms_gateway_menu', 'hcc_sms.hcc_sms_template_menu',
                      'hcc_national_portal_connector.hcc_portal_exchange_menu'):
            self.assertIn(xmlid, names)
        for xmlid in ('hcc_one_stop.menu_hcc_all_dossiers', 'hcc_one_stop.menu_hcc_reporting',
                      'hcc_sms.hcc_sms_message_menu', 'hcc_rating.hcc_rating_menu',
                      'hcc_national_portal_connector.hcc_portal_reconciliation_menu'):
            self.assertNotIn(xmlid, names)
        errors = []
        for menu in visible.filtered(lambda m: m.action and m.action._name ==
                                     'ir.actions.act_window'):
            action = menu.action
            ctx = safe_eval(action.context or '{}', {'uid': it.id})
            domain = safe_eval(action.domain or '[]', {'uid': it.id})
            Model = self.env[action.res_model].sudo(it).with_context(ctx)
            try:
                views = [(False, mode) for mode in action.view_mode.split(',')]
                if 'search' not in action.view_mode:
                    views.append((False, 'search'))
                loaded = Model.load_views(views)['fields_views']
                list_fields = list(loaded.get('list', loaded.get('kanban', {})).get(
                    'fields', {'display_name': 0}))
                rows = Model.search_read(domain, list_fields, limit=80)
                if rows and 'form' in loaded:
                    Model.browse(rows[0]['id']).read(list(loaded['form']['fields']))
            except AccessError as exc:
                errors.append('%s (%s): %s' % (menu.complete_name, action.res_model, exc))
        self.assertFalse(errors, 'IT staff get access errors:\n' + '\n'.join(errors))
