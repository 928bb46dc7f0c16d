"""Dossiers filed online on the portal come in as drafts (channel online,
documents attached, the portal's code kept), are received or refused at
the centre by the receiving officer, and the portal hears of both."""
import base64

from odoo.addons.hcc_one_stop.domain import states

from .common import PortalCase

PDF = b'%PDF-1.4 to khai'


class TestPortalOnline(PortalCase):

    def setUp(self):
        super(TestPortalOnline, self).setUp()
        self.configure(online_pull=True)
        self.Dossier = self.env['hcc.dossier']

    def file(self, code, procedure='2.001417', id_number='015090004321'):
        self.portal.add_online_dossier({
            'MaHoSo': code, 'MaTTHC': procedure, 'NgayNop': '20260213100000',
            'ChuHoSo': {'HoTen': 'Trần Thị Bình', 'LoaiDoiTuong': 1, 'SoGiayTo': id_number,
                        'SoDienThoai': '0987654321'},
            'HinhThucNhanKetQua': 1,
            'GiayTo': [{'TenGiayTo': self.procedure.document_ids[0].name,
                        'TenTep': 'to-khai.pdf', 'LoaiTep': 'application/pdf', 'NoiDung': PDF},
                       {'TenGiayTo': 'Ảnh chân dung', 'TenTep': 'anh.jpg',
                        'DuongDan': 'https://dichvucong.gov.vn/files/1'}]})

    def pull(self):
        return self.Dossier._cron_portal_pull_online()

    def test_online_dossier_in_then_received(self):
        self.file('G22.99-260213-0001')
        self.assertEqual(self.pull(), 1)
        dossier = self.Dossier.search([('upstream_code', '=', 'G22.99-260213-0001')])
        self.assertEqual(len(dossier), 1)
        self.assertEqual((dossier.channel, dossier.state), ('2', states.DRAFT))
        self.assertFalse(dossier.name)
        first = dossier.document_ids.sorted('sequence')[0]
        self.assertEqual(base64.b64decode(first.attachment_id.datas), PDF)
        extra = dossier.document_ids.filtered(lambda d: d.name == 'Ảnh chân dung')
        self.assertEqual(extra.attachment_id.url, 'https://dichvucong.gov.vn/files/1')
        self.assertFalse(extra.mandatory)
        self.assertEqual(self.portal.acks['G22.99-260213-0001']['KetQua'], 1)
        # acknowledged: not handed over again; pulled twice, taken in once
        self.assertEqual(self.pull(), 0)
        self.assertEqual(self.Dossier.search_count(
            [('upstream_code', '=', 'G22.99-260213-0001')]), 1)
        # the receiving officer checks it and receives it: the portal's code
        # becomes the dossier's code
        desk = dossier.sudo(self.reception)
        self.assertTrue(desk.read(['applicant_name']))
        desk.document_ids.write({'received': True})
        desk.action_receive()
        self.assertEqual(dossier.name, 'G22.99-260213-0001')
        self.run_jobs()
        self.assertExactlyOnce(dossier)
        self.assertEqual(self.portal.dossiers[dossier.name]['KenhThucHien'], 2)

    def test_refusal_goes_back(self):
        self.file('G22.99-260213-0002')
        self.pull()
        dossier = self.Dossier.search([('upstream_code', '=', 'G22.99-260213-0002')])
        dossier.sudo(self.reception).action_refuse('Hồ sơ thiếu tờ khai có chữ ký')
        self.run_jobs()
        ack = self.portal.acks['G22.99-260213-0002']
        self.assertEqual((ack['KetQua'], ack['LyDo']), (2, 'Hồ sơ thiếu tờ khai có chữ ký'))
        self.assertEqual(self.portal.ack_counts['G22.99-260213-0002'], 2)
        # never received: nothing else goes up
        self.assertEqual(self.portal.calls['DongBoHoSoMC'], 0)

    def test_unmapped_procedure_stays_on_the_portal(self):
        self.file('G22.99-260213-0003', procedure='9.999999')
        self.assertEqual(self.pull(), 0)
        self.assertFalse(self.Dossier.search([('upstream_code', '=', 'G22.99-260213-0003')]))
        self.assertNotIn('G22.99-260213-0003', self.portal.acks)
        self.assertIn('G22.99-260213-0003', self.portal.online)

    def test_invalid_data_refused_back(self):
        self.file('G22.99-260213-0004', id_number='123')
        self.assertEqual(self.pull(), 0)
        self.assertFalse(self.Dossier.search([('upstream_code', '=', 'G22.99-260213-0004')]))
        self.assertEqual(self.portal.acks['G22.99-260213-0004']['KetQua'], 2)

    def test_switched_off(self):
        self.configure(online_pull=False)
        self.file('G22.99-260213-0005')
        self.assertEqual(self.pull(), 0)
        self.assertEqual(self.portal.calls['LayDanhSachHoSoMoi'], 0)
