import json
import logging

from odoo import fields, models

from ..client import mapping

_logger = logging.getLogger(__name__)


class HccDossier(models.Model):
    _inherit = 'hcc.dossier'

    def _hcc_event(self, event, log):
        res = super(HccDossier, self)._hcc_event(event, log)
        self._hcc_portal_enqueue(log)
        return res

    def _hcc_portal_values(self):
        """The dossier as the plain dict client.mapping expects."""
        self.ensure_one()
        return {
            'code': self.name,
            'procedure_code': self.procedure_id.national_code,
            'procedure_name': self.procedure_id.name,
            'applicant_name': self.applicant_name,
            'applicant_phone': self.applicant_phone,
            'channel': self.channel,
            'national_status': self.national_status,
            'received_at': self.received_at,
            'due_at': self.due_at,
            'finished_at': self.finished_at,
        }

    def _hcc_portal_enqueue(self, log):
        """Queue the dossier's current state (and the log line) for the portal.

        One unsent DongBoHoSoMC row per dossier: a newer state replaces the
        payload of the row still waiting, so the portal gets the latest state
        once instead of a backlog of stale ones.
        """
        Outbox = self.env['hcc.portal.outbox'].sudo()
        for dossier in self:
            try:
                payload = mapping.dossier_payload(dossier._hcc_portal_values())
                vals = {'payload': json.dumps(payload, ensure_ascii=False, sort_keys=True),
                        'state': 'pending', 'last_error': False}
            except ValueError as exc:
                # Visible in the queue for IT staff (e.g. a procedure without
                # its national code); never blocks the officer's action.
                vals = {'payload': '{}', 'state': 'error', 'last_error': str(exc)}
            waiting = Outbox.search([('dossier_id', '=', dossier.id),
                                     ('operation', '=', 'DongBoHoSoMC'),
                                     ('state', 'in', ('pending', 'error'))], limit=1)
            if waiting:
                waiting.write(dict(vals, attempts=0, next_attempt_at=False))
            else:
                Outbox.create(dict(vals, dossier_id=dossier.id, operation='DongBoHoSoMC'))
            if log and vals['state'] == 'pending':
                Outbox.create({
                    'dossier_id': dossier.id,
                    'operation': 'CapNhatTienDoHoSoMC',
                    'payload': json.dumps(dossier._hcc_portal_progress(log), ensure_ascii=False,
                                          sort_keys=True),
                })
        return True

    def _hcc_portal_progress(self, log):
        """One CapNhatTienDoHoSoMC entry for a processing log line."""
        entry = {
            'MaHoSo': self.name,
            'ThoiDiemXuLy': mapping.format_date(log.date or fields.Datetime.now()),
            'NguoiXuLy': log.user_id.name or '',
            'PhongBanXuLy': log.department_id.name or '',
            'NoiDungXuLy': log.step_name or log.note or log.action or '',
        }
        if self.national_status:
            entry['TrangThai'] = int(self.national_status)
        return entry
