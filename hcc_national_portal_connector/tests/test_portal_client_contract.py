"""The contract itself (wsdl/dvcqg.wsdl) and the fake portal that stands for
the other side: served unchanged, every code documented once, the limits in
the schema, requests validated, quiet."""
import io
import re
import sys
import time
import unittest

import requests
from lxml import etree
from zeep import Client

from ..client import errors, session
from ..client.base import MAX_PROGRESS_PER_CALL
from ..client.soap import BINDING, WSDL_PATH, SoapPortalClient
from . import fake_portal

XSD = '{http://www.w3.org/2001/XMLSchema}'
UNIT = '000.00.15.H64'


def envelope(body):
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:t="urn:hcc:dvcqg:v1"><soap:Body>%s</soap:Body></soap:Envelope>' % body
            ).encode('utf-8')


class TestPortalContract(unittest.TestCase):

    def setUp(self):
        session.clear_all()
        self.addCleanup(session.clear_all)
        self.portal = fake_portal.start(self, madonvi=UNIT)

    def test_wsdl_served_unchanged_and_usable(self):
        response = requests.get(self.portal.wsdl_url, timeout=5)
        self.assertEqual(response.status_code, 200)
        with open(WSDL_PATH, 'rb') as handle:
            self.assertEqual(response.content, handle.read())
        # a client built from what the portal serves speaks to it
        client = Client(self.portal.wsdl_url)
        service = client.create_service(BINDING, self.portal.url)
        answer = service.LayPhienLamViec(username='hcc-connector', password='s3cret', madonvi=UNIT)
        self.assertEqual(answer.error_code, '0')
        self.assertEqual(len(answer.HetHan), 14)

    def test_every_operation_of_the_brief(self):
        self.assertEqual(set(self.portal.contract.operations), {
            'LayPhienLamViec', 'LayDanhSachTTHC', 'LayThuTuc', 'LayDanhMuc', 'DongBoHoSoMC',
            'CapNhatTienDoHoSoMC', 'TraCuuHoSo', 'DongBoDanhGia', 'LayDanhSachHoSoMoi',
            'XacNhanHoSoMoi'})
        for operation in self.portal.contract.operations:
            response = self.portal.contract.elements[operation + 'Response']
            names = [n for n, _d, _r in self.portal.contract.children(response)]
            self.assertEqual(names[:2], ['error_code', 'message'], operation)

    def test_limits_in_the_schema(self):
        contract = self.portal.contract
        tiendo = dict((n, d) for n, d, _r in contract.children(contract.elements['CapNhatTienDoHoSoMC']))
        self.assertEqual(tiendo['TienDo'].get('maxOccurs'), str(MAX_PROGRESS_PER_CALL))
        self.assertEqual(MAX_PROGRESS_PER_CALL, 10)
        status = contract.simple_types['TrangThaiHoSo'].find(XSD + 'restriction')
        self.assertEqual((status.find(XSD + 'minInclusive').get('value'),
                          status.find(XSD + 'maxInclusive').get('value')), ('1', '10'))
        channel = contract.simple_types['KenhThucHien'].find(XSD + 'restriction')
        self.assertEqual(channel.find(XSD + 'maxInclusive').get('value'), '3')

    def test_error_codes_documented_once_everywhere(self):
        root = etree.parse(WSDL_PATH).getroot()
        text = root.find('{http://schemas.xmlsoap.org/wsdl/}documentation').text
        documented = dict(re.findall(r'^\s{4}(\d)\s+(.+?):', text, re.M))
        self.assertEqual(documented, dict((code, message) for code, (message, _meaning)
                                          in errors.PORTAL_CODES.items()))
        self.assertEqual(documented, fake_portal.MESSAGES)
        # client codes never look like portal codes
        self.assertFalse(set(errors.CLIENT_CODES) & set(errors.PORTAL_CODES))

    def test_requests_validated_against_the_schema(self):
        self.portal.add_session('TOKEN-1')
        entry = '<t:TienDo><t:MaHoSo>H-1</t:MaHoSo><t:ThoiDiemXuLy>20260213100000</t:ThoiDiemXuLy></t:TienDo>'

        def post(body):
            response = requests.post(self.portal.url, data=envelope(body), timeout=5,
                                     headers={'Content-Type': 'text/xml; charset=utf-8'})
            return etree.fromstring(response.content).findtext('.//{urn:hcc:dvcqg:v1}error_code')

        head = '<t:session>TOKEN-1</t:session><t:madonvi>%s</t:madonvi>' % UNIT
        self.assertEqual(post('<t:CapNhatTienDoHoSoMC>%s%s</t:CapNhatTienDoHoSoMC>'
                              % (head, entry * 11)), errors.TOO_MANY)
        # a well-formed call of an unknown dossier: validated, then not found
        self.assertEqual(post('<t:CapNhatTienDoHoSoMC>%s%s</t:CapNhatTienDoHoSoMC>'
                              % (head, entry * 10)), errors.NOT_FOUND)
        # elements out of order, a bad date, an unknown element
        self.assertEqual(post('<t:TraCuuHoSo><t:madonvi>%s</t:madonvi><t:session>TOKEN-1</t:session>'
                              '<t:MaHoSo>H-1</t:MaHoSo></t:TraCuuHoSo>' % UNIT), errors.INVALID_DATA)
        self.assertEqual(post('<t:CapNhatTienDoHoSoMC>%s%s</t:CapNhatTienDoHoSoMC>' % (
            head, entry.replace('20260213100000', '13/02/2026'))), errors.INVALID_DATA)
        self.assertEqual(post('<t:TraCuuHoSo>%s<t:MaHoSo>H-1</t:MaHoSo><t:Them>x</t:Them>'
                              '</t:TraCuuHoSo>' % head), errors.INVALID_DATA)
        self.assertEqual(len(self.portal.invalid), 4)
        self.assertEqual(self.portal.progress_counts, {})
        # not SOAP at all: a Client fault
        response = requests.post(self.portal.url, data=b'{"MaHoSo": 1}', timeout=5)
        self.assertEqual(response.status_code, 500)
        self.assertIn(b'soap:Client', response.content)

    def test_quiet(self):
        # BaseHTTPRequestHandler and socketserver write to sys.stderr by default
        captured, saved = io.StringIO(), sys.stderr
        sys.stderr = captured
        try:
            client = SoapPortalClient(None, self.portal.url, madonvi=UNIT, timeout=1,
                                      username='hcc-connector', password='s3cret')
            client.lookup_dossier('H-1')
            self.portal.fail('close')
            client.lookup_dossier('H-1')
            self.portal.fail('slow', seconds=1.5)
            client.lookup_dossier('H-1')
            requests.get(self.portal.base_url + '/nothing', timeout=5)
            time.sleep(0.8)  # the slow handler writes to a closed socket meanwhile
        finally:
            sys.stderr = saved
        self.assertEqual(captured.getvalue(), '')
