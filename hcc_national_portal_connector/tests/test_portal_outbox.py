"""The outbox on the shared job mechanism: the officials' real actions
queue one job per change, the job pushes the dossier before its progress,
the portal ends up with every dossier and log line exactly once."""
from odoo.exceptions import AccessError

from odoo.addons.hcc_one_stop.domain import jobs

from ..client import errors
from .common import PortalCase


class TestPortalOutbox(PortalCase):

    def test_one_job_per_change_dossier_before_progress(self):
        dossier = self.receive()
        dossier.sudo(self.reception).action_next_step()
        queued = self.portal_jobs(dossier)
        self.assertEqual(len(queued), len(dossier.log_ids))
        self.assertEqual(set(queued.mapped('method_name')), {'_job_portal_sync'})
        self.assertEqual(dossier.portal_sync_state, 'pending')
        # the same change queued again is the same job
        log = dossier.log_ids[-1]
        again = dossier._hcc_portal_enqueue('step_done', log)
        self.assertTrue(again)
        self.assertEqual(len(self.portal_jobs(dossier)), len(queued))
        self.run_jobs()
        self.assertEqual(set(queued.mapped('state')), {jobs.DONE})
        # the first job took every line along: one dossier push, one progress call
        self.assertEqual([op for op, _r in self.portal.received if op != 'LayPhienLamViec'],
                         ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC'])
        self.assertIn('earlier job', queued[-1].result)
        self.assertExactlyOnce(dossier)
        self.assertTrue(dossier.portal_known)
        self.assertEqual(dossier.portal_last_code, errors.OK)
        entry = self.portal.progress[dossier.name][0]
        self.assertEqual(entry['NguoiXuLy'], self.reception.name)
        # later changes go as updates of the known dossier
        dossier.sudo(self.reception).action_next_step()
        self.run_jobs()
        self.assertTrue(self.portal.received[-2][1]['HoSo'][0]['isUpdating'])
        self.assertExactlyOnce(dossier)

    def test_more_than_ten_lines_in_calls_of_ten(self):
        dossier = self.receive()
        for _i in range(6):
            dossier.sudo(self.reception).action_request_supplement('Bổ sung bản sao')
            dossier.sudo(self.reception).action_supplement_received()
        self.assertGreater(len(dossier.log_ids), 10)
        self.run_jobs()
        sizes = [len(r['TienDo']) for op, r in self.portal.received if op == 'CapNhatTienDoHoSoMC']
        self.assertEqual(sizes, [10, len(dossier.log_ids) - 10])
        self.assertExactlyOnce(dossier)

    def test_already_on_the_portal_pushed_as_update(self):
        dossier = self.receive()
        # the portal has it already (e.g. pushed by a previous installation)
        self.portal.dossiers[dossier.name] = {'MaHoSo': dossier.name, 'MaTTHC': '2.001417',
                                              'KenhThucHien': 1, 'TrangThaiHoSo': 1}
        self.portal.dossier_creates[dossier.name] = 1
        self.run_jobs()
        self.assertEqual(self.portal.calls['DongBoHoSoMC'], 2)
        self.assertTrue(self.portal.received[-2][1]['HoSo'][0]['isUpdating'])
        self.assertExactlyOnce(dossier)

    def test_procedure_without_national_code_fails_visibly_then_resync(self):
        self.procedure.national_code = False
        dossier = self.receive()
        self.run_jobs()
        job = self.portal_jobs(dossier)
        self.assertEqual(job.state, jobs.FAILED)
        self.assertIn('procedure_code', job.last_error)
        self.assertEqual(dossier.portal_sync_state, 'failed')
        self.assertEqual(self.portal.calls['DongBoHoSoMC'], 0)
        # IT staff fix the procedure, the manager resyncs
        self.procedure.national_code = '2.001417'
        with self.assertRaises(AccessError):
            dossier.sudo(self.reception).action_portal_resync()
        dossier.sudo(self.manager).action_portal_resync()
        self.assertEqual(dossier.portal_sync_state, 'pending')
        self.run_jobs()
        self.assertExactlyOnce(dossier)
        # pressed twice: nothing doubled
        dossier.sudo(self.manager).action_portal_resync()
        self.run_jobs()
        self.assertExactlyOnce(dossier)

    def test_not_configured_waits_without_counting(self):
        self.configure(endpoint='')
        dossier = self.receive()
        self.run_jobs(passes=3)
        job = self.portal_jobs(dossier)
        self.assertEqual((job.state, job.attempts), (jobs.PENDING, 0))
        self.configure()
        self.run_jobs()
        self.assertExactlyOnce(dossier)

    def test_down_for_hours_then_failed_then_resync(self):
        dossiers = self.receive() | self.receive()
        self.portal.down()
        max_attempts = self.portal_jobs()[0].max_attempts
        self.run_jobs(passes=max_attempts + 2)
        queued = self.portal_jobs()
        self.assertEqual(set(queued.mapped('state')), {jobs.FAILED})
        self.assertEqual(set(queued.mapped('attempts')), {max_attempts})
        self.assertEqual(set(dossiers.mapped('portal_sync_state')), {'failed'})
        self.assertEqual(set(dossiers.mapped('portal_last_code')), {errors.UNREACHABLE})
        # every attempt is in the exchange log, although each was rolled back
        failed = self.env['hcc.portal.exchange'].search([('dossier_id', 'in', dossiers.ids),
                                                         ('outcome', '=', 'failed')])
        self.assertEqual(len(failed), 2 * max_attempts)
        self.portal.up()
        dossiers.sudo(self.manager).action_portal_resync()
        self.run_jobs()
        self.assertExactlyOnce(dossiers)

    def test_exchange_log(self):
        dossier = self.receive()
        self.run_jobs()
        rows = self.env['hcc.portal.exchange'].search([('dossier_id', '=', dossier.id)],
                                                      order='id')
        self.assertEqual(rows.mapped('operation'), ['DongBoHoSoMC', 'CapNhatTienDoHoSoMC'])
        self.assertEqual(set(rows.mapped('outcome')), {'ok'})
        self.assertTrue(all(len(r.request_hash) == 64 for r in rows))
        self.assertTrue(rows[0].job_id)
        self.assertEqual(rows[0].dossier_code, dossier.name)
        # the same request hashes the same: the hash is the audit evidence
        found = self.env['hcc.portal.exchange'].search(
            [('request_hash', '=', rows[0].request_hash)])
        self.assertEqual(found, rows[0])
        # IT staff read no citizen's data: not these rows, but the login's
        it = self.env.ref('hcc_one_stop.user_it')
        visible = self.env['hcc.portal.exchange'].sudo(it).search([])
        self.assertFalse(visible & rows)
        self.assertIn('LayPhienLamViec', visible.mapped('operation'))
        supervisor = self.env.ref('hcc_one_stop.user_supervisor')
        self.assertEqual(self.env['hcc.portal.exchange'].sudo(supervisor).search(
            [('dossier_id', '=', dossier.id)]), rows)
        with self.assertRaises(AccessError):
            self.env['hcc.portal.exchange'].sudo(self.reception).search([])

    def test_exchange_purge(self):
        dossier = self.receive()
        self.run_jobs()
        Exchange = self.env['hcc.portal.exchange']
        old = Exchange.search([('dossier_id', '=', dossier.id)])
        self.env.cr.execute("UPDATE hcc_portal_exchange SET date = date - interval '400 days' "
                            "WHERE id IN %s", (tuple(old.ids),))
        job = Exchange._cron_enqueue_purge()
        self.assertEqual(Exchange._cron_enqueue_purge(), job)  # once a day
        self.Job._run_due('housekeeping')
        self.assertEqual(job.state, jobs.DONE)
        self.assertFalse(old.exists())
