"""SMPP 3.4 transport (smpplib) against a small SMS centre written from the
specification: binds, submits, long messages, error codes, receipts."""
import time
import unittest

from ..gateways import smpp
from ..gateways.base import DELIVERED, FAILED, PENDING, RETRY, SENT, UNDELIVERED
from .fakes import FakeSmsc

PHONE = '84912345678'
PHONE_2 = '84987654321'
VI_TEXT = 'HCC: Hồ sơ H64-260213-0001 đã được tiếp nhận.'


class SmppCase(unittest.TestCase):

    auto_receipt = None

    def setUp(self):
        self.smsc = FakeSmsc(accounts={'hcc': 'secret'}, auto_receipt=self.auto_receipt)
        self.addCleanup(self.smsc.stop)
        self.gateway = self.transport()

    def transport(self, system_id='hcc', password='secret', brandname='HCC-TINH', **kwargs):
        kwargs.setdefault('timeout', 1)
        gateway = smpp.SmppGateway.from_url(self.smsc.url, system_id, password, brandname,
                                            **kwargs)
        self.addCleanup(gateway.close)
        return gateway


class TestSmppSend(SmppCase):

    def test_short_gsm7_message(self):
        result = self.gateway.send(PHONE, 'Ho so {H64} da tiep nhan', 'r1')
        self.assertEqual(result.status, SENT)
        self.assertEqual((result.parts, result.code), (1, '0x00000000'))
        [submit] = self.smsc.submits
        self.assertEqual(result.provider_ref, submit['message_id'])
        self.assertEqual((submit['data_coding'], submit['esm_class']), (0, 0))
        self.assertEqual((submit['source'], submit['source_ton']), ('HCC-TINH', 5))
        self.assertEqual((submit['destination'], submit['dest_ton'], submit['dest_npi']),
                         (PHONE, 1, 1))
        self.assertEqual(submit['registered_delivery'], 1)
        self.assertEqual(self.smsc.messages(), [(PHONE, 'Ho so {H64} da tiep nhan')])
        self.assertEqual(self.smsc.binds, [('bind_transmitter', 'hcc', True)])

    def test_ucs2_message(self):
        result = self.gateway.send(PHONE, VI_TEXT, 'r2', unicode_text=True)
        self.assertEqual((result.status, result.parts), (SENT, 1))
        self.assertEqual(self.smsc.submits[0]['data_coding'], 8)
        self.assertEqual(self.smsc.messages(), [(PHONE, VI_TEXT)])

    def test_text_outside_gsm7_goes_ucs2_even_unflagged(self):
        self.gateway.send(PHONE, 'đ', 'r3', unicode_text=False)
        self.assertEqual(self.smsc.submits[0]['data_coding'], 8)

    def test_long_ucs2_split_with_udh(self):
        text = VI_TEXT * 4  # 180 UCS-2 characters: 67 + 67 + 46
        result = self.gateway.send(PHONE, text, 'long', unicode_text=True)
        self.assertEqual((result.status, result.parts), (SENT, 3))
        self.assertEqual(len(result.refs), 3)
        self.assertEqual(result.provider_ref, result.refs[0])
        submits = self.smsc.submits
        self.assertEqual([len(s['payload']) // 2 for s in submits], [67, 67, 46])
        self.assertTrue(all(s['esm_class'] & 0x40 for s in submits))
        udhs = [bytearray(s['udh']) for s in submits]
        self.assertEqual([u[5] for u in udhs], [1, 2, 3])
        self.assertEqual({(u[0], u[1], u[2], u[3], u[4]) for u in udhs},
                         {(5, 0, 3, udhs[0][3], 3)})
        self.assertEqual(self.smsc.messages(), [(PHONE, text)])

    def test_long_gsm7_never_cuts_an_escaped_character(self):
        text = 'a' * 152 + '{' + 'b' * 10  # '{' is ESC + '(' on the wire
        result = self.gateway.send(PHONE, text, 'esc')
        self.assertEqual((result.status, result.parts), (SENT, 2))
        self.assertEqual([len(s['payload']) for s in self.smsc.submits], [152, 12])
        self.assertEqual(self.smsc.messages(), [(PHONE, text)])

    def test_session_kept_and_rebound_when_stale(self):
        for n in range(3):
            self.assertEqual(self.gateway.send(PHONE, 'Tin %d' % n, 'k%d' % n).status, SENT)
        self.assertEqual(len(self.smsc.binds), 1)
        # the SMSC goes away between two sends: one new bind, nothing lost
        for session in list(self.smsc.sessions):
            session.close()
        time.sleep(0.05)
        self.assertEqual(self.gateway.send(PHONE, 'Tin 3', 'k3').status, SENT)
        self.assertEqual(len(self.smsc.binds), 2)
        self.assertEqual(len(self.smsc.messages()), 4)
        self.gateway.close()
        self.assertIsNone(self.gateway.client)

    def test_invalid_phone_never_leaves(self):
        self.assertEqual(self.gateway.send('+84912345678', 'x', 'r').status, FAILED)
        self.assertEqual(self.smsc.submits, [])

    def test_parse_url(self):
        self.assertEqual(smpp.parse_url('smpp://10.0.0.1:2776'), ('10.0.0.1', 2776))
        self.assertEqual(smpp.parse_url('smsc.example.vn'), ('smsc.example.vn', 2775))
        with self.assertRaises(smpp.GatewayConfigError):
            smpp.parse_url('http://x:1')
        with self.assertRaises(smpp.GatewayConfigError):
            smpp.parse_url('smpp://x:port')


class TestSmppFaults(SmppCase):

    def assertClassified(self, result, status, words):
        self.assertEqual(result.status, status, result)
        self.assertIn(words, result.error)
        self.assertNotIn(PHONE, result.error)

    def test_wrong_password_or_system_id_permanent(self):
        self.assertClassified(self.transport(password='nope').send(PHONE, 'x', 'a'),
                              FAILED, 'ESME_RINVPASWD')
        self.assertClassified(self.transport(system_id='who').send(PHONE, 'x', 'b'),
                              FAILED, 'ESME_RINVSYSID')
        self.assertEqual(self.smsc.submits, [])

    def test_refused_addresses_permanent(self):
        self.smsc.set_fault('bad_destination', times=1)
        self.assertClassified(self.gateway.send(PHONE, 'x', 'a'), FAILED, 'ESME_RINVDSTADR')
        self.smsc.set_fault('bad_source', times=1)
        self.assertClassified(self.gateway.send(PHONE, 'x', 'b'), FAILED, 'brandname')

    def test_throttling_and_smsc_trouble_temporary(self):
        for fault, words in (('throttle', 'ESME_RTHROTTLED'), ('queue_full', 'ESME_RMSGQFUL'),
                             ('system_error', 'ESME_RSYSERR')):
            self.smsc.set_fault(fault, times=1)
            result = self.gateway.send(PHONE, 'x', fault)
            self.assertClassified(result, RETRY, words)
            self.assertEqual(result.code, '0x%08X' % {'throttle': 0x58, 'queue_full': 0x14,
                                                      'system_error': 0x08}[fault])
        # the session survives a refused submit
        self.assertEqual(self.gateway.send(PHONE, 'x', 'after').status, SENT)
        self.assertEqual(len(self.smsc.binds), 1)

    def test_dropped_connection_and_timeout_temporary(self):
        self.smsc.set_fault('drop', times=1)
        self.assertClassified(self.gateway.send(PHONE, 'x', 'd'), RETRY, 'connection')
        self.smsc.set_fault('bind_drop', times=1)
        self.assertClassified(self.gateway.send(PHONE, 'x', 'e'), RETRY, 'connection')
        self.smsc.set_fault('slow', times=1)
        started = time.time()
        self.assertClassified(self.gateway.send(PHONE, 'x', 'f'), RETRY, 'no answer')
        self.assertLess(time.time() - started, 2.5)
        self.assertEqual(self.gateway.send(PHONE, 'x', 'g').status, SENT)

    def test_part_refused_midway_is_reported(self):
        gateway = self.transport()
        self.assertEqual(gateway.send(PHONE, 'warm up', 'w').status, SENT)
        self.smsc.set_fault(None)
        # the 2nd part of a long SMS hits throttling: say how many parts left
        original = self.smsc._take_fault
        calls = []

        def second_part_throttled(kinds):
            calls.append(1)
            return 'throttle' if len(calls) == 2 else None
        self.smsc._take_fault = second_part_throttled
        self.addCleanup(setattr, self.smsc, '_take_fault', original)
        result = gateway.send(PHONE, VI_TEXT * 2, 'mid', unicode_text=True)
        self.assertEqual(result.status, RETRY)
        self.assertIn('1 of 2 parts', result.error)
        self.assertEqual(len(result.refs), 1)

    def test_connection_refused_temporary(self):
        self.smsc.stop()
        self.assertClassified(self.gateway.send(PHONE, 'x', 'r'), RETRY, 'connection')

    def test_fault_storm_every_message_once(self):
        """Throttling, full queues and dropped sessions between sends:
        retried until sent, each SMS accepted exactly once."""
        storm = ['throttle', 'drop', 'queue_full', 'system_error', 'bind_drop']
        pending = {'storm:%d' % i: (PHONE if i % 2 else PHONE_2, 'Ho so %d da xong' % i)
                   for i in range(20)}
        rounds = 0
        while pending and rounds < 10:
            rounds += 1
            for n, ref in enumerate(sorted(pending)):
                if (n + rounds) % 3 == 0:
                    self.smsc.set_fault(storm[(n + rounds) % len(storm)], times=1)
                phone, text = pending[ref]
                result = self.gateway.send(phone, text, ref)
                self.assertIn(result.status, (SENT, RETRY), result)
                if result.status == SENT:
                    del pending[ref]
        self.assertEqual(pending, {})
        self.assertEqual(len(self.smsc.messages()), 20)
        self.assertEqual(self.smsc.duplicates(), [])


class TestSmppReceipts(SmppCase):

    auto_receipt = 'DELIVRD'

    def test_receipts_on_a_transceiver(self):
        gateway = self.transport(transceiver=True)
        first = gateway.send(PHONE, 'Ho so da tiep nhan', 'a')
        second = gateway.send(PHONE_2, VI_TEXT * 2, 'b', unicode_text=True)
        self.assertEqual((first.status, second.status, second.parts), (SENT, SENT, 2))
        reports = gateway.poll_reports(wait=0.2)
        self.assertEqual(sorted(r.provider_ref for r in reports),
                         sorted((first.provider_ref,) + second.refs))
        self.assertTrue(all(r.status == DELIVERED for r in reports))
        # every receipt was answered with deliver_sm_resp
        self.assertEqual(sorted(self.smsc.receipt_acks), sorted(r.provider_ref for r in reports))
        self.assertEqual(gateway.poll_reports(), [])
        self.assertEqual(self.smsc.binds[-1][0], 'bind_transceiver')

    def test_failed_receipt_on_demand(self):
        self.smsc.auto_receipt = None
        gateway = self.transport(transceiver=True)
        sent = gateway.send(PHONE, 'x', 'a')
        self.assertTrue(self.smsc.send_receipt(sent.provider_ref, 'UNDELIV', err='034',
                                               tlvs=False))
        [report] = gateway.poll_reports(wait=0.5)
        self.assertEqual(report, (sent.provider_ref, UNDELIVERED, '034',
                                  'not delivered (undeliv), carrier error 034'))

    def test_transmitter_gets_no_receipts(self):
        sent = self.gateway.send(PHONE, 'x', 'a')
        self.assertEqual(sent.status, SENT)
        self.assertFalse(self.smsc.send_receipt(sent.provider_ref))
        self.assertEqual(self.gateway.poll_reports(wait=0.1), [])


class TestReceiptParsing(unittest.TestCase):

    def test_text_receipts(self):
        parse = smpp.parse_delivery_report
        text = b'id:0A1B2C sub:001 dlvrd:001 submit date:2602131000 done date:2602131001 ' \
               b'stat:DELIVRD err:000 text:Ho so'
        self.assertEqual(parse(text), ('0A1B2C', DELIVERED, '000', 'delivered'))
        self.assertEqual(parse(text.replace(b'DELIVRD', b'EXPIRED'))[1], UNDELIVERED)
        self.assertEqual(parse(text.replace(b'DELIVRD', b'REJECTD'))[1], UNDELIVERED)
        self.assertEqual(parse(text.replace(b'DELIVRD', b'ENROUTE'))[1], PENDING)

    def test_tlvs_win_over_text(self):
        report = smpp.parse_delivery_report(b'id:X stat:DELIVRD err:000', b'REAL-ID\x00', 5)
        self.assertEqual((report.provider_ref, report.status), ('REAL-ID', UNDELIVERED))

    def test_not_a_receipt(self):
        with self.assertRaises(smpp.ReportFormatError):
            smpp.parse_delivery_report(b'TU CHOI', esm_class=0)
        for text in (b'', b'stat:DELIVRD', b'id:1 err:000', b'id:1 stat:WHATEVER'):
            with self.assertRaises(smpp.ReportFormatError, msg=text):
                smpp.parse_delivery_report(text)

    def test_split_counts_match_the_segment_rules(self):
        from ..gateways import encoding
        for text, unicode_text in (('a' * 160, False), ('a' * 161, False), ('ồ' * 70, True),
                                   ('ồ' * 71, True), ('ồ' * 201, True), ('a' * 459, False)):
            parts = smpp.split_message(text, unicode_text)[2]
            self.assertEqual(len(parts), encoding.segments(text)[1], (len(text), unicode_text))
