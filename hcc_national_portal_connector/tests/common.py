"""A TransactionCase wired to a fake portal started on 127.0.0.1 for the
test, configured through the settings the IT staff use; dossiers are
received and moved by the demo officials."""
from odoo.tests.common import TransactionCase

from odoo.addons.hcc_one_stop.domain import jobs

from ..client import session
from ..models.hcc_dossier import PORTAL_CHANNEL
from . import fake_portal

UNIT = '000.00.15.H64'


class PortalCase(TransactionCase):

    transport = 'soap'
    timeout = 5

    def setUp(self):
        super(PortalCase, self).setUp()
        session.clear_all()
        self.addCleanup(session.clear_all)
        self.portal = fake_portal.start(self, madonvi=UNIT)
        self.configure()
        self.Job = self.env['hcc.job']
        # jobs other tests or the demo left: not ours to run here
        self.Job.search([('channel', '=', PORTAL_CHANNEL),
                         ('state', 'in', (jobs.PENDING, jobs.FAILED))]).write(
            {'state': jobs.CANCELLED})
        self.reception = self.env.ref('hcc_one_stop.user_reception')
        self.manager = self.env.ref('hcc_one_stop.user_manager')
        self.procedure = self.env.ref('hcc_one_stop.procedure_judicial_record')
        self.serial = 0

    def configure(self, **values):
        it = self.env.ref('hcc_one_stop.user_it')
        vals = {'transport': self.transport, 'madonvi': UNIT, 'timeout': self.timeout,
                'endpoint': self.portal.url, 'username': 'hcc-connector', 'password': 's3cret',
                'json_url': self.portal.json_url, 'token_url': self.portal.token_url,
                'client_id': 'lgsp-client', 'client_secret': 'lgsp-secret'}
        vals.update(values)
        self.env['hcc.portal.settings'].sudo(it).create(vals).action_save()

    def receive(self, user=None):
        """A dossier received at the counter by the receiving officer."""
        self.serial += 1
        res = self.env['hcc.dossier'].sudo(user or self.reception).receive_new({
            'procedure_id': self.procedure.id, 'applicant_name': 'Nguyễn Văn An',
            'applicant_id_number': '0150900%05d' % self.serial,
            'applicant_phone': '0912 345 678'})
        return self.env['hcc.dossier'].browse(res['id'])

    def portal_jobs(self, dossier=None):
        domain = [('channel', '=', PORTAL_CHANNEL)]
        if dossier is not None:
            domain += [('model_name', '=', 'hcc.dossier'), ('res_id', '=', dossier.id)]
        return self.Job.search(domain, order='id')

    def run_jobs(self, passes=1, elapse=True):
        """Run the due portal jobs; `elapse`: the back-off of the jobs
        waiting has elapsed (as if the runner came back later)."""
        ran = 0
        for _i in range(passes):
            if elapse:
                self.portal_jobs().filtered(lambda j: j.state == jobs.PENDING).write(
                    {'next_attempt_at': False})
            ran += self.Job._run_due(PORTAL_CHANNEL)
        self.env['hcc.dossier'].invalidate_cache()
        return ran

    def assertExactlyOnce(self, dossiers):
        """Every dossier created once on the portal, every log line there once."""
        for dossier in dossiers:
            self.assertEqual(self.portal.dossier_creates[dossier.name], 1, dossier.name)
            self.assertEqual(dossier.portal_sync_state, 'synced')
            lines = dossier.log_ids
            self.assertTrue(all(lines.mapped('portal_sent')))
            progress = self.portal.progress.get(dossier.name, [])
            self.assertEqual(len(progress), len(lines), dossier.name)
            keys = [(e['ThoiDiemXuLy'], e.get('NoiDungXuLy')) for e in progress]
            self.assertEqual(len(set(keys)), len(keys), 'a log line arrived twice')
            self.assertEqual(self.portal.dossiers[dossier.name]['TrangThaiHoSo'],
                             dossier.national_status)
        self.assertEqual(self.portal.invalid, [])
