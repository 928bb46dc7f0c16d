"""The gateway model and the send job against the real fake JSON gateway:
sent once, retried through the job's back-off, failed over, refused for
good with the configurator alerted; credentials and the test button."""
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.hcc_one_stop.domain import jobs

from ..gateways import json_http
from ..models.hcc_sms_gateway import ALERT_SUMMARY
from .common import PHONE_84, VIETTEL_PHONE, VIETTEL_PHONE_84, SmsCase
from .fakes import FakeJsonSmsGateway


class TestSmsGateway(SmsCase):

    def setUp(self):
        super(TestSmsGateway, self).setUp()
        self.fake = FakeJsonSmsGateway(api_key='KEY', secret='SECRET', brandnames=['HCC-TINH'])
        self.addCleanup(self.fake.stop)
        self.gw = self.gateway(self.fake)

    def test_send_once(self):
        message = self.messages(self.receive())
        self.assertEqual(message.encoding, 'GSM-7')
        self.assertEqual(self.run_jobs(), 1)
        [sent] = self.fake.received
        self.assertEqual(sent['Phone'], PHONE_84)
        self.assertEqual(sent['Brandname'], 'HCC-TINH')
        self.assertEqual(sent['RequestId'], message.dedup_key)
        self.assertEqual(sent['IsUnicode'], '0')
        self.assertEqual((message.state, message.attempts, message.gateway_id),
                         ('sent', 1, self.gw))
        self.assertEqual(message.provider_ref, 'esms-000001')
        self.assertEqual(message.body, sent['Content'])  # what was sent is what it shows
        self.assertEqual(message.job_id.state, jobs.DONE)
        # the job run again (a worker killed before its commit): not re-sent
        message.job_id.write({'state': jobs.PENDING})
        self.run_jobs()
        self.assertEqual(len(self.fake.received), 1)
        self.assertEqual(message.state, 'sent')

    def test_unicode_when_diacritics_kept(self):
        self.gw.strip_diacritics = False
        template = self.env.ref('hcc_sms.hcc_sms_template_received')
        template.body = 'HCC: Hồ sơ {code} đã được tiếp nhận.'
        message = self.messages(self.receive())
        self.assertEqual((message.encoding, message.parts), ('UCS-2', 1))
        self.run_jobs()
        self.assertEqual(self.fake.received[0]['IsUnicode'], '1')
        self.assertIn('Hồ sơ', self.fake.received[0]['Content'])

    def test_503_retried_with_back_off_then_sent(self):
        self.fake.set_fault('http_503', times=2)
        message = self.messages(self.receive())
        self.run_jobs(due_now=False)
        self.assertEqual((message.state, message.attempts), ('queued', 1))
        self.assertIn('503', message.error)
        self.assertEqual(message.error_code, '503')
        self.assertTrue(message.next_attempt_at)
        # not due yet: the next pass leaves it alone
        self.run_jobs(due_now=False)
        self.assertEqual(len(self.fake.received), 1)
        self.drain()
        self.assertEqual((message.state, message.attempts), ('sent', 3))
        self.assertEqual(len(self.fake.accepted), 1)

    def test_attempts_run_out_temporary_failure(self):
        self.fake.set_fault('http_500')
        message = self.messages(self.receive())
        self.drain()
        policy_max = self.env['hcc.job.policy']._settings('sms')[2]
        self.assertEqual(len(self.fake.received), policy_max)
        self.assertEqual((message.state, message.failure_kind), ('failed', 'temporary'))
        self.assertEqual(message.job_id.state, jobs.FAILED)
        # the manager retries it once the provider is back
        self.fake.set_fault(None)
        message.sudo(self.env.ref('hcc_one_stop.user_manager')).action_retry()
        self.assertEqual(message.state, 'queued')
        self.drain()
        self.assertEqual(message.state, 'sent')
        self.assertEqual(len(self.fake.accepted), 1)

    def test_failover_to_the_next_gateway(self):
        backup_fake = FakeJsonSmsGateway(api_key='KEY', secret='SECRET', brandnames=['HCC-TINH'])
        self.addCleanup(backup_fake.stop)
        backup = self.gateway(backup_fake, name='Backup', priority=20)
        self.gw.failover_after = 2
        self.fake.set_fault('http_503')
        message = self.messages(self.receive())
        self.drain()
        self.assertEqual(len(self.fake.received), 2)
        self.assertEqual(len(backup_fake.accepted), 1)
        self.assertEqual((message.state, message.gateway_id), ('sent', backup))
        self.assertEqual(message.tried_gateway_ids, self.gw)

    def test_gateway_serving_the_carrier_is_chosen(self):
        viettel_fake = FakeJsonSmsGateway(api_key='KEY', secret='SECRET',
                                          brandnames=['HCC-TINH'])
        self.addCleanup(viettel_fake.stop)
        viettel = self.gateway(viettel_fake, name='Viettel only', priority=1)
        viettel.carrier_ids = self.env.ref('hcc_sms.hcc_sms_carrier_viettel')
        to_vina = self.messages(self.receive())
        to_viettel = self.messages(self.receive(applicant_phone=VIETTEL_PHONE,
                                                applicant_id_number='015090001299'))
        self.drain()
        self.assertEqual(to_vina.gateway_id, self.gw)
        self.assertEqual(to_viettel.gateway_id, viettel)
        self.assertEqual([r['Phone'] for r in viettel_fake.accepted.values()],
                         [VIETTEL_PHONE_84])

    def test_wrong_credentials_fail_at_once_and_alert(self):
        self.gw.secret = 'WRONG'
        first = self.messages(self.receive())
        second = self.messages(self.receive(applicant_id_number='015090001298'))
        self.drain()
        for message in first | second:
            self.assertEqual((message.state, message.failure_kind, message.error_code),
                             ('failed', 'permanent', '101'))
        self.assertEqual(len(self.fake.received), 2)  # no retry
        alerts = self.gw.activity_ids.filtered(lambda a: a.summary == ALERT_SUMMARY)
        it = self.env.ref('hcc_one_stop.user_it')
        self.assertIn(it, alerts.mapped('user_id'))
        self.assertEqual(len(alerts.filtered(lambda a: a.user_id == it)), 1)  # one, not a storm

    def test_no_gateway_stays_queued(self):
        self.gw.active = False
        message = self.messages(self.receive())
        self.run_jobs()
        self.assertEqual(message.state, 'queued')
        self.assertEqual(message.job_id.state, jobs.PENDING)

    def test_brandname_validated(self):
        with self.assertRaises(ValidationError):
            self.gw.brandname = 'HCC TINH YEN BAI'
        with self.assertRaises(ValidationError):
            self.gw.brandname = 'TỈNH YB'
        self.gw.brandname = 'UBND-YB'
        self.assertEqual(self.gw._transport().brandname, 'UBND-YB')
        with self.assertRaises(json_http.GatewayConfigError):
            json_http.JsonHttpGateway(self.fake.url, 'k', 's', 'Tỉnh')

    def test_credentials_for_configurators_only(self):
        it = self.env.ref('hcc_one_stop.user_it')
        as_it = self.gw.sudo(it).read(['api_key', 'secret', 'callback_secret'])[0]
        self.assertEqual(as_it['secret'], 'SECRET')
        manager = self.env.ref('hcc_one_stop.user_manager')
        with self.assertRaises(AccessError):
            self.gw.sudo(manager).read(['secret'])
        fields_seen = self.Gateway.sudo(self.reception).fields_get()
        self.assertNotIn('secret', fields_seen)

    def test_send_test_sms_button(self):
        it = self.env.ref('hcc_one_stop.user_it')
        action = self.gw.sudo(it).action_send_test()
        Wizard = self.env['hcc.sms.test.wizard'].sudo(it).with_context(action['context'])
        wizard = Wizard.create({'phone': '0912 000 111', 'text': 'Thử nghiệm'})
        wizard.action_send()
        # the status line in the IT user's language (Vietnamese in the demo)
        self.assertIn(wizard.result.split('\n')[0], ('Sent', 'Đã gửi'))
        self.assertIn('esms-', wizard.result)
        request = self.fake.received[-1]
        self.assertEqual((request['Phone'], request['Content']), ('84912000111', 'Thu nghiem'))
        with self.assertRaises(UserError):
            Wizard.create({'phone': '0216 3852 123'}).action_send()
        self.gw.secret = 'WRONG'
        wizard = Wizard.create({'phone': '0912 000 111'})
        wizard.action_send()
        self.assertIn(wizard.result.split('\n')[0],
                      ('Refused by the gateway', 'Bị cổng SMS từ chối'))
        self.assertIn('101', wizard.result)
