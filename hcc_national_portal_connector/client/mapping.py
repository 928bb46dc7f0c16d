"""Local dossier data -> National Public Service Portal messages."""
import datetime

import pytz

VN_TZ = pytz.timezone('Asia/Ho_Chi_Minh')
PORTAL_DATE_FORMAT = '%Y%m%d%H%M%S'
ODOO_DATETIME_FORMAT = '%Y-%m-%d %H:%M:%S'
MAX_PROGRESS_PER_CALL = 10  # CapNhatTienDoHoSoMC refuses more

# local plain key -> national field name
DOSSIER_FIELDS = (
    ('code', 'MaHoSo'),
    ('procedure_code', 'MaTTHC'),
    ('procedure_name', 'TenTTHC'),
    ('applicant_name', 'ChuHoSo'),
    ('applicant_phone', 'SoDienThoai'),
    ('channel', 'KenhThucHien'),
    ('national_status', 'TrangThaiHoSo'),
    ('received_at', 'NgayTiepNhan'),
    ('due_at', 'NgayHenTra'),
    ('finished_at', 'NgayKetThucXuLy'),
)
DATE_KEYS = frozenset(['received_at', 'due_at', 'finished_at'])
INT_KEYS = frozenset(['channel', 'national_status'])
REQUIRED_KEYS = ('code', 'procedure_code', 'channel', 'national_status')


def format_date(value):
    """A naive UTC datetime (or Odoo's 'YYYY-MM-DD HH:MM:SS' string) as the
    portal's yyyyMMddHHmmss in Vietnam time; empty values give None."""
    if not value:
        return None
    if isinstance(value, str):
        value = datetime.datetime.strptime(value[:19], ODOO_DATETIME_FORMAT)
    if value.tzinfo is None:
        value = pytz.utc.localize(value)
    return value.astimezone(VN_TZ).strftime(PORTAL_DATE_FORMAT)


def dossier_payload(values):
    """National DongBoHoSoMC fields from a plain dict of dossier values.

    Empty optional values are left out (the portal rejects empty dates);
    a missing code, procedure code, channel or status is an error.
    """
    missing = [key for key in REQUIRED_KEYS if not values.get(key)]
    if missing:
        raise ValueError("Dossier data lacks %s" % ', '.join(missing))
    payload = {}
    for key, national in DOSSIER_FIELDS:
        value = values.get(key)
        if value in (None, False, ''):
            continue
        if key in DATE_KEYS:
            value = format_date(value)
        elif key in INT_KEYS:
            value = int(value)
            if key == 'channel' and value not in (1, 2, 3):
                raise ValueError("KenhThucHien must be 1, 2 or 3, not %r" % value)
            if key == 'national_status' and not 1 <= value <= 10:
                raise ValueError("TrangThaiHoSo must be within 1..10, not %r" % value)
        payload[national] = value
    return payload


def progress_batches(entries, size=MAX_PROGRESS_PER_CALL):
    """Split progress entries into lists of at most `size` (<= 10), in order."""
    if not 1 <= size <= MAX_PROGRESS_PER_CALL:
        raise ValueError("Batch size must be within 1..%d" % MAX_PROGRESS_PER_CALL)
    entries = list(entries)
    return [entries[i:i + size] for i in range(0, len(entries), size)]
