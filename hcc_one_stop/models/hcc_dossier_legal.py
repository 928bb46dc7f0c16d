"""The dossier under the law of its receipt day and in the two-tier
province: legal version, receiving centre, procedures without a legal time
limit, moves to a successor agency after a merger."""
from odoo import _, fields, models
from odoo.exceptions import UserError

from ..domain import legal, states
from .tools import domain_call, local


class HccDossierLegal(models.Model):
    _inherit = 'hcc.dossier'

    # Workflow fields (hcc_dossier.WORKFLOW_FIELDS): set by action_receive.
    legal_version_id = fields.Many2one(
        'hcc.legal.version', string='Legal version', readonly=True, copy=False, index=True,
        ondelete='restrict', help='The law in force on the receipt day: the dossier prints '
                                  'and behaves by it.')
    centre_id = fields.Many2one(
        'hcc.centre', string='Receiving centre', readonly=True, copy=False, index=True,
        ondelete='restrict', help='The centre that received the dossier, whichever agency '
                                  'is competent.')
    no_time_limit = fields.Boolean(related='procedure_id.no_time_limit', store=True,
                                   readonly=True, string='No legal time limit')

    # ------------------------------------------------------------ legal version
    def _hcc_legal_day(self):
        """The Vietnam-time day whose law applies: the receipt day; for a
        dossier never received (refused at the desk, draft) the day of its
        last log line, else today."""
        self.ensure_one()
        when = self.received_at or max(self.sudo().log_ids.mapped('date') or [False]) \
            or self._now()
        return local(when).date()

    def _hcc_legal_version(self):
        """The dossier's legal version (kept from its receipt), or the one in
        force on its legal day; empty when none is configured."""
        self.ensure_one()
        return self.legal_version_id or self.env['hcc.legal.version'].version_on(
            self._hcc_legal_day())

    def _hcc_receiving_centre(self):
        self.ensure_one()
        return self.counter_id.centre_id or self.env.user.hcc_counter_id.centre_id

    def _hcc_receipt_vals(self, now):
        """Workflow values fixed at receipt: the legal version in force and
        the receiving centre, which must be allowed to receive the procedure
        under that version (boundary-free receipt since Decree 118/2025)."""
        self.ensure_one()
        version = self.env['hcc.legal.version'].version_on(local(now).date())
        centre = self._hcc_receiving_centre()
        if centre:
            domain_call(self, legal.check_receipt_place, version.boundary_free if version else True,
                        centre.level, centre.agency_id.id, self.procedure_id.agency_id.id,
                        self.procedure_id.level)
        return {'legal_version_id': version.id or False, 'centre_id': centre.id or False}

    def _hcc_check_apology_allowed(self):
        """Before an apology letter: there is an appointment to move, and the
        legal version still allows moving it."""
        self.ensure_one()
        if not self.due_at:
            raise UserError(_('Dossier %s has no appointment (no legal time limit): there is '
                              'nothing to move.') % self.name)
        limit = self._hcc_legal_version().apology_limit or 1
        done = len(self.sudo().log_ids.filtered(lambda l: l.action == states.APOLOGY))
        if self.apology_date and done >= limit:
            raise UserError(_('Dossier %s already has an apology letter: the appointment '
                              'can be moved only once.') % self.name if limit == 1 else
                            _('Dossier %s: the appointment can be moved only %d times.')
                            % (self.name, limit))

    # ------------------------------------------------------------------ merger
    def _hcc_move_to_procedure(self, procedure, note):
        """Move open dossiers to `procedure` (the version of the successor
        agency after a merger): same code, same appointment, the step at the
        same place of the process, and a note in the dossier's log."""
        for rec in self:
            steps = list(rec.procedure_id.step_ids)
            index = steps.index(rec.current_step_id) if rec.current_step_id in steps else -1
            new_steps = procedure.step_ids
            vals = {'procedure_id': procedure.id}
            if index >= 0:
                vals['current_step_id'] = new_steps[min(index, len(new_steps) - 1)].id
            rec._hcc_workflow_write(vals)
            rec.sudo().message_post(body=note, subtype='mail.mt_note')
        return True
