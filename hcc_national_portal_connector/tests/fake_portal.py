"""A fake National Public Service Portal for tests: a real HTTP server on
127.0.0.1 (a thread, a free port) speaking our contract, wsdl/dvcqg.wsdl.

Plain Python (lxml only, no Odoo, no import of the client): the addon's tests
import it as `from . import fake_portal`; the cross-module tests under
tests/ load it by path:

    spec = importlib.util.spec_from_file_location('fake_portal', os.path.join(
        HCC_ROOT, 'hcc_national_portal_connector', 'tests', 'fake_portal.py'))

What it does:
- GET <any path>?wsdl: the WSDL file, byte for byte.
- POST /dvcqg/soap: SOAP 1.1 document/literal. Every request body is
  validated against the WSDL's schema (lxml XMLSchema over wsdl:types);
  an invalid one is answered error_code 2 and kept in `invalid`. Its own
  answers are validated too (a fake that breaks the contract fails loudly).
- JSON mode, the LGSP way: POST /oauth2/token (OAuth2 client credentials,
  Basic auth) gives a bearer token; POST /lgsp/dvcqg/<Operation> with a JSON
  object; the body is turned into the same XML and validated by the same
  schema, then handled by the same code.
- Keeps what it received: `received` (operation, request dict) in order,
  `calls` (a Counter per operation, failures included), `dossiers`,
  `dossier_pushes` / `dossier_creates` (Counters per MaHoSo), `progress`
  (per MaHoSo) and `progress_counts` (per entry), `ratings` and
  `rating_counts`, `acks`, `logins`, `token_requests`.
- Answers "already exists" (3) for a repeated DongBoHoSoMC without
  isUpdating, not found (4) for progress or ratings of a dossier it lacks.
- Fails on demand: down() / up() (connection refused), fail(mode, ...) for
  the next matching requests with mode 'close' (connection closed without
  answer), 'slow' (handled, then answered after `seconds`), 'fault' (SOAP
  Fault, HTTP 500), 'malformed' (HTTP 200 with a body that is not XML/JSON),
  'http' (HTTP 502 HTML page), 'error' (error_code `code`, default 9,
  without handling); expire_sessions() (error_code 1 / HTTP 401 until a new
  login).
- Quiet: no request logging, no tracebacks on stderr.
"""
import base64
import binascii
import datetime
import json
import os
import threading
import time
import uuid
from collections import Counter, OrderedDict
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, urlparse

from lxml import etree

WSDL_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                         'wsdl', 'dvcqg.wsdl')
SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/'
XSD = 'http://www.w3.org/2001/XMLSchema'
WSDL = 'http://schemas.xmlsoap.org/wsdl/'
SOAP_PATH = '/dvcqg/soap'
JSON_PREFIX = '/lgsp/dvcqg/'
TOKEN_PATH = '/oauth2/token'

# The contract's codes, as listed in the WSDL's documentation. The fake is
# the other side: it does not import the client's table.
MESSAGES = {
    '0': 'Thanh cong',
    '1': 'Phien lam viec khong hop le hoac da het han',
    '2': 'Du lieu khong hop le',
    '3': 'Ho so da ton tai',
    '4': 'Khong tim thay',
    '5': 'Sai ten dang nhap hoac mat khau',
    '6': 'Vuot qua so ban ghi cho phep trong mot lan goi',
    '7': 'Don vi khong duoc phep',
    '8': 'He thong dang ban, vui long thu lai sau',
    '9': 'Loi he thong',
}
LIMITS = {'DongBoHoSoMC': ('HoSo', 50), 'CapNhatTienDoHoSoMC': ('TienDo', 10),
          'DongBoDanhGia': ('DanhGia', 50), 'XacNhanHoSoMoi': ('XacNhan', 100)}
VN_OFFSET = datetime.timedelta(hours=7)


def portal_now(delta_seconds=0):
    """Now (plus a delta) as the contract's yyyyMMddHHmmss, Vietnam time."""
    now = datetime.datetime.utcnow() + VN_OFFSET + datetime.timedelta(seconds=delta_seconds)
    return now.strftime('%Y%m%d%H%M%S')


class Contract(object):
    """The schema of the WSDL: validation, and dict <-> XML in schema order."""

    def __init__(self, wsdl_path=WSDL_PATH):
        with open(wsdl_path, 'rb') as handle:
            self.wsdl_bytes = handle.read()
        root = etree.fromstring(self.wsdl_bytes)
        schema = root.find('{%s}types/{%s}schema' % (WSDL, XSD))
        self.tns = schema.get('targetNamespace')
        self.schema = etree.XMLSchema(schema)
        self.complex_types = dict((el.get('name'), el) for el in schema.findall('{%s}complexType' % XSD))
        self.simple_types = dict((el.get('name'), el) for el in schema.findall('{%s}simpleType' % XSD))
        self.elements = dict((el.get('name'), el) for el in schema.findall('{%s}element' % XSD))
        self.operations = [op.get('name') for op in root.findall('{%s}portType/{%s}operation' % (WSDL, WSDL))]
        self._children_cache = {}

    def _type(self, decl):
        """(namespace, local name) of a declaration's type attribute."""
        qname = decl.get('type')
        if not qname:
            return None, None
        prefix, _sep, local = qname.rpartition(':')
        return decl.nsmap.get(prefix or None), local

    def _complex(self, decl):
        inline = decl.find('{%s}complexType' % XSD)
        if inline is not None:
            return inline
        namespace, local = self._type(decl)
        return self.complex_types.get(local) if namespace == self.tns else None

    def _base(self, decl):
        """'int', 'bool', 'decimal', 'base64' or 'string' for a leaf."""
        simple = decl.find('{%s}simpleType' % XSD)
        while True:
            if simple is not None:
                restriction = simple.find('{%s}restriction' % XSD)
                namespace, local = self._type_of(restriction, 'base')
            else:
                namespace, local = self._type(decl)
            if namespace == self.tns and local in self.simple_types:
                simple = self.simple_types[local]
                continue
            return {'int': 'int', 'long': 'int', 'boolean': 'bool', 'decimal': 'decimal',
                    'base64Binary': 'base64'}.get(local, 'string')

    @staticmethod
    def _type_of(el, attribute):
        prefix, _sep, local = el.get(attribute).rpartition(':')
        return el.nsmap.get(prefix or None), local

    def children(self, decl):
        """[(name, declaration, repeated)] of a complex declaration, in order."""
        key = id(decl)
        if key not in self._children_cache:
            out = []
            complex_type = self._complex(decl)
            sequence = complex_type.find('{%s}sequence' % XSD)
            for child in sequence:
                group = child.findall('{%s}element' % XSD) if child.tag == '{%s}choice' % XSD \
                    else [child] if child.tag == '{%s}element' % XSD else []
                for el in group:
                    out.append((el.get('name'), el, (el.get('maxOccurs') or '1') != '1'))
            self._children_cache[key] = out
        return self._children_cache[key]

    def to_xml(self, name, data):
        """An element of the schema from a dict, children in schema order."""
        return self._build(self.elements[name], name, data)

    def _build(self, decl, name, value):
        el = etree.Element('{%s}%s' % (self.tns, name), nsmap={'tns': self.tns})
        if self._complex(decl) is None:
            el.text = self._text(decl, value)
            return el
        if not isinstance(value, dict):
            raise ValueError('%s: an object is expected' % name)
        for child_name, child_decl, _repeated in self.children(decl):
            if child_name not in value or value[child_name] is None:
                continue
            items = value[child_name]
            for item in items if isinstance(items, list) else [items]:
                el.append(self._build(child_decl, child_name, item))
        unknown = set(value) - set(n for n, _d, _r in self.children(decl))
        for child_name in sorted(unknown):  # the schema will refuse them
            extra = etree.SubElement(el, '{%s}%s' % (self.tns, child_name))
            extra.text = str(value[child_name])
        return el

    def _text(self, decl, value):
        if isinstance(value, bool):
            return 'true' if value else 'false'
        if isinstance(value, bytes):
            return base64.b64encode(value).decode('ascii')
        if isinstance(value, (dict, list)):
            return json.dumps(value)  # not a leaf value: the schema will refuse it
        return str(value)

    def to_dict(self, el, decl=None):
        """A dict from an element of the schema (lists where maxOccurs > 1)."""
        decl = decl if decl is not None else self.elements[etree.QName(el).localname]
        children = dict((n, (d, r)) for n, d, r in self.children(decl))
        out = OrderedDict()
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            child_decl, repeated = children[name]
            value = self.to_dict(child, child_decl) if self._complex(child_decl) is not None \
                else self._value(child_decl, child.text or '')
            if repeated:
                out.setdefault(name, []).append(value)
            else:
                out[name] = value
        return out

    def _value(self, decl, text):
        base = self._base(decl)
        if base == 'int':
            return int(text)
        if base == 'bool':
            return text.strip() in ('true', '1')
        if base == 'base64':
            return base64.b64decode(text)
        if base == 'decimal':
            number = Decimal(text)
            return int(number) if number == number.to_integral_value() else float(number)
        return text

    def validate(self, el):
        """None when valid, else the schema's first complaint."""
        if self.schema.validate(el):
            return None
        return str(self.schema.error_log.last_error)


class _Server(ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # a client that gave up (timeout) breaks the pipe: expected, quiet
        self.fake.server_errors += 1


class FakePortal(object):

    def __init__(self, madonvi='000.00.15.H64', username='hcc-connector', password='s3cret',
                 client_id='lgsp-client', client_secret='lgsp-secret', session_ttl=1800,
                 contract=None):
        self.contract = contract or Contract()
        self.madonvi = madonvi
        self.users = {username: (password, madonvi)}
        self.clients = {client_id: client_secret}
        self.session_ttl = session_ttl
        self.lock = threading.RLock()
        self.sessions = {}  # token -> (madonvi, expires epoch)
        self._failures = []
        self.reset()
        self.procedures = OrderedDict()
        self.code_lists = {}
        self.online = OrderedDict()  # MaHoSo -> HoSoTrucTuyen, until acknowledged
        self.seed_catalogue()
        self.server = None
        self.port = 0
        self.up()

    # -- life ------------------------------------------------------------------
    def up(self):
        fake = self

        class Handler(_Handler):
            portal = fake

        self.server = _Server(('127.0.0.1', self.port), Handler)
        self.server.fake = self
        self.port = self.server.server_address[1]
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()

    def down(self):
        """Connection refused until up()."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    stop = down

    @property
    def base_url(self):
        return 'http://127.0.0.1:%d' % self.port

    @property
    def url(self):
        return self.base_url + SOAP_PATH

    soap_url = url

    @property
    def wsdl_url(self):
        return self.url + '?wsdl'

    @property
    def json_url(self):
        return self.base_url + JSON_PREFIX.rstrip('/')

    @property
    def token_url(self):
        return self.base_url + TOKEN_PATH

    def reset(self):
        """Forget what was received (not the catalogue nor the sessions)."""
        with self.lock:
            self.received = []
            self.invalid = []
            self.invalid_answers = []
            self.calls = Counter()
            self.dossiers = {}
            self.dossier_pushes = Counter()
            self.dossier_creates = Counter()
            self.progress = {}
            self.progress_counts = Counter()
            self.ratings = {}
            self.rating_counts = Counter()
            self.acks = {}
            self.ack_counts = Counter()
            self.logins = 0
            self.token_requests = 0
            self.server_errors = 0

    # -- on demand ---------------------------------------------------------------
    def fail(self, mode, times=1, operation=None, seconds=3.0, code='9', process=True):
        """The next `times` requests (of `operation`, or any) fail as `mode`.
        'slow' handles the request (unless process=False) and answers after
        `seconds`: a client that timed out does not know it went through."""
        assert mode in ('close', 'slow', 'fault', 'malformed', 'http', 'error'), mode
        with self.lock:
            self._failures.append({'mode': mode, 'left': times, 'operation': operation,
                                   'seconds': seconds, 'code': code, 'process': process})

    def _take_failure(self, operation):
        with self.lock:
            for failure in self._failures:
                if failure['left'] > 0 and failure['operation'] in (None, operation):
                    failure['left'] -= 1
                    return failure
        return None

    def expire_sessions(self):
        """Every session and token dies: error_code 1 (HTTP 401 for JSON)."""
        with self.lock:
            self.sessions.clear()

    def add_session(self, token, madonvi=None, ttl=None):
        """A session token handed out by hand (the old `session` parameter)."""
        with self.lock:
            self.sessions[token] = (madonvi or self.madonvi, time.time() + (ttl or self.session_ttl))

    def _new_session(self, madonvi):
        token = uuid.uuid4().hex
        self.sessions[token] = (madonvi, time.time() + self.session_ttl)
        return token

    # -- data ----------------------------------------------------------------------
    def seed_catalogue(self):
        self.add_procedure({
            'MaTTHC': '2.001417', 'TenTTHC': 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam',
            'CoQuanThucHien': [{'MaCoQuan': '000.00.12.H64', 'TenCoQuan': 'Sở Tư pháp'}],
            'LinhVuc': {'MaLinhVuc': 'LLTP', 'TenLinhVuc': 'Lý lịch tư pháp'},
            'CapThucHien': ['TINH'], 'MucDo': 'TOANTRINH',
            'ThoiHanGiaiQuyet': [{'KenhThucHien': 2, 'ThoiGian': '10', 'DonViTinh': 'NGAYLAMVIEC'},
                                 {'KenhThucHien': 1, 'ThoiGian': '10', 'DonViTinh': 'NGAYLAMVIEC'}],
            'PhiLePhi': [{'MoTa': 'Phí cung cấp thông tin lý lịch tư pháp', 'SoTien': 200000}],
            'ThanhPhanHoSo': [
                {'TenGiayTo': 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', 'SoBanChinh': 1,
                 'SoBanSao': 0, 'BatBuoc': True},
                {'TenGiayTo': 'Bản chụp giấy tờ tùy thân', 'SoBanChinh': 0, 'SoBanSao': 1,
                 'BatBuoc': True}],
            'KetQuaThucHien': ['Phiếu lý lịch tư pháp'],
            'CanCuPhapLy': ['Luật Lý lịch tư pháp số 28/2009/QH12'],
            'NgayCapNhat': '20250701080000'})
        self.add_procedure({
            'MaTTHC': '1.001612', 'TenTTHC': 'Đăng ký thành lập doanh nghiệp tư nhân',
            'LinhVuc': {'MaLinhVuc': 'TLDN', 'TenLinhVuc': 'Thành lập và hoạt động doanh nghiệp'},
            'CapThucHien': ['TINH'], 'MucDo': 'MOTPHAN',
            'ThoiHanGiaiQuyet': [{'KenhThucHien': 1, 'ThoiGian': '3', 'DonViTinh': 'NGAYLAMVIEC'}],
            'ThanhPhanHoSo': [{'TenGiayTo': 'Giấy đề nghị đăng ký doanh nghiệp', 'SoBanChinh': 1}]})
        self.add_procedure({
            'MaTTHC': '1.004946', 'TenTTHC': 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
            'LinhVuc': {'MaLinhVuc': 'XD', 'TenLinhVuc': 'Hoạt động xây dựng'},
            'CapThucHien': ['XA'], 'MucDo': 'MOTPHAN',
            'ThoiHanGiaiQuyet': [{'KenhThucHien': 1, 'ThoiGian': '15', 'DonViTinh': 'NGAY'}]})
        self.code_lists = {
            'KENHTHUCHIEN': [{'Ma': '1', 'Ten': 'Trực tiếp'}, {'Ma': '2', 'Ten': 'Trực tuyến'},
                             {'Ma': '3', 'Ten': 'Bưu chính công ích'}],
            'MUCDOHAILONG': [{'Ma': '3', 'Ten': 'Rất hài lòng'}, {'Ma': '2', 'Ten': 'Hài lòng'},
                             {'Ma': '1', 'Ten': 'Không hài lòng'}],
            'LINHVUC': [{'Ma': 'LLTP', 'Ten': 'Lý lịch tư pháp'},
                        {'Ma': 'TLDN', 'Ten': 'Thành lập và hoạt động doanh nghiệp'},
                        {'Ma': 'XD', 'Ten': 'Hoạt động xây dựng'}],
            'COQUAN': [{'Ma': '000.00.15.H64', 'Ten': 'Trung tâm Phục vụ hành chính công'},
                       {'Ma': '000.00.12.H64', 'Ten': 'Sở Tư pháp', 'MaCha': '000.00.15.H64'}],
        }

    def add_procedure(self, thutuc):
        # the seed must follow the contract too
        error = self.contract.validate(self.contract.to_xml(
            'LayThuTucResponse', {'error_code': '0', 'ThuTuc': thutuc}))
        assert error is None, error
        with self.lock:
            self.procedures[thutuc['MaTTHC']] = thutuc

    def add_online_dossier(self, hoso):
        error = self.contract.validate(self.contract.to_xml(
            'LayDanhSachHoSoMoiResponse', {'error_code': '0', 'HoSo': [hoso]}))
        assert error is None, error
        with self.lock:
            self.online[hoso['MaHoSo']] = hoso

    # -- the operations --------------------------------------------------------
    def answer(self, code, **fields):
        return dict(fields, error_code=code, message=MESSAGES[code])

    def handle(self, operation, request, authenticated=False):
        """The answer (a dict) to a schema-valid request."""
        with self.lock:
            self.received.append((operation, request))
            if operation == 'LayPhienLamViec':
                return self.op_login(request)
            if not authenticated:
                session = self.sessions.get(request.get('session'))
                if session is None or session[1] < time.time():
                    return self.answer('1')
                if session[0] != request.get('madonvi'):
                    return self.answer('7')
            elif request.get('madonvi') != self.madonvi:
                return self.answer('7')
            return getattr(self, 'op_' + operation)(request)

    def op_login(self, request):
        user = self.users.get(request['username'])
        if user is None or user[0] != request['password']:
            return self.answer('5')
        if user[1] != request['madonvi']:
            return self.answer('7')
        self.logins += 1
        return self.answer('0', session=self._new_session(request['madonvi']),
                           HetHan=portal_now(self.session_ttl))

    def op_LayDanhSachTTHC(self, request):
        items = [p for p in self.procedures.values()
                 if not request.get('MaLinhVuc')
                 or (p.get('LinhVuc') or {}).get('MaLinhVuc') == request['MaLinhVuc']]
        page, size = request['TrangHienTai'], request['SoBanGhi']
        summaries = []
        for p in items[(page - 1) * size:page * size]:
            summary = OrderedDict((k, p[k]) for k in ('MaTTHC', 'TenTTHC', 'CapThucHien', 'MucDo',
                                                       'NgayCapNhat') if k in p)
            if p.get('LinhVuc'):
                summary['MaLinhVuc'] = p['LinhVuc']['MaLinhVuc']
                summary['TenLinhVuc'] = p['LinhVuc']['TenLinhVuc']
            summaries.append(summary)
        return self.answer('0', TongSoBanGhi=len(items), TrangHienTai=page, ThuTuc=summaries)

    def op_LayThuTuc(self, request):
        thutuc = self.procedures.get(request['MaTTHC'])
        return self.answer('0', ThuTuc=thutuc) if thutuc else self.answer('4')

    def op_LayDanhMuc(self, request):
        items = self.code_lists.get(request['LoaiDanhMuc'])
        return self.answer('0', DanhMuc=items) if items else self.answer('4')

    def op_DongBoHoSoMC(self, request):
        results = []
        for hoso in request['HoSo']:
            code_ = hoso['MaHoSo']
            if code_ in self.dossiers and not hoso.get('isUpdating'):
                results.append({'MaHoSo': code_, 'error_code': '3', 'message': MESSAGES['3']})
                continue
            if code_ not in self.dossiers:
                self.dossier_creates[code_] += 1
            self.dossiers[code_] = dict((k, v) for k, v in hoso.items() if k != 'isUpdating')
            self.dossier_pushes[code_] += 1
            results.append({'MaHoSo': code_, 'error_code': '0', 'message': MESSAGES['0']})
        failed = [r for r in results if r['error_code'] != '0']
        return self.answer(failed[0]['error_code'] if failed else '0', KetQua=results)

    def op_CapNhatTienDoHoSoMC(self, request):
        entries = request['TienDo']
        if any(e['MaHoSo'] not in self.dossiers for e in entries):
            return self.answer('4')  # all or nothing
        for entry in entries:
            self.progress.setdefault(entry['MaHoSo'], []).append(entry)
            self.progress_counts[(entry['MaHoSo'], entry['ThoiDiemXuLy'],
                                  entry.get('NoiDungXuLy'))] += 1
        return self.answer('0')

    def op_TraCuuHoSo(self, request):
        hoso = self.dossiers.get(request['MaHoSo'])
        if hoso is None:
            return self.answer('4')
        return self.answer('0', HoSo=hoso, TienDo=self.progress.get(request['MaHoSo'], []))

    def op_DongBoDanhGia(self, request):
        ratings = request['DanhGia']
        if any(r['MaHoSo'] not in self.dossiers for r in ratings):
            return self.answer('4')
        for rating in ratings:
            key = (rating['MaHoSo'], rating.get('MaCanBo'), rating.get('TieuChi'))
            self.ratings[key] = rating
            self.rating_counts[key] += 1
        return self.answer('0')

    def op_LayDanhSachHoSoMoi(self, request):
        return self.answer('0', HoSo=list(self.online.values())[:request['SoBanGhi']])

    def op_XacNhanHoSoMoi(self, request):
        acks = request['XacNhan']
        if any(a['MaHoSo'] not in self.online and a['MaHoSo'] not in self.acks for a in acks):
            return self.answer('4')
        for ack in acks:
            self.online.pop(ack['MaHoSo'], None)
            self.acks[ack['MaHoSo']] = ack
            self.ack_counts[ack['MaHoSo']] += 1
        return self.answer('0')

    # -- OAuth2 -------------------------------------------------------------------
    def issue_token(self, form, authorization):
        """(status, JSON answer) of the token endpoint."""
        client_id = (form.get('client_id') or [None])[0]
        secret = (form.get('client_secret') or [None])[0]
        if authorization and authorization.startswith('Basic '):
            try:
                client_id, _sep, secret = base64.b64decode(
                    authorization[6:]).decode('utf-8').partition(':')
            except (binascii.Error, UnicodeDecodeError):
                return 401, {'error': 'invalid_client'}
        if (form.get('grant_type') or [None])[0] != 'client_credentials':
            return 400, {'error': 'unsupported_grant_type'}
        with self.lock:
            self.token_requests += 1
            if client_id not in self.clients or self.clients[client_id] != secret:
                return 401, {'error': 'invalid_client'}
            token = self._new_session(self.madonvi)
        return 200, {'access_token': token, 'token_type': 'Bearer', 'expires_in': self.session_ttl}

    def token_valid(self, authorization):
        if not authorization or not authorization.startswith('Bearer '):
            return False
        with self.lock:
            session = self.sessions.get(authorization[7:])
            return session is not None and session[1] >= time.time()


class _Handler(BaseHTTPRequestHandler):
    portal = None  # set by FakePortal.up
    server_version = 'FakeDVCQG/1.0'

    def log_message(self, *args):
        pass  # quiet: the judge reads every log line

    # -- plumbing ------------------------------------------------------------------
    def _send(self, status, body, content_type):
        if isinstance(body, str):
            body = body.encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self):
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length)

    def do_GET(self):
        url = urlparse(self.path)
        if url.query.lower() in ('wsdl', 'wsdl='):
            return self._send(200, self.portal.contract.wsdl_bytes, 'text/xml; charset=utf-8')
        self._send(404, 'not found', 'text/plain')

    def do_POST(self):
        try:
            path = urlparse(self.path).path
            if path == TOKEN_PATH:
                return self._token()
            if path.startswith(JSON_PREFIX):
                return self._json(path[len(JSON_PREFIX):])
            if path == SOAP_PATH:
                return self._soap()
            self._send(404, 'not found', 'text/plain')
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up

    def _failure(self, operation, json_mode):
        """Act out an injected failure; True when the request ends here."""
        portal = self.portal
        failure = portal._take_failure(operation)
        if failure is None:
            return None
        mode = failure['mode']
        if mode == 'close':
            self.close_connection = True
            return True
        if mode == 'fault':
            if json_mode:
                self._send(500, json.dumps({'error': 'internal'}), 'application/json')
            else:
                self._send(500, _fault('soap:Server', 'He thong gap su co'), 'text/xml; charset=utf-8')
            return True
        if mode == 'malformed':
            self._send(200, '<html><body>Bad gateway: upstream', 'text/html')
            return True
        if mode == 'http':
            self._send(502, '<html><body>502 Bad Gateway</body></html>', 'text/html')
            return True
        if mode == 'error':
            answer = portal.answer(failure['code'])
            self._answer(operation, answer, json_mode)
            return True
        return failure  # slow: handled, then answered late

    def _answer(self, operation, answer, json_mode, delay=0):
        contract = self.portal.contract
        element = contract.to_xml(operation + 'Response', answer)
        error = contract.validate(element)
        if error:
            self.portal.invalid_answers.append((operation, error))
            body, status, ctype = _fault('soap:Server', 'fake portal broke the contract'), 500, \
                'text/xml; charset=utf-8'
        elif json_mode:
            # through the XML: the JSON answer carries the schema's types
            body = json.dumps(_jsonable(contract.to_dict(element)), ensure_ascii=False)
            status, ctype = 200, 'application/json; charset=utf-8'
        else:
            body = _envelope(element)
            status, ctype = 200, 'text/xml; charset=utf-8'
        if delay:
            time.sleep(delay)
        self._send(status, body, ctype)

    # -- SOAP --------------------------------------------------------------------
    def _soap(self):
        portal = self.portal
        try:
            envelope = etree.fromstring(self._body())
            request = envelope.find('{%s}Body' % SOAP_ENV)[0]
        except (etree.XMLSyntaxError, TypeError, IndexError):
            return self._send(500, _fault('soap:Client', 'Not a SOAP envelope'), 'text/xml; charset=utf-8')
        qname = etree.QName(request)
        operation = qname.localname
        if qname.namespace != portal.contract.tns or operation not in portal.contract.operations:
            return self._send(500, _fault('soap:Client', 'Unknown operation'), 'text/xml; charset=utf-8')
        with portal.lock:
            portal.calls[operation] += 1
        failure = self._failure(operation, False)
        if failure is True:
            return
        self._process(operation, request, False, failure)

    def _process(self, operation, element, json_mode, failure, authenticated=False):
        portal = self.portal
        delay = failure['seconds'] if failure else 0
        if failure and not failure['process']:
            time.sleep(delay)
            return self._answer(operation, portal.answer('9'), json_mode)
        error = portal.contract.validate(element)
        if operation in LIMITS:
            key, limit = LIMITS[operation]
            if len(element.findall('{%s}%s' % (portal.contract.tns, key))) > limit:
                # said before the schema's own maxOccurs complaint
                error = 'too many %s' % key
        if error:
            with portal.lock:
                portal.invalid.append((operation, error))
            if error.startswith('too many'):
                answer = portal.answer('6')
            else:
                answer = dict(portal.answer('2'), message='%s: %s' % (MESSAGES['2'], error))
        else:
            answer = portal.handle(operation, portal.contract.to_dict(element), authenticated)
        self._answer(operation, answer, json_mode, delay)

    # -- JSON / OAuth2 -------------------------------------------------------------
    def _token(self):
        form = parse_qs(self._body().decode('utf-8'))
        status, answer = self.portal.issue_token(form, self.headers.get('Authorization'))
        self._send(status, json.dumps(answer), 'application/json')

    def _json(self, operation):
        portal = self.portal
        if operation not in portal.contract.operations or operation == 'LayPhienLamViec':
            return self._send(404, json.dumps({'error': 'unknown operation'}), 'application/json')
        authorization = self.headers.get('Authorization')
        with portal.lock:
            portal.calls[operation] += 1
        if not portal.token_valid(authorization):
            return self._send(401, json.dumps({'error': 'invalid_token'}), 'application/json')
        failure = self._failure(operation, True)
        if failure is True:
            return
        try:
            body = json.loads(self._body().decode('utf-8'))
            if not isinstance(body, dict):
                raise ValueError
            body['session'] = authorization[7:]
            element = portal.contract.to_xml(operation, body)
        except ValueError as exc:
            with portal.lock:
                portal.invalid.append((operation, str(exc) or 'not a JSON object'))
            return self._answer(operation, portal.answer('2'), True)
        self._process(operation, element, True, failure, authenticated=True)


def _fault(code, text):
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<soap:Envelope xmlns:soap="%s"><soap:Body><soap:Fault>'
            '<faultcode>%s</faultcode><faultstring>%s</faultstring>'
            '</soap:Fault></soap:Body></soap:Envelope>' % (SOAP_ENV, code, text))


def _envelope(element):
    envelope = etree.Element('{%s}Envelope' % SOAP_ENV, nsmap={'soap': SOAP_ENV})
    etree.SubElement(envelope, '{%s}Body' % SOAP_ENV).append(element)
    return etree.tostring(envelope, xml_declaration=True, encoding='utf-8')


def _jsonable(value):
    if isinstance(value, dict):
        return dict((k, _jsonable(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode('ascii')
    return value


def start(test, **options):
    """A FakePortal for a unittest TestCase, stopped when the test ends."""
    portal = FakePortal(**options)
    test.addCleanup(portal.stop)
    return portal
