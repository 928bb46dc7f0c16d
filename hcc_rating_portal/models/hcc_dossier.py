from odoo import models

from odoo.addons.hcc_national_portal_connector.models.hcc_dossier import PORTAL_CHANNEL


class HccDossier(models.Model):
    _inherit = 'hcc.dossier'

    def _hcc_rating_event(self, rating):
        """A rating recorded: one portal job per rating (never queued twice)."""
        res = super(HccDossier, self)._hcc_rating_event(rating)
        self.env['hcc.job'].sudo().enqueue(
            PORTAL_CHANNEL, rating, '_job_portal_push_rating',
            identity_key='portal:rating:%d' % rating.id)
        return res
