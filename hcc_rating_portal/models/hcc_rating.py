from odoo import models

from odoo.addons.hcc_national_portal_connector.client import errors
from odoo.addons.hcc_national_portal_connector.models.hcc_dossier import PERMANENT
from odoo.addons.hcc_one_stop.domain.jobs import PermanentJobError, RetryableJobError


class HccRating(models.Model):
    _inherit = 'hcc.rating'

    def _job_portal_push_rating(self, job):
        """DongBoDanhGia with the rating as hcc_rating shapes it. The portal
        refuses ratings of dossiers it lacks (4): retried until the
        dossier's own push has gone."""
        self.ensure_one()
        if not self.dossier_id.name:
            raise PermanentJobError('Rating %d: its dossier has no code' % self.id)
        # empty optional fields left out: the contract refuses empty codes
        entry = dict((k, v) for k, v in self._hcc_dongbodanhgia().items()
                     if v not in (None, '', False))
        client = self.env['hcc.portal.settings']._client()
        if client is None:
            raise RetryableJobError('National Portal not configured', delay_minutes=60)
        result = client.sync_ratings([entry])
        if not result.ok:
            text = '%s: %s' % (result.code, errors.describe(result.code))
            if result.code in PERMANENT:
                raise PermanentJobError(text)
            raise RetryableJobError(text)
        return 'Rating sent'
