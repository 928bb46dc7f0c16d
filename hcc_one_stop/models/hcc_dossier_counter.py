"""The dossier as the counter and the back office work it: the checklist as
soon as the procedure is chosen, "all received", receive-and-print, search
by phone in any spelling or by a scanned code, the queue of an inter-agency
step and the "why this appointment" panel. The lifecycle rules stay in
hcc_dossier.py: these only call them."""
import base64

from odoo import api, fields, models
from odoo.tools import html_escape

from ..domain import explain, identity, states
from .hcc_dossier_report import FORM_REPORTS
from .tools import local


class HccDossierCounter(models.Model):
    _inherit = 'hcc.dossier'

    # The department whose queue holds the dossier: the current step's, or
    # for a step done by an outside agency the department that sent it
    # there, which waits for the answer and must see the agency's due time.
    queue_department_id = fields.Many2one(
        'hr.department', string='Queue of', compute='_compute_queue_department', store=True,
        readonly=True, index=True,
        help='The department whose queue shows the dossier; for an inter-agency step, the '
             'department that sent it to the outside agency.')
    documents_all_received = fields.Boolean(
        string='All documents received', compute='_compute_documents_all_received',
        inverse='_inverse_documents_all_received',
        help='Tick every document of the checklist at once.')
    supplement_document_ids = fields.Many2many(
        'hcc.dossier.document', 'hcc_dossier_supplement_document_rel', 'dossier_id',
        'document_id', string='Documents to supplement', readonly=True, copy=False)
    appointment_explanation = fields.Html(
        string='Why this appointment', compute='_compute_appointment_explanation',
        sanitize=False)

    # ------------------------------------------------------------------ compute
    @api.depends('current_step_id')
    def _compute_queue_department(self):
        for rec in self:
            step = rec.current_step_id
            while step and step.is_external:
                step = rec._step_after(step, -1)
            rec.queue_department_id = step.department_id

    @api.depends('document_ids.received')
    def _compute_documents_all_received(self):
        for rec in self:
            rec.documents_all_received = bool(rec.document_ids) and all(
                rec.document_ids.mapped('received'))

    def _inverse_documents_all_received(self):
        for rec in self.filtered('documents_all_received'):
            rec.document_ids.filtered(lambda d: not d.received).write({'received': True})

    def _compute_appointment_explanation(self):
        lang = self.env.lang or self.env.user.lang or 'en_US'
        for rec in self:
            lines = rec._appointment_explanation(lang)
            rec.appointment_explanation = '<ul class="hcc_explanation">%s</ul>' % ''.join(
                '<li>%s</li>' % html_escape(line) for line in lines) if lines else ''

    # ---------------------------------------------------------------- onchanges
    @api.onchange('procedure_id')
    def _onchange_procedure_id(self):
        """The procedure's checklist as soon as it is chosen: the officer
        ticks what the applicant brought before the first save."""
        if self.state and self.state != states.DRAFT:
            return
        self.document_ids = [(5, 0, 0)] + [(0, 0, {
            'name': doc.name, 'sequence': doc.sequence, 'originals': doc.originals,
            'copies': doc.copies, 'mandatory': doc.mandatory, 'received': False,
        }) for doc in self.procedure_id.document_ids]

    @api.onchange('documents_all_received')
    def _onchange_documents_all_received(self):
        # read once: ticking a line recomputes the toggle from the lines
        value = self.documents_all_received
        for doc in self.document_ids:
            doc.received = value

    # ------------------------------------------------------------------- search
    @api.model
    def _where_calc(self, domain, active_test=True):
        # a phone typed as people say it (0912 345 678, +84..., a fragment)
        # finds the stored 84... form; read_group goes through here too
        return super(HccDossierCounter, self)._where_calc(
            self._phone_domain(domain), active_test=active_test)

    @api.model
    def _phone_domain(self, domain):
        result = []
        for leaf in domain or []:
            if isinstance(leaf, (list, tuple)) and len(leaf) == 3 \
                    and leaf[0] == 'applicant_phone' and isinstance(leaf[2], str) \
                    and leaf[1] in ('=', 'ilike', 'like', '=ilike'):
                term = identity.phone_search_term(leaf[2])
                if term:
                    leaf = ('applicant_phone', term[0], term[1])
            result.append(leaf)
        return result

    @api.model
    def hcc_find_by_code(self, code):
        """The id of the dossier with exactly this code among those the user
        may read, or False: what a barcode scanner's input in the search box
        opens."""
        code = (code or '').strip() if isinstance(code, str) else ''
        if not code or len(code) > 64:
            return False
        found = self.search([('name', '=', code)], limit=2)
        return found.id if len(found) == 1 else False

    # ----------------------------------------------------------------- counter
    def _print_urls(self, form_keys):
        self.ensure_one()
        return ['/report/pdf/%s/%d' % (self.env.ref(FORM_REPORTS[key]).report_name, self.id)
                for key in form_keys]

    def action_receive(self):
        """Receive (the rules are in hcc_dossier.py); with `hcc_print_forms`
        in the context (['receipt'] or ['receipt', 'control']) the counter's
        one action: the slips then open ready to print in the browser."""
        result = super(HccDossierCounter, self).action_receive()
        forms = self.env.context.get('hcc_print_forms')
        if forms and len(self) == 1 and isinstance(forms, (list, tuple)) \
                and set(forms) <= {'receipt', 'control'}:
            return self._print_action(forms)
        return result

    def _print_action(self, forms):
        """A client action (static/src/js/hcc_backend.js) that opens the
        PDFs in the browser's viewer, ready to print, and reloads the form."""
        return {'type': 'ir.actions.client', 'tag': 'hcc_print_forms',
                'params': {'urls': self._print_urls(forms)}}

    def action_next_step(self, note=None):
        # Odoo 11's web client passes a button's context as the last
        # positional argument, which lands in `note` for a method whose
        # arguments are all optional: it is a context, not a note
        context = dict(self.env.context)
        if isinstance(note, dict):
            context.update(note)
            note = None
        # the buttons ask first (hcc_confirm): a dialog with the next step
        # and an optional note, whose confirmation comes back here
        if context.get('hcc_confirm') and note is None and len(self) == 1:
            return self.action_hand_over_wizard()
        return super(HccDossierCounter, self).action_next_step(note)

    def action_hand_over_wizard(self):
        """Hand-over with an optional note and a confirmation that says to
        whom the dossier goes."""
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window', 'res_model': 'hcc.dossier.handover.wizard',
            'view_mode': 'form', 'target': 'new',
            'name': self.env['hcc.dossier.handover.wizard']._description,
            'context': {'default_dossier_id': self.id},
        }

    def action_supplement_wizard(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window', 'res_model': 'hcc.dossier.supplement.wizard',
            'view_mode': 'form', 'target': 'new',
            'name': self.env['hcc.dossier.supplement.wizard']._description,
            'context': {'default_dossier_id': self.id},
        }

    # ------------------------------------------------------ why this appointment
    def _explanation_steps(self):
        """The steps the dossier went through, from its processing log."""
        self.ensure_one()
        by_name = dict((s.name, s) for s in self.procedure_id.step_ids)
        steps, current = [], None
        for log in self.log_ids.sorted(lambda l: (l.date, l.id)):
            if log.action in (states.APOLOGY, states.REPAIR):
                continue
            leaves = log.to_step_name or log.action in ('finish', 'withdraw', 'stop', 'refuse')
            if current is not None and leaves:
                current['end'] = local(log.date)
                if log.step_due_at:
                    current['due'] = local(log.step_due_at)
                current = None
            if log.to_step_name:
                step = by_name.get(log.to_step_name)
                current = {
                    'name': log.to_step_name,
                    'department': log.to_department_id.name or (
                        step.external_agency_id.name if step else None),
                    'amount': step.budget_amount if step else 0.0,
                    'unit': step.budget_unit if step else 'day',
                    'start': local(log.date), 'due': None, 'end': None,
                }
                steps.append(current)
        if current is not None and self.step_due_at:
            current['due'] = local(self.step_due_at)
        return steps

    def _appointment_explanation(self, lang='vi_VN'):
        """The "why this appointment" sentences in `lang` (the control slip
        prints them in Vietnamese)."""
        self.ensure_one()
        if not self.received_at:
            return []
        proc = self.procedure_id
        apology = {'date': local(self.apology_date), 'old': local(self.original_due_at),
                   'new': local(self.due_at), 'reason': self.apology_reason} \
            if self.apology_date else None
        pauses = [(local(p.start), local(p.end) if p.end else None)
                  for p in self.pause_ids.sorted('start')]
        lines = explain.explain_appointment(
            self._calendar(), local(self.received_at), proc.legal_amount, proc.legal_unit,
            cutoff_hour=proc.cutoff_hour if proc.cutoff_enabled else None,
            first_due=local(self.original_due_at), steps=self._explanation_steps(),
            pauses=pauses, apology=apology, due=local(self.due_at), now=local(self._now()))
        return explain.render(lines, lang)

    def _form_explanation(self):
        return self._appointment_explanation('vi_VN')

    def _phone_display(self):
        self.ensure_one()
        return identity.format_phone_display(self.applicant_phone)

    def _barcode_data_uri(self):
        """The Code 128 barcode of the dossier code as a data: URI PNG (no
        HTTP fetch for wkhtmltopdf); '' while the dossier has no code."""
        self.ensure_one()
        if not self.name:
            return ''
        try:
            png = self.env['ir.actions.report'].barcode('Code128', self.name, width=600,
                                                        height=80, humanreadable=0)
        except ValueError:
            return ''
        return 'data:image/png;base64,%s' % base64.b64encode(png).decode('ascii')

    def _form_supplement_note(self):
        """The officer's note of the last supplement request without the
        document lines (form 02 lists those from the checklist)."""
        self.ensure_one()
        listed = set('- %s' % name for name in self.supplement_document_ids.mapped('name'))
        note = self._form_last_note('request_supplement')
        return '\n'.join(l for l in note.splitlines() if l.strip() not in listed).strip()
