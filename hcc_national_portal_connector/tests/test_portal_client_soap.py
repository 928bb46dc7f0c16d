"""The SOAP client against the fake portal, one operation at a time: what
goes on the wire (validated by the fake against the WSDL's schema) and what
comes back."""
import unittest

from ..client import errors, mapping, session
from ..client.soap import SoapPortalClient
from . import fake_portal

UNIT = '000.00.15.H64'
NAME = 'Nguyễn Văn An'


def dossier(code='000.00.15.H64-260213-0001', **values):
    return mapping.dossier_payload(dict({
        'code': code, 'procedure_code': '2.001417', 'procedure_name': 'Cấp Phiếu lý lịch tư pháp',
        'applicant_name': NAME, 'channel': '1', 'national_status': 2,
        'received_at': '2026-02-13 03:00:00', 'due_at': '2026-02-27 10:00:00'}, **values))


def progress(code, minute, note='Bước xử lý'):
    return mapping.progress_payload({'code': code, 'date': '2026-02-13 03:%02d:00' % minute,
                                     'note': '%s %d' % (note, minute), 'national_status': 4})


class SoapCase(unittest.TestCase):

    def setUp(self):
        session.clear_all()
        self.addCleanup(session.clear_all)
        self.portal = fake_portal.start(self, madonvi=UNIT)

    def client(self, timeout=5, **options):
        options.setdefault('username', 'hcc-connector')
        options.setdefault('password', 's3cret')
        return SoapPortalClient(None, self.portal.url, madonvi=UNIT, timeout=timeout, **options)

    def tearDown(self):
        # every request the client made followed the contract
        self.assertEqual(self.portal.invalid, [])
        self.assertEqual(self.portal.invalid_answers, [])


class TestPortalClientSoap(SoapCase):

    def test_login(self):
        result = self.client().login()
        self.assertTrue(result.ok)
        self.assertGreater(result.data['expires_at'], 0)
        self.assertEqual(self.portal.logins, 1)
        refused = self.client(password='wrong').login()
        self.assertEqual((refused.ok, refused.code), (False, errors.BAD_CREDENTIALS))

    def test_catalogue(self):
        client = self.client()
        page = client.list_procedures(page=1, page_size=2)
        self.assertTrue(page.ok)
        self.assertEqual(page.data['TongSoBanGhi'], 3)
        self.assertEqual([p['MaTTHC'] for p in page.data['ThuTuc']], ['2.001417', '1.001612'])
        second = client.list_procedures(page=2, page_size=2)
        self.assertEqual([p['MaTTHC'] for p in second.data['ThuTuc']], ['1.004946'])
        everything = client.fetch_catalogue(page_size=2)
        self.assertEqual(len(everything.data['ThuTuc']), 3)
        self.assertEqual(self.portal.calls['LayDanhSachTTHC'], 4)
        by_sector = client.list_procedures(sector_code='XD')
        self.assertEqual([p['MaTTHC'] for p in by_sector.data['ThuTuc']], ['1.004946'])
        local = mapping.procedure_summary(page.data['ThuTuc'][0])
        self.assertEqual((local['level'], local['online_level']), ('province', 'full'))
        with self.assertRaises(ValueError):
            client.list_procedures(page_size=501)

    def test_procedure_detail(self):
        client = self.client()
        result = client.get_procedure('2.001417')
        self.assertTrue(result.ok)
        values = mapping.procedure_values(result.data)
        self.assertEqual(values['name'], 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam')
        self.assertEqual((values['legal_amount'], values['legal_unit']), (10.0, 'day'))
        self.assertEqual(values['fees'], [{'name': 'Phí cung cấp thông tin lý lịch tư pháp',
                                           'amount': 200000.0}])
        self.assertEqual(len(values['documents']), 2)
        missing = client.get_procedure('9.999999')
        self.assertEqual((missing.ok, missing.code), (False, errors.NOT_FOUND))

    def test_code_lists(self):
        result = self.client().list_codes('COQUAN')
        self.assertTrue(result.ok)
        self.assertEqual(mapping.code_list(result.data)[1],
                         {'code': '000.00.12.H64', 'name': 'Sở Tư pháp', 'parent_code': UNIT})
        self.assertEqual(self.client().list_codes('CAPTHUCHIEN').code, errors.NOT_FOUND)

    def test_push_dossier_and_dates(self):
        client = self.client()
        ok, code, message = client.push_dossier(dossier())
        self.assertEqual((ok, code), (True, '0'))
        kept = self.portal.dossiers['000.00.15.H64-260213-0001']
        # UTC in, Vietnam time out
        self.assertEqual(kept['NgayTiepNhan'], '20260213100000')
        self.assertEqual(kept['NgayHenTra'], '20260227170000')
        self.assertEqual(kept['ChuHoSo'], NAME)
        self.assertEqual(kept['TrangThaiHoSo'], 2)
        operation, request = self.portal.received[-1]
        self.assertEqual((operation, request['madonvi']), ('DongBoHoSoMC', UNIT))

    def test_already_exists_pushed_again_as_update(self):
        client = self.client()
        self.assertTrue(client.sync_dossiers([dossier()]).ok)
        result = client.sync_dossiers([dossier(national_status=4)])
        self.assertTrue(result.ok)
        self.assertEqual(result.data, [{'MaHoSo': '000.00.15.H64-260213-0001', 'error_code': '0',
                                        'message': 'Thanh cong'}])
        # the refused push, then the update: created once, taken twice
        self.assertEqual(self.portal.calls['DongBoHoSoMC'], 3)
        self.assertEqual(self.portal.dossier_creates['000.00.15.H64-260213-0001'], 1)
        self.assertEqual(self.portal.dossier_pushes['000.00.15.H64-260213-0001'], 2)
        self.assertEqual(self.portal.dossiers['000.00.15.H64-260213-0001']['TrangThaiHoSo'], 4)
        # an update says so from the start: one call
        self.assertTrue(client.sync_dossiers([dossier(national_status=9, is_update=True)]).ok)
        self.assertEqual(self.portal.calls['DongBoHoSoMC'], 4)

    def test_batch_of_dossiers_mixed(self):
        client = self.client()
        client.sync_dossiers([dossier('H-1')])
        result = client.sync_dossiers([dossier('H-%d' % i) for i in range(1, 6)])
        self.assertTrue(result.ok)
        self.assertEqual([item['MaHoSo'] for item in result.data], ['H-1', 'H-2', 'H-3', 'H-4', 'H-5'])
        # only the known one went again, as an update
        self.assertEqual(self.portal.calls['DongBoHoSoMC'], 3)
        self.assertEqual(len(self.portal.received[-1][1]['HoSo']), 1)
        self.assertEqual(set(self.portal.dossier_creates.values()), {1})
        with self.assertRaises(ValueError):
            client.sync_dossiers([dossier('H-%d' % i) for i in range(51)])

    def test_progress_ten_per_call(self):
        client = self.client()
        client.sync_dossiers([dossier('H-1')])
        entries = [progress('H-1', i) for i in range(23)]
        for batch in mapping.progress_batches(entries):
            self.assertTrue(client.sync_progress(batch).ok)
        self.assertEqual(self.portal.calls['CapNhatTienDoHoSoMC'], 3)
        self.assertEqual([len(r['TienDo']) for op, r in self.portal.received
                          if op == 'CapNhatTienDoHoSoMC'], [10, 10, 3])
        self.assertEqual(len(self.portal.progress_counts), 23)
        self.assertEqual(set(self.portal.progress_counts.values()), {1})
        with self.assertRaises(ValueError):
            client.sync_progress([progress('H-1', i) for i in range(11)])
        with self.assertRaises(ValueError):
            client.sync_progress([])
        self.assertEqual(self.portal.calls['CapNhatTienDoHoSoMC'], 3)
        # the legacy form the outbox records
        self.assertEqual(client.push_progress([progress('H-1', 59)])[:2], (True, '0'))

    def test_progress_of_unknown_dossier_refused_whole(self):
        client = self.client()
        client.sync_dossiers([dossier('H-1')])
        result = client.sync_progress([progress('H-1', 1), progress('H-404', 2)])
        self.assertEqual((result.ok, result.code), (False, errors.NOT_FOUND))
        self.assertEqual(self.portal.progress_counts, {})

    def test_lookup(self):
        client = self.client()
        client.sync_dossiers([dossier('H-1', applicant_phone='0912345678')])
        client.sync_progress([progress('H-1', 1)])
        result = client.lookup_dossier('H-1')
        self.assertTrue(result.ok)
        back = mapping.dossier_values(result.data['HoSo'])
        self.assertEqual(back['received_at'], '2026-02-13 03:00:00')
        self.assertEqual(back['applicant_phone'], '0912345678')
        self.assertEqual(back['channel'], '1')
        self.assertEqual(result.data['TienDo'][0]['ThoiDiemXuLy'], '20260213100100')
        missing = client.lookup_dossier('H-404')
        self.assertEqual(missing.code, errors.NOT_FOUND)

    def test_ratings(self):
        client = self.client()
        client.sync_dossiers([dossier('H-1')])
        rating = mapping.rating_payload({
            'dossier_code': 'H-1', 'agency_code': UNIT, 'level': '1', 'official_code': 'CB01',
            'official_name': 'Lê Thị Cúc', 'criterion': 'overall', 'comment': 'Chờ lâu',
            'rated_at': '2026-02-13 03:00:00'})
        self.assertTrue(client.sync_ratings([rating]).ok)
        kept = self.portal.ratings[('H-1', 'CB01', 'TONGTHE')]
        self.assertEqual((kept['MucDoHaiLong'], kept['NgayDanhGia']), (1, '20260213100000'))
        unknown = client.sync_ratings([dict(rating, MaHoSo='H-404')])
        self.assertEqual(unknown.code, errors.NOT_FOUND)
        self.assertEqual(sum(self.portal.rating_counts.values()), 1)

    def test_online_dossiers_handed_over_until_acknowledged(self):
        pdf = b'%PDF-1.4 to khai'
        for number in (1, 2):
            self.portal.add_online_dossier({
                'MaHoSo': 'G22.99-260213-000%d' % number, 'MaTTHC': '2.001417',
                'NgayNop': '20260213100000', 'ChuHoSo': {'HoTen': NAME, 'LoaiDoiTuong': 1},
                'HinhThucNhanKetQua': 1,
                'GiayTo': [{'TenGiayTo': 'Tờ khai', 'TenTep': 'to-khai.pdf',
                            'LoaiTep': 'application/pdf', 'NoiDung': pdf},
                           {'TenGiayTo': 'CCCD', 'TenTep': 'cccd.jpg',
                            'DuongDan': 'https://dichvucong.gov.vn/files/1'}]})
        client = self.client()
        result = client.fetch_online_dossiers(limit=10)
        self.assertTrue(result.ok)
        local = [mapping.online_dossier_values(item) for item in result.data]
        self.assertEqual([d['upstream_code'] for d in local],
                         ['G22.99-260213-0001', 'G22.99-260213-0002'])
        self.assertEqual(local[0]['documents'][0]['content'], pdf)
        self.assertEqual(local[0]['documents'][1]['url'], 'https://dichvucong.gov.vn/files/1')
        self.assertEqual(local[0]['return_method'], 'counter')
        # not acknowledged: handed over again
        self.assertEqual(len(client.fetch_online_dossiers().data), 2)
        acks = [mapping.ack_payload('G22.99-260213-0001', True, '000.00.15.H64-260213-0009'),
                mapping.ack_payload('G22.99-260213-0002', False, reason='Sai thủ tục')]
        self.assertTrue(client.acknowledge_online_dossiers(acks).ok)
        self.assertEqual(client.fetch_online_dossiers().data, [])
        self.assertEqual(self.portal.acks['G22.99-260213-0002']['LyDo'], 'Sai thủ tục')
        unknown = client.acknowledge_online_dossiers([mapping.ack_payload('G-404', False, reason='x')])
        self.assertEqual(unknown.code, errors.NOT_FOUND)
