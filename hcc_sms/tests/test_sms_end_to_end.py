"""Each gateway type end to end: a dossier action by the demo officials
queues, the job runner sends to a real protocol server on 127.0.0.1, the
delivery report comes back (signed JSON callback, SMPP deliver_sm) and the
message is delivered. Then fault storms: afterwards every message is
accounted for and none reached a handset twice (the fakes count)."""
import json
import time

from odoo.addons.hcc_one_stop.domain import jobs

from ..controllers.main import handle_delivery_report
from ..gateways import json_http
from .common import PHONE_84, SmsCase
from .fakes import FakeJsonSmsGateway, FakeSmsc, FakeViettelSoap

FINAL = ('sent', 'delivered', 'failed')


class EndToEndCase(SmsCase):

    def walk_dossier(self):
        """Receive, hand over, ask for a supplement, as the demo officials:
        two SMS (received, supplement requested)."""
        dossier = self.receive()
        dossier.sudo(self.reception).action_next_step()
        dossier.sudo(self.officer).action_request_supplement('Thiếu tờ khai bổ sung')
        return dossier

    def callback(self, gateway, reports, secret='CB-SECRET', signature=None):
        body = json.dumps({'Reports': reports}).encode('utf-8')
        headers = {json_http.SIGNATURE_HEADER: signature or
                   json_http.sign_callback(secret, body)}
        status, data = handle_delivery_report(self.env, gateway.id, headers, body)
        self.Message.invalidate_cache()
        return status, data

    def accounted(self, messages):
        """Every message in a final state, its job settled."""
        for message in messages:
            self.assertIn(message.state, FINAL, message.error)
            self.assertIn(message.job_id.state, (jobs.DONE, jobs.FAILED))


class TestEndToEnd(EndToEndCase):

    def test_json_gateway_to_delivered(self):
        fake = FakeJsonSmsGateway()
        self.addCleanup(fake.stop)
        gateway = self.gateway(fake)
        dossier = self.walk_dossier()
        self.drain()
        messages = self.messages(dossier)
        self.assertEqual(len(messages), 2)
        self.assertEqual(set(messages.mapped('state')), {'sent'})
        reports = [fake.report(m.provider_ref) for m in messages]
        self.assertEqual(self.callback(gateway, reports)[0], 200)
        self.assertEqual(set(messages.mapped('state')), {'delivered'})
        self.assertTrue(all(messages.mapped('delivered_at')))
        # a duplicate report changes nothing; an undelivered one after
        # delivery neither (final)
        status, data = self.callback(gateway, [fake.report(messages[0].provider_ref, 'FAILED')])
        self.assertEqual((status, data['changed']), (200, 0))
        self.assertEqual(messages[0].state, 'delivered')
        self.assertEqual(fake.duplicates(), [])

    def test_callback_refusals(self):
        fake = FakeJsonSmsGateway()
        self.addCleanup(fake.stop)
        gateway = self.gateway(fake)
        message = self.messages(self.receive())
        self.drain()
        report = fake.report(message.provider_ref, 'UNDELIV', error_code='005')
        self.assertEqual(self.callback(gateway, [report], secret='WRONG')[0], 403)
        self.assertEqual(self.callback(gateway, [report], signature='sha256=00')[0], 403)
        status, _data = handle_delivery_report(
            self.env, gateway.id, {json_http.SIGNATURE_HEADER: json_http.sign_callback(
                'CB-SECRET', b'{not json')}, b'{not json')
        self.assertEqual(status, 400)
        self.assertEqual(self.callback(gateway, [fake.report('esms-999999')])[0], 404)
        self.assertEqual(self.callback(self.Gateway.browse(), [report])[0], 404)
        self.assertEqual(message.state, 'sent')
        self.assertEqual(self.callback(gateway, [report])[0], 200)
        self.assertEqual((message.state, message.failure_kind, message.error_code),
                         ('failed', 'permanent', '005'))

    def test_viettel_soap_to_delivered(self):
        fake = FakeViettelSoap()
        self.addCleanup(fake.stop)
        gateway = self.gateway(fake, provider='viettel_soap')
        dossier = self.walk_dossier()
        self.drain()
        messages = self.messages(dossier)
        self.assertEqual(set(messages.mapped('state')), {'sent'})
        self.assertEqual(len(fake.accepted), 2)
        self.assertEqual(fake.accepted[0]['ReceiverID'], PHONE_84)
        # Viettel has no id of its own: our request id is the reference
        self.assertEqual(messages.mapped('provider_ref'), messages.mapped('dedup_key'))
        reports = [{'SMSID': m.provider_ref, 'Status': 'DELIVERED'} for m in messages]
        self.assertEqual(self.callback(gateway, reports)[0], 200)
        self.assertEqual(set(messages.mapped('state')), {'delivered'})

    def test_smpp_to_delivered_by_deliver_sm(self):
        fake = FakeSmsc(auto_receipt='DELIVRD')
        self.addCleanup(fake.stop)
        gateway = self.gateway(fake, provider='smpp')
        dossier = self.walk_dossier()
        self.drain()
        self.Gateway._cron_poll_receipts(wait=0.5)
        self.Message.invalidate_cache()
        messages = self.messages(dossier)
        self.assertEqual(set(messages.mapped('state')), {'delivered'}, messages.mapped('error'))
        self.assertEqual(len(fake.messages()), 2)
        self.assertEqual(fake.binds[0][:2], ('bind_transceiver', 'hcc'))
        self.assertEqual(len(fake.binds), 1)  # one session kept for both
        self.assertEqual(gateway.message_count, 2)

    def test_smpp_undelivered_receipt(self):
        fake = FakeSmsc(auto_receipt='UNDELIV')
        self.addCleanup(fake.stop)
        self.gateway(fake, provider='smpp')
        message = self.messages(self.receive())
        self.drain()
        self.Gateway._cron_poll_receipts(wait=0.5)
        self.Message.invalidate_cache()
        self.assertEqual((message.state, message.failure_kind), ('failed', 'permanent'))
        self.assertIn('undeliv', message.error)


class TestFaultStorms(EndToEndCase):
    """Many dossiers while the provider misbehaves; then the provider
    recovers. Every message ends sent (or failed with its reason), none twice."""

    N = 6

    def storm(self, fake, faults, provider='json_http'):
        gateway = self.gateway(fake, provider=provider)
        dossiers = [self.receive(applicant_id_number='0150900013%02d' % i)
                    for i in range(self.N)]
        messages = self.Message.search([('dossier_id', 'in', [d.id for d in dossiers])])
        self.assertEqual(len(messages), self.N)
        for fault, times in faults:
            fake.set_fault(fault, times)
            self.run_jobs()
        fake.set_fault(None)
        self.drain()
        self.accounted(messages)
        self.assertEqual(fake.duplicates(), [])
        return gateway, messages

    def test_json_storm(self):
        fake = FakeJsonSmsGateway()
        self.addCleanup(fake.stop)
        fake.slow_seconds = 1.5  # beyond the gateway's 1 s timeout
        # the first two messages meet every fault, one after the other:
        # more failures than the policy's 5 attempts
        _gw, messages = self.storm(fake, [('slow', 2), ('http_500', 2), ('malformed', 2),
                                          ('throttle', 2), ('drop', 2), ('http_429', 2)])
        failed = messages.filtered(lambda m: m.state == 'failed')
        self.assertEqual(len(failed), 2)
        self.assertEqual(set(failed.mapped('failure_kind')), {'temporary'})
        self.assertEqual(set((messages - failed).mapped('state')), {'sent'})
        # the slow answers hid accepted SMS: the provider has them already
        self.assertEqual(len(fake.accepted), self.N)
        # the manager retries the failed ones: the provider drops the
        # repeated request ids (code 124), the citizens get one SMS each
        failed.sudo(self.env.ref('hcc_one_stop.user_manager')).action_retry()
        self.drain()
        self.assertEqual(set(messages.mapped('state')), {'sent'})
        self.assertEqual(len(fake.accepted), self.N)
        self.assertEqual(fake.duplicates(), [])
        self.assertEqual(sorted(r['RequestId'] for r in fake.accepted.values()),
                         sorted(messages.mapped('dedup_key')))
        # duplicate and unknown callbacks
        gateway = messages[0].gateway_id
        reports = [fake.report(m.provider_ref) for m in messages]
        for _i in range(2):
            self.assertEqual(self.callback(gateway, reports + [fake.report('esms-777')])[0], 200)
        self.assertEqual(set(messages.mapped('state')), {'delivered'})

    def test_viettel_storm(self):
        fake = FakeViettelSoap()
        self.addCleanup(fake.stop)
        fake.slow_seconds = 1.5
        _gw, messages = self.storm(fake, [('http_503', 2), ('server_fault', 2),
                                          ('throttle', 2), ('malformed', 1)],
                                   provider='viettel_soap')
        # a malformed answer may hide an SMS that left: not resent (Viettel
        # does not drop repeats), reported as unconfirmed
        unconfirmed = messages.filtered(lambda m: m.failure_kind == 'unconfirmed')
        self.assertEqual(len(unconfirmed), 1)
        self.assertEqual(messages.filtered(lambda m: m.state == 'failed'), unconfirmed)
        self.assertEqual(len(fake.accepted), self.N - 1)
        # a late answer: the SMS left, the message says it may have
        fake.set_fault('slow', 1)
        late = self.messages(self.receive(applicant_id_number='015090001399'))
        self.run_jobs()
        self.assertEqual((late.state, late.failure_kind), ('failed', 'unconfirmed'))
        for _i in range(40):  # the fake takes it once its slow answer is due
            if len(fake.accepted) == self.N:
                break
            time.sleep(0.05)
        self.assertEqual(len(fake.accepted), self.N)
        self.assertEqual(fake.duplicates(), [])

    def test_smpp_storm(self):
        fake = FakeSmsc()
        self.addCleanup(fake.stop)
        fake.slow_seconds = 1.5
        _gw, messages = self.storm(fake, [('throttle', 2), ('queue_full', 2),
                                          ('system_error', 2), ('drop', 1)],
                                   provider='smpp')
        # a refused submit_sm was not taken: resent; a dropped session
        # before any answer is bound again once by the transport
        self.assertEqual(set(messages.mapped('state')), {'sent'})
        self.assertEqual(len(fake.messages()), self.N)
        # no answer at all: unconfirmed, not resent
        fake.set_fault('slow', 1)
        late = self.messages(self.receive(applicant_id_number='015090001398'))
        self.run_jobs()
        self.assertEqual((late.state, late.failure_kind), ('failed', 'unconfirmed'))
        self.assertEqual(fake.duplicates(), [])

    def test_wrong_credentials_storm(self):
        fake = FakeSmsc(accounts={'hcc': 'other'})
        self.addCleanup(fake.stop)
        _gw, messages = self.storm(fake, [], provider='smpp')
        self.assertEqual(set(messages.mapped('failure_kind')), {'permanent'})
        self.assertEqual(fake.messages(), [])
