from odoo import fields, models


class HccDossierDocument(models.Model):
    """A line of the dossier's document checklist, copied from the procedure
    at creation and ticked by the receiving officer."""
    _name = 'hcc.dossier.document'
    _inherit = ['hcc.checked.mixin']
    _description = 'Dossier document'
    _order = 'dossier_id, sequence, id'

    # auto_join: the record rules' dossier_id.* paths become a JOIN instead of
    # an IN over every dossier the user may see (30 ms a query at scale)
    dossier_id = fields.Many2one('hcc.dossier', required=True, ondelete='cascade', index=True,
                                 auto_join=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    originals = fields.Integer(default=1)
    copies = fields.Integer(default=0)
    mandatory = fields.Boolean(default=True)
    received = fields.Boolean()
    attachment_id = fields.Many2one('ir.attachment', string='Scanned file')
