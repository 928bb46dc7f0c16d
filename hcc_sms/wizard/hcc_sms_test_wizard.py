from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.hcc_one_stop.domain import identity
from odoo.addons.hcc_one_stop.domain.errors import DomainError

from ..gateways import base, encoding


class HccSmsTestWizard(models.TransientModel):
    """Send one SMS through a gateway at once, outside the queue, and show
    what the gateway answered: a configurator checks a new account."""
    _name = 'hcc.sms.test.wizard'
    _description = 'Send a test SMS'

    gateway_id = fields.Many2one('hcc.sms.gateway', required=True, ondelete='cascade')
    phone = fields.Char(required=True, help="A mobile number, any usual spelling.")
    text = fields.Char(required=True, default=lambda self: _('HCC test message'))
    result = fields.Text(readonly=True)
    done = fields.Boolean(readonly=True)

    def action_send(self):
        self.ensure_one()
        try:
            phone = identity.normalize_phone(self.phone)
        except DomainError:
            raise UserError(_('Not a Vietnamese mobile phone number.'))
        gateway = self.gateway_id
        text = self.text
        if gateway.strip_diacritics:
            text = encoding.strip_diacritics(text)
        try:
            transport = gateway._transport()
            result = transport.send(phone, text, 'hcc-test-%d' % self.id,
                                    unicode_text=not encoding.is_gsm7(text))
        except base.GatewayConfigError as exc:
            result = base.SendResult(base.FAILED, None, base.scrub(exc), None, 0)
        labels = {base.SENT: _('Sent'), base.RETRY: _('Temporary failure'),
                  base.FAILED: _('Refused by the gateway')}
        lines = [labels.get(result.status, result.status)]
        if result.provider_ref:
            lines.append(_('Provider reference: %s') % result.provider_ref)
        if result.code:
            lines.append(_('Code: %s') % result.code)
        if result.error:
            lines.append(result.error)
        self.write({'result': '\n'.join(lines), 'done': True})
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': self.id,
                'view_mode': 'form', 'target': 'new', 'name': _('Send a test SMS')}
