"""The JSON transport (the live adapter through the LGSP, OAuth2 client
credentials) against the fake portal's JSON mode: same operations, same
mapping, same data as SOAP."""
import time
import unittest

from ..client import errors, mapping, session
from ..client.json_transport import JsonPortalClient
from ..client.soap import SoapPortalClient
from . import fake_portal

UNIT = '000.00.15.H64'
CODE = '000.00.15.H64-260213-0001'
PAYLOAD = mapping.dossier_payload({'code': CODE, 'procedure_code': '2.001417', 'channel': '2',
                                   'national_status': 4, 'applicant_name': 'Nguyễn Văn An',
                                   'received_at': '2026-02-13 03:00:00'})


class TestPortalClientJson(unittest.TestCase):

    def setUp(self):
        session.clear_all()
        self.addCleanup(session.clear_all)
        self.portal = fake_portal.start(self, madonvi=UNIT)

    def client(self, secret='lgsp-secret', timeout=5):
        return JsonPortalClient(self.portal.json_url, self.portal.token_url, 'lgsp-client', secret,
                                UNIT, timeout=timeout)

    def test_every_operation_and_the_token_cached(self):
        client = self.client()
        self.assertTrue(client.sync_dossiers([PAYLOAD]).ok)
        again = client.sync_dossiers([PAYLOAD])  # already exists -> update
        self.assertTrue(again.ok)
        self.assertEqual((self.portal.dossier_creates[CODE], self.portal.dossier_pushes[CODE]), (1, 2))
        entries = [mapping.progress_payload({'code': CODE, 'date': '2026-02-13 03:%02d:00' % i,
                                             'note': 'Bước %d' % i}) for i in range(10)]
        self.assertTrue(client.sync_progress(entries).ok)
        lookup = client.lookup_dossier(CODE)
        self.assertEqual(mapping.dossier_values(lookup.data['HoSo'])['received_at'],
                         '2026-02-13 03:00:00')
        self.assertEqual(len(lookup.data['TienDo']), 10)
        rating = mapping.rating_payload({'dossier_code': CODE, 'agency_code': UNIT, 'level': 3,
                                         'rated_at': '2026-02-13 03:00:00'})
        self.assertTrue(client.sync_ratings([rating]).ok)
        self.assertEqual(len(client.fetch_catalogue(page_size=2).data['ThuTuc']), 3)
        self.assertEqual(client.list_codes('KENHTHUCHIEN').data[1]['Ten'], 'Trực tuyến')
        self.portal.add_online_dossier({
            'MaHoSo': 'G-1', 'MaTTHC': '2.001417', 'NgayNop': '20260213100000',
            'ChuHoSo': {'HoTen': 'Trần Thị Bình'},
            'GiayTo': [{'TenGiayTo': 'Tờ khai', 'TenTep': 'a.pdf', 'NoiDung': b'%PDF'}]})
        online = client.fetch_online_dossiers()
        self.assertEqual(mapping.online_dossier_values(online.data[0])['documents'][0]['content'],
                         b'%PDF')
        self.assertTrue(client.acknowledge_online_dossiers(
            [mapping.ack_payload('G-1', True, CODE)]).ok)
        # one token for all of it, every body valid against the WSDL's schema
        self.assertEqual(self.portal.token_requests, 1)
        self.assertEqual(self.portal.invalid, [])
        self.assertEqual(self.portal.invalid_answers, [])

    def test_same_data_as_soap(self):
        soap = SoapPortalClient(None, self.portal.url, madonvi=UNIT, username='hcc-connector',
                                password='s3cret', timeout=5)
        json_client = self.client()
        self.assertEqual(soap.get_procedure('2.001417'), json_client.get_procedure('2.001417'))
        self.assertEqual(soap.list_procedures(page_size=5), json_client.list_procedures(page_size=5))
        soap.sync_dossiers([PAYLOAD])
        self.assertEqual(soap.lookup_dossier(CODE), json_client.lookup_dossier(CODE))

    def test_expired_token_renewed_once(self):
        client = self.client()
        self.assertTrue(client.sync_dossiers([PAYLOAD]).ok)
        self.portal.expire_sessions()  # the next call gets HTTP 401
        self.assertTrue(client.lookup_dossier(CODE).ok)
        self.assertEqual(self.portal.token_requests, 2)
        self.assertEqual(self.portal.calls['TraCuuHoSo'], 2)
        self.portal.fail('error', code=errors.INVALID_SESSION, times=5, operation='TraCuuHoSo')
        result = client.lookup_dossier(CODE)
        self.assertEqual(result.code, errors.INVALID_SESSION)
        self.assertEqual(self.portal.token_requests, 3)
        self.assertEqual(self.portal.calls['TraCuuHoSo'], 4)

    def test_bad_client_secret(self):
        result = self.client(secret='wrong').lookup_dossier(CODE)
        self.assertEqual((result.ok, result.code), (False, errors.BAD_CREDENTIALS))
        self.assertEqual(self.portal.calls['TraCuuHoSo'], 0)

    def test_faults(self):
        client = self.client(timeout=1)
        self.assertTrue(client.login().ok)
        for mode, code in (('close', errors.UNREACHABLE), ('fault', errors.HTTP_ERROR),
                           ('malformed', errors.MALFORMED), ('http', errors.HTTP_ERROR),
                           ('error', errors.INTERNAL)):
            self.portal.fail(mode, operation='TraCuuHoSo')
            result = client.lookup_dossier(CODE)
            self.assertEqual((result.ok, result.code), (False, code), mode)
            self.assertTrue(result.retryable)
        self.portal.fail('slow', seconds=2.5, operation='TraCuuHoSo')
        started = time.time()
        self.assertEqual(client.lookup_dossier(CODE).code, errors.TIMEOUT)
        self.assertLess(time.time() - started, 2.4)
        self.portal.down()
        self.assertEqual(client.lookup_dossier(CODE).code, errors.UNREACHABLE)
        self.portal.up()
        self.assertEqual(client.lookup_dossier(CODE).code, errors.NOT_FOUND)

    def test_body_validated_by_the_schema(self):
        client = self.client()
        client.sync_dossiers([PAYLOAD])
        bad = dict(mapping.rating_payload({'dossier_code': CODE, 'agency_code': UNIT, 'level': 3,
                                           'rated_at': '2026-02-13 03:00:00'}), MucDoHaiLong=5)
        result = client.sync_ratings([bad])
        self.assertEqual(result.code, errors.INVALID_DATA)
        self.assertEqual(len(self.portal.invalid), 1)
        self.assertEqual(self.portal.ratings, {})
        too_many = client.call('CapNhatTienDoHoSoMC', TienDo=[
            {'MaHoSo': CODE, 'ThoiDiemXuLy': '20260213100000'}] * 11)
        self.assertEqual(too_many.code, errors.TOO_MANY)
