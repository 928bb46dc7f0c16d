import time

from odoo.addons.hcc_one_stop.domain import jobs, states
from odoo.addons.hcc_one_stop.models.tools import at_time

from ..models.hcc_sms_message import CHANNEL, QUIET_PARAM
from .common import PHONE_84, SmsCase


class TestSmsDossierEvent(SmsCase):
    """The core's real actions, done by the demo officials, queue one SMS
    per event that has a template (a row and its job, nothing sent in the
    officer's transaction), keyed by the log line that announced it."""

    def last_log(self, dossier, action):
        return self.env['hcc.dossier.log'].search(
            [('dossier_id', '=', dossier.id), ('action', '=', action)], order='id desc', limit=1)

    def test_receipt_queues_one_sms_and_one_job(self):
        dossier = self.receive()
        message = self.messages(dossier)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.event, states.EVENT_RECEIVED)
        self.assertEqual(message.phone, PHONE_84)
        self.assertEqual(message.carrier, 'vinaphone')
        self.assertEqual(message.state, 'queued')
        key = 'sms:%s:%d' % (states.EVENT_RECEIVED, self.last_log(dossier, 'receive').id)
        self.assertEqual(message.dedup_key, key)
        self.assertIn('Ho so %s da duoc tiep nhan' % dossier.name, message.body)
        self.assertNotIn('{', message.body)
        # the job: identity key = the request id, payload-free, pending
        job = message.job_id
        self.assertEqual((job.channel, job.identity_key, job.state),
                         (CHANNEL, key, jobs.PENDING))
        self.assertEqual((job.model_name, job.res_id, job.method_name),
                         ('hcc.sms.message', message.id, '_job_send'))
        self.assertFalse(job.payload)
        # the same event announced again queues nothing more
        dossier._hcc_sms_queue(states.EVENT_RECEIVED, self.last_log(dossier, 'receive'))
        self.assertEqual(self.messages(dossier), message)
        self.assertEqual(self.Job.search_count([('identity_key', '=', key)]), 1)
        # handing over to the department is an event without a template
        dossier.sudo(self.reception).action_next_step()
        self.assertEqual(self.messages(dossier), message)

    def test_supplement_names_the_missing_documents(self):
        dossier = self.receive()
        dossier.sudo(self.reception).action_next_step()
        as_officer = dossier.sudo(self.officer)
        doc = dossier.document_ids[:1]
        as_officer.action_request_supplement('Bản sao CCCD chưa chứng thực',
                                             document_ids=doc.ids)
        as_officer.action_supplement_received()
        as_officer.action_request_supplement('Thiếu tờ khai bổ sung')
        requested = self.messages(dossier).filtered(
            lambda m: m.event == states.EVENT_SUPPLEMENT_REQUESTED)
        logs = self.env['hcc.dossier.log'].search(
            [('dossier_id', '=', dossier.id), ('action', '=', 'request_supplement')])
        self.assertEqual(len(logs), 2)
        self.assertEqual(sorted(requested.mapped('dedup_key')), sorted(
            'sms:%s:%d' % (states.EVENT_SUPPLEMENT_REQUESTED, log.id) for log in logs))
        first, second = requested.sorted('id')
        self.assertIn(doc.name, first.body)
        self.assertIn('Thiếu tờ khai bổ sung', second.body)
        self.assertEqual(set(self.messages(dossier).mapped('event')),
                         {states.EVENT_RECEIVED, states.EVENT_SUPPLEMENT_REQUESTED})

    def test_no_phone_landline_or_opt_out_no_sms(self):
        self.assertFalse(self.messages(self.receive(applicant_phone=False)))
        landline = self.receive(applicant_phone='0216 3852 123')
        self.assertEqual(landline.applicant_phone, '842163852123')
        self.assertFalse(self.messages(landline))
        self.env['hcc.sms.optout'].sudo(self.reception).create(
            {'phone': '+84 912 345 678', 'note': 'asked at counter 1'})
        self.assertFalse(self.messages(self.receive()))

    def test_opt_out_after_queueing_stops_the_send(self):
        message = self.messages(self.receive())
        self.env['hcc.sms.optout'].create({'phone': PHONE_84})
        self.run_jobs()
        self.assertEqual((message.state, message.failure_kind), ('failed', 'permanent'))
        self.assertEqual(message.job_id.state, jobs.FAILED)

    def test_quiet_hours_delay_the_job_to_the_morning(self):
        self.env['ir.config_parameter'].sudo().set_param(QUIET_PARAM, '21:00-07:00')
        # 22:30 Vietnam time = 15:30 UTC
        dossier = self.env['hcc.dossier'].sudo(self.reception).create({
            'procedure_id': self.procedure.id, 'applicant_name': 'Trần Thị Bình',
            'applicant_id_number': '015090001236', 'applicant_phone': '0987 654 321'})
        dossier.document_ids.write({'received': True})
        at_time(dossier, '2026-03-03 15:30:00').action_receive()
        message = self.messages(dossier)
        self.assertEqual(message.job_id.next_attempt_at, '2026-03-04 00:00:00')  # 07:00
        # an urgent template is not held back
        self.env.ref('hcc_sms.hcc_sms_template_received').urgent = True
        urgent = self.env['hcc.dossier'].sudo(self.reception).create({
            'procedure_id': self.procedure.id, 'applicant_name': 'Lê Văn Cường',
            'applicant_id_number': '015090001237', 'applicant_phone': '0987 654 322'})
        urgent.document_ids.write({'received': True})
        at_time(urgent, '2026-03-03 15:30:00').action_receive()
        self.assertFalse(self.messages(urgent).job_id.next_attempt_at)

    def test_rating_invitation_needs_a_link(self):
        template = self.env.ref('hcc_sms.hcc_sms_template_rating_invitation')
        self.assertIn('{rating_url}', template.body)
        dossier = self.receive()
        values = dossier._hcc_sms_values()
        self.assertIn('rating_url', values)
        self.assertEqual(values['code'], dossier.name)
        self.assertTrue(values['due'])

    def test_event_cost_on_a_receipt(self):
        """What the SMS hook adds to a receipt: target at most ~5 ms."""
        dossier = self.receive()
        log = self.last_log(dossier, 'receive')
        Message = self.Message.sudo()
        rounds, spent = 30, 0.0
        for i in range(rounds):
            with self.env.cr.savepoint():
                Message.search([('dossier_id', '=', dossier.id)]).unlink()
                self.env.cr.execute("DELETE FROM hcc_job WHERE identity_key LIKE %s",
                                    ('sms:%%:%d' % log.id,))
                start = time.perf_counter()
                dossier._hcc_sms_queue(states.EVENT_RECEIVED, log)
                spent += time.perf_counter() - start
        per_event_ms = spent / rounds * 1000
        # generous bound: shared 2-core machines; the benchmark prints the figure
        self.assertLess(per_event_ms, 25, '%.1f ms per event' % per_event_ms)
