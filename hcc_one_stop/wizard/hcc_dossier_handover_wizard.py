from odoo import _, api, fields, models


class HccDossierHandoverWizard(models.TransientModel):
    """Hand-over with an optional note, after a confirmation that says where
    the dossier goes; the rule stays in hcc.dossier.action_next_step."""
    _name = 'hcc.dossier.handover.wizard'
    _description = 'Hand over the dossier'

    dossier_id = fields.Many2one('hcc.dossier', required=True, ondelete='cascade')
    note = fields.Text(string='Note for the next step')
    summary = fields.Char(compute='_compute_summary', string='Hand over to')

    @api.depends('dossier_id')
    def _compute_summary(self):
        for wiz in self:
            d = wiz.dossier_id
            nxt = d._step_after(d.current_step_id) if d.current_step_id else False
            if not nxt:
                wiz.summary = _('No next step: finish the dossier instead.')
            elif nxt.is_external:
                wiz.summary = _('%s (outside agency %s)') % (nxt.name, nxt.external_agency_id.name)
            else:
                wiz.summary = '%s (%s)' % (nxt.name, nxt.department_id.name)

    def action_confirm(self):
        self.ensure_one()
        self.dossier_id.with_context(hcc_confirm=False).action_next_step(
            (self.note or '').strip() or None)
        return {'type': 'ir.actions.act_window_close'}
