from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from odoo.addons.hcc_one_stop.domain import states

from ..gateways import encoding

# The lifecycle events the core announces through hcc.dossier._hcc_event,
# named and labelled once in the core's vocabulary.
EVENTS = states.EVENT_SELECTION

PLACEHOLDERS = ('code', 'procedure', 'due', 'applicant', 'lookup_url', 'missing_documents',
                'rating_url')
# what the preview fills the placeholders with: realistic lengths, so the
# segment count shown is the one citizens will cost
SAMPLE_VALUES = {
    'code': '000.00.15.H64-260213-0001',
    'procedure': 'Cấp Phiếu lý lịch tư pháp',
    'due': '16:30 20/02/2026',
    'applicant': 'Nguyễn Văn An',
    'lookup_url': 'https://dichvucong.yenbai.gov.vn/tra-cuu-ho-so?code=000.00.15.H64-260213-0001'
                  '&t=3f9a1c2b',
    'missing_documents': 'Bản sao CCCD, Tờ khai',
    'rating_url': 'https://dichvucong.yenbai.gov.vn/danh-gia/8d2f41aa',
}


class HccSmsTemplate(models.Model):
    """The SMS text sent to the applicant when a dossier event happens."""
    _name = 'hcc.sms.template'
    _inherit = ['hcc.checked.mixin']
    _description = 'SMS Template'
    _order = 'event, id'

    name = fields.Char(required=True)
    event = fields.Selection(EVENTS, required=True)
    body = fields.Text(
        required=True,
        help="Placeholders: {code} {procedure} {due} {applicant} {lookup_url} "
             "{missing_documents} {rating_url}")
    urgent = fields.Boolean(
        help="Sent at once even in quiet hours (system parameter hcc_sms.quiet_hours, "
             "default 21:00-07:00 Vietnam time).")
    active = fields.Boolean(default=True)
    preview = fields.Text(compute='_compute_preview', string='Preview')
    preview_plain = fields.Text(compute='_compute_preview', string='Preview without diacritics')
    preview_encoding = fields.Char(compute='_compute_preview', string='Encoding')
    preview_parts = fields.Integer(compute='_compute_preview', string='SMS parts')
    preview_length = fields.Integer(compute='_compute_preview', string='Characters')
    preview_plain_encoding = fields.Char(compute='_compute_preview',
                                         string='Encoding without diacritics')
    preview_plain_parts = fields.Integer(compute='_compute_preview',
                                         string='SMS parts without diacritics')

    @api.constrains('body')
    def _check_body(self):
        # Refuse a typo here rather than failing later inside a dossier action.
        sample = dict.fromkeys(PLACEHOLDERS, 'x')
        for template in self:
            try:
                encoding.render(template.body, sample)
            except encoding.TemplateError as exc:
                raise ValidationError(_("Invalid SMS template: %s") % exc)

    @api.depends('body')
    def _compute_preview(self):
        for template in self:
            try:
                text = encoding.render(template.body or '', SAMPLE_VALUES)
            except encoding.TemplateError as exc:
                template.preview = str(exc)
                continue
            plain = encoding.strip_diacritics(text)
            template.preview = text
            template.preview_plain = plain
            template.preview_length = len(text)
            template.preview_encoding, template.preview_parts = encoding.segments(text)
            template.preview_plain_encoding, template.preview_plain_parts = \
                encoding.segments(plain)

    @api.model
    @tools.ormcache('event')
    def _for_event(self, event):
        """(id, body, urgent) of the active template of `event`, or None.
        Cached (every dossier event asks; edits clear the cache)."""
        self.env.cr.execute("SELECT id, body, urgent FROM hcc_sms_template "
                            "WHERE event = %s AND active ORDER BY id LIMIT 1", (event,))
        row = self.env.cr.fetchone()
        return tuple(row) if row else None

    @api.model
    def create(self, vals):
        self.clear_caches()
        return super(HccSmsTemplate, self).create(vals)

    def write(self, vals):
        self.clear_caches()
        return super(HccSmsTemplate, self).write(vals)

    def unlink(self):
        self.clear_caches()
        return super(HccSmsTemplate, self).unlink()
