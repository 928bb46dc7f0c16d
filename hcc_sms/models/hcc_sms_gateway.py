from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..gateways import json_http


class HccSmsGateway(models.Model):
    """A configured SMS provider account; the first active one sends."""
    _name = 'hcc.sms.gateway'
    _description = 'SMS Gateway'
    _order = 'sequence, id'

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    provider = fields.Selection(
        [('json_http', 'JSON HTTP (eSMS / SpeedSMS style)')],
        required=True, default='json_http')
    url = fields.Char(string='URL', required=True)
    api_key = fields.Char(string='API Key')
    secret = fields.Char(string='Secret Key')
    # No size=11 here: Odoo would silently cut a long name; the constraint
    # refuses it instead.
    brandname = fields.Char(
        required=True,
        help="Registered sender name, at most 11 characters.")
    strip_diacritics = fields.Boolean(
        default=True,
        help="Send Vietnamese without diacritics: 160 characters per SMS "
             "instead of 70, and some gateways refuse Unicode.")
    timeout = fields.Integer(string='Timeout (seconds)', default=15)
    active = fields.Boolean(default=True)

    @api.constrains('brandname')
    def _check_brandname(self):
        for gateway in self:
            try:
                json_http.validate_brandname(gateway.brandname)
            except json_http.GatewayConfigError:
                raise ValidationError(_(
                    "The brandname must have 1 to 11 characters among letters, "
                    "digits, space, '.', '_' and '-'."))

    def _transport(self):
        """The plain Python transport for this configuration."""
        self.ensure_one()
        # Only one wire format so far; a Viettel SOAP or SMPP transport
        # would be chosen here from `provider`.
        return json_http.JsonHttpGateway(
            self.url, self.api_key, self.secret, self.brandname,
            timeout=self.timeout or 15)
