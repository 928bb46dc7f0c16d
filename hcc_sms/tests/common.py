"""Shared set-up of the SMS tests that run inside Odoo: the demo officials
do the dossier work, real protocol servers (tests/fakes) stand in for the
providers, and the job runner is called synchronously."""
from odoo.tests.common import TransactionCase

from odoo.addons.hcc_one_stop.domain import jobs

from ..models.hcc_sms_message import CHANNEL, QUIET_PARAM

PHONE = '0912 345 678'          # Vinaphone
PHONE_84 = '84912345678'
VIETTEL_PHONE = '0961 234 567'  # Viettel
VIETTEL_PHONE_84 = '84961234567'


class SmsCase(TransactionCase):

    def setUp(self):
        super(SmsCase, self).setUp()
        ref = self.env.ref
        self.reception = ref('hcc_one_stop.user_reception')
        self.officer = ref('hcc_one_stop.user_officer')
        self.head = ref('hcc_one_stop.user_head')
        self.procedure = ref('hcc_one_stop.procedure_judicial_record')
        self.Message = self.env['hcc.sms.message']
        self.Job = self.env['hcc.job']
        self.Gateway = self.env['hcc.sms.gateway']
        # only the gateways and jobs of the test: the demo dossiers queued
        # SMS of their own, and quiet hours would depend on the hour of the run
        self.Gateway.search([]).write({'active': False})
        self.Job.search([('channel', '=', CHANNEL), ('state', '=', jobs.PENDING)]).write(
            {'state': jobs.CANCELLED})
        self.env['ir.config_parameter'].sudo().set_param(QUIET_PARAM, 'off')
        self.addCleanup(self.Gateway._close_transports)

    def gateway(self, fake, provider='json_http', **vals):
        values = {'name': 'Test %s' % provider, 'provider': provider, 'url': fake.url,
                  'brandname': 'HCC-TINH', 'timeout': 1, 'priority': 10}
        if provider == 'json_http':
            values.update(api_key='KEY', secret='SECRET', callback_secret='CB-SECRET')
        elif provider == 'viettel_soap':
            values.update(api_key='hcc_user', secret='hcc_pass', cp_code='HCCYB',
                          callback_secret='CB-SECRET')
        else:
            values.update(api_key='hcc', secret='secret')
        values.update(vals)
        return self.Gateway.create(values)

    def receive(self, **vals):
        values = {'procedure_id': self.procedure.id, 'applicant_name': 'Nguyễn Văn An',
                  'applicant_id_number': '015090001234', 'applicant_phone': PHONE}
        values.update(vals)
        res = self.env['hcc.dossier'].sudo(self.reception).receive_new(values)
        return self.env['hcc.dossier'].browse(res['id'])

    def messages(self, dossier):
        return self.Message.search([('dossier_id', '=', dossier.id)], order='id')

    def run_jobs(self, due_now=True):
        """One pass of the runner on channel sms; with due_now, the back-off
        of retried jobs is treated as elapsed first."""
        if due_now:
            self.Job.search([('channel', '=', CHANNEL), ('state', '=', jobs.PENDING)]).write(
                {'next_attempt_at': False})
        ran = self.Job._run_due(CHANNEL)
        self.Message.invalidate_cache()
        return ran

    def drain(self, passes=30):
        """Run passes until no SMS job is pending (back-offs skipped)."""
        for _i in range(passes):
            if not self.Job.search_count([('channel', '=', CHANNEL),
                                          ('state', '=', jobs.PENDING)]):
                return
            self.run_jobs()
        self.fail('SMS jobs still pending after %d passes' % passes)
