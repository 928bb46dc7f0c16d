from odoo import fields, models


class HccDossierSupplementWizard(models.TransientModel):
    """Supplement request: tick the missing documents on the dossier's
    checklist, add a note; then form 02 opens ready to print."""
    _name = 'hcc.dossier.supplement.wizard'
    _description = 'Request a supplement'

    dossier_id = fields.Many2one('hcc.dossier', required=True, ondelete='cascade')
    document_ids = fields.Many2many('hcc.dossier.document', string='Missing documents',
                                    domain="[('dossier_id', '=', dossier_id)]")
    note = fields.Text(string='What else to bring or correct')

    def action_confirm(self):
        self.ensure_one()
        dossier = self.dossier_id
        dossier.action_request_supplement((self.note or '').strip() or None, self.document_ids.ids)
        return dossier._print_action(['supplement'])
