from odoo.tests.common import TransactionCase

from odoo.addons.hcc_one_stop.domain import states


class TestSmsVocabulary(TransactionCase):
    """SMS events are the core's events, with its one Vietnamese wording."""

    def test_events_are_the_core_events(self):
        for model in ('hcc.sms.template', 'hcc.sms.message'):
            selection = self.env[model].fields_get(['event'])['event']['selection']
            self.assertEqual([key for key, _label in selection], list(states.EVENTS), model)
        if self.env['res.lang'].search([('code', '=', 'vi_VN')]):
            selection = self.env['hcc.sms.template'].with_context(lang='vi_VN').fields_get(
                ['event'])['event']['selection']
            self.assertEqual(dict(selection), states.EVENT_LABELS_VI)
