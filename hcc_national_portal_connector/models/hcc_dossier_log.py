from odoo import fields, models


class HccDossierLog(models.Model):
    _inherit = 'hcc.dossier.log'

    # set once the portal confirmed the line (CapNhatTienDoHoSoMC or found
    # by TraCuuHoSo): a line is never sent twice
    portal_sent = fields.Boolean(string='On the National Portal', readonly=True, copy=False)
