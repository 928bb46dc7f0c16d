"""The dossier on the citizen website: e-form answers, online filing,
online supplements, withdrawal requests, e-results, and a message to the
citizen at each event."""
import base64
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..domain import states, uploads
from .tools import local

_logger = logging.getLogger(__name__)

MAX_UPLOAD_PARAM = 'hcc_one_stop.upload_max_bytes'
ONLINE_CHANNEL = '2'
# events the citizen is not told about on his dossier: lateness is the
# agency's affair (he gets the apology letter), a repair is internal
QUIET_EVENTS = frozenset([states.EVENT_LATE, states.EVENT_REPAIRED])


class HccDossierOnline(models.Model):
    _inherit = 'hcc.dossier'

    answer_ids = fields.One2many('hcc.dossier.answer', 'dossier_id', string='E-form answers',
                                 copy=True)
    online_submitted_at = fields.Datetime(string='Submitted online', readonly=True, copy=False)
    online_supplement_at = fields.Datetime(
        string='Supplement uploaded online', readonly=True, copy=False,
        help='The citizen uploaded missing documents: check them, then record the supplement.')
    withdrawal_requested_at = fields.Datetime(string='Withdrawal requested', readonly=True,
                                              copy=False)
    withdrawal_request_reason = fields.Text(string='Reason given for the withdrawal',
                                            readonly=True, copy=False)
    result_attachment_ids = fields.Many2many(
        'ir.attachment', 'hcc_dossier_result_attachment_rel', 'dossier_id', 'attachment_id',
        string='Result files', copy=False,
        help='Electronic results the applicant downloads from My dossiers once the result '
             'is ready.')
    online_pending = fields.Boolean(compute='_compute_online_flags',
                                    string='Submitted online, to check')
    withdrawal_pending = fields.Boolean(compute='_compute_online_flags',
                                        string='Withdrawal requested, to confirm')

    @api.depends('state', 'channel', 'withdrawal_requested_at')
    def _compute_online_flags(self):
        withdrawable = states.TRANSITIONS['withdraw'][0]
        for rec in self:
            rec.online_pending = rec.state == states.DRAFT and rec.channel == ONLINE_CHANNEL
            rec.withdrawal_pending = bool(rec.withdrawal_requested_at) \
                and rec.state in withdrawable

    # --------------------------------------------------------------- e-form
    @api.model
    def create(self, vals):
        # the procedure's e-form, like its document checklist
        if vals.get('procedure_id') and 'answer_ids' not in vals \
                and isinstance(vals['procedure_id'], int):
            procedure = self.env['hcc.procedure'].browse(vals['procedure_id']).exists()
            if procedure:
                vals = dict(vals, answer_ids=[(0, 0, {
                    'field_id': f.id, 'sequence': f.sequence, 'name': f.name,
                    'field_type': f.field_type, 'required': f.required,
                }) for f in procedure.sudo().field_ids])
        return super(HccDossierOnline, self).create(vals)

    def action_receive(self):
        for rec in self:
            missing = rec.answer_ids.filtered(lambda a: a.required and not a._is_answered())
            if missing:
                raise UserError(_('Required e-form answers missing: %s')
                                % ', '.join(missing.mapped('name')))
        return super(HccDossierOnline, self).action_receive()

    def action_supplement_received(self, note=None):
        res = super(HccDossierOnline, self).action_supplement_received(note=note)
        self.filtered('online_supplement_at')._hcc_online_write({'online_supplement_at': False})
        return res

    def _hcc_online_write(self, vals):
        """The website's own bookkeeping fields (not workflow fields)."""
        return super(HccDossierOnline, self.sudo()).write(vals)

    # --------------------------------------------------------- notifications
    def _hcc_event(self, event, log):
        res = super(HccDossierOnline, self)._hcc_event(event, log)
        if event not in QUIET_EVENTS:
            for rec in self.filtered('partner_id'):
                rec._hcc_tell_citizen(rec._hcc_event_text(event, log))
        return res

    def _hcc_event_text(self, event, log):
        state = dict(self._fields['state']._description_selection(self.env)).get(self.state)
        text = _('Dossier %s: %s. Status: %s.') % (
            self.name or '', self._hcc_action_label(log) or state, state)
        if event == states.EVENT_SUPPLEMENT_REQUESTED and self.supplement_document_ids:
            text += ' ' + _('Please supplement: %s. You can upload them in My dossiers.') \
                % ', '.join(self.supplement_document_ids.mapped('name'))
        if event == states.EVENT_REFUSED and self.reason:
            text += ' ' + _('Reason: %s') % self.reason
        if event == states.EVENT_RECEIVED and self.due_at:
            text += ' ' + _('Appointment: %s.') % self._local_text(self.due_at)
        return text

    def _hcc_action_label(self, log):
        log = log.filtered(lambda l: l.dossier_id == self)[:1] if log else log
        if not log:
            return ''
        return dict(log._fields['action']._description_selection(self.env)).get(log.action)

    def _hcc_tell_citizen(self, body, author=None):
        """A message the citizen reads on his dossier's page (a comment, not
        an internal note). No recipients: nothing goes out by email from
        here (SMS is the SMS addon's job)."""
        self.ensure_one()
        return self._hcc_post(body, 'mail.mt_comment', author=author)

    def _hcc_post(self, text, subtype, attachment_ids=None, author=None):
        """Post plain text (escaped) on the dossier, as the acting user, with
        no email: the test and production servers have no mail relay for
        citizens, and mail.message.create would notify followers by email
        unless told the message comes from the mail queue."""
        return self.sudo().with_context(
            mail_create_nosubscribe=True, mail_post_autofollow=False,
            message_create_from_mail_mail=True).message_post(
            body=plaintext2html(text), message_type='comment', subtype=subtype,
            author_id=(author or self.env.user).partner_id.id,
            attachment_ids=attachment_ids or [])

    def _hcc_public_messages(self):
        """The messages of the dossier a citizen may read (no internal note)."""
        self.ensure_one()
        comment = self.env.ref('mail.mt_comment')
        return self.sudo().message_ids.filtered(lambda m: m.subtype_id == comment)

    # --------------------------------------------------------------- uploads
    @api.model
    def _hcc_upload_limit(self):
        try:
            return int(self.env['ir.config_parameter'].sudo().get_param(
                MAX_UPLOAD_PARAM, uploads.DEFAULT_MAX_BYTES))
        except ValueError:
            return uploads.DEFAULT_MAX_BYTES

    @api.model
    def _hcc_check_upload(self, label, filename, data):
        """(safe name, kind) or UserError with the label of what failed."""
        limit = self._hcc_upload_limit()
        kind, reason = uploads.check(data, limit)
        if reason == 'too_large':
            raise UserError(_('%s: the file is larger than %d MB.')
                            % (label, max(1, limit // (1024 * 1024))))
        if reason:
            raise UserError(_('%s: only PDF, JPEG or PNG files are accepted.') % label)
        return uploads.safe_filename(filename, kind), kind

    def _hcc_attach(self, name, kind, data):
        self.ensure_one()
        return self.env['ir.attachment'].sudo().create({
            'name': name, 'datas_fname': name, 'datas': base64.b64encode(data),
            'mimetype': uploads.mimetype(kind), 'res_model': self._name, 'res_id': self.id,
        })

    # ---------------------------------------------------------- online filing
    @api.model
    def _hcc_file_online(self, procedure, user, applicant, answers, files):
        """File a dossier from the website for `user` (a citizen with an
        account). Called as superuser by the controller, which has checked
        the CSRF token and the login; everything posted is checked here:
        the procedure must be open to online filing, documents and e-form
        fields must be that procedure's, files PDF/JPEG/PNG by content.

        applicant: dict of name, id_number, phone, email, address;
        answers: {field id: text}; files: {('doc'|'field', id): (name, bytes)}.
        The dossier stays a draft on channel 2 (submitted online) with its
        code, until an officer receives or refuses it. Returns it."""
        procedure = procedure.sudo()
        if not procedure.exists() or not procedure.online_filing:
            raise UserError(_('This procedure cannot be filed online.'))
        errors = []
        checked_files = {}
        for key, (filename, data) in files.items():
            kind_key, rid = key
            owner = procedure.document_ids if kind_key == 'doc' else procedure.field_ids
            line = owner.filtered(lambda r: r.id == rid)
            if not line:
                raise UserError(_('A file does not belong to this procedure.'))
            try:
                checked_files[key] = self._hcc_check_upload(line.name, filename, data) + (data,)
            except UserError as exc:
                errors.append(exc.name)
        for doc in procedure.document_ids.filtered('mandatory'):
            if ('doc', doc.id) not in files:
                errors.append(_('%s: upload this document.') % doc.name)
        values = {}
        for field in procedure.field_ids:
            if field.field_type == 'file':
                if field.required and ('field', field.id) not in files:
                    errors.append(_('%s: upload a file.') % field.name)
                continue
            text, error = field._parse(answers.get(field.id, ''))
            if error:
                errors.append(error)
            elif field.required and not text:
                errors.append(_('%s: this answer is required.') % field.name)
            values[field.id] = text
        if not (applicant.get('name') or '').strip():
            errors.append(_('Enter the applicant\'s full name.'))
        if not (applicant.get('id_number') or '').strip():
            errors.append(_('Enter the citizen ID number.'))
        if errors:
            raise UserError('\n'.join(errors))
        now = self._now()
        dossier = self.sudo().with_context(tracking_disable=True).create({
            'procedure_id': procedure.id, 'channel': ONLINE_CHANNEL, 'counter_id': False,
            'partner_id': user.commercial_partner_id.id,
            'applicant_type': 'citizen',
            'applicant_name': applicant['name'].strip(),
            'applicant_id_number': applicant['id_number'].strip(),
            'applicant_phone': (applicant.get('phone') or '').strip() or False,
            'applicant_email': (applicant.get('email') or '').strip() or False,
            'applicant_address': (applicant.get('address') or '').strip() or False,
        })
        for answer in dossier.answer_ids:
            if answer.field_type != 'file':
                answer.value = values.get(answer.field_id.id) or False
        for (kind_key, rid), (name, kind, data) in checked_files.items():
            attachment = dossier._hcc_attach(name, kind, data)
            if kind_key == 'doc':
                doc_name = procedure.document_ids.filtered(lambda r: r.id == rid).name
                line = dossier.document_ids.filtered(lambda d: d.name == doc_name)[:1]
                # uploaded counts as filed; the officer unticks a bad one
                line.write({'attachment_id': attachment.id, 'received': True})
            else:
                dossier.answer_ids.filtered(lambda a: a.field_id.id == rid).write(
                    {'attachment_id': attachment.id})
        # online portals give the dossier its code when it is submitted: the
        # citizen quotes it to the centre before it is received
        dossier._hcc_workflow_write({
            'name': procedure.agency_id.next_dossier_code(local(now).date())})
        dossier._hcc_online_write({'online_submitted_at': now})
        dossier._hcc_tell_citizen(
            _('Dossier %s was submitted online. The centre checks it within working hours and '
              'receives it (the processing time starts then) or tells you why it cannot.')
            % dossier.name, author=user)
        _logger.info('dossier %d submitted online', dossier.id)
        return dossier

    # ------------------------------------------------------- online supplement
    def _hcc_supplement_lines(self):
        """The checklist lines the citizen may upload now."""
        self.ensure_one()
        if self.state != states.SUPPLEMENT:
            return self.env['hcc.dossier.document']
        return self.supplement_document_ids or self.document_ids

    def _hcc_upload_supplement(self, files, user):
        """files: {document line id: (name, bytes)}, as superuser after the
        controller found the dossier as the citizen. The officer then checks
        them and records the supplement (the clock stays paused till then)."""
        self.ensure_one()
        lines = self._hcc_supplement_lines()
        if not lines:
            raise UserError(_('No supplement is requested for this dossier.'))
        if not files:
            raise UserError(_('Choose at least one file to upload.'))
        checked, errors = [], []
        for line_id, (filename, data) in files.items():
            line = lines.filtered(lambda l: l.id == line_id)
            if not line:
                raise UserError(_('A file does not belong to the requested documents.'))
            try:
                checked.append((line,) + self._hcc_check_upload(line.name, filename, data)
                               + (data,))
            except UserError as exc:
                errors.append(exc.name)
        if errors:
            raise UserError('\n'.join(errors))
        attachments = self.env['ir.attachment']
        for line, name, kind, data in checked:
            attachment = self._hcc_attach(name, kind, data)
            line.sudo().write({'attachment_id': attachment.id})
            attachments |= attachment
        self._hcc_online_write({'online_supplement_at': self._now()})
        names = ', '.join(line.name for line, _n, _k, _d in checked)
        # for the officers: the files in the chatter, to check
        self._hcc_post(_('Supplement uploaded online: %s') % names, 'mail.mt_note',
                       attachments.ids, author=user)
        self._hcc_tell_citizen(_('We received your files (%s). An officer checks them; the '
                                 'dossier goes on once they are accepted.') % names,
                               author=user)
        _logger.info('dossier %d: %d supplement files uploaded online', self.id, len(checked))
        return attachments

    # ------------------------------------------------------- withdrawal request
    def _hcc_request_withdrawal(self, reason, user):
        """The citizen asks to withdraw: the desk confirms it (action_withdraw)."""
        self.ensure_one()
        reason = (reason or '').strip()
        if not reason:
            raise UserError(_('Say why you withdraw the dossier.'))
        if len(reason) > 2000 or '\x00' in reason:
            raise UserError(_('The reason is too long.'))
        if self.state not in states.TRANSITIONS['withdraw'][0]:
            raise UserError(_('This dossier can no longer be withdrawn.'))
        if self.withdrawal_requested_at:
            raise UserError(_('A withdrawal request is already waiting for the centre.'))
        self._hcc_online_write({'withdrawal_requested_at': self._now(),
                                'withdrawal_request_reason': reason})
        self._hcc_post(_('The applicant asks to withdraw the dossier: %s') % reason,
                       'mail.mt_note', author=user)
        self._hcc_tell_citizen(_('Your withdrawal request was sent. The centre confirms it and '
                                 'tells you here.'), author=user)
        return True

    def _hcc_withdrawable_states(self):
        return states.TRANSITIONS['withdraw'][0]

    # ------------------------------------------------------------ portal files
    def _hcc_citizen_attachments(self):
        """The files the citizen may download from his dossier's page: what
        he uploaded (checklist, e-form) and the result files once ready."""
        self.ensure_one()
        files = self.document_ids.mapped('attachment_id') | self.answer_ids.mapped('attachment_id')
        if self.state in (states.DONE, states.RETURNED):
            files |= self.result_attachment_ids
        return files.sudo()
