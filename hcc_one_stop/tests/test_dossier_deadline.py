from odoo.exceptions import UserError

from .common import HccCase, utc


class TestDossierDeadline(HccCase):

    def test_cron_flags_late_and_due_soon_and_warns_the_head(self):
        d_late = self.received(2026, 3, 2, 8, 0)        # due Thu 5 Mar 08:00
        d_soon = self.received(2026, 3, 4, 9, 0)        # due Mon 9 Mar 09:00
        d_far = self.received(2026, 3, 6, 9, 0)         # due Wed 11 Mar 09:00
        for d in d_late | d_soon:
            self.at(2026, 3, 4, 10, 0).browse(d.id).action_next_step()
        self.at(2026, 3, 6, 10, 0)._cron_check_deadlines()  # Friday 10:00
        self.assertEqual(d_late.deadline_status, 'late')
        self.assertEqual(d_soon.deadline_status, 'due_soon')
        self.assertEqual(d_far.deadline_status, 'on_track')
        activity = self.env['mail.activity'].search([('res_model', '=', 'hcc.dossier'),
                                                      ('res_id', '=', d_late.id)])
        self.assertEqual(activity.user_id, self.head)
        # a second run adds nothing
        self.at(2026, 3, 6, 10, 30)._cron_check_deadlines()
        self.assertEqual(self.env['mail.activity'].search_count(
            [('res_model', '=', 'hcc.dossier'), ('res_id', '=', d_late.id)]), 1)
        # finishing late is recorded as late
        self.at(2026, 3, 6, 11, 0).browse(d_late.id).action_next_step()
        self.at(2026, 3, 6, 11, 0).browse(d_late.id).action_finish()
        self.assertEqual(d_late.completion, 'late')

    def test_apology_once_and_one_working_day_ahead(self):
        d = self.received(2026, 3, 2, 8, 0)  # due Thu 5 Mar 08:00
        with self.assertRaises(UserError):
            # Wednesday 10:00 is less than one working day before the appointment
            self.at(2026, 3, 4, 10, 0).browse(d.id).action_apologise('Chờ xác minh', utc(2026, 3, 10, 8, 0))
        with self.assertRaises(UserError):
            self.at(2026, 3, 3, 8, 0).browse(d.id).action_apologise('Chờ xác minh', utc(2026, 3, 4, 8, 0))
        self.at(2026, 3, 3, 8, 0).browse(d.id).action_apologise('Chờ xác minh', utc(2026, 3, 10, 8, 0))
        self.assertEqual(d.due_at, utc(2026, 3, 10, 8, 0))
        self.assertEqual(d.original_due_at, utc(2026, 3, 5, 8, 0))
        self.assertEqual(d.apology_reason, 'Chờ xác minh')
        self.assertEqual(d.log_ids[-1].action, 'apology')
        with self.assertRaises(UserError) as ctx:
            self.at(2026, 3, 3, 9, 0).browse(d.id).action_apologise('Lần hai', utc(2026, 3, 12, 8, 0))
        self.assertIn(d.name, ctx.exception.name)
        self.assertEqual(d.due_at, utc(2026, 3, 10, 8, 0))

    def test_holiday_calendar_generation(self):
        Holiday = self.env['hcc.holiday']
        created = Holiday.generate_year(2027)
        dates = created.mapped('date')
        self.assertIn('2027-01-01', dates)
        self.assertIn('2027-02-06', dates)   # Tết 2027 = 6 February
        self.assertIn('2027-04-30', dates)
        self.assertFalse(Holiday.generate_year(2027))  # nothing twice
        cal = Holiday.get_working_calendar()
        from datetime import date
        self.assertFalse(cal.is_working_day(date(2026, 2, 17)))
        self.assertTrue(cal.is_working_day(date(2026, 2, 23)))
