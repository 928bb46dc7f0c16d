"""The SOAP client when the portal misbehaves: down, slow, SOAP Fault,
expired session, malformed answers, errors on demand; the session renewed
exactly once."""
import threading
import time
import unittest

from ..client import errors, mapping, session
from ..client.soap import SoapPortalClient
from . import fake_portal

UNIT = '000.00.15.H64'
CODE = '000.00.15.H64-260213-0001'
PAYLOAD = mapping.dossier_payload({'code': CODE, 'procedure_code': '2.001417', 'channel': '1',
                                   'national_status': 2, 'received_at': '2026-02-13 03:00:00'})


class FaultCase(unittest.TestCase):

    def setUp(self):
        session.clear_all()
        self.addCleanup(session.clear_all)
        self.portal = fake_portal.start(self, madonvi=UNIT)

    def client(self, timeout=5, **options):
        options.setdefault('username', 'hcc-connector')
        options.setdefault('password', 's3cret')
        return SoapPortalClient(None, self.portal.url, madonvi=UNIT, timeout=timeout, **options)


class TestPortalClientSession(FaultCase):

    def test_session_cached_across_clients(self):
        first, second = self.client(), self.client()
        self.assertTrue(first.lookup_dossier('H-404').code == errors.NOT_FOUND)
        self.assertTrue(second.sync_dossiers([PAYLOAD]).ok)
        self.assertTrue(first.lookup_dossier(CODE).ok)
        self.assertEqual(self.portal.logins, 1)

    def test_expired_session_renewed_once_and_call_repeated(self):
        client = self.client()
        self.assertTrue(client.sync_dossiers([PAYLOAD]).ok)
        self.portal.expire_sessions()
        result = client.lookup_dossier(CODE)
        self.assertTrue(result.ok)
        self.assertEqual(self.portal.logins, 2)
        # the refused call and its repetition
        self.assertEqual(self.portal.calls['TraCuuHoSo'], 2)
        # the next call uses the new session
        self.assertTrue(client.lookup_dossier(CODE).ok)
        self.assertEqual((self.portal.logins, self.portal.calls['TraCuuHoSo']), (2, 3))

    def test_renewal_happens_once_only(self):
        client = self.client()
        client.login()
        self.portal.fail('error', code=errors.INVALID_SESSION, times=5, operation='DongBoHoSoMC')
        ok, code, _message = client.push_dossier(PAYLOAD)
        self.assertEqual((ok, code), (False, errors.INVALID_SESSION))
        # one renewal, one repetition, then it gives up: no loop
        self.assertEqual(self.portal.logins, 2)
        self.assertEqual(self.portal.calls['DongBoHoSoMC'], 2)
        self.assertEqual(self.portal.dossiers, {})

    def test_login_refused(self):
        client = self.client(password='wrong')
        result = client.sync_dossiers([PAYLOAD])
        self.assertEqual((result.ok, result.code), (False, errors.BAD_CREDENTIALS))
        self.assertEqual(self.portal.calls['DongBoHoSoMC'], 0)
        self.assertFalse(result.retryable)

    def test_session_given_by_hand_is_not_renewed(self):
        self.portal.add_session('TOKEN-123')
        client = SoapPortalClient(None, self.portal.url, 'TOKEN-123', UNIT, timeout=5)
        self.assertTrue(client.sync_dossiers([PAYLOAD]).ok)
        self.portal.expire_sessions()
        result = client.lookup_dossier(CODE)
        self.assertEqual(result.code, errors.INVALID_SESSION)
        self.assertEqual(self.portal.logins, 0)
        self.assertEqual(self.portal.calls['TraCuuHoSo'], 1)

    def test_wrong_unit(self):
        self.portal.add_session('TOKEN-X', madonvi='000.00.99.H64')
        client = SoapPortalClient(None, self.portal.url, 'TOKEN-X', UNIT, timeout=5)
        self.assertEqual(client.lookup_dossier(CODE).code, errors.NOT_ALLOWED)

    def test_concurrent_callers_log_in_once(self):
        clients = [self.client() for _i in range(4)]
        results = []
        threads = [threading.Thread(target=lambda c=c: results.append(c.lookup_dossier('H-404')))
                   for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([r.code for r in results], [errors.NOT_FOUND] * 4)
        self.assertEqual(self.portal.logins, 1)

    def test_cache_expiry_by_the_clock(self):
        now = [1000.0]
        cache = session.SessionCache(clock=lambda: now[0])
        logins = []

        def login():
            logins.append(now[0])
            return 'T%d' % len(logins), now[0] + 600

        self.assertEqual(cache.get(login), 'T1')
        now[0] += 500
        self.assertEqual(cache.get(login), 'T1')
        now[0] += 80  # within the margin before expiry: renewed ahead
        self.assertEqual(cache.get(login), 'T2')
        cache.invalidate('T1')  # a stale refusal does not drop the fresh token
        self.assertEqual(cache.peek(), 'T2')
        cache.invalidate('T2')
        self.assertIsNone(cache.peek())
        self.assertEqual(len(logins), 2)


class TestPortalClientFaults(FaultCase):

    def assertFailed(self, result, code):
        self.assertEqual((result.ok, result.code), (False, code), result)
        self.assertTrue(result.retryable)

    def test_down_then_back(self):
        client = self.client()
        client.login()
        self.portal.down()
        ok, code, message = client.push_dossier(PAYLOAD)
        self.assertEqual((ok, code), (False, errors.UNREACHABLE))
        self.assertIn('ConnectionError', message)
        self.portal.up()
        self.assertTrue(client.sync_dossiers([PAYLOAD]).ok)
        self.assertEqual(self.portal.dossier_creates[CODE], 1)

    def test_connection_closed_without_answer(self):
        client = self.client()
        self.portal.fail('close', operation='DongBoHoSoMC')
        self.assertFailed(client.sync_dossiers([PAYLOAD]), errors.UNREACHABLE)
        self.assertEqual(self.portal.dossiers, {})

    def test_slow_portal_times_out_and_the_retry_is_an_update(self):
        client = self.client(timeout=1)
        client.login()
        self.portal.fail('slow', seconds=2.5, operation='DongBoHoSoMC')
        started = time.time()
        self.assertFailed(client.sync_dossiers([PAYLOAD]), errors.TIMEOUT)
        self.assertLess(time.time() - started, 2.4)
        # the portal did take it; the retry is refused "already exists",
        # then goes as an update: one dossier on the portal
        self.assertTrue(client.sync_dossiers([PAYLOAD]).ok)
        self.assertEqual(self.portal.dossier_creates[CODE], 1)
        self.assertEqual(len(self.portal.dossiers), 1)

    def test_soap_fault(self):
        client = self.client()
        self.portal.fail('fault', operation='DongBoHoSoMC')
        result = client.sync_dossiers([PAYLOAD])
        self.assertFailed(result, errors.FAULT)
        self.assertIn('He thong gap su co', result.message)
        self.assertEqual(self.portal.dossiers, {})

    def test_malformed_answer(self):
        client = self.client()
        self.portal.fail('malformed', operation='LayThuTuc')
        self.assertFailed(client.get_procedure('2.001417'), errors.MALFORMED)

    def test_error_page(self):
        client = self.client()
        self.portal.fail('http', operation='LayThuTuc')
        self.assertFailed(client.get_procedure('2.001417'), errors.HTTP_ERROR)

    def test_portal_errors_on_demand(self):
        client = self.client()
        for code in (errors.BUSY, errors.INTERNAL):
            self.portal.fail('error', code=code, operation='CapNhatTienDoHoSoMC')
            self.assertFailed(client.sync_progress([{'MaHoSo': CODE, 'ThoiDiemXuLy': '20260213100000'}]),
                              code)
        self.assertEqual(client.sync_dossiers([PAYLOAD]).code, errors.OK)

    def test_request_breaking_the_contract_never_leaves(self):
        client = self.client()
        result = client.sync_dossiers([{'MaHoSo': CODE, 'KenhThucHien': 1, 'TrangThaiHoSo': 2}])
        self.assertEqual((result.ok, result.code), (False, errors.INVALID_REQUEST))
        self.assertFalse(result.retryable)
        self.assertEqual(self.portal.calls['DongBoHoSoMC'], 0)

    def test_values_out_of_range_refused_by_the_portal_schema(self):
        # zeep does not check facets: the fake's schema validation does
        client = self.client()
        result = client.sync_dossiers([dict(PAYLOAD, TrangThaiHoSo=11)])
        self.assertEqual((result.ok, result.code), (False, errors.INVALID_DATA))
        self.assertEqual(len(self.portal.invalid), 1)
        self.assertEqual(self.portal.dossiers, {})
        bad_date = client.sync_dossiers([dict(PAYLOAD, NgayTiepNhan='2026-02-13 10:00')])
        self.assertEqual(bad_date.code, errors.INVALID_DATA)
        self.assertEqual(len(self.portal.invalid), 2)
