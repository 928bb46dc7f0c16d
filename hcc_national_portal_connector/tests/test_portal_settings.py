"""The settings form of the IT staff: stored as system parameters, a
"test connection" button that logs in, nobody else may read or change it."""
from odoo.exceptions import AccessError

from .common import PortalCase


class TestPortalSettings(PortalCase):

    def test_it_staff_edit_and_test_the_connection(self):
        it = self.env.ref('hcc_one_stop.user_it')
        form = self.env['hcc.portal.settings'].sudo(it).create({})
        self.assertEqual(form.endpoint, self.portal.url)
        self.assertEqual(form.madonvi, '000.00.15.H64')
        form.action_test_connection()
        self.assertTrue(form.test_result.startswith(('Connected', 'Đã kết nối')))
        self.assertEqual(self.portal.logins, 1)
        form.password = 'wrong'
        form.action_test_connection()
        self.assertIn('5', form.test_result)
        params = self.env['ir.config_parameter'].sudo()
        self.assertEqual(params.get_param('hcc_national_portal_connector.password'), 'wrong')

    def test_json_transport(self):
        self.configure(transport='json')
        it = self.env.ref('hcc_one_stop.user_it')
        form = self.env['hcc.portal.settings'].sudo(it).create({})
        form.action_test_connection()
        self.assertTrue(form.test_result.startswith(('Connected', 'Đã kết nối')))
        self.assertEqual(self.portal.token_requests, 1)

    def test_others_refused(self):
        for login in ('reception', 'manager', 'supervisor', 'officer'):
            user = self.env.ref('hcc_one_stop.user_%s' % login)
            with self.assertRaises(AccessError):
                self.env['hcc.portal.settings'].sudo(user).create({})
            with self.assertRaises(AccessError):
                self.env['hcc.portal.settings'].sudo(user).default_get(['password'])
