"""The exchange log: one row per call to the National Portal (time,
operation, dossier, duration, outcome, SHA-256 of the request and of the
answer), kept for audit and purged after N days by a housekeeping job.

Bodies are NOT stored: they hold the applicant's name, ID number and phone,
and the log is read by managers and supervisors (rows of a dossier follow
the dossier's visibility) and by IT staff (rows without a dossier: login,
catalogue). The hashes are of the request fields and answer data as
canonical JSON (sorted keys, UTF-8), the same for both transports: whoever
holds a body (the portal, a backup) can prove it is the one exchanged.

Inside a job the rows are buffered and written after the job's savepoint,
so the calls of an attempt that failed (and was rolled back) stay logged.
"""
import hashlib
import json
import logging
import threading
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.hcc_one_stop.domain.jobs import PermanentJobError

from ..client import errors

_logger = logging.getLogger(__name__)

KEEP_DAYS_PARAM = 'hcc_national_portal_connector.exchange_keep_days'
DEFAULT_KEEP_DAYS = 365
OUTCOMES = [('ok', 'OK'), ('refused', 'Refused by the portal'), ('failed', 'No usable answer')]

_local = threading.local()

_INSERT = """
    INSERT INTO hcc_portal_exchange (date, operation, dossier_id, dossier_code, duration_ms,
                                     outcome, code, message, request_hash, answer_hash,
                                     record_count, job_id, create_uid, create_date,
                                     write_uid, write_date)
    VALUES %s"""


def _hash(value):
    if value is None:
        return False
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=_default)
    return hashlib.sha256(text.encode('utf-8')).hexdigest()


def _default(value):
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()  # documents: their digest
    return str(value)


def _dossier_codes(fields_):
    """The MaHoSo values of a request (one or many)."""
    codes = []
    if fields_.get('MaHoSo'):
        codes.append(fields_['MaHoSo'])
    for key in ('HoSo', 'TienDo', 'DanhGia', 'XacNhan'):
        for item in fields_.get(key) or []:
            if isinstance(item, dict) and item.get('MaHoSo'):
                codes.append(item['MaHoSo'])
    return codes


class Buffer(object):
    """What a job's calls leave behind, written after its savepoint."""

    def __init__(self):
        self.exchanges = []
        self.after = []  # callables(env) run after the job, in order


def current_buffer():
    stack = getattr(_local, 'stack', None)
    return stack[-1] if stack else None


def push_buffer():
    buffer = Buffer()
    _local.stack = getattr(_local, 'stack', []) + [buffer]
    return buffer


def pop_buffer():
    _local.stack = _local.stack[:-1]


class HccPortalExchange(models.Model):
    _name = 'hcc.portal.exchange'
    _description = 'National Portal exchange'
    _order = 'date desc, id desc'
    _rec_name = 'operation'

    date = fields.Datetime(required=True, index=True, readonly=True)
    operation = fields.Char(required=True, index=True, readonly=True)
    dossier_id = fields.Many2one('hcc.dossier', string='Dossier', index=True, readonly=True,
                                 ondelete='set null', auto_join=True)
    dossier_code = fields.Char(string='Dossier code', index=True, readonly=True,
                               help='MaHoSo of the first dossier in the request.')
    record_count = fields.Integer(string='Records', readonly=True,
                                  help='Dossiers, progress entries or ratings in the request.')
    duration_ms = fields.Integer(string='Duration (ms)', readonly=True)
    outcome = fields.Selection(OUTCOMES, required=True, index=True, readonly=True)
    code = fields.Char(string='Answer code', index=True, readonly=True)
    code_meaning = fields.Char(compute='_compute_code_meaning', string='Meaning')
    message = fields.Char(string='Answer message', readonly=True)
    request_hash = fields.Char(string='Request SHA-256', readonly=True)
    answer_hash = fields.Char(string='Answer SHA-256', readonly=True)
    job_id = fields.Many2one('hcc.job', string='Job', readonly=True, ondelete='set null')

    @api.depends('code')
    def _compute_code_meaning(self):
        for rec in self:
            rec.code_meaning = errors.describe(rec.code) if rec.code else False

    @api.model
    def _observer(self):
        """The client's observer: buffered inside a job, else written now."""
        env = self.env

        def observe(operation, request, result, duration_ms):
            codes = _dossier_codes(request)
            count = max(len(codes), 1) if codes else 0
            row = {
                'date': fields.Datetime.now(), 'operation': operation,
                'dossier_code': codes[0] if codes else None,
                'duration_ms': int(duration_ms), 'record_count': count,
                'outcome': 'ok' if result.ok else (
                    'failed' if result.code in errors.CLIENT_CODES else 'refused'),
                'code': result.code, 'message': (result.message or '')[:250] or None,
                'request_hash': _hash(request) if request else None,
                'answer_hash': _hash(result.data) if result.data is not None else None,
            }
            buffer = current_buffer()
            if buffer is not None:
                buffer.exchanges.append(row)
            else:
                env['hcc.portal.exchange'].sudo()._write_rows([row])
        return observe

    @api.model
    def _write_rows(self, rows, job_id=None):
        """One INSERT for many rows; dossier ids resolved from the codes."""
        if not rows:
            return
        codes = list(set(r['dossier_code'] for r in rows if r['dossier_code']))
        ids = {}
        if codes:
            self.env.cr.execute("SELECT name, id FROM hcc_dossier WHERE name IN %s",
                                (tuple(codes),))
            ids = dict(self.env.cr.fetchall())
        now = fields.Datetime.now()
        uid = self.env.uid
        values = [(r['date'], r['operation'], ids.get(r['dossier_code']), r['dossier_code'],
                   r['duration_ms'], r['outcome'], r['code'], r['message'], r['request_hash'],
                   r['answer_hash'], r['record_count'], job_id, uid, now, uid, now)
                  for r in rows]
        cr = self.env.cr
        template = '(' + ','.join(['%s'] * 16) + ')'
        cr.execute(_INSERT % ','.join(cr.mogrify(template, v).decode('utf-8') for v in values))

    # -------------------------------------------------------- housekeeping
    @api.model
    def _cron_enqueue_purge(self):
        """Queue today's purge (once a day whatever the number of calls)."""
        param = self.env['ir.config_parameter'].sudo().get_param(KEEP_DAYS_PARAM)
        try:
            days = int(param or DEFAULT_KEEP_DAYS)
        except ValueError:
            days = DEFAULT_KEEP_DAYS
        return self.env['hcc.job'].sudo().enqueue(
            'housekeeping', self.browse(), '_job_purge', payload={'days': days},
            identity_key='hcc.portal.exchange:purge:%s' % fields.Date.context_today(self))

    @api.model
    def _job_purge(self, job):
        days = job._load_payload().get('days')
        if not isinstance(days, int) or isinstance(days, bool) or not 30 <= days <= 36500:
            raise PermanentJobError('days must be a whole number from 30 to 36500')
        limit = fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=days)
        self.env.cr.execute("DELETE FROM hcc_portal_exchange WHERE date < %s",
                            (fields.Datetime.to_string(limit),))
        deleted = self.env.cr.rowcount
        self.invalidate_cache()
        return '%d exchanges deleted' % deleted
