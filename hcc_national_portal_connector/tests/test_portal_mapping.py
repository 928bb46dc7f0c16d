import datetime

from odoo.tests.common import TransactionCase

from ..client import mapping


class TestPortalMapping(TransactionCase):

    def test_format_date_vietnam_time(self):
        self.assertEqual(mapping.format_date(datetime.datetime(2026, 2, 13, 3, 0)), '20260213100000')
        # Odoo 11 hands datetimes over as UTC strings
        self.assertEqual(mapping.format_date('2026-02-13 03:00:00'), '20260213100000')
        # crossing midnight and a year boundary in Vietnam time
        self.assertEqual(mapping.format_date('2025-12-31 17:30:59'), '20260101003059')
        self.assertIsNone(mapping.format_date(False))

    def test_dossier_payload(self):
        payload = mapping.dossier_payload({
            'code': '000.00.12.H64-260213-0001',
            'procedure_code': '2.000488.000.00.00.H64',
            'procedure_name': 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
            'applicant_name': 'Nguyễn Văn An',
            'applicant_phone': '84912345678',
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
            'ChuHoSo': 'Nguyễn Văn An',
            'SoDienThoai': '84912345678',
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
