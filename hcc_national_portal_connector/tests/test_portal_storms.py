"""Storms on the real fake portal (our WSDL, every request validated):
down for a while, slow (the portal takes the call, the client times out),
SOAP Fault, expired session, "already exists", malformed answers. After
each, every dossier and every log line is on the portal exactly once.

Slow portal: a progress call that timed out may have gone through, and the
contract has no id per progress entry to deduplicate on. The dossier is
marked "check first": the next attempt looks it up (TraCuuHoSo) and sends
only the entries the portal lacks."""
from odoo.addons.hcc_one_stop.domain import jobs

from ..client import errors
from .common import PortalCase


class TestPortalStorms(PortalCase):

    timeout = 1  # the slow portal answers after 2 s

    def setUp(self):
        super(TestPortalStorms, self).setUp()
        self.dossiers = self.receive() | self.receive() | self.receive()
        self.dossiers[0].sudo(self.reception).action_next_step()

    def settle(self, passes=4):
        self.run_jobs(passes=passes)
        self.assertEqual(set(self.portal_jobs().mapped('state')), {jobs.DONE})
        self.assertExactlyOnce(self.dossiers)

    def test_down_for_a_while(self):
        self.portal.down()
        self.run_jobs(passes=3)
        self.assertEqual(set(self.dossiers.mapped('portal_sync_state')), {'retrying'})
        self.assertEqual(self.portal.calls, {})
        self.portal.up()
        self.settle()

    def test_slow_portal_times_out_after_taking_the_calls(self):
        # the dossier push and the progress push both go through late
        self.portal.fail('slow', times=1, operation='DongBoHoSoMC', seconds=2)
        self.portal.fail('slow', times=1, operation='CapNhatTienDoHoSoMC', seconds=2)
        self.run_jobs()
        codes = set(self.dossiers.mapped('portal_last_code'))
        self.assertIn(errors.TIMEOUT, codes)
        self.assertTrue(any(self.dossiers.mapped('portal_check_first')))
        self.settle()
        self.assertGreaterEqual(self.portal.calls['TraCuuHoSo'], 1)

    def test_soap_fault(self):
        self.portal.fail('fault', times=3)
        self.settle()
        codes = set(self.env['hcc.portal.exchange'].search([]).mapped('code'))
        # a SOAP Fault; the LGSP answers HTTP 500 with a JSON error instead
        self.assertTrue(codes & {errors.FAULT, errors.HTTP_ERROR})

    def test_expired_session(self):
        self.run_jobs()
        logins = self.portal.logins + self.portal.token_requests
        self.portal.expire_sessions()
        for dossier in self.dossiers:
            dossier.sudo(self.reception).action_next_step()
        self.settle()
        # renewed once, not once per call
        self.assertEqual(self.portal.logins + self.portal.token_requests, logins + 1)

    def test_already_exists(self):
        first = self.dossiers[0]
        self.portal.dossiers[first.name] = {'MaHoSo': first.name, 'MaTTHC': '2.001417',
                                            'KenhThucHien': 1, 'TrangThaiHoSo': 1}
        self.portal.dossier_creates[first.name] = 1
        self.settle()
        refused = self.env['hcc.portal.exchange'].search([('code', '=', errors.ALREADY_EXISTS)])
        self.assertEqual(refused.mapped('dossier_code'), [first.name])

    def test_malformed_answers(self):
        self.portal.fail('malformed', times=2)
        self.portal.fail('http', times=1)
        self.settle()

    def test_busy_portal_error_codes(self):
        self.portal.fail('error', times=2, code=errors.BUSY)
        self.settle()


class TestPortalStormsJson(TestPortalStorms):
    """The same storms through the JSON transport (LGSP, OAuth2)."""

    transport = 'json'
