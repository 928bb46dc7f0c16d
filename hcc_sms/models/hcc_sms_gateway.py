import threading

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from ..domain import carriers
from ..gateways import base, json_http, smpp, viettel_soap

CONFIG_GROUPS = 'hcc_one_stop.group_hcc_configurator,base.group_system'
PROVIDERS = [
    ('json_http', 'JSON HTTP (eSMS / SpeedSMS style)'),
    ('viettel_soap', 'Viettel BulkSMS (SOAP wsCpMt)'),
    ('smpp', 'SMPP 3.4 (direct carrier contract)'),
]
# the providers that drop a repeated request id: the only ones a send whose
# outcome is unknown (timeout) may be repeated on without a double SMS
IDEMPOTENT_PROVIDERS = ('json_http',)
ALERT_SUMMARY = 'SMS gateway refuses messages'

# Transports kept per worker thread (a zeep client parses its WSDL, an SMPP
# session binds): keyed by database, gateway and its last change, so an edit
# of the configuration takes effect at once.
_local = threading.local()


def _transports():
    cache = getattr(_local, 'transports', None)
    if cache is None:
        cache = _local.transports = {}
    return cache


class HccSmsGateway(models.Model):
    """A configured SMS provider account. Messages go through the gateway of
    lowest priority serving the carrier of the number, then fail over."""
    _name = 'hcc.sms.gateway'
    _inherit = ['hcc.checked.mixin', 'mail.thread', 'mail.activity.mixin']
    _description = 'SMS Gateway'
    _order = 'priority, id'

    name = fields.Char(required=True)
    priority = fields.Integer(default=10, help="Lower is tried first.")
    provider = fields.Selection(PROVIDERS, required=True, default='json_http')
    url = fields.Char(string='URL', required=True,
                      help="HTTP(S) address of the API, or smpp://host:port for SMPP.")
    api_key = fields.Char(string='API key / user / system id', groups=CONFIG_GROUPS)
    secret = fields.Char(string='Secret key / password', groups=CONFIG_GROUPS)
    cp_code = fields.Char(string='CP code', groups=CONFIG_GROUPS,
                          help="Content provider code Viettel gives (Viettel BulkSMS only).")
    callback_secret = fields.Char(
        string='Callback secret', groups=CONFIG_GROUPS, copy=False,
        help="Key of the HMAC signature the provider puts on delivery reports "
             "(X-HCC-Signature). Without it no delivery report is accepted.")
    callback_path = fields.Char(compute='_compute_callback_path', string='Callback address',
                                help="Give the provider this address (after the server's "
                                     "base URL) for delivery reports.")
    # No size=11 here: Odoo would silently cut a long name; the constraint
    # refuses it instead.
    brandname = fields.Char(
        required=True,
        help="Registered sender name, at most 11 characters.")
    strip_diacritics = fields.Boolean(
        string='Send without diacritics', default=True,
        help="Send Vietnamese without diacritics: 160 characters per SMS "
             "instead of 70, and some gateways refuse Unicode.")
    carrier_ids = fields.Many2many(
        'hcc.sms.carrier', string='Carriers served',
        help="The networks this gateway sends to; empty: all of them.")
    failover_after = fields.Integer(
        string='Attempts before failover', default=2,
        help="Temporary failures on this gateway before a message moves to the next "
             "gateway serving its carrier (when there is one).")
    timeout = fields.Integer(string='Timeout (seconds)', default=15)
    active = fields.Boolean(default=True)
    message_count = fields.Integer(compute='_compute_message_count', string='Messages')

    @api.constrains('brandname')
    def _check_brandname(self):
        for gateway in self:
            try:
                base.validate_brandname(gateway.brandname)
            except base.GatewayConfigError:
                raise ValidationError(_(
                    "The brandname must have 1 to 11 characters among letters, "
                    "digits, space, '.', '_' and '-'."))

    @api.constrains('timeout', 'failover_after')
    def _check_numbers(self):
        for gateway in self:
            if not 1 <= gateway.timeout <= 120:
                raise ValidationError(_('The timeout is 1 to 120 seconds.'))
            if not 1 <= gateway.failover_after <= 20:
                raise ValidationError(_('Attempts before failover: 1 to 20.'))

    def _compute_callback_path(self):
        for gateway in self:
            gateway.callback_path = '/hcc_sms/delivery/%d' % gateway.id if gateway.id else ''

    def _compute_message_count(self):
        # configurators have no right on messages: count as superuser,
        # show a number only
        data = self.env['hcc.sms.message'].sudo().read_group(
            [('gateway_id', 'in', self.ids)], ['gateway_id'], ['gateway_id'])
        counts = dict((d['gateway_id'][0], d['gateway_id_count']) for d in data)
        for gateway in self:
            gateway.message_count = counts.get(gateway.id, 0)

    # ------------------------------------------------------------- choice
    def _serves(self, carrier):
        self.ensure_one()
        codes = self.sudo().carrier_ids.mapped('code')
        return not codes or carrier in codes

    @api.model
    @tools.ormcache()
    def _routing(self):
        """((gateway id, carrier codes served), ...) of the active gateways,
        best first: every send asks, edits clear the cache."""
        return tuple((g.id, tuple(g.carrier_ids.mapped('code')))
                     for g in self.sudo().search([]))

    @api.model
    def _candidates(self, phone):
        """Active gateways serving the carrier of `phone`, best first."""
        carrier = carriers.carrier_of(phone)
        return self.sudo().browse([gid for gid, codes in self._routing()
                                   if not codes or carrier in codes])

    @api.model
    def create(self, vals):
        self.clear_caches()
        return super(HccSmsGateway, self).create(vals)

    def write(self, vals):
        self.clear_caches()
        return super(HccSmsGateway, self).write(vals)

    def unlink(self):
        self.clear_caches()
        return super(HccSmsGateway, self).unlink()

    def _idempotent(self):
        self.ensure_one()
        return self.provider in IDEMPOTENT_PROVIDERS

    # ---------------------------------------------------------- transport
    def _new_transport(self):
        gateway = self.sudo()
        timeout = gateway.timeout or 15
        if gateway.provider == 'viettel_soap':
            return viettel_soap.ViettelSoapGateway(
                gateway.url, gateway.api_key, gateway.secret, gateway.cp_code,
                gateway.brandname, timeout=timeout)
        if gateway.provider == 'smpp':
            # transceiver: delivery receipts come back on the sending session
            return smpp.SmppGateway.from_url(
                gateway.url, gateway.api_key, gateway.secret, gateway.brandname,
                transceiver=True, timeout=timeout)
        return json_http.JsonHttpGateway(gateway.url, gateway.api_key, gateway.secret,
                                         gateway.brandname, timeout=timeout)

    def _transport(self):
        """The plain Python transport for this configuration, kept per
        thread; GatewayConfigError when it cannot be used as configured."""
        self.ensure_one()
        key = (self.env.cr.dbname, self.id)
        gateway = self.sudo()
        # the configuration itself, not write_date (one-second resolution)
        stamp = (gateway.provider, gateway.url, gateway.api_key, gateway.secret,
                 gateway.cp_code, gateway.brandname, gateway.timeout)
        cache = _transports()
        kept = cache.get(key)
        if kept and kept[0] == stamp:
            return kept[1]
        if kept:
            kept[1].close()
        transport = self._new_transport()
        cache[key] = (stamp, transport)
        return transport

    @api.model
    def _close_transports(self):
        """Close this thread's kept sessions (tests, benchmarks)."""
        cache = _transports()
        for _stamp, transport in cache.values():
            transport.close()
        cache.clear()
        return True

    # ------------------------------------------------ delivery receipts
    @api.model
    def _cron_poll_receipts(self, wait=1.0):
        """Read the SMPP delivery receipts waiting on this worker's sessions."""
        count = 0
        for gateway in self.sudo().search([('provider', '=', 'smpp')]):
            key = (self.env.cr.dbname, gateway.id)
            kept = _transports().get(key)
            if not kept:
                continue
            count += gateway._apply_reports(kept[1].poll_reports(wait=wait))
        return count

    def _apply_reports(self, reports):
        """Record delivery reports of this gateway; returns how many matched."""
        self.ensure_one()
        Message = self.env['hcc.sms.message'].sudo()
        matched = 0
        for report in reports:
            message = Message.search([('gateway_id', '=', self.id),
                                      ('provider_ref', '=', report.provider_ref)], limit=1)
            if message:
                message._apply_report(report)
                matched += 1
        return matched

    # -------------------------------------------------------------- alerts
    def _alert_configurators(self, reason):
        """A to-do for the configurators on this gateway (one open at a
        time): a permanent refusal needs someone to fix the account."""
        self.ensure_one()
        gateway = self.sudo()
        activity_type = self.env.ref('mail.mail_activity_data_todo')
        if self.env['mail.activity'].sudo().search_count([
                ('res_model', '=', self._name), ('res_id', '=', gateway.id),
                ('summary', '=', ALERT_SUMMARY)]):
            return False
        group = self.env.ref('hcc_one_stop.group_hcc_configurator')
        users = group.users.filtered(lambda u: u.active and u.id != 1 and not u.share)
        model = self.env['ir.model']._get(self._name)
        for user in users:
            self.env['mail.activity'].sudo().create({
                'res_model_id': model.id, 'res_id': gateway.id,
                'activity_type_id': activity_type.id, 'user_id': user.id,
                'summary': ALERT_SUMMARY, 'note': reason,
            })
        return True

    # -------------------------------------------------------------- actions
    def action_send_test(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window', 'res_model': 'hcc.sms.test.wizard',
            'view_mode': 'form', 'target': 'new', 'name': _('Send a test SMS'),
            'context': {'default_gateway_id': self.id},
        }

    def action_view_messages(self):
        self.ensure_one()
        action = self.env.ref('hcc_sms.hcc_sms_message_action').read()[0]
        action['domain'] = [('gateway_id', '=', self.id)]
        return action
