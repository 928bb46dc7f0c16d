from odoo.tests.common import TransactionCase


class TestSmsDossierEvent(TransactionCase):
    """The core's event hook queues one SMS per event, from the template."""

    def setUp(self):
        super(TestSmsDossierEvent, self).setUp()
        self.dossier = self.env['hcc.dossier'].search([('name', '!=', False)], limit=1)
        if not self.dossier:
            self.skipTest("no dossier in the database (demo data not loaded)")
        self.dossier.write({'applicant_phone': '84912345678'})
        self.Message = self.env['hcc.sms.message']
        self.Message.search([('dossier_id', '=', self.dossier.id)]).unlink()
        self.no_log = self.env['hcc.dossier.log']

    def test_event_queues_once(self):
        self.dossier._hcc_event('received', self.no_log)
        messages = self.Message.search([('dossier_id', '=', self.dossier.id)])
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.phone, '84912345678')
        self.assertEqual(messages.state, 'queued')
        self.assertEqual(messages.dedup_key, 'received:dossier-%d' % self.dossier.id)
        self.assertIn('Ho so %s da duoc tiep nhan' % self.dossier.name, messages.body)
        self.assertNotIn('{', messages.body)
        # the same event again: nothing more
        self.dossier._hcc_event('received', self.no_log)
        self.assertEqual(self.Message.search_count([('dossier_id', '=', self.dossier.id)]), 1)

    def test_log_lines_are_distinct_events(self):
        logs = self.dossier.log_ids[:2]
        if len(logs) < 2:
            self.skipTest("the dossier has fewer than two log lines")
        for log in logs:
            self.dossier._hcc_event('supplement_requested', log)
        messages = self.Message.search([('dossier_id', '=', self.dossier.id)])
        self.assertEqual(sorted(messages.mapped('dedup_key')),
                         sorted('supplement_requested:%d' % log.id for log in logs))

    def test_no_template_no_phone(self):
        self.dossier._hcc_event('step_done', self.no_log)  # no default template
        self.assertEqual(self.Message.search_count([('dossier_id', '=', self.dossier.id)]), 0)
        self.dossier.write({'applicant_phone': False})
        self.dossier._hcc_event('received', self.no_log)
        self.assertEqual(self.Message.search_count([('dossier_id', '=', self.dossier.id)]), 0)
