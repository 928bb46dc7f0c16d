from odoo import fields, models


class HccDossierPause(models.Model):
    """A period the processing clock stood still (waiting for the applicant's
    supplement). Due times are pushed back by the working time inside."""
    _name = 'hcc.dossier.pause'
    _description = 'Dossier pause'
    _order = 'dossier_id, start'

    dossier_id = fields.Many2one('hcc.dossier', required=True, ondelete='cascade', index=True)
    start = fields.Datetime(required=True)
    end = fields.Datetime()
    reason = fields.Text()
