from odoo.exceptions import AccessError, UserError

from ..domain import states
from ..models.tools import CHAR_LIMIT, at_time
from .common import HccCase, utc


class TestStateMachineIsTheOnlyWay(HccCase):
    """Workflow fields change through the lifecycle actions only, for every
    user; the clock belongs to the server; bad values get a clear message."""

    def setUp(self):
        super(TestStateMachineIsTheOnlyWay, self).setUp()
        group = self.env.ref('hcc_one_stop.group_hcc_manager')
        self.manager = self.env['res.users'].with_context(no_reset_password=True).create(
            {'name': 'Manager', 'login': 't_manager', 'groups_id': [(6, 0, [group.id])]})

    def _as(self, user, *local_parts):
        return at_time(self.env['hcc.dossier'].sudo(user), utc(*local_parts))

    def test_workflow_fields_refused_on_write_for_every_user(self):
        d = self.received(2026, 3, 2, 9, 0)
        before = (d.state, d.due_at, d.name, len(d.log_ids))
        forged = [{'state': states.RETURNED}, {'due_at': '2030-01-01 00:00:00'},
                  {'name': 'FORGED-0001'}, {'completion': 'early'},
                  {'handler_ids': [(4, self.officer.id)]}, {'received_at': '2020-01-01 00:00:00'},
                  {'apology_date': '2026-03-02 03:00:00'}, {'current_step_id': False},
                  {'deadline_status': 'on_track'}, {'procedure_id': self.procedure.id}]
        for user in (self.receiver, self.manager, self.env.user):
            for vals in forged:
                with self.assertRaises((UserError, AccessError), msg='%s %s' % (user.login, vals)):
                    d.sudo(user).write(vals)
        d.invalidate_cache()
        self.assertEqual((d.state, d.due_at, d.name, len(d.log_ids)), before)
        # what a receiving officer may correct stays editable
        d.sudo(self.receiver).write({'applicant_address': 'Tổ 5, phường Đồng Tâm'})
        self.assertEqual(d.applicant_address, 'Tổ 5, phường Đồng Tâm')

    def test_workflow_fields_refused_on_create(self):
        Dossier = self.env['hcc.dossier'].sudo(self.receiver)
        base = {'procedure_id': self.procedure.id, 'applicant_name': 'Lê Thị Bình',
                'applicant_id_number': '015090001234'}
        for vals in ({'state': states.DONE}, {'name': 'FORGED-0002'},
                     {'due_at': '2030-01-01 00:00:00'}, {'received_at': '2026-03-02 02:00:00'}):
            with self.assertRaises(UserError):
                Dossier.create(dict(base, **vals))
        # a plain new dossier is fine, and so is a code issued upstream
        d = Dossier.create(dict(base, upstream_code='G15-NP-260302-0007'))
        d.document_ids.write({'received': True})
        self._as(self.receiver, 2026, 3, 2, 9, 0).browse(d.id).action_receive()
        self.assertEqual((d.name, d.state), ('G15-NP-260302-0007', states.RECEIVED))
        with self.assertRaises(UserError):
            d.sudo(self.receiver).write({'upstream_code': 'OTHER-1'})

    def test_administrator_repairs_through_a_logged_action(self):
        d = self.received(2026, 3, 2, 9, 0)
        with self.assertRaises(AccessError):
            d.sudo(self.manager).action_repair({'state': states.PROCESSING}, 'test')
        with self.assertRaises(UserError):
            d.action_repair({'state': states.PROCESSING}, '  ')
        with self.assertRaises(UserError):
            d.action_repair({'name': 'X'}, 'a code cannot be repaired')
        d.action_repair({'state': states.PROCESSING, 'current_step_id': self.procedure.step_ids[1].id},
                        'Chuyển nhầm bước khi nhập liệu')
        log = d.log_ids[-1]
        self.assertEqual((log.action, log.from_state, log.to_state),
                         (states.REPAIR, states.RECEIVED, states.PROCESSING))
        self.assertIn('Chuyển nhầm bước', log.note)
        self.assertIn('state', log.note)
        self.assertEqual(d.current_department_id, self.dept)

    def test_client_cannot_set_the_clock(self):
        d = self.new_dossier()
        # what an RPC client could send: plain values under any key
        forged = self.env['hcc.dossier'].sudo(self.receiver).with_context(
            hcc_now='2020-01-01 00:00:00', hcc_clock='2020-01-01 00:00:00')
        forged.browse(d.id).action_receive()
        self.assertGreater(d.received_at, '2026-01-01')
        self.assertGreater(d.log_ids[-1].date, '2026-01-01')

    def test_bad_values_get_a_clear_message(self):
        Dossier = self.env['hcc.dossier'].sudo(self.receiver).with_context(lang='vi_VN')
        base = {'procedure_id': self.procedure.id, 'applicant_name': 'Lê Thị Bình',
                'applicant_id_number': '015090001234'}
        bad = [{'applicant_name': 'A' * 100000}, {'applicant_name': ['a']},
               {'applicant_name': 'An\x00'}, {'channel': '9'}, {'channel': 2},
               {'procedure_id': 'abc'}, {'procedure_id': 99999999}, {'counter_id': -1},
               {'applicant_type': 'robot'}, {'no_such_field': 1}, {'applicant_name': False},
               {'document_ids': [(0, 0, {'name': 5})]}, {'document_ids': 'x'},
               {'document_ids': [(9, 0, 0)]}]
        count = self.env['hcc.dossier'].search_count([])
        for vals in bad:
            with self.assertRaises(UserError, msg=str(vals)[:80]) as caught:
                Dossier.create(dict(base, **vals))
            self.assertTrue(caught.exception.name and 'Traceback' not in caught.exception.name)
        self.assertEqual(self.env['hcc.dossier'].search_count([]), count)
        with self.assertRaises(UserError) as caught:
            Dossier.create(dict(base, applicant_name='A' * (CHAR_LIMIT + 1)))
        self.assertIn('tối đa', caught.exception.name)   # Vietnamese for the user
        d = self.new_dossier()
        with self.assertRaises(UserError):
            d.sudo(self.receiver).write({'applicant_address': 'x' * 5000})
        with self.assertRaises(UserError):
            d.document_ids[:1].sudo(self.receiver).write({'copies': 'many'})


class TestPausesAsTheRolesDoThem(HccCase):
    """Supplements as the officials who handle them: the processing officer
    asks, the receiving officer records the papers; the clock pauses exactly."""

    def setUp(self):
        super(TestPausesAsTheRolesDoThem, self).setUp()
        group = self.env.ref('hcc_one_stop.group_hcc_manager')
        self.manager = self.env['res.users'].with_context(no_reset_password=True).create(
            {'name': 'Manager', 'login': 't_manager', 'groups_id': [(6, 0, [group.id])]})

    def _as(self, user, *local_parts):
        return at_time(self.env['hcc.dossier'].sudo(user), utc(*local_parts))

    def _waiting(self, ask_at):
        d = self.new_dossier()
        self._as(self.receiver, 2026, 3, 2, 8, 0).browse(d.id).action_receive()
        self._as(self.receiver, 2026, 3, 2, 9, 0).browse(d.id).action_next_step()
        self._as(self.officer, *ask_at).browse(d.id).action_request_supplement('Thiếu tờ khai')
        self.assertEqual(d.state, states.SUPPLEMENT)
        return d

    def test_supplement_in_the_same_minute_moves_nothing(self):
        d = self._waiting((2026, 3, 2, 10, 0, 0))
        due, step_due = d.due_at, d.step_due_at
        self._as(self.receiver, 2026, 3, 2, 10, 0, 40).browse(d.id).action_supplement_received()
        self.assertEqual((d.state, d.due_at, d.step_due_at), (states.PROCESSING, due, step_due))

    def test_pause_of_two_working_days_moves_the_appointment_by_two(self):
        d = self._waiting((2026, 3, 2, 10, 0))                      # Monday
        due = d.due_at
        self._as(self.receiver, 2026, 3, 4, 10, 0).browse(d.id).action_supplement_received()
        cal = self.env['hcc.holiday'].get_working_calendar()
        from ..models.tools import local
        self.assertEqual(cal.working_days_between(local(due), local(d.due_at)), 2)
        self.assertEqual(local(d.due_at).time(), local(due).time())

    def test_roles_record_supplement_withdraw_and_stop(self):
        for user in (self.receiver, self.officer, self.manager):
            d = self._waiting((2026, 3, 2, 10, 0))
            self._as(user, 2026, 3, 3, 10, 0).browse(d.id).action_supplement_received()
            self.assertEqual(d.state, states.PROCESSING, user.login)
        d = self._waiting((2026, 3, 2, 10, 0))
        self._as(self.receiver, 2026, 3, 3, 10, 0).browse(d.id).action_withdraw('Công dân rút')
        self.assertEqual(d.state, states.WITHDRAWN)
        self.assertTrue(d.pause_ids.end)
        d = self._waiting((2026, 3, 2, 10, 0))
        self._as(self.manager, 2026, 3, 20, 10, 0).browse(d.id).action_stop('Quá hạn bổ sung')
        self.assertEqual(d.state, states.STOPPED)
        # nobody edits a pause by hand
        with self.assertRaises(AccessError):
            d.pause_ids.sudo(self.officer).write({'end': False})
