"""A rating recorded by the centre's manager (from a paper form) goes to the
portal once, after its dossier."""
from odoo.addons.hcc_national_portal_connector.tests.common import PortalCase
from odoo.addons.hcc_one_stop.domain import jobs


class TestRatingPortal(PortalCase):

    def test_rating_pushed_once_after_its_dossier(self):
        dossier = self.receive()
        rating = self.env['hcc.rating'].sudo(self.manager).create({
            'dossier_id': dossier.id, 'level': '3'})
        job = self.Job.search([('model_name', '=', 'hcc.rating'), ('res_id', '=', rating.id)])
        self.assertEqual(job.method_name, '_job_portal_push_rating')
        self.assertEqual(job.identity_key, 'portal:rating:%d' % rating.id)
        self.run_jobs(passes=2)
        self.assertEqual(job.state, jobs.DONE)
        self.assertEqual(len(self.portal.ratings), 1)
        (pushed,) = self.portal.ratings.values()
        self.assertEqual((pushed['MaHoSo'], pushed['MucDoHaiLong']), (dossier.name, 3))
        self.assertEqual(set(self.portal.rating_counts.values()), {1})
        self.run_jobs()
        self.assertEqual(sum(self.portal.rating_counts.values()), 1)

    def test_rating_waits_for_the_portal(self):
        dossier = self.receive()
        self.portal.down()
        self.env['hcc.rating'].sudo(self.manager).create({
            'dossier_id': dossier.id, 'level': '1'})
        self.run_jobs(passes=2)
        self.assertEqual(self.portal.ratings, {})
        self.portal.up()
        self.run_jobs(passes=3)
        self.assertEqual(sum(self.portal.rating_counts.values()), 1)
        self.assertExactlyOnce(dossier)
