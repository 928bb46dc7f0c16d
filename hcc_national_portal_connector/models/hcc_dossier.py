"""The dossier's side of the National Portal: every change (an event with
its processing-log line) queues one job on the shared job mechanism
(channel 'portal', identity key per dossier and log line: a line is never
queued twice). The job pushes the dossier (DongBoHoSoMC) and then every
log line of the dossier not yet on the portal (CapNhatTienDoHoSoMC, at most
10 per call), so the dossier always goes before its progress and a job
whose line an earlier job already took along has nothing left to do.

What is on the portal is recorded on our side: `portal_sent` on each log
line, `portal_known` on the dossier. A call that ended without a clear
answer (timeout, connection closed, fault...) may have gone through: the
dossier is then marked `portal_check_first` and the next attempt looks it up
(TraCuuHoSo) and sends only the lines the portal lacks. The dossier push
itself is safe to repeat: "already exists" (code 3) goes again as an update.
"""
import base64
import logging
import uuid

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.hcc_one_stop.domain import jobs, states
from odoo.addons.hcc_one_stop.domain.jobs import PermanentJobError, RetryableJobError

from ..client import errors, mapping
from .hcc_portal_exchange import current_buffer

_logger = logging.getLogger(__name__)

PORTAL_CHANNEL = 'portal'
ONLINE = '2'  # KenhThucHien / hcc.dossier.channel: filed online
LOCK_KEY = 7061  # pg advisory lock namespace: one worker per dossier
SYNC_STATES = [
    ('none', 'Not sent'),
    ('pending', 'Waiting'),
    ('retrying', 'Retrying'),
    ('synced', 'On the portal'),
    ('failed', 'Failed'),
]
# a call that may have gone through although no answer said so
AMBIGUOUS = frozenset([errors.TIMEOUT, errors.UNREACHABLE, errors.FAULT, errors.MALFORMED,
                       errors.HTTP_ERROR, errors.INTERNAL])
# retrying unchanged cannot help: someone must fix the data
PERMANENT = frozenset([errors.INVALID_DATA, errors.TOO_MANY, errors.INVALID_REQUEST])
MANAGERS = ('hcc_one_stop.group_hcc_manager', 'base.group_system')


def progress_key(entry):
    """What identifies a progress entry on the portal (TraCuuHoSo)."""
    return (entry.get('ThoiDiemXuLy'), entry.get('NoiDungXuLy') or '')


class HccDossier(models.Model):
    _inherit = 'hcc.dossier'

    portal_sync_state = fields.Selection(SYNC_STATES, string='National Portal', default='none',
                                         readonly=True, copy=False, index=True)
    portal_last_code = fields.Char(string='Last portal answer code', readonly=True, copy=False)
    portal_last_message = fields.Char(string='Last portal answer', readonly=True, copy=False)
    portal_synced_at = fields.Datetime(string='Last synced', readonly=True, copy=False)
    portal_known = fields.Boolean(string='Known to the portal', readonly=True, copy=False,
                                  help='The portal has this dossier: it is pushed as an update.')
    portal_check_first = fields.Boolean(
        readonly=True, copy=False, string='Check before resending',
        help='A call ended without a clear answer: the next attempt looks the dossier up '
             'on the portal (TraCuuHoSo) and sends only what it lacks.')
    portal_check_result = fields.Char(string='Spot check', readonly=True, copy=False)
    # the exchange log is read by supervisors and managers only: hidden (and
    # not read) for the other officials who open the dossier
    portal_exchange_ids = fields.One2many('hcc.portal.exchange', 'dossier_id',
                                          string='Portal exchanges', readonly=True,
                                          groups='hcc_one_stop.group_hcc_supervisor')

    # ------------------------------------------------------------- events
    def _hcc_event(self, event, log):
        res = super(HccDossier, self)._hcc_event(event, log)
        if log:
            self._hcc_portal_enqueue(event, log)
        return res

    def _hcc_portal_enqueue(self, event, log):
        """One job per change; the refusal of a dossier filed online goes
        back to the portal as an acknowledgement."""
        Job = self.env['hcc.job'].sudo()
        pushed = []
        for dossier in self:
            if event == states.EVENT_REFUSED and dossier.upstream_code \
                    and dossier.channel == ONLINE:
                Job.enqueue(PORTAL_CHANNEL, dossier, '_job_portal_refusal',
                            payload={'log_id': log.id},
                            identity_key='portal:refusal:%d' % dossier.id)
            if not dossier.name:
                continue  # refused at the desk before receipt: nothing to push
            Job.enqueue(PORTAL_CHANNEL, dossier, '_job_portal_sync', payload={'log_id': log.id},
                        identity_key='portal:sync:%d:%d' % (dossier.id, log.id))
            pushed.append(dossier.id)
        self._portal_set_pending(pushed)
        return True

    def _portal_set_pending(self, ids):
        if ids:
            # SQL: no write() overhead nor guard inside every dossier action
            self.env.cr.execute("""
                UPDATE hcc_dossier SET portal_sync_state = 'pending'
                 WHERE id IN %s AND portal_sync_state IS DISTINCT FROM 'pending'""",
                                (tuple(ids),))
            self.browse(ids).invalidate_cache(['portal_sync_state'])

    # ------------------------------------------------------------- values
    def _hcc_portal_values(self):
        """The dossier as the plain dict client.mapping expects."""
        self.ensure_one()
        return {
            'code': self.name,
            'procedure_code': self.procedure_id.national_code,
            'procedure_name': self.procedure_id.name,
            'agency_code': self.agency_id.code,
            'sector_code': self.sector_id.code,
            'applicant_type': self.applicant_type,
            'applicant_name': self.applicant_name,
            'applicant_id_number': self.applicant_id_number,
            'applicant_tax_code': self.applicant_tax_code,
            'applicant_phone': self.applicant_phone,
            'applicant_email': self.applicant_email,
            'applicant_address': self.applicant_address,
            'channel': self.channel,
            'national_status': self.national_status,
            'received_at': self.received_at,
            'due_at': self.due_at,
            'finished_at': self.finished_at,
            'returned_at': self.returned_at,
            'upstream_code': self.upstream_code,
        }

    def _hcc_portal_progress_values(self, log, national, number):
        """One processing-log line (the `number`-th of the dossier) as
        client.mapping.progress_payload takes it."""
        what = '%d. %s' % (number, states.ACTION_LABELS_VI.get(log.action) or log.action)
        where = log.to_step_name or log.step_name
        return {
            'code': self.name,
            'date': log.date,
            'user_name': log.user_id.name,
            'department_name': (log.to_department_id or log.department_id).name,
            'note': '%s: %s' % (what, where) if where else what,
            'step_due': log.step_due_at,
            'national_status': national.get(log.to_state) if log.to_state else None,
        }

    # ---------------------------------------------------------------- job
    def _job_portal_sync(self, job):
        """Push the dossier, then its log lines the portal lacks."""
        self.ensure_one()
        data = job._load_payload()
        resync = bool(data.get('resync'))
        cr = self.env.cr
        cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", (LOCK_KEY, self.id))
        if not cr.fetchone()[0]:
            raise RetryableJobError('Dossier %d is being synced by another worker' % self.id,
                                    delay_minutes=1)
        if not self.name:
            raise PermanentJobError('Dossier %d has no code yet' % self.id)
        cr.execute("""SELECT id, portal_sent FROM hcc_dossier_log
                       WHERE dossier_id = %s ORDER BY date, id""", (self.id,))
        rows = cr.fetchall()
        # the line's number on the control slip: two lines of the same
        # second and action stay two entries (TraCuuHoSo tells them apart)
        numbers = dict((row[0], n) for n, row in enumerate(rows, 1))
        unsent = [row[0] for row in rows if not row[1]]
        if data.get('log_id') and not resync and data['log_id'] not in unsent:
            return 'Already sent by an earlier job'
        client = self.env['hcc.portal.settings']._client()
        if client is None:
            self._portal_after(job, not_configured=True)
            raise RetryableJobError('National Portal not configured', delay_minutes=60)
        national = self.env['hcc.national.status'].get_mapping()
        try:
            payload = mapping.dossier_payload(self._hcc_portal_values())
            entries = [(log.id, mapping.progress_payload(
                self._hcc_portal_progress_values(log, national, numbers[log.id])))
                for log in self.env['hcc.dossier.log'].browse(unsent)]
        except ValueError as exc:
            # e.g. a procedure without its national code: IT staff fix it,
            # then a manager resyncs
            self._portal_after(job, code=errors.INVALID_REQUEST, message=str(exc))
            raise PermanentJobError(str(exc))
        sent, known = [], self.portal_known
        if self.portal_check_first or resync:
            found = client.lookup_dossier(self.name)
            if found.ok:
                known = True
                there = set(progress_key(e) for e in found.data.get('TienDo', []))
                sent = [i for i, entry in entries if progress_key(entry) in there]
                entries = [(i, entry) for i, entry in entries if progress_key(entry) not in there]
            elif found.code == errors.NOT_FOUND:
                known = False
            else:
                self._portal_fail(job, found, sent, known)
        if known:
            payload['isUpdating'] = True
        result = client.sync_dossiers([payload])
        if not result.ok:
            self._portal_fail(job, result, sent, known)
        known = True
        for batch in mapping.progress_batches(entries) if entries else []:
            result = client.sync_progress([entry for _i, entry in batch])
            if not result.ok:
                self._portal_fail(job, result, sent, known)
            sent.extend(i for i, _entry in batch)
        self._portal_record(sent, 'synced', result.code, result.message, known=True,
                            check_first=False, synced=True)
        return '%d progress entries sent' % len(sent)

    def _portal_fail(self, job, result, sent, known):
        """Record what went through before the failure, then raise."""
        text = '%s: %s' % (result.code, errors.describe(result.code))
        self._portal_after(job, code=result.code, message=result.message or text, sent=sent,
                           known=known, check_first=result.code in AMBIGUOUS or None)
        if result.code in PERMANENT:
            raise PermanentJobError(text)
        raise RetryableJobError(text)

    def _portal_after(self, job, code=None, message=None, sent=(), known=None,
                      check_first=None, not_configured=False):
        """What a failed attempt leaves on our side, written after the job's
        savepoint (which rolls the attempt back)."""
        dossier_id, sent = self.id, list(sent)

        def after(job_rec):
            if not_configured and job_rec.state == jobs.PENDING:
                # waiting for a configuration is not an attempt
                job_rec.sudo().write({'attempts': max(job_rec.attempts - 1, 0)})
            sync = 'failed' if job_rec.state == jobs.FAILED else (
                'pending' if not_configured else 'retrying')
            self.browse(dossier_id).with_env(job_rec.env)._portal_record(
                sent, sync, code, message, known=known, check_first=check_first)

        buffer = current_buffer()
        if buffer is None:  # called outside the runner
            self._portal_record(sent, 'retrying', code, message, known=known,
                                check_first=check_first)
        else:
            buffer.after.append(after)

    def _portal_record(self, sent_log_ids, sync, code, message, known=None, check_first=None,
                       synced=False):
        self.ensure_one()
        cr = self.env.cr
        if sent_log_ids:
            cr.execute("UPDATE hcc_dossier_log SET portal_sent = TRUE WHERE id IN %s",
                       (tuple(sent_log_ids),))
            self.env['hcc.dossier.log'].browse(sent_log_ids).invalidate_cache(['portal_sent'])
        sets = ['portal_sync_state = %s', 'portal_last_code = %s', 'portal_last_message = %s']
        params = [sync, code, (message or '')[:250] or None]
        if known is not None:
            sets.append('portal_known = %s')
            params.append(bool(known))
        if check_first is not None:
            sets.append('portal_check_first = %s')
            params.append(bool(check_first))
        if synced:
            sets.append('portal_synced_at = %s')
            params.append(fields.Datetime.now())
        cr.execute('UPDATE hcc_dossier SET %s WHERE id = %%s' % ', '.join(sets),
                   params + [self.id])
        self.invalidate_cache(['portal_sync_state', 'portal_last_code', 'portal_last_message',
                               'portal_known', 'portal_check_first', 'portal_synced_at'],
                              self.ids)

    # ------------------------------------------------------------ actions
    def _portal_check_manager(self):
        if not any(self.env.user.has_group(group) for group in MANAGERS):
            raise AccessError(_('Only the centre manager resyncs dossiers with the National '
                                'Portal.'))
        self.check_access_rights('read')
        self.check_access_rule('read')

    def action_portal_resync(self):
        """Send the dossier again: its failed portal jobs back in the queue
        and a resync that compares with the portal (TraCuuHoSo) and sends
        what it lacks. Safe to press twice: nothing is doubled."""
        self._portal_check_manager()
        Job = self.env['hcc.job'].sudo()
        token = uuid.uuid4().hex[:12]
        queued = self.filtered('name')
        if not queued:
            raise UserError(_('Only received dossiers (with a code) go to the National Portal.'))
        Job.search([('channel', '=', PORTAL_CHANNEL), ('model_name', '=', self._name),
                    ('res_id', 'in', queued.ids), ('state', '=', jobs.FAILED)]).action_retry()
        for dossier in queued:
            Job.enqueue(PORTAL_CHANNEL, dossier, '_job_portal_sync', payload={'resync': True},
                        identity_key='portal:resync:%d:%s' % (dossier.id, token), priority=5)
        self._portal_set_pending(queued.ids)
        return True

    def action_portal_check(self):
        """Spot check: what the portal holds of these dossiers (TraCuuHoSo)."""
        if not any(self.env.user.has_group(group) for group in
                   MANAGERS + ('hcc_one_stop.group_hcc_supervisor',)):
            raise AccessError(_('Only managers and supervisors check dossiers on the portal.'))
        self.check_access_rule('read')
        client = self.env['hcc.portal.settings']._client()
        if client is None:
            raise UserError(_('The National Portal connection is not configured.'))
        for dossier in self.filtered('name'):
            found = client.lookup_dossier(dossier.name)
            if found.ok:
                there = found.data.get('HoSo', {}).get('TrangThaiHoSo')
                local = len(dossier.sudo().log_ids)
                text = _('On the portal: status %s (here %s), %d of %d log lines') % (
                    there, dossier.national_status, len(found.data.get('TienDo', [])), local)
            elif found.code == errors.NOT_FOUND:
                text = _('Missing on the portal')
            else:
                text = _('No answer: %s') % errors.describe(found.code)
            self.env.cr.execute("UPDATE hcc_dossier SET portal_check_result = %s WHERE id = %s",
                                (text[:250], dossier.id))
        self.invalidate_cache(['portal_check_result'], self.ids)
        return True

    # ------------------------------------------------ online dossiers, in
    def _job_portal_refusal(self, job):
        """A dossier filed online and refused at the centre: the portal
        learns it with the reason (XacNhanHoSoMoi, KetQua 2)."""
        self.ensure_one()
        client = self.env['hcc.portal.settings']._client()
        if client is None:
            raise RetryableJobError('National Portal not configured', delay_minutes=60)
        try:
            ack = mapping.ack_payload(self.upstream_code, False,
                                      reason=self.reason or _('Refused'))
        except ValueError as exc:
            raise PermanentJobError(str(exc))
        result = client.acknowledge_online_dossiers([ack])
        if not result.ok:
            text = '%s: %s' % (result.code, errors.describe(result.code))
            if result.code in PERMANENT:
                raise PermanentJobError(text)
            raise RetryableJobError(text)
        return 'Refusal acknowledged'

    @api.model
    def _cron_portal_pull_online(self):
        """Cron: take in the dossiers filed online, when switched on."""
        if not self.env['hcc.portal.settings']._values()['online_pull']:
            return 0
        return self._portal_pull_online()

    @api.model
    def _portal_pull_online(self, limit=50):
        """LayDanhSachHoSoMoi -> draft dossiers (channel online, documents
        attached, the portal's code as upstream_code, which becomes the
        dossier's code at receipt), acknowledged as taken in. A dossier
        whose procedure is not mapped here stays on the portal (asked again
        next time); one whose data our checks refuse is refused back with
        the reason. Returns the number of dossiers taken in."""
        client = self.env['hcc.portal.settings']._client()
        if client is None:
            return 0
        result = client.fetch_online_dossiers(limit)
        if not result.ok:
            return 0
        acks, taken = [], 0
        for item in result.data:
            code = item.get('MaHoSo')
            if not code:
                continue  # the schema requires it: never seen
            existing = self.sudo().with_context(active_test=False).search(
                [('upstream_code', '=', code)], limit=1)
            if existing:
                # taken in before, the acknowledgement was lost: say it again
                acks.append(mapping.ack_payload(code, True, local_code=code)
                            if existing.state != states.REFUSED else
                            mapping.ack_payload(code, False, reason=existing.reason or _('Refused')))
                continue
            try:
                with self.env.cr.savepoint():
                    dossier = self._portal_take_in(item)
            except _UnknownProcedure:
                _logger.info("Online dossier left on the portal: procedure not mapped here")
                continue
            except (ValueError, UserError, ValidationError) as exc:
                # values our checks refuse (bad ID number...): the applicant
                # must correct them on the portal
                _logger.info("Online dossier refused: %s", type(exc).__name__)
                acks.append(mapping.ack_payload(
                    code, False, reason=_('The dossier data is not valid: %s')
                    % _error_text(exc)))
                continue
            taken += 1
            acks.append(mapping.ack_payload(code, True, local_code=dossier.upstream_code))
        for start in range(0, len(acks), 100):
            # not acknowledged: handed over again next time, found above
            client.acknowledge_online_dossiers(acks[start:start + 100])
        return taken

    @api.model
    def _portal_take_in(self, item):
        values = mapping.online_dossier_values(item)
        procedure = self.env['hcc.portal.procedure'].sudo()._local_procedure(
            values['procedure_code'])
        if not procedure:
            raise _UnknownProcedure()
        vals = {'procedure_id': procedure.id, 'channel': ONLINE,
                'upstream_code': values['upstream_code']}
        for key in ('applicant_name', 'applicant_type', 'applicant_id_number',
                    'applicant_tax_code', 'applicant_phone', 'applicant_email',
                    'applicant_address'):
            if values.get(key):
                vals[key] = values[key]
        if values.get('applicant_address') and len(values['applicant_address']) > 250:
            vals['applicant_address'] = values['applicant_address'][:250]
        dossier = self.sudo().create(vals)
        Attachment = self.env['ir.attachment'].sudo()
        lines = dict((line.name.strip().lower(), line) for line in dossier.document_ids)
        for sequence, doc in enumerate(values['documents'], 1):
            attachment = Attachment.create({
                'name': doc['filename'], 'datas_fname': doc['filename'],
                'res_model': self._name, 'res_id': dossier.id,
                'mimetype': doc['mimetype'] or None,
                **({'datas': _b64(doc['content'])} if doc['content'] else
                   {'type': 'url', 'url': doc['url']})})
            line = lines.pop(doc['name'].strip().lower(), None)
            if line:
                line.sudo().write({'attachment_id': attachment.id})
            else:
                # a document the checklist does not name: kept, not mandatory
                self.env['hcc.dossier.document'].sudo().create({
                    'dossier_id': dossier.id, 'name': doc['name'][:250], 'mandatory': False,
                    'originals': 0, 'copies': 1, 'sequence': 100 + sequence,
                    'attachment_id': attachment.id})
        return dossier


class _UnknownProcedure(Exception):
    pass


def _b64(content):
    return base64.b64encode(content)


def _error_text(exc):
    text = getattr(exc, 'name', None) or (exc.args[0] if exc.args else type(exc).__name__)
    return str(text)[:500]
