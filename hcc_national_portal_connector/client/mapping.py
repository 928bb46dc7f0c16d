"""Local values <-> National Public Service Portal fields, in one place.

Local side: plain dicts with the keys of our models (Odoo 11 datetimes as
naive UTC 'YYYY-MM-DD HH:MM:SS' strings, selections as their keys). Portal
side: the field names of wsdl/dvcqg.wsdl, dates as yyyyMMddHHmmss in Vietnam
time. Both transports (SOAP, JSON) send and receive these dicts.

Bad input raises ValueError with a message naming the field, never its
value (values are names, phones, ID numbers).
"""
import base64
import binascii
import datetime

import pytz

VN_TZ = pytz.timezone('Asia/Ho_Chi_Minh')
PORTAL_DATE_FORMAT = '%Y%m%d%H%M%S'
ODOO_DATETIME_FORMAT = '%Y-%m-%d %H:%M:%S'
MAX_PROGRESS_PER_CALL = 10  # CapNhatTienDoHoSoMC refuses more

# lengths of the contract's string types
CODE_MAX, SHORT_MAX, TEXT_MAX = 64, 500, 2000

# local plain key -> national field name, in the contract's order
DOSSIER_FIELDS = (
    ('code', 'MaHoSo'),
    ('procedure_code', 'MaTTHC'),
    ('procedure_name', 'TenTTHC'),
    ('agency_code', 'MaCoQuan'),
    ('sector_code', 'MaLinhVuc'),
    ('applicant_type', 'LoaiDoiTuong'),
    ('applicant_name', 'ChuHoSo'),
    ('applicant_id_number', 'SoGiayToChuHoSo'),
    ('applicant_tax_code', 'MaSoThue'),
    ('applicant_phone', 'SoDienThoai'),
    ('applicant_email', 'Email'),
    ('applicant_address', 'DiaChi'),
    ('channel', 'KenhThucHien'),
    ('national_status', 'TrangThaiHoSo'),
    ('received_at', 'NgayTiepNhan'),
    ('due_at', 'NgayHenTra'),
    ('finished_at', 'NgayKetThucXuLy'),
    ('returned_at', 'NgayTraKetQua'),
    ('upstream_code', 'MaHoSoQG'),
)
DATE_KEYS = frozenset(['received_at', 'due_at', 'finished_at', 'returned_at'])
INT_KEYS = frozenset(['channel', 'national_status'])
CODE_KEYS = frozenset(['code', 'procedure_code', 'agency_code', 'sector_code',
                       'applicant_id_number', 'applicant_tax_code', 'applicant_phone',
                       'upstream_code'])
REQUIRED_KEYS = ('code', 'procedure_code', 'channel', 'national_status')

APPLICANT_TYPES = {'citizen': 1, 'organisation': 2}
CHANNELS = (1, 2, 3)  # KenhThucHien: direct, online, public postal service
LEVELS = {'TINH': 'province', 'HUYEN': 'district', 'XA': 'commune'}  # CapThucHien
ONLINE_LEVELS = {'TOANTRINH': 'full', 'MOTPHAN': 'partial', 'KHONG': 'none'}  # MucDo
TIME_UNITS = {'NGAYLAMVIEC': 'day', 'GIOLAMVIEC': 'hour', 'NGAY': 'day'}  # DonViTinh
RETURN_METHODS = {1: 'counter', 2: 'post', 3: 'online'}  # HinhThucNhanKetQua
CRITERIA = {'overall': 'TONGTHE', 'attitude': 'THAIDO', 'time': 'THOIGIAN', 'result': 'KETQUA'}
ACK_TAKEN_IN, ACK_REFUSED = 1, 2  # XacNhanHoSoMoi KetQua


def _empty(value):
    return value is None or value is False or value == ''


def _check_length(national, value, limit):
    if len(value) > limit:
        raise ValueError("%s is longer than %d characters" % (national, limit))
    return value


def _int_in(national, value, allowed):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError("%s must be a number" % national)
    if number not in allowed:
        raise ValueError("%s must be within %d..%d, not %d"
                         % (national, min(allowed), max(allowed), number))
    return number


# -- dates ---------------------------------------------------------------------
def format_date(value):
    """A naive UTC datetime (or Odoo's 'YYYY-MM-DD HH:MM:SS' string) as the
    portal's yyyyMMddHHmmss in Vietnam time; empty values give None."""
    if _empty(value):
        return None
    if isinstance(value, str):
        value = datetime.datetime.strptime(value[:19], ODOO_DATETIME_FORMAT)
    if value.tzinfo is None:
        value = pytz.utc.localize(value)
    return value.astimezone(VN_TZ).strftime(PORTAL_DATE_FORMAT)


def parse_date(value, field='date'):
    """The portal's yyyyMMddHHmmss (Vietnam time) as a naive UTC datetime."""
    if _empty(value):
        return None
    text = str(value).strip()
    try:
        if len(text) != 14 or not text.isdigit():
            raise ValueError
        local = datetime.datetime.strptime(text, PORTAL_DATE_FORMAT)
    except ValueError:
        raise ValueError("%s is not a yyyyMMddHHmmss date" % field)
    return VN_TZ.localize(local).astimezone(pytz.utc).replace(tzinfo=None)


def to_odoo_datetime(value, field='date'):
    """The portal's date as Odoo 11's UTC string, or False."""
    parsed = parse_date(value, field)
    return parsed.strftime(ODOO_DATETIME_FORMAT) if parsed else False


# -- dossiers up and back ------------------------------------------------------
def dossier_payload(values):
    """National DongBoHoSoMC fields from a plain dict of dossier values.

    Empty optional values are left out (the portal rejects empty dates);
    a missing code, procedure code, channel or status is an error.
    """
    missing = [key for key in REQUIRED_KEYS if _empty(values.get(key))]
    if missing:
        raise ValueError("Dossier data lacks %s" % ', '.join(missing))
    payload = {}
    for key, national in DOSSIER_FIELDS:
        value = values.get(key)
        if _empty(value):
            continue
        if key in DATE_KEYS:
            value = format_date(value)
        elif key == 'channel':
            value = _int_in(national, value, CHANNELS)
        elif key == 'national_status':
            value = _int_in(national, value, range(1, 11))
        elif key == 'applicant_type':
            if value not in APPLICANT_TYPES:
                raise ValueError("LoaiDoiTuong: unknown applicant type")
            value = APPLICANT_TYPES[value]
        else:
            value = _check_length(national, str(value).strip(),
                                  CODE_MAX if key in CODE_KEYS else
                                  TEXT_MAX if key == 'procedure_name' else SHORT_MAX)
            if not value:
                continue
        payload[national] = value
    if values.get('is_update'):
        payload['isUpdating'] = True
    return payload


def dossier_values(hoso):
    """Local values from a national HoSoMC dict (TraCuuHoSo): the inverse of
    dossier_payload."""
    national_to_local = dict((national, key) for key, national in DOSSIER_FIELDS)
    types = dict((number, name) for name, number in APPLICANT_TYPES.items())
    values = {}
    for national, value in hoso.items():
        key = national_to_local.get(national)
        if key is None or _empty(value):
            continue
        if key in DATE_KEYS:
            value = to_odoo_datetime(value, national)
        elif key == 'channel':
            value = str(_int_in(national, value, CHANNELS))
        elif key == 'national_status':
            value = _int_in(national, value, range(1, 11))
        elif key == 'applicant_type':
            value = types.get(int(value))
        values[key] = value
    return values


# -- progress ------------------------------------------------------------------
def progress_payload(values):
    """A CapNhatTienDoHoSoMC entry from a processing log line: keys code,
    date (required), user_name, job_title, department_name, note, step_due,
    national_status."""
    if _empty(values.get('code')) or _empty(values.get('date')):
        raise ValueError("Progress entry lacks code or date")
    entry = {'MaHoSo': _check_length('MaHoSo', values['code'], CODE_MAX),
             'ThoiDiemXuLy': format_date(values['date'])}
    for key, national, limit in (('user_name', 'NguoiXuLy', SHORT_MAX),
                                 ('job_title', 'ChucDanh', SHORT_MAX),
                                 ('department_name', 'PhongBanXuLy', SHORT_MAX),
                                 ('note', 'NoiDungXuLy', TEXT_MAX)):
        if not _empty(values.get(key)):
            entry[national] = _check_length(national, values[key], limit)
    if not _empty(values.get('step_due')):
        entry['HanXuLy'] = format_date(values['step_due'])
    if not _empty(values.get('national_status')):
        entry['TrangThai'] = _int_in('TrangThai', values['national_status'], range(1, 11))
    return entry


def progress_batches(entries, size=MAX_PROGRESS_PER_CALL):
    """Split progress entries into lists of at most `size` (<= 10), in order."""
    if not 1 <= size <= MAX_PROGRESS_PER_CALL:
        raise ValueError("Batch size must be within 1..%d" % MAX_PROGRESS_PER_CALL)
    entries = list(entries)
    return [entries[i:i + size] for i in range(0, len(entries), size)]


# -- ratings -------------------------------------------------------------------
def rating_payload(values):
    """A DongBoDanhGia entry from a rating: keys dossier_code, agency_code,
    level ('1'..'3'), rated_at (required), official_code, official_name,
    criterion, comment. A comment longer than the portal takes is cut (the
    full text stays with us)."""
    missing = [key for key in ('dossier_code', 'agency_code', 'level', 'rated_at')
               if _empty(values.get(key))]
    if missing:
        raise ValueError("Rating data lacks %s" % ', '.join(missing))
    entry = {
        'MaHoSo': _check_length('MaHoSo', values['dossier_code'], CODE_MAX),
        'MaCoQuan': _check_length('MaCoQuan', values['agency_code'], CODE_MAX),
        'MucDoHaiLong': _int_in('MucDoHaiLong', values['level'], (1, 2, 3)),
        'NgayDanhGia': format_date(values['rated_at']),
    }
    if not _empty(values.get('official_code')):
        entry['MaCanBo'] = _check_length('MaCanBo', str(values['official_code']), CODE_MAX)
    if not _empty(values.get('official_name')):
        entry['TenCanBo'] = _check_length('TenCanBo', values['official_name'], SHORT_MAX)
    if not _empty(values.get('criterion')):
        if values['criterion'] not in CRITERIA:
            raise ValueError("TieuChi: unknown criterion")
        entry['TieuChi'] = CRITERIA[values['criterion']]
    comment = (values.get('comment') or '').strip()
    if comment:
        entry['NoiDung'] = comment[:TEXT_MAX]
    return entry


# -- catalogue down ------------------------------------------------------------
def _level(levels):
    for level in levels or []:
        if level in LEVELS:
            return LEVELS[level]
    return None


def procedure_summary(item):
    """Local values of a LayDanhSachTTHC item."""
    return {
        'national_code': item['MaTTHC'],
        'name': item['TenTTHC'],
        'sector_code': item.get('MaLinhVuc') or False,
        'sector_name': item.get('TenLinhVuc') or False,
        'level': _level(item.get('CapThucHien')) or False,
        'online_level': ONLINE_LEVELS.get(item.get('MucDo')) or False,
        'updated_at': to_odoo_datetime(item.get('NgayCapNhat'), 'NgayCapNhat'),
    }


def procedure_values(thutuc):
    """Local values of a LayThuTuc procedure: the national fields of
    hcc.procedure (steps are ours and never come from the portal).

    legal_amount/legal_unit come from the direct channel's time limit (the
    first one when there is none); calendar days (NGAY) have no local unit:
    they come as days with legal_calendar_days set, for someone to check.
    """
    values = procedure_summary(thutuc)
    sector = thutuc.get('LinhVuc') or {}
    values.update(sector_code=sector.get('MaLinhVuc') or False,
                  sector_name=sector.get('TenLinhVuc') or False)
    values['agencies'] = [{'code': a.get('MaCoQuan') or False, 'name': a['TenCoQuan']}
                          for a in thutuc.get('CoQuanThucHien', [])]
    limits = thutuc.get('ThoiHanGiaiQuyet', [])
    limit = next((l for l in limits if int(l['KenhThucHien']) == 1), limits[0] if limits else None)
    if limit:
        unit = limit['DonViTinh']
        if unit not in TIME_UNITS:
            raise ValueError("ThoiHanGiaiQuyet: unknown unit")
        values.update(legal_amount=float(limit['ThoiGian']), legal_unit=TIME_UNITS[unit],
                      legal_calendar_days=unit == 'NGAY')
    values['fees'] = [{'name': fee['MoTa'], 'amount': float(fee['SoTien'])}
                      for fee in thutuc.get('PhiLePhi', [])]
    values['documents'] = [{
        'name': doc['TenGiayTo'],
        'originals': int(doc.get('SoBanChinh') or 0),
        'copies': int(doc.get('SoBanSao') or 0),
        'mandatory': bool(doc.get('BatBuoc', True)),
        'template_url': doc.get('MauDon') or False,
    } for doc in thutuc.get('ThanhPhanHoSo', [])]
    values['result_documents'] = [{'name': name} for name in thutuc.get('KetQuaThucHien', [])]
    values['legal_basis'] = '\n'.join(thutuc.get('CanCuPhapLy', [])) or False
    return values


def code_list(items):
    """LayDanhMuc items as [{'code', 'name', 'parent_code'}]."""
    return [{'code': item['Ma'], 'name': item['Ten'], 'parent_code': item.get('MaCha') or False}
            for item in items]


# -- dossiers filed online, down -----------------------------------------------
def _document(index, doc):
    content = doc.get('NoiDung')
    if isinstance(content, str):  # JSON carries base64 text, zeep decoded bytes
        try:
            content = base64.b64decode(content.encode('ascii'), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise ValueError("GiayTo %d: NoiDung is not base64" % index)
    if not content and not doc.get('DuongDan'):
        raise ValueError("GiayTo %d has neither NoiDung nor DuongDan" % index)
    return {'name': doc['TenGiayTo'], 'filename': doc['TenTep'],
            'mimetype': doc.get('LoaiTep') or False,
            'content': content or False, 'url': doc.get('DuongDan') or False}


def online_dossier_values(item):
    """Local dossier values of a LayDanhSachHoSoMoi dossier: channel online,
    the portal's code as upstream_code, documents with their bytes (or URL)."""
    for key in ('MaHoSo', 'MaTTHC', 'NgayNop', 'ChuHoSo'):
        if _empty(item.get(key)):
            raise ValueError("Online dossier lacks %s" % key)
    applicant = item['ChuHoSo']
    if _empty(applicant.get('HoTen')):
        raise ValueError("Online dossier lacks ChuHoSo.HoTen")
    types = dict((number, name) for name, number in APPLICANT_TYPES.items())
    values = {
        'upstream_code': item['MaHoSo'],
        'procedure_code': item['MaTTHC'],
        'procedure_name': item.get('TenTTHC') or False,
        'channel': '2',
        'filed_at': to_odoo_datetime(item['NgayNop'], 'NgayNop'),
        'applicant_name': applicant['HoTen'],
        'applicant_type': types.get(int(applicant.get('LoaiDoiTuong') or 1), 'citizen'),
        'applicant_id_number': applicant.get('SoGiayTo') or False,
        'applicant_tax_code': applicant.get('MaSoThue') or False,
        'applicant_phone': applicant.get('SoDienThoai') or False,
        'applicant_email': applicant.get('Email') or False,
        'applicant_address': applicant.get('DiaChi') or False,
        'request_note': item.get('NoiDungYeuCau') or False,
        'return_method': RETURN_METHODS.get(int(item.get('HinhThucNhanKetQua') or 0), False),
    }
    values['documents'] = [_document(i, doc) for i, doc in enumerate(item.get('GiayTo', []), 1)]
    return values


def ack_payload(upstream_code, accepted, local_code=None, reason=None, date=None):
    """An XacNhanHoSoMoi entry: taken in (with our dossier code) or refused
    (with the reason the applicant will read)."""
    if _empty(upstream_code):
        raise ValueError("Acknowledgement lacks MaHoSo")
    entry = {'MaHoSo': upstream_code, 'KetQua': ACK_TAKEN_IN if accepted else ACK_REFUSED,
             'NgayXuLy': format_date(date or datetime.datetime.utcnow())}
    if accepted:
        if _empty(local_code):
            raise ValueError("A dossier taken in needs its local code")
        entry['MaHoSoDiaPhuong'] = local_code
    else:
        if _empty(reason):
            raise ValueError("A refusal needs its reason")
        entry['LyDo'] = _check_length('LyDo', reason, TEXT_MAX)
    return entry
