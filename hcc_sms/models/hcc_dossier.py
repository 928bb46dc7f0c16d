import logging

import pytz

from odoo import fields, models

from ..gateways import encoding

_logger = logging.getLogger(__name__)

VN_TZ = pytz.timezone('Asia/Ho_Chi_Minh')


class HccDossier(models.Model):
    _inherit = 'hcc.dossier'

    def _hcc_event(self, event, log):
        res = super(HccDossier, self)._hcc_event(event, log)
        self._hcc_sms_queue(event, log)
        return res

    def _hcc_sms_values(self):
        """Placeholder values for SMS templates (times in Vietnam time)."""
        self.ensure_one()
        due = ''
        if self.due_at:
            utc = pytz.utc.localize(fields.Datetime.from_string(self.due_at))
            due = utc.astimezone(VN_TZ).strftime('%H:%M %d/%m/%Y')
        return {
            'code': self.name or '',
            'procedure': self.procedure_id.name or '',
            'due': due,
            'applicant': self.applicant_name or '',
            'lookup_url': self.lookup_url or '',
        }

    def _hcc_sms_queue(self, event, log):
        """Queue the SMS of `event`, once, for dossiers with a phone number.

        Runs as superuser: the officer acting on the dossier need not read
        templates or gateways. A failure here must never block the dossier
        action, so rendering problems become a failed message, not an error.
        """
        Template = self.env['hcc.sms.template'].sudo()
        Message = self.env['hcc.sms.message'].sudo()
        template = Template.search([('event', '=', event)], limit=1)
        if not template:
            return Message
        created = Message
        for dossier in self.filtered('applicant_phone'):
            key = '%s:%s' % (event, log.id if log else 'dossier-%d' % dossier.id)
            if Message.search_count([('dedup_key', '=', key)]):
                continue
            vals = {'dossier_id': dossier.id, 'event': event,
                    'phone': dossier.applicant_phone, 'dedup_key': key}
            try:
                vals['body'] = encoding.render(template.body, dossier._hcc_sms_values())
            except encoding.TemplateError as exc:
                vals.update(body=template.body, state='failed', error=str(exc))
                _logger.warning("SMS template %s: %s", template.id, exc)
            created |= Message.create(vals)
        return created
