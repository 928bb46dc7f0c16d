import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..domain import deadline, identity, states
from .hcc_national_status import STATE_SELECTION
from .tools import TEXT_LIMIT, check_values, domain_call, local, server_now, utc_str

_logger = logging.getLogger(__name__)

CHANNEL_SELECTION = [('1', 'Direct'), ('2', 'Online'), ('3', 'Public postal service')]

APPLICANT_FIELDS = ('applicant_id_number', 'applicant_phone', 'applicant_email',
                    'applicant_tax_code')

# Workflow fields: only the state machine (_apply and the lifecycle actions,
# which write through the ORM's own write) changes them. create/write refuse
# them from anywhere else, for every user; an administrator repairs a dossier
# with action_repair, which logs what changed.
WORKFLOW_FIELDS = frozenset([
    'name', 'state', 'state_group', 'at_desk', 'received_at', 'receiver_id', 'due_at',
    'original_due_at', 'finished_at', 'returned_at', 'return_method', 'completion',
    'deadline_status', 'current_step_id', 'current_department_id', 'step_started_at',
    'step_due_at', 'log_ids', 'handler_ids', 'pause_ids', 'supplement_count', 'reason',
    'apology_date', 'apology_reason', 'apology_user_id', 'agency_id', 'sector_id', 'level',
    'legal_version_id', 'centre_id',
    'queue_department_id', 'supplement_document_ids',
])
# What an administrator may set through action_repair.
REPAIRABLE_FIELDS = ('state', 'due_at', 'step_due_at', 'current_step_id', 'completion',
                     'finished_at', 'returned_at')
# Fixed once the dossier is received: the procedure it was received under.
FROZEN_AFTER_RECEIPT = frozenset(['procedure_id', 'upstream_code'])


class HccDossier(models.Model):
    """An application for one procedure by one applicant, from receipt to
    the return of the result. Every transition is a model method, so the
    backend, the portal, crons and RPC obey the same rules."""
    _name = 'hcc.dossier'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'portal.mixin']
    _description = 'Dossier'
    _order = 'received_at desc, id desc'

    name = fields.Char(string='Dossier code', index=True, copy=False, readonly=True,
                       help='Issued at receipt from the agency pattern, or the upstream code.')
    upstream_code = fields.Char(string='Code issued upstream', copy=False, size=64,
                                help='A code issued upstream (e.g. by the National Portal) '
                                     'that the dossier keeps as its code when received.')
    procedure_id = fields.Many2one('hcc.procedure', string='Procedure', required=True,
                                   index=True, readonly=True, states={states.DRAFT: [('readonly', False)]},
                                   track_visibility='onchange')
    procedure_version = fields.Integer(related='procedure_id.version', string='Procedure version',
                                       readonly=True)
    agency_id = fields.Many2one('hcc.agency', related='procedure_id.agency_id', store=True,
                                readonly=True, string='Agency', index=True)
    sector_id = fields.Many2one('hcc.sector', related='procedure_id.sector_id', store=True,
                                readonly=True, string='Sector')
    level = fields.Selection(related='procedure_id.level', store=True, readonly=True)

    applicant_type = fields.Selection([('citizen', 'Citizen'), ('organisation', 'Organisation')],
                                      required=True, default='citizen')
    applicant_name = fields.Char(string='Applicant', required=True, index=True)
    applicant_id_number = fields.Char(string='Citizen ID number', index=True)
    applicant_tax_code = fields.Char(string='Tax code')
    applicant_phone = fields.Char(string='Phone', index=True)
    applicant_email = fields.Char(string='Email')
    applicant_address = fields.Char(string='Address')
    partner_id = fields.Many2one('res.partner', string='Portal contact', index=True,
                                 help='The citizen account that may see this dossier on the portal.')
    channel = fields.Selection(CHANNEL_SELECTION, required=True, default='1')

    # No chatter tracking of state and appointment: the processing log holds
    # every transition, and a tracking message per transition doubled the
    # cost of receiving a dossier.
    state = fields.Selection(STATE_SELECTION, default=states.DRAFT, required=True, readonly=True,
                             index=True, copy=False)
    # Stored so views, record rules and reports filter on the domain's
    # groups instead of retyping lists of states.
    state_group = fields.Selection(states.STATE_GROUP_SELECTION, compute='_compute_state_group',
                                   store=True, index=True, string='Stage')
    at_desk = fields.Boolean(compute='_compute_state_group', store=True, index=True,
                             string='At the receiving desk',
                             help='Intake, supplements and result return: what receiving '
                                  'officers work.')
    national_status = fields.Integer(compute='_compute_national_status',
                                     string='National status (1-10)')
    received_at = fields.Datetime(readonly=True, copy=False, index=True)
    receiver_id = fields.Many2one('res.users', string='Received by', readonly=True, copy=False)
    # the counter of the officer who types the dossier in
    counter_id = fields.Many2one('hcc.counter', string='Counter', copy=False,
                                 default=lambda self: self.env.user.hcc_counter_id)
    due_at = fields.Datetime(string='Appointment', readonly=True, copy=False, index=True)
    original_due_at = fields.Datetime(string='First appointment', readonly=True, copy=False)
    finished_at = fields.Datetime(readonly=True, copy=False)
    returned_at = fields.Datetime(readonly=True, copy=False)
    return_method = fields.Selection([('counter', 'At the counter'), ('post', 'By post'),
                                      ('online', 'Online')], readonly=True, copy=False)
    completion = fields.Selection([('early', 'Early'), ('on_time', 'On time'), ('late', 'Late')],
                                  readonly=True, copy=False, index=True,
                                  help='Set when the dossier is settled.')
    deadline_status = fields.Selection(
        [('on_track', 'On track'), ('due_soon', 'Due soon'), ('late', 'Late'),
         ('paused', 'Paused'), ('closed', 'Closed')],
        readonly=True, copy=False, default='on_track', index=True)

    current_step_id = fields.Many2one('hcc.procedure.step', string='Current step', readonly=True,
                                      copy=False, ondelete='restrict')
    current_department_id = fields.Many2one('hr.department', string='Current department',
                                            related='current_step_id.department_id', store=True,
                                            readonly=True, index=True)
    step_started_at = fields.Datetime(readonly=True, copy=False)
    step_due_at = fields.Datetime(string='Step due', readonly=True, copy=False)
    external_agency_id = fields.Many2one('hcc.agency', related='current_step_id.external_agency_id',
                                         readonly=True, string='Outside agency')

    document_ids = fields.One2many('hcc.dossier.document', 'dossier_id', string='Documents',
                                   copy=True)
    result_note = fields.Text(string='Result')
    fee_total = fields.Float(related='procedure_id.fee_total', readonly=True)
    log_ids = fields.One2many('hcc.dossier.log', 'dossier_id', string='Processing log',
                              readonly=True, copy=False)
    # Who worked the dossier: kept apart from the log so the officers' record
    # rule is one SQL sub-select instead of a search over all their log lines.
    handler_ids = fields.Many2many('res.users', 'hcc_dossier_handler_rel', 'dossier_id', 'user_id',
                                   string='Handled by', readonly=True, copy=False)
    pause_ids = fields.One2many('hcc.dossier.pause', 'dossier_id', readonly=True, copy=False)
    supplement_count = fields.Integer(readonly=True, copy=False)
    reason = fields.Text(string='Reason (refusal, stop, withdrawal)', readonly=True, copy=False)

    apology_date = fields.Datetime(string='Apology issued', readonly=True, copy=False)
    apology_reason = fields.Text(readonly=True, copy=False)
    apology_user_id = fields.Many2one('res.users', string='Apology by', readonly=True, copy=False)

    lookup_url = fields.Char(compute='_compute_lookup_url', string='Public lookup address')
    color = fields.Integer(compute='_compute_color')

    _sql_constraints = [
        ('name_unique', 'unique(name)', 'A dossier with this code already exists.'),
    ]

    # ------------------------------------------------------------------ compute
    @api.depends('state')
    def _compute_state_group(self):
        for rec in self:
            rec.state_group = states.state_group(rec.state)
            rec.at_desk = rec.state in states.DESK_STATES

    def _compute_national_status(self):
        mapping = self.env['hcc.national.status'].get_mapping()
        for rec in self:
            rec.national_status = states.national_status(rec.state, mapping)

    def _compute_lookup_url(self):
        # the signed link of the slips' QR code: sequential codes alone
        # would let anyone walk through the centre's dossiers
        for rec in self:
            rec.lookup_url = rec._public_lookup_url()

    def _compute_access_url(self):
        super(HccDossier, self)._compute_access_url()
        for rec in self:
            rec.access_url = '/my/dossiers/%s' % rec.id

    @api.depends('deadline_status')
    def _compute_color(self):
        colors = {'on_track': 10, 'due_soon': 3, 'late': 1, 'paused': 4, 'closed': 0}
        for rec in self:
            rec.color = colors.get(rec.deadline_status, 0)

    def name_get(self):
        return [(rec.id, rec.name or _('New dossier of %s') % rec.applicant_name) for rec in self]

    # --------------------------------------------------------------- validation
    def _check_code_free(self, vals):
        """A code typed by hand (issued upstream) must be new: say so clearly
        rather than fail on the database constraint."""
        code = vals.get('name')
        if code and self.search_count([('name', '=', code), ('id', 'not in', self.ids)]):
            raise UserError(_('A dossier with the code %s already exists.') % code)

    @api.model
    def _normalise_applicant(self, vals):
        """Validate and normalise identifiers before anything is saved."""
        checks = {
            'applicant_id_number': identity.validate_citizen_id,
            # landlines are contact numbers too; SMS go only to mobiles
            # (identity.is_mobile)
            'applicant_phone': identity.normalize_contact_phone,
            'applicant_email': identity.validate_email,
            'applicant_tax_code': identity.validate_tax_code,
        }
        for field in APPLICANT_FIELDS:
            if vals.get(field):
                vals[field] = domain_call(self, checks[field], vals[field])
        return vals

    def _check_workflow_fields(self, vals, creating=False):
        """Refuse workflow fields outside the state machine. A new dossier
        may only say what a new dossier is (draft, nothing set)."""
        touched = WORKFLOW_FIELDS.intersection(vals)
        if creating:
            touched = [f for f in touched if vals[f] not in (False, None, [], states.DRAFT)]
        if touched:
            labels = ', '.join(sorted(self._fields[f]._description_string(self.env)
                                      for f in touched))
            raise UserError(_('%s change only through the dossier\'s actions (receive, hand '
                              'over, finish...), not by editing.') % labels)
        if not creating and FROZEN_AFTER_RECEIPT.intersection(vals) \
                and any(rec.state != states.DRAFT for rec in self):
            raise UserError(_('The procedure and the upstream code of a received dossier '
                              'cannot be changed.'))

    @api.model
    def create(self, vals):
        check_values(self, vals, creating=True)
        self._check_workflow_fields(vals, creating=True)
        vals = self._normalise_applicant(dict(vals))
        self._check_code_free({'name': vals.get('upstream_code')})
        # stored before the document lines are created, whose record rules
        # read them (they would be computed only at the end of create)
        vals.update(state_group=states.state_group(states.DRAFT),
                    at_desk=states.DRAFT in states.DESK_STATES)
        # the processing log records the creation; officials follow the
        # dossiers of their queue, not every dossier they typed in
        ctx = {'mail_create_nolog': True, 'mail_create_nosubscribe': True, 'mail_notrack': True}
        ctx.update(self.env.context)
        self = self.with_context(ctx)
        if vals.get('procedure_id') and 'document_ids' not in vals:
            procedure = self.env['hcc.procedure'].browse(vals['procedure_id'])
            vals['document_ids'] = [(0, 0, {
                'name': doc.name, 'sequence': doc.sequence, 'originals': doc.originals,
                'copies': doc.copies, 'mandatory': doc.mandatory,
            }) for doc in procedure.document_ids]
        return super(HccDossier, self).create(vals)

    def write(self, vals):
        check_values(self, vals)
        self._check_workflow_fields(vals)
        self._check_code_free({'name': vals.get('upstream_code')})
        return super(HccDossier, self).write(self._normalise_applicant(dict(vals)))

    @api.constrains('applicant_type', 'applicant_id_number', 'applicant_tax_code')
    def _check_applicant(self):
        for rec in self:
            if rec.applicant_type == 'organisation' and not rec.applicant_tax_code:
                raise ValidationError(_('An organisation applies with its tax code.'))

    # ------------------------------------------------------------------- helpers
    def _now(self):
        """Now as an Odoo UTC string, from the server's clock only."""
        return server_now(self)

    def _calendar(self):
        return self.env['hcc.holiday'].get_working_calendar()

    def _step_after(self, step, offset=1):
        steps = self.procedure_id.step_ids
        index = list(steps).index(step) + offset if step in steps else -1
        return steps[index] if 0 <= index < len(steps) else self.env['hcc.procedure.step']

    def _step_due(self, step, start, cal):
        cutoff = self.procedure_id.cutoff_hour if self.procedure_id.cutoff_enabled else None
        return utc_str(domain_call(self, deadline.compute_due, cal, local(start), step.budget_amount,
                                   step.budget_unit, cutoff_hour=cutoff))

    def _text_arg(self, value, required=None):
        """A note or reason given to an action, checked: the web client passes
        a button's context dict where an optional argument is missing, and an
        RPC client may send anything."""
        if value is None or value is False or isinstance(value, dict):
            value = ''
        if not isinstance(value, str):
            raise UserError(_('A note or reason must be text.'))
        if len(value) > TEXT_LIMIT or '\x00' in value:
            raise UserError(_('A note or reason has at most %d characters.') % TEXT_LIMIT)
        value = value.strip()
        if required and not value:
            raise UserError(required)
        return value or None

    def _apply(self, action, vals=None, note=None, to_step=None):
        """Check and apply one transition, write its log line (control slip)
        and publish the event. Every lifecycle method goes through here."""
        self.ensure_one()
        new_state = domain_call(self, states.transition, self.state, action)
        now = self._now()
        cal = self._calendar()
        old_state, old_step, old_due = self.state, self.current_step_id, self.step_due_at
        vals = dict(vals or {}, state=new_state)
        if self.env.uid not in self.handler_ids.ids:
            vals['handler_ids'] = [(4, self.env.uid)]
        if to_step is not None and to_step != old_step:
            vals.update(current_step_id=to_step.id, step_started_at=now,
                        step_due_at=self._step_due(to_step, now, cal) if to_step else False)
        super(HccDossier, self).write(vals)
        log = self.env['hcc.dossier.log'].sudo().create({
            'dossier_id': self.id, 'date': now, 'action': action, 'user_id': self.env.uid,
            'from_state': old_state, 'to_state': new_state,
            'step_id': old_step.id, 'step_name': old_step.name,
            'department_id': old_step.department_id.id,
            'to_step_name': self.current_step_id.name if self.current_step_id != old_step else False,
            'to_department_id': (self.current_department_id.id
                                 if self.current_step_id != old_step else False),
            'step_due_at': old_due, 'on_time': not old_due or now <= old_due,
            'note': note,
        })
        self._refresh_deadline_status(cal, now)
        self._hcc_event(states.ACTION_EVENTS[action], log)
        return log

    def _hcc_public_links(self):
        """Addresses the applicant may be sent (SMS, e-mail), by placeholder
        name. Addons add theirs (the rating link) by extending this."""
        self.ensure_one()
        return {'lookup_url': self.lookup_url or ''}

    def _hcc_event(self, event, log):
        """Hook for the addons that react to dossier events (SMS, ratings,
        National Portal). The core itself does nothing more."""
        return True

    def _refresh_deadline_status(self, cal, now):
        now_local = local(now)
        for rec in self:
            if rec.state in states.FINAL_STATES or rec.state in (states.DONE, states.DRAFT):
                status = 'closed'
            elif rec.state in states.PAUSED_STATES:
                status = 'paused'
            elif rec.due_at and now > rec.due_at:
                status = 'late'
            elif rec.due_at and deadline.is_due_soon(now_local, local(rec.due_at), cal):
                status = 'due_soon'
            else:
                status = 'on_track'
            if rec.deadline_status != status:
                super(HccDossier, rec).write({'deadline_status': status})

    def _settle(self, now, cal):
        """Early / on time / late, fixed when the agency settles the dossier."""
        if not self.due_at:
            return False
        return deadline.classify_completion(local(now), local(self.due_at), cal)

    def _close_pause(self, now, cal):
        """End the open pause and push the due times back by its working time."""
        pause = self.pause_ids.filtered(lambda p: not p.end)
        if not pause:
            return {}
        # pause rows belong to the state machine: users only read them
        pause.sudo().write({'end': now})
        vals = {}
        for field in ('due_at', 'step_due_at'):
            if self[field]:
                vals[field] = utc_str(deadline.shift_for_pause(
                    cal, local(self[field]), local(pause.start), local(now)))
        return vals

    # ---------------------------------------------------------------- lifecycle
    def action_receive(self):
        """Receive at the counter (or accept an online filing): issue the code,
        fix the appointment and put the dossier at its first step."""
        for rec in self:
            if rec.state != states.DRAFT:
                domain_call(self, states.transition, rec.state, 'receive')
            procedure = rec.procedure_id
            if not procedure.step_ids:
                raise UserError(_('The procedure "%s" has no process step.') % procedure.name)
            missing = rec.document_ids.filtered(lambda d: d.mandatory and not d.received)
            if missing:
                raise UserError(_('Mandatory documents not received yet: %s')
                                % ', '.join(missing.mapped('name')))
            if not (rec.applicant_id_number or rec.applicant_tax_code):
                raise UserError(_('Enter the applicant\'s citizen ID number or tax code.'))
            now = rec._now()
            cal = rec._calendar()
            vals = {'received_at': now, 'receiver_id': self.env.uid}
            # the law of the receipt day and the receiving centre (hcc_dossier_legal)
            vals.update(rec._hcc_receipt_vals(now))
            if not rec.counter_id and self.env.user.hcc_counter_id:
                vals['counter_id'] = self.env.user.hcc_counter_id.id
            if rec.upstream_code:
                vals['name'] = rec.upstream_code
            elif not rec.name:
                vals['name'] = procedure.agency_id.next_dossier_code(local(now).date())
            cutoff = procedure.cutoff_hour if procedure.cutoff_enabled else None
            due = utc_str(domain_call(self, deadline.compute_due, cal, local(now), procedure.legal_amount,
                                      procedure.legal_unit, cutoff_hour=cutoff))
            if procedure.no_time_limit:
                due = False  # no legal time limit: no appointment
            vals.update(due_at=due, original_due_at=due)
            first = procedure.step_ids[0]
            vals.update(current_step_id=first.id, step_started_at=now,
                        step_due_at=rec._step_due(first, now, cal))
            rec._apply('receive', vals)
        return True

    @api.model
    def receive_new(self, vals, missing_documents=None):
        """Create and receive a dossier in one call, for the counter's fast
        path and for integrations (online filing, national channels): every
        document of the procedure's checklist counts as received except those
        named in `missing_documents` (a mandatory one missing is refused).
        Returns the id, the code and the appointment."""
        dossier = self.create(vals)
        missing = set(missing_documents or [])
        dossier.document_ids.filtered(lambda d: d.name not in missing).write({'received': True})
        dossier.action_receive()
        return {'id': dossier.id, 'name': dossier.name, 'due_at': dossier.due_at}

    def action_refuse(self, reason):
        """Refuse to receive (form 03): the reason is mandatory."""
        reason = self._text_arg(reason, _('Give the reason for refusing the dossier.'))
        for rec in self:
            rec._apply('refuse', {'reason': reason}, note=reason)
        return True

    def action_next_step(self, note=None):
        """Hand the dossier over to the next step of its process."""
        note = self._text_arg(note)
        for rec in self:
            nxt = rec._step_after(rec.current_step_id)
            if not nxt:
                raise UserError(_('Dossier %s is at its last step: finish it instead.') % rec.name)
            if rec.state == states.RECEIVED:
                rec._apply('start_processing', note=note, to_step=nxt)
                if nxt.is_external:
                    rec._apply('send_external')
            elif nxt.is_external:
                rec._apply('send_external', note=note, to_step=nxt)
            else:
                rec._apply('next_step', note=note, to_step=nxt)
        return True

    def action_send_back(self, note):
        """Send the dossier back to the previous step (e.g. to redo a draft)."""
        note = self._text_arg(note, _('Say why the dossier is sent back.'))
        for rec in self:
            prev = rec._step_after(rec.current_step_id, -1)
            if not prev:
                raise UserError(_('Dossier %s is at its first step.') % rec.name)
            rec._apply('send_back', note=note, to_step=prev)
        return True

    def action_external_answered(self, note=None):
        """The outside agency answered (or its result arrived through a
        national channel): the dossier moves on to the next step."""
        note = self._text_arg(note)
        for rec in self:
            nxt = rec._step_after(rec.current_step_id) or rec.current_step_id
            rec._apply('external_answered', note=note, to_step=nxt)
        return True

    def action_request_supplement(self, note=None, document_ids=None):
        """Ask the applicant for missing papers (form 02): the clock pauses.
        `document_ids`: the lines of the dossier's checklist to bring (they
        reach form 02, the SMS and the public lookup); `note` says more."""
        if not isinstance(document_ids, (list, tuple, type(None))) or any(
                isinstance(i, bool) or not isinstance(i, int) for i in document_ids or ()):
            raise UserError(_('The documents to supplement must be a list of checklist lines.'))
        note = self._text_arg(note)
        if not note and not document_ids:
            raise UserError(_('List what the applicant must supplement.'))
        for rec in self:
            if set(document_ids or ()) - set(rec.document_ids.ids):
                raise UserError(_('The documents to supplement must be lines of the checklist of '
                                  'dossier %s.') % rec.name)
            docs = rec.document_ids.filtered(lambda d: d.id in (document_ids or ()))
            text = '\n'.join(['- %s' % d.name for d in docs] + [(note or '').strip()]).strip()
            now = rec._now()
            rec._apply('request_supplement', {'supplement_count': rec.supplement_count + 1,
                                              'supplement_document_ids': [(6, 0, docs.ids)]},
                       note=text)
            self.env['hcc.dossier.pause'].sudo().create(
                {'dossier_id': rec.id, 'start': now, 'reason': text})
        return True

    def action_supplement_received(self, note=None):
        note = self._text_arg(note)
        for rec in self:
            vals = rec._close_pause(rec._now(), rec._calendar())
            rec._apply('supplement_received', vals, note=note)
        return True

    def action_request_financial(self, note=None):
        note = self._text_arg(note)
        for rec in self:
            rec._apply('request_financial', note=note)
        return True

    def action_financial_paid(self, note=None):
        note = self._text_arg(note)
        for rec in self:
            rec._apply('financial_paid', note=note)
        return True

    def action_finish(self, note=None):
        """Processing finished: the result is ready for the applicant."""
        note = self._text_arg(note)
        for rec in self:
            if rec.state == states.PROCESSING and rec._step_after(rec.current_step_id):
                raise UserError(_('Dossier %s still has steps to go: hand it over first.')
                                % rec.name)
            now = rec._now()
            rec._apply('finish', {'finished_at': now,
                                  'completion': rec._settle(now, rec._calendar())},
                       note=note, to_step=self.env['hcc.procedure.step'])
        return True

    def action_return_result(self, method='counter', note=None):
        if isinstance(method, dict):  # the button's context, not a method
            method = 'counter'
        if method not in dict(self._fields['return_method'].selection):
            raise UserError(_('Unknown way of returning the result.'))
        note = self._text_arg(note)
        for rec in self:
            if method == 'post' and not rec.procedure_id.postal_return:
                raise UserError(_('The procedure "%s" does not allow returning results by post.')
                                % rec.procedure_id.name)
            rec._apply('return_result', {'returned_at': rec._now(), 'return_method': method},
                       note=note)
        return True

    def action_withdraw(self, reason):
        reason = self._text_arg(reason, _('Record the applicant\'s reason for withdrawing.'))
        for rec in self:
            vals = rec._close_pause(rec._now(), rec._calendar())
            vals['reason'] = reason
            rec._apply('withdraw', vals, note=reason)
        return True

    def action_stop(self, reason):
        """Stop processing (03/2025 stop notice), e.g. supplement never came."""
        reason = self._text_arg(reason, _('Give the reason for stopping the processing.'))
        for rec in self:
            now, cal = rec._now(), rec._calendar()
            vals = rec._close_pause(now, cal)
            vals.update(reason=reason, finished_at=now)
            rec._apply('stop', vals, note=reason)
            super(HccDossier, rec).write({'completion': rec._settle(now, cal)})
        return True

    def action_apologise(self, reason, new_due):
        """Apology and re-appointment letter (form 04): issued at least one
        working day before the appointment, once per dossier, with a reason
        and a later date."""
        reason = self._text_arg(reason, _('Give the reason for the delay.'))
        check_values(self, {'due_at': new_due})
        if not new_due:
            raise UserError(_('Give the new appointment.'))
        for rec in self:
            rec._hcc_check_apology_allowed()  # limit of the legal version
            if rec.state not in states.APOLOGY_STATES:
                raise UserError(_('Only a dossier in processing can get an apology letter.'))
            now, cal = rec._now(), rec._calendar()
            new_due = fields.Datetime.to_string(fields.Datetime.from_string(new_due))
            if new_due <= rec.due_at:
                raise UserError(_('The new appointment must be later than the current one.'))
            if cal.working_hours_between(local(now), local(rec.due_at)) < cal.hours_per_day:
                raise UserError(_('The apology letter must be issued at least one working day '
                                  'before the appointment (%s).')
                                % fields.Datetime.context_timestamp(
                                    rec, fields.Datetime.from_string(rec.due_at)
                                ).strftime('%d/%m/%Y %H:%M'))
            vals = {'apology_date': now, 'apology_reason': reason, 'apology_user_id': self.env.uid,
                    'due_at': new_due}
            super(HccDossier, rec).write(vals)
            log = self.env['hcc.dossier.log'].sudo().create({
                'dossier_id': rec.id, 'date': now, 'action': states.APOLOGY, 'user_id': self.env.uid,
                'from_state': rec.state, 'to_state': rec.state, 'step_id': rec.current_step_id.id,
                'step_name': rec.current_step_id.name,
                'department_id': rec.current_department_id.id, 'note': reason,
            })
            rec._refresh_deadline_status(cal, now)
            rec._hcc_event(states.EVENT_APOLOGY, log)
        return True

    def _hcc_workflow_write(self, vals):
        """Write workflow fields from server code that moves dossiers as a
        whole (procedure versions). Private: RPC cannot call it."""
        return super(HccDossier, self).write(vals)

    def action_repair(self, vals, reason):
        """An administrator's repair of workflow fields (a dossier left in a
        wrong state by a data error): the one way around the state machine,
        and it writes a log line saying what changed and why."""
        if not self.env.user.has_group('base.group_system'):
            raise AccessError(_('Only an administrator can repair a dossier.'))
        reason = self._text_arg(reason, _('Say why the dossier is repaired.'))
        if not isinstance(vals, dict) or not vals or set(vals) - set(REPAIRABLE_FIELDS):
            raise UserError(_('A repair may set only: %s.') % ', '.join(REPAIRABLE_FIELDS))
        check_values(self, vals)
        for rec in self:
            if vals.get('current_step_id') and \
                    vals['current_step_id'] not in rec.procedure_id.step_ids.ids:
                raise UserError(_('The step must belong to the dossier\'s procedure.'))
            now, cal = rec._now(), rec._calendar()
            old_state = rec.state
            before = dict((f, rec[f].id if f == 'current_step_id' else rec[f]) for f in vals)
            super(HccDossier, rec).write(vals)
            changes = '; '.join('%s: %s -> %s' % (f, before[f] or '', vals[f] or '')
                                for f in sorted(vals))
            log = self.env['hcc.dossier.log'].sudo().create({
                'dossier_id': rec.id, 'date': now, 'action': states.REPAIR,
                'user_id': self.env.uid, 'from_state': old_state, 'to_state': rec.state,
                'step_id': rec.current_step_id.id, 'step_name': rec.current_step_id.name,
                'department_id': rec.current_department_id.id,
                'note': '%s\n%s' % (reason.strip(), changes),
            })
            rec._refresh_deadline_status(cal, now)
            rec._hcc_event(states.EVENT_REPAIRED, log)
        return True

    # --------------------------------------------------------------------- cron
    @api.model
    def _cron_check_deadlines(self):
        """Flag dossiers that are late or due within one working day, and give
        the head of the holding department an activity for the newly flagged."""
        now = self._now()
        cal = self._calendar()
        soon_limit = utc_str(cal.add_working_hours(local(now), cal.hours_per_day))
        running = tuple(states.RUNNING_STATES)
        cr = self.env.cr
        cr.execute("""
            UPDATE hcc_dossier SET deadline_status = 'late'
             WHERE state IN %s AND due_at < %s AND deadline_status != 'late'
         RETURNING id""", (running, now))
        late_ids = [r[0] for r in cr.fetchall()]
        cr.execute("""
            UPDATE hcc_dossier SET deadline_status = 'due_soon'
             WHERE state IN %s AND due_at >= %s AND due_at <= %s
               AND deadline_status NOT IN ('due_soon', 'late')
         RETURNING id""", (running, now, soon_limit))
        soon_ids = [r[0] for r in cr.fetchall()]
        self.invalidate_cache(['deadline_status'])
        late = self.browse(late_ids)
        late._notify_heads('late')
        self.browse(soon_ids)._notify_heads('due_soon')
        late._hcc_event(states.EVENT_LATE, self.env['hcc.dossier.log'])
        _logger.info('deadline check: %d newly late, %d newly due soon', len(late_ids), len(soon_ids))
        return True

    def _head_of(self, department):
        heads = department.hcc_user_ids.filtered(
            lambda u: u.has_group('hcc_one_stop.group_hcc_head'))
        return heads[:1] or department.manager_id.user_id

    def _notify_heads(self, kind):
        """One activity per dossier for the head of its department, written in
        one INSERT: the job may flag thousands at once after a holiday, and
        mail.activity.create (followers, bus message each) costs ~0.1 s."""
        if not self:
            return
        act_type = self.env.ref('hcc_one_stop.mail_activity_type_hcc_deadline')
        summary = {'late': _('Dossier is late'), 'due_soon': _('Dossier due within one working day')}
        heads = {}
        for dept in self.mapped('current_department_id'):
            head = self._head_of(dept)
            if head:
                heads[dept.id] = head.id
        if not heads:
            return
        self.env.cr.execute("""
            INSERT INTO mail_activity (res_id, res_model_id, res_model, res_name, activity_type_id,
                                       summary, date_deadline, user_id,
                                       create_uid, create_date, write_uid, write_date)
            SELECT d.id, %(model)s, %(model_name)s, d.name, %(type)s, %(summary)s, %(today)s,
                   h.user_id, %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM hcc_dossier d
              JOIN unnest(%(depts)s::int[], %(users)s::int[]) AS h(dept, user_id)
                ON h.dept = d.current_department_id
             WHERE d.id IN %(ids)s""", {
            'model': self.env['ir.model']._get(self._name).id, 'model_name': self._name,
            'type': act_type.id, 'summary': summary[kind],
            'today': fields.Date.context_today(self), 'uid': self.env.uid,
            'depts': list(heads), 'users': list(heads.values()), 'ids': tuple(self.ids)})
        self.env['mail.activity'].invalidate_cache()
        for partner in self.env['res.users'].browse(set(heads.values())).mapped('partner_id'):
            self.env['bus.bus'].sendone((self._cr.dbname, 'res.partner', partner.id),
                                        {'type': 'activity_updated', 'activity_created': True})

    # ------------------------------------------------------------------- portal
    def _public_progress(self):
        """What anyone holding the code may see: no identity, no notes."""
        self.ensure_one()
        name = (self.applicant_name or '').split()
        masked = ' '.join([n[0] + '.' for n in name[:-1]] + name[-1:]) if name else ''
        steps = self.log_ids.filtered(lambda l: l.action not in ('apology',))
        return {
            'code': self.name,
            'procedure': self.procedure_id.name,
            'agency': self.agency_id.name,
            'applicant': masked,
            'state': dict(self._fields['state']._description_selection(self.env)).get(self.state),
            'received_at': self._local_text(self.received_at),
            'due_at': self._local_text(self.due_at),
            'finished_at': self._local_text(self.finished_at),
            'returned_at': self._local_text(self.returned_at),
            'completion': dict(self._fields['completion']._description_selection(self.env)).get(
                self.completion) if self.completion else '',
            # what to bring while a supplement is asked (the documents' names
            # only: no note, which may say more about the applicant)
            'missing_documents': self.supplement_document_ids.mapped('name')
            if self.state == states.SUPPLEMENT else [],
            'steps': [{
                'date': self._local_text(l.date),
                'action': dict(l._fields['action']._description_selection(self.env)).get(l.action),
                'from': l.department_id.name or '',
                'to': l.to_department_id.name or '',
            } for l in steps],
        }

    def _local_text(self, value):
        """An Odoo UTC datetime string as dd/mm/yyyy HH:MM, Vietnam time."""
        return local(value).strftime('%d/%m/%Y %H:%M') if value else ''
