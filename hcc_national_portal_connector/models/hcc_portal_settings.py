"""The connection to the National Portal, edited by IT staff on a form
(One-Stop Shop > Configuration > National Portal > Settings) and stored in
ir.config_parameter under hcc_national_portal_connector.* (readable by
administrators only: the secrets stay there). Every model of the connector
gets its client from `_client()`."""
import copy
import threading

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..client import errors, json_transport, soap

PARAM = 'hcc_national_portal_connector.%s'
# field of the form -> parameter key (the first four keys are those of the
# first version)
KEYS = ('endpoint', 'session', 'madonvi', 'timeout', 'transport', 'username', 'password',
        'json_url', 'token_url', 'client_id', 'client_secret', 'online_pull')
SECRETS = ('password', 'client_secret', 'session')
DEFAULT_TIMEOUT = 30
TRANSPORTS = [('soap', 'SOAP (LayPhienLamViec session)'),
              ('json', 'JSON over HTTPS with OAuth2 (LGSP)')]
# zeep reads the WSDL once per configuration, not once per job
_CLIENTS = {}
_CLIENTS_LOCK = threading.Lock()
EDITORS = ('hcc_one_stop.group_hcc_configurator', 'base.group_system')


class HccPortalSettings(models.TransientModel):
    _name = 'hcc.portal.settings'
    _description = 'National Portal connection settings'

    transport = fields.Selection(TRANSPORTS, string='Transport', default='soap', required=True)
    endpoint = fields.Char(string='SOAP endpoint URL',
                           help='While no endpoint (SOAP) or base URL (JSON) is set, portal '
                                'jobs wait and nothing is sent.')
    username = fields.Char(string='Username')
    password = fields.Char(string='Password')
    session = fields.Char(string='Fixed session token',
                          help='Only for portals that hand out a session by hand; with a '
                               'username and password the session is renewed automatically.')
    json_url = fields.Char(string='JSON base URL', help='e.g. https://lgsp.example.gov.vn/dvcqg')
    token_url = fields.Char(string='OAuth2 token URL')
    client_id = fields.Char(string='Client ID')
    client_secret = fields.Char(string='Client secret')
    madonvi = fields.Char(string='Unit code (madonvi)')
    timeout = fields.Integer(string='Timeout (seconds)', default=DEFAULT_TIMEOUT)
    online_pull = fields.Boolean(string='Take in dossiers filed online',
                                 help='Every 5 minutes, fetch the dossiers filed on the portal '
                                      '(LayDanhSachHoSoMoi).')
    test_result = fields.Text(string='Connection test', readonly=True)

    @api.model
    def _check_editor(self):
        # a transient model has no access rights of its own in Odoo 11
        if not any(self.env.user.has_group(group) for group in EDITORS):
            raise AccessError(_('Only IT staff configure the National Portal connection.'))

    @api.model
    def default_get(self, fields_list):
        self._check_editor()
        res = super(HccPortalSettings, self).default_get(fields_list)
        values = self._values()
        for key in KEYS:
            if key in fields_list and values.get(key) not in (None, ''):
                res[key] = values[key]
        return res

    @api.model
    def _values(self):
        params = self.env['ir.config_parameter'].sudo()
        values = dict((key, (params.get_param(PARAM % key) or '').strip()) for key in KEYS)
        try:
            values['timeout'] = int(values['timeout'] or DEFAULT_TIMEOUT)
        except ValueError:
            values['timeout'] = DEFAULT_TIMEOUT
        values['transport'] = values['transport'] or 'soap'
        values['online_pull'] = values['online_pull'] in ('1', 'True', 'true')
        return values

    def action_save(self):
        self._check_editor()
        self.ensure_one()
        if self.timeout and not 1 <= self.timeout <= 600:
            raise UserError(_('The timeout is between 1 and 600 seconds.'))
        params = self.env['ir.config_parameter'].sudo()
        for key in KEYS:
            value = self[key]
            if key == 'online_pull':
                value = '1' if value else ''
            params.set_param(PARAM % key, str(value or '').strip())
        return {'type': 'ir.actions.act_window_close'}

    def action_test_connection(self):
        """Save, then log in (or make one harmless call with a fixed session)."""
        self.action_save()
        client = self._client()
        if client is None:
            text = _('No endpoint is set.')
        else:
            result = client.login() if client.can_login() else client.list_codes('KENHTHUCHIEN')
            if result.ok:
                text = _('Connected: the portal answered in time.')
            else:
                text = _('Failed: code %s (%s) %s') % (result.code, errors.describe(result.code),
                                                       result.message or '')
        self.test_result = text
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': self.id,
                'view_mode': 'form', 'target': 'new', 'name': _('National Portal')}

    @api.model
    def _client(self):
        """A portal client from the parameters, or None while unconfigured.
        Its calls are written to the exchange log."""
        values = self._values()
        key = tuple(sorted(values.items()))
        with _CLIENTS_LOCK:
            client = _CLIENTS.get(key)
            if client is None:
                client = self._new_client(values)
                if client is not None:
                    _CLIENTS.clear()  # one configuration at a time
                    _CLIENTS[key] = client
        if client is None:
            return None
        # a copy per caller: the observer writes to this caller's database
        client = copy.copy(client)
        client.observer = self.env['hcc.portal.exchange']._observer()
        return client

    @api.model
    def _new_client(self, values):
        if values['transport'] == 'json':
            if not values['json_url']:
                return None
            client = json_transport.JsonPortalClient(
                values['json_url'], values['token_url'] or values['json_url'] + '/token',
                values['client_id'], values['client_secret'], values['madonvi'],
                timeout=values['timeout'])
        else:
            if not values['endpoint']:
                return None
            client = soap.SoapPortalClient(None, values['endpoint'], values['session'] or None,
                                           values['madonvi'], timeout=values['timeout'],
                                           username=values['username'] or None,
                                           password=values['password'] or None)
        return client
