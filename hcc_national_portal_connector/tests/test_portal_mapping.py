import base64
import datetime
import unittest

from ..client import mapping

NAME = 'Nguyễn Văn An'
PHONE = '84912345678'
ID_NUMBER = '015090001234'


class TestPortalDates(unittest.TestCase):

    def test_format_date_vietnam_time(self):
        self.assertEqual(mapping.format_date(datetime.datetime(2026, 2, 13, 3, 0)), '20260213100000')
        # Odoo 11 hands datetimes over as UTC strings
        self.assertEqual(mapping.format_date('2026-02-13 03:00:00'), '20260213100000')
        # crossing midnight and a year boundary in Vietnam time
        self.assertEqual(mapping.format_date('2025-12-31 17:30:59'), '20260101003059')
        self.assertIsNone(mapping.format_date(False))

    def test_parse_date_back_to_utc(self):
        self.assertEqual(mapping.parse_date('20260101003059'), datetime.datetime(2025, 12, 31, 17, 30, 59))
        self.assertEqual(mapping.to_odoo_datetime('20260213100000'), '2026-02-13 03:00:00')
        self.assertFalse(mapping.to_odoo_datetime(None))
        for value in ('2026-02-13', '202602131000', '20261313100000', 'abcdefghijklmn'):
            with self.assertRaises(ValueError) as caught:
                mapping.parse_date(value, 'NgayHenTra')
            self.assertIn('NgayHenTra', str(caught.exception))
        # both ways give the same instant
        for utc in ('2026-02-13 03:00:00', '2025-12-31 17:30:59', '2026-06-30 23:59:59'):
            self.assertEqual(mapping.to_odoo_datetime(mapping.format_date(utc)), utc)


class TestPortalDossierMapping(unittest.TestCase):

    def test_dossier_payload(self):
        payload = mapping.dossier_payload({
            'code': '000.00.12.H64-260213-0001',
            'procedure_code': '2.000488.000.00.00.H64',
            'procedure_name': 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
            'applicant_name': NAME,
            'applicant_phone': PHONE,
            'channel': '2',
            'national_status': 4,
            'received_at': '2026-02-13 03:00:00',
            'due_at': '2026-02-27 10:00:00',
            'finished_at': False,
        })
        self.assertEqual(payload, {
            'MaHoSo': '000.00.12.H64-260213-0001',
            'MaTTHC': '2.000488.000.00.00.H64',
            'TenTTHC': 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
            'ChuHoSo': NAME,
            'SoDienThoai': PHONE,
            'KenhThucHien': 2,
            'TrangThaiHoSo': 4,
            'NgayTiepNhan': '20260213100000',
            'NgayHenTra': '20260227170000',
        })
        with self.assertRaises(ValueError):
            mapping.dossier_payload({'code': 'X', 'channel': '1', 'national_status': 2})
        with self.assertRaises(ValueError):
            mapping.dossier_payload({'code': 'X', 'procedure_code': 'P', 'channel': '1',
                                     'national_status': 11})
        with self.assertRaises(ValueError):
            mapping.dossier_payload({'code': 'X', 'procedure_code': 'P', 'channel': '4',
                                     'national_status': 2})

    def test_full_dossier_both_ways(self):
        values = {
            'code': '000.00.15.H64-260213-0007', 'procedure_code': '2.001417',
            'procedure_name': 'Cấp Phiếu lý lịch tư pháp', 'agency_code': '000.00.12.H64',
            'sector_code': 'LLTP', 'applicant_type': 'citizen', 'applicant_name': NAME,
            'applicant_id_number': ID_NUMBER, 'applicant_phone': PHONE,
            'applicant_email': 'an@example.vn', 'applicant_address': 'Yên Bái',
            'channel': '3', 'national_status': 10, 'received_at': '2026-02-13 03:00:00',
            'due_at': '2026-02-27 10:00:00', 'finished_at': '2026-02-20 08:00:00',
            'returned_at': '2026-02-21 02:15:00', 'upstream_code': 'G22.99-260213-0001',
        }
        payload = mapping.dossier_payload(dict(values, is_update=True))
        self.assertEqual(payload['SoGiayToChuHoSo'], ID_NUMBER)
        self.assertEqual(payload['LoaiDoiTuong'], 1)
        self.assertEqual(payload['NgayTraKetQua'], '20260221091500')
        self.assertIs(payload['isUpdating'], True)
        back = mapping.dossier_values(payload)
        self.assertEqual(back, values)

    def test_errors_name_the_field_not_the_value(self):
        long_name = NAME * 60
        with self.assertRaises(ValueError) as caught:
            mapping.dossier_payload({'code': 'X', 'procedure_code': 'P', 'channel': '1',
                                     'national_status': 2, 'applicant_name': long_name,
                                     'applicant_phone': PHONE})
        self.assertIn('ChuHoSo', str(caught.exception))
        self.assertNotIn(NAME, str(caught.exception))
        with self.assertRaises(ValueError) as caught:
            mapping.dossier_payload({'code': 'X', 'procedure_code': 'P', 'channel': '1',
                                     'national_status': 2, 'applicant_id_number': ID_NUMBER * 6})
        self.assertNotIn(ID_NUMBER, str(caught.exception))


class TestPortalProgressMapping(unittest.TestCase):

    def test_progress_payload(self):
        entry = mapping.progress_payload({
            'code': 'H-1', 'date': '2026-02-13 03:00:00', 'user_name': 'Lê Thị Cúc',
            'department_name': 'Phòng Hành chính tư pháp', 'note': 'Thẩm định hồ sơ',
            'step_due': '2026-02-16 10:00:00', 'national_status': '4', 'job_title': False})
        self.assertEqual(entry, {
            'MaHoSo': 'H-1', 'ThoiDiemXuLy': '20260213100000', 'NguoiXuLy': 'Lê Thị Cúc',
            'PhongBanXuLy': 'Phòng Hành chính tư pháp', 'NoiDungXuLy': 'Thẩm định hồ sơ',
            'HanXuLy': '20260216170000', 'TrangThai': 4})
        with self.assertRaises(ValueError):
            mapping.progress_payload({'code': 'H-1'})

    def test_progress_batches(self):
        entries = [{'MaHoSo': 'H-%02d' % i} for i in range(23)]
        batches = mapping.progress_batches(entries)
        self.assertEqual([len(b) for b in batches], [10, 10, 3])
        self.assertEqual(batches[2][-1], {'MaHoSo': 'H-22'})
        self.assertEqual(sum(batches, []), entries)
        self.assertEqual(mapping.progress_batches([]), [])
        self.assertEqual([len(b) for b in mapping.progress_batches(entries, size=5)], [5, 5, 5, 5, 3])
        with self.assertRaises(ValueError):
            mapping.progress_batches(entries, size=11)


class TestPortalRatingMapping(unittest.TestCase):

    def test_rating_payload(self):
        entry = mapping.rating_payload({
            'dossier_code': 'H-1', 'agency_code': '000.00.15.H64', 'level': '3',
            'rated_at': '2026-02-13 03:00:00', 'official_code': 42,
            'official_name': 'Lê Thị Cúc', 'criterion': 'attitude', 'comment': '  Tận tình  '})
        self.assertEqual(entry, {
            'MaHoSo': 'H-1', 'MaCoQuan': '000.00.15.H64', 'MucDoHaiLong': 3,
            'NgayDanhGia': '20260213100000', 'MaCanBo': '42', 'TenCanBo': 'Lê Thị Cúc',
            'TieuChi': 'THAIDO', 'NoiDung': 'Tận tình'})
        long_comment = mapping.rating_payload({
            'dossier_code': 'H-1', 'agency_code': 'A', 'level': 1,
            'rated_at': '2026-02-13 03:00:00', 'comment': 'x' * 5000})
        self.assertEqual(len(long_comment['NoiDung']), 2000)
        for bad in ({'level': '4'}, {'level': '0'}, {'criterion': 'mood'}, {'rated_at': False}):
            values = dict({'dossier_code': 'H-1', 'agency_code': 'A', 'level': '2',
                           'rated_at': '2026-02-13 03:00:00'}, **bad)
            with self.assertRaises(ValueError):
                mapping.rating_payload(values)


class TestPortalCatalogueMapping(unittest.TestCase):

    THUTUC = {
        'MaTTHC': '1.004946', 'TenTTHC': 'Cấp giấy phép xây dựng',
        'CoQuanThucHien': [{'MaCoQuan': '000.00.20.H64', 'TenCoQuan': 'Sở Xây dựng'},
                           {'TenCoQuan': 'UBND cấp xã'}],
        'LinhVuc': {'MaLinhVuc': 'XD', 'TenLinhVuc': 'Hoạt động xây dựng'},
        'CapThucHien': ['BO', 'XA'], 'MucDo': 'MOTPHAN',
        'ThoiHanGiaiQuyet': [{'KenhThucHien': 2, 'ThoiGian': 12, 'DonViTinh': 'NGAYLAMVIEC'},
                             {'KenhThucHien': 1, 'ThoiGian': 0.5, 'DonViTinh': 'NGAY'}],
        'PhiLePhi': [{'MoTa': 'Lệ phí', 'SoTien': 75000}],
        'ThanhPhanHoSo': [{'TenGiayTo': 'Đơn đề nghị', 'SoBanChinh': 1, 'BatBuoc': False,
                           'MauDon': 'https://dichvucong.gov.vn/mau.docx'}],
        'KetQuaThucHien': ['Giấy phép xây dựng'],
        'CanCuPhapLy': ['Luật Xây dựng 2014', 'Nghị định 15/2021/NĐ-CP'],
        'NgayCapNhat': '20260101003059',
    }

    def test_procedure_values(self):
        values = mapping.procedure_values(self.THUTUC)
        self.assertEqual(values['national_code'], '1.004946')
        self.assertEqual(values['level'], 'commune')
        self.assertEqual(values['online_level'], 'partial')
        self.assertEqual((values['sector_code'], values['sector_name']), ('XD', 'Hoạt động xây dựng'))
        # the direct channel's time limit, in calendar days: flagged
        self.assertEqual((values['legal_amount'], values['legal_unit'], values['legal_calendar_days']),
                         (0.5, 'day', True))
        self.assertEqual(values['fees'], [{'name': 'Lệ phí', 'amount': 75000.0}])
        self.assertEqual(values['documents'], [{
            'name': 'Đơn đề nghị', 'originals': 1, 'copies': 0, 'mandatory': False,
            'template_url': 'https://dichvucong.gov.vn/mau.docx'}])
        self.assertEqual(values['result_documents'], [{'name': 'Giấy phép xây dựng'}])
        self.assertEqual(values['legal_basis'], 'Luật Xây dựng 2014\nNghị định 15/2021/NĐ-CP')
        self.assertEqual(values['agencies'][1], {'code': False, 'name': 'UBND cấp xã'})
        self.assertEqual(values['updated_at'], '2025-12-31 17:30:59')
        hours = dict(self.THUTUC, ThoiHanGiaiQuyet=[
            {'KenhThucHien': 2, 'ThoiGian': 8, 'DonViTinh': 'GIOLAMVIEC'}])
        self.assertEqual(mapping.procedure_values(hours)['legal_unit'], 'hour')
        bare = mapping.procedure_values({'MaTTHC': '1.1', 'TenTTHC': 'T'})
        self.assertNotIn('legal_amount', bare)
        self.assertEqual((bare['fees'], bare['documents'], bare['legal_basis']), ([], [], False))

    def test_code_list(self):
        self.assertEqual(mapping.code_list([{'Ma': 'XD', 'Ten': 'Xây dựng'},
                                            {'Ma': 'A', 'Ten': 'B', 'MaCha': 'XD'}]),
                         [{'code': 'XD', 'name': 'Xây dựng', 'parent_code': False},
                          {'code': 'A', 'name': 'B', 'parent_code': 'XD'}])


class TestPortalOnlineDossierMapping(unittest.TestCase):

    def item(self, **documents):
        return {'MaHoSo': 'G22.99-260213-0001', 'MaTTHC': '2.001417', 'NgayNop': '20260213100000',
                'ChuHoSo': {'HoTen': NAME, 'LoaiDoiTuong': 1, 'SoGiayTo': ID_NUMBER,
                            'SoDienThoai': PHONE},
                'HinhThucNhanKetQua': 2, 'GiayTo': [dict({'TenGiayTo': 'Tờ khai', 'TenTep': 'a.pdf',
                                                          'LoaiTep': 'application/pdf'}, **documents)]}

    def test_online_dossier_values(self):
        pdf = b'%PDF-1.4 fake'
        # zeep gives bytes, JSON gives base64 text: the same local values
        from_soap = mapping.online_dossier_values(self.item(NoiDung=pdf))
        from_json = mapping.online_dossier_values(self.item(NoiDung=base64.b64encode(pdf).decode()))
        self.assertEqual(from_soap, from_json)
        self.assertEqual(from_soap['channel'], '2')
        self.assertEqual(from_soap['upstream_code'], 'G22.99-260213-0001')
        self.assertEqual(from_soap['filed_at'], '2026-02-13 03:00:00')
        self.assertEqual(from_soap['return_method'], 'post')
        self.assertEqual((from_soap['applicant_name'], from_soap['applicant_id_number']), (NAME, ID_NUMBER))
        self.assertEqual(from_soap['documents'], [{'name': 'Tờ khai', 'filename': 'a.pdf',
                                                   'mimetype': 'application/pdf', 'content': pdf,
                                                   'url': False}])
        linked = mapping.online_dossier_values(self.item(DuongDan='https://dvc.gov.vn/f/1'))
        self.assertEqual(linked['documents'][0]['url'], 'https://dvc.gov.vn/f/1')
        with self.assertRaises(ValueError):
            mapping.online_dossier_values(self.item(NoiDung='not base64!'))
        with self.assertRaises(ValueError):
            mapping.online_dossier_values(self.item())
        with self.assertRaises(ValueError) as caught:
            mapping.online_dossier_values(dict(self.item(DuongDan='u'), ChuHoSo={'SoGiayTo': ID_NUMBER}))
        self.assertNotIn(ID_NUMBER, str(caught.exception))

    def test_ack_payload(self):
        self.assertEqual(
            mapping.ack_payload('G-1', True, 'H-9', date='2026-02-13 03:00:00'),
            {'MaHoSo': 'G-1', 'KetQua': 1, 'MaHoSoDiaPhuong': 'H-9', 'NgayXuLy': '20260213100000'})
        self.assertEqual(
            mapping.ack_payload('G-1', False, reason='Thiếu tờ khai', date='2026-02-13 03:00:00'),
            {'MaHoSo': 'G-1', 'KetQua': 2, 'LyDo': 'Thiếu tờ khai', 'NgayXuLy': '20260213100000'})
        with self.assertRaises(ValueError):
            mapping.ack_payload('G-1', False)
        with self.assertRaises(ValueError):
            mapping.ack_payload('G-1', True)
