import logging

from odoo import fields, models

from odoo.addons.hcc_one_stop.domain import identity, states
from odoo.addons.hcc_one_stop.models.tools import local, server_now

from ..gateways import encoding

_logger = logging.getLogger(__name__)

SMS_READERS = ('hcc_one_stop.group_hcc_officer,hcc_one_stop.group_hcc_receiving,'
               'hcc_one_stop.group_hcc_supervisor,hcc_one_stop.group_hcc_manager')


class HccDossier(models.Model):
    _inherit = 'hcc.dossier'

    # the roles that may read SMS (portal users and IT staff may not)
    sms_message_ids = fields.One2many('hcc.sms.message', 'dossier_id', string='SMS',
                                      readonly=True, groups=SMS_READERS)
    sms_count = fields.Integer(compute='_compute_sms_count', string='SMS count',
                               groups=SMS_READERS)

    def _compute_sms_count(self):
        # as the user: record rules decide which SMS he may count
        Message = self.env['hcc.sms.message']
        if not Message.check_access_rights('read', raise_exception=False):
            for dossier in self:
                dossier.sms_count = 0
            return
        data = Message.read_group([('dossier_id', 'in', self.ids)], ['dossier_id'],
                                  ['dossier_id'])
        counts = dict((d['dossier_id'][0], d['dossier_id_count']) for d in data)
        for dossier in self:
            dossier.sms_count = counts.get(dossier.id, 0)

    def _hcc_event(self, event, log):
        res = super(HccDossier, self)._hcc_event(event, log)
        self._hcc_sms_queue(event, log)
        return res

    def _hcc_sms_values(self, event=None, log=None):
        """Placeholder values for SMS templates (times in Vietnam time).

        The addresses ({lookup_url}, and {rating_url} when the rating addon
        is installed) come from the core's hcc.dossier._hcc_public_links,
        which other addons extend: neither addon depends on the other."""
        self.ensure_one()
        due = local(self.due_at)
        missing = ', '.join(self.supplement_document_ids.mapped('name'))
        if not missing and log and event == states.EVENT_SUPPLEMENT_REQUESTED:
            missing = ' '.join((log.note or '').split())
        values = {'lookup_url': '', 'rating_url': ''}
        values.update(self._hcc_public_links())
        values.update({
            'code': self.name or '',
            'procedure': self.procedure_id.name or '',
            'due': due.strftime('%H:%M %d/%m/%Y') if due else '',
            'applicant': self.applicant_name or '',
            'missing_documents': missing,
        })
        return values

    def _hcc_sms_queue(self, event, log):
        """Queue the SMS of `event`, once, for dossiers with a mobile number
        not on the opt-out list: a message row and its job, nothing sent
        here (the job sends). Keyed by the log line, or the dossier for
        events without one, so an event never queues twice.

        Runs as superuser: the officer acting on the dossier need not read
        templates or gateways. A failure here must never block the dossier
        action, so rendering problems become a failed message, not an error.
        """
        template = self.env['hcc.sms.template'].sudo()._for_event(event)
        Message = self.env['hcc.sms.message'].sudo()
        if not template:
            return Message
        template_id, body, urgent = template
        created = Message
        now = server_now(self)
        needs_rating = 'rating_url' in encoding.placeholders(body)
        for dossier in self:
            phone = dossier.applicant_phone
            # landlines are contact numbers: no SMS to them
            if not phone or not identity.is_mobile(phone):
                continue
            key = 'sms:%s:%s' % (event, log.id if log else 'dossier-%d' % dossier.id)
            vals = {'dossier_id': dossier.id, 'event': event, 'phone': phone,
                    'dedup_key': key, 'template_id': template_id, 'urgent': urgent}
            try:
                values = dossier._hcc_sms_values(event=event, log=log)
                if needs_rating and not values.get('rating_url'):
                    continue  # an invitation to rate without a link says nothing
                vals['body'] = encoding.render(body, values)
            except encoding.TemplateError as exc:
                # a failed row says why; it is not sent
                vals.update(body=body, state='failed', failure_kind='permanent',
                            error=str(exc))
                _logger.warning("SMS template %s: %s", template_id, exc)
            # one INSERT skips opted-out numbers and a request id already queued
            created |= Message._queue(vals, now=now)
        return created
