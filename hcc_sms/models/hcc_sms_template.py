from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..gateways import encoding

# The lifecycle events the core announces through hcc.dossier._hcc_event.
EVENTS = [
    ('received', 'Received'),
    ('refused', 'Refused'),
    ('step_done', 'Step done'),
    ('supplement_requested', 'Supplement requested'),
    ('supplement_received', 'Supplement received'),
    ('external_sent', 'Sent to another agency'),
    ('external_answered', 'Answered by another agency'),
    ('financial_requested', 'Financial obligation requested'),
    ('financial_paid', 'Financial obligation paid'),
    ('finished', 'Result ready'),
    ('returned', 'Result returned'),
    ('withdrawn', 'Withdrawn'),
    ('stopped', 'Processing stopped'),
    ('apology', 'Apology and new appointment'),
    ('late', 'Late'),
]

PLACEHOLDERS = ('code', 'procedure', 'due', 'applicant', 'lookup_url')


class HccSmsTemplate(models.Model):
    """The SMS text sent to the applicant when a dossier event happens."""
    _name = 'hcc.sms.template'
    _description = 'SMS Template'
    _order = 'event, id'

    name = fields.Char(required=True)
    event = fields.Selection(EVENTS, required=True)
    body = fields.Text(
        required=True,
        help="Placeholders: {code} {procedure} {due} {applicant} {lookup_url}")
    active = fields.Boolean(default=True)

    @api.constrains('body')
    def _check_body(self):
        # Refuse a typo here rather than failing later inside a dossier action.
        sample = dict.fromkeys(PLACEHOLDERS, 'x')
        for template in self:
            try:
                encoding.render(template.body, sample)
            except encoding.TemplateError as exc:
                raise ValidationError(_("Invalid SMS template: %s") % exc)
