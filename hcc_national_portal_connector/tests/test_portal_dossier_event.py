import json

from odoo.tests.common import TransactionCase


class TestPortalDossierEvent(TransactionCase):
    """The core's event hook fills the outbox, one dossier row at a time."""

    def test_event_enqueues_dossier_push(self):
        dossier = self.env['hcc.dossier'].search(
            [('name', '!=', False), ('log_ids', '!=', False)], limit=1)
        if not dossier:
            self.skipTest("no dossier in the database (demo data not loaded)")
        if not dossier.procedure_id.national_code:
            dossier.procedure_id.national_code = '1.001193'
        Outbox = self.env['hcc.portal.outbox']
        Outbox.search([('dossier_id', '=', dossier.id)]).unlink()
        log = dossier.log_ids[0]
        dossier._hcc_event('step_done', log)
        dossier._hcc_event('step_done', log)
        pushes = Outbox.search([('dossier_id', '=', dossier.id), ('operation', '=', 'DongBoHoSoMC')])
        # coalesced: one waiting push carries the latest state
        self.assertEqual(len(pushes), 1)
        self.assertEqual(pushes.state, 'pending')
        payload = json.loads(pushes.payload)
        self.assertEqual(payload['MaHoSo'], dossier.name)
        self.assertEqual(payload['MaTTHC'], dossier.procedure_id.national_code)
        self.assertEqual(payload['TrangThaiHoSo'], dossier.national_status)
        self.assertEqual(payload['KenhThucHien'], int(dossier.channel))
        progress = Outbox.search([('dossier_id', '=', dossier.id),
                                  ('operation', '=', 'CapNhatTienDoHoSoMC')])
        self.assertEqual(len(progress), 2)
        self.assertEqual(json.loads(progress[0].payload)['MaHoSo'], dossier.name)
