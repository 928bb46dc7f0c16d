from odoo import fields, models

from odoo.addons.hcc_one_stop.domain import states


class HccDossier(models.Model):
    _inherit = 'hcc.dossier'

    rating_ids = fields.One2many('hcc.rating', 'dossier_id', string='Ratings', readonly=True)

    def _hcc_event(self, event, log):
        res = super(HccDossier, self)._hcc_event(event, log)
        if event == states.EVENT_RETURNED:
            Link = self.env['hcc.rating.link'].sudo()
            for dossier in self:
                Link._for_dossier(dossier)
        return res

    def _hcc_rating_url(self):
        """The dossier's rating link (/danh-gia/<token>) once its result is
        returned and while the link is unused and valid, else ''. Made on
        first call, so a listener of the 'returned' event (the SMS
        placeholder {rating_url}) gets it whatever the order of the addons."""
        self.ensure_one()
        if self.state != states.RETURNED:
            return ''
        link = self.env['hcc.rating.link'].sudo()._for_dossier(self)
        return link._url() if link._status() == 'valid' else ''

    def _hcc_public_links(self):
        links = super(HccDossier, self)._hcc_public_links()
        links['rating_url'] = self._hcc_rating_url()
        return links

    def _hcc_rating_event(self, rating):
        """Hook: a rating of this dossier was recorded. The National Portal
        connector overrides it to push rating._hcc_dongbodanhgia()
        (DongBoDanhGia); nothing here depends on it."""
        return True
