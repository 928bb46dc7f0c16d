from odoo import fields, models


class HccDossierPause(models.Model):
    """A period the processing clock stood still (waiting for the applicant's
    supplement). Due times are pushed back by the working time inside."""
    _name = 'hcc.dossier.pause'
    _description = 'Dossier pause'
    _order = 'dossier_id, start'

    # auto_join: the record rules' dossier_id.* paths become a JOIN instead of
    # an IN over every dossier the user may see (30 ms a query at scale)
    dossier_id = fields.Many2one('hcc.dossier', required=True, ondelete='cascade', index=True,
                                 auto_join=True)
    start = fields.Datetime(required=True)
    end = fields.Datetime()
    reason = fields.Text()
