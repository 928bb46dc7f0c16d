from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.hcc_one_stop.domain import identity
from odoo.addons.hcc_one_stop.domain.errors import DomainError


class HccSmsOptout(models.Model):
    """A phone number that receives no SMS from the centre: the person asked
    (at the counter, by phone). Checked when an SMS is queued and again when
    it is sent."""
    _name = 'hcc.sms.optout'
    _inherit = ['hcc.checked.mixin']
    _description = 'SMS opt-out'
    _order = 'id desc'
    _rec_name = 'phone'

    phone = fields.Char(required=True, index=True, help="Mobile number, any usual spelling.")
    note = fields.Char(string='Why / how asked')

    _sql_constraints = [('phone_uniq', 'unique(phone)', 'This number is already on the list.')]

    @api.model
    def _normalise(self, vals):
        if vals.get('phone'):
            try:
                vals['phone'] = identity.normalize_phone(vals['phone'])
            except DomainError:
                raise ValidationError(_('Not a Vietnamese mobile phone number.'))
        return vals

    @api.model
    def create(self, vals):
        return super(HccSmsOptout, self).create(self._normalise(dict(vals)))

    def write(self, vals):
        return super(HccSmsOptout, self).write(self._normalise(dict(vals)))

    @api.model
    def _is_opted_out(self, phone):
        if not phone:
            return False
        self.env.cr.execute("SELECT 1 FROM hcc_sms_optout WHERE phone = %s LIMIT 1", (phone,))
        return bool(self.env.cr.fetchone())
