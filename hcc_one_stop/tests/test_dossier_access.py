from odoo.exceptions import AccessError

from ..models.tools import ServerClock
from .common import HccCase


class TestDossierAccess(HccCase):
    """Officials see their department's dossiers, citizens their own:
    checked both ways, allowed and refused."""

    def setUp(self):
        super(TestDossierAccess, self).setUp()
        self.mine = self.received(2026, 3, 2, 8, 0, partner_id=self.portal_user.partner_id.id)
        self.at(2026, 3, 2, 9, 0).browse(self.mine.id).action_next_step()  # now at self.dept
        self.elsewhere = self.received(2026, 3, 2, 8, 30, applicant_name='Lê Thị Hoa')

    def visible(self, user):
        return self.env['hcc.dossier'].sudo(user).search([('id', 'in', (self.mine | self.elsewhere).ids)])

    def test_officer_sees_only_his_department(self):
        self.assertEqual(self.visible(self.officer), self.mine)
        self.assertEqual(self.visible(self.other_officer), self.env['hcc.dossier'])
        with self.assertRaises(AccessError):
            self.elsewhere.sudo(self.officer).read(['name'])
        # and may work the one at his department
        self.mine.sudo(self.officer).with_context(hcc_clock=ServerClock('2026-03-03 02:00:00')).action_next_step()
        self.assertEqual(self.mine.current_step_id.name, 'Ký duyệt')

    def test_officer_keeps_what_he_handled(self):
        self.mine.sudo(self.officer).with_context(hcc_clock=ServerClock('2026-03-03 02:00:00')).action_next_step()
        self.mine.with_context(hcc_clock=ServerClock('2026-03-03 03:00:00')).action_finish()
        self.assertEqual(self.mine.state, 'done')
        self.assertEqual(self.visible(self.officer), self.mine)
        self.assertEqual(self.visible(self.other_officer), self.env['hcc.dossier'])

    def test_other_officer_cannot_act(self):
        with self.assertRaises(AccessError):
            self.mine.sudo(self.other_officer).with_context(hcc_clock=ServerClock('2026-03-03 02:00:00')).action_next_step()

    def test_citizen_sees_only_own(self):
        self.assertEqual(self.visible(self.portal_user), self.mine)
        with self.assertRaises(AccessError):
            self.elsewhere.sudo(self.portal_user).read(['name'])
        with self.assertRaises(AccessError):
            self.mine.sudo(self.portal_user).write({'applicant_name': 'Hacker'})
        logs = self.env['hcc.dossier.log'].sudo(self.portal_user).search([])
        self.assertEqual(logs.mapped('dossier_id'), self.mine)

    def test_receiving_officer_sees_intake_not_processing(self):
        self.assertEqual(self.visible(self.receiver), self.elsewhere)
        draft = self.new_dossier()
        self.assertIn(draft, self.env['hcc.dossier'].sudo(self.receiver).search([]))

    def test_manager_and_supervisor_see_everything(self):
        manager = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Manager', 'login': 't_manager',
            'groups_id': [(6, 0, [self.env.ref('hcc_one_stop.group_hcc_manager').id])]})
        supervisor = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Supervisor', 'login': 't_supervisor',
            'groups_id': [(6, 0, [self.env.ref('hcc_one_stop.group_hcc_supervisor').id])]})
        both = self.mine | self.elsewhere
        self.assertEqual(self.visible(manager), both)
        self.assertEqual(self.visible(supervisor), both)
        with self.assertRaises(AccessError):
            self.mine.sudo(supervisor).write({'applicant_address': 'x'})

    def test_procedures_configured_by_it_staff_only(self):
        with self.assertRaises(AccessError):
            self.procedure.sudo(self.head).write({'legal_amount': 5})
