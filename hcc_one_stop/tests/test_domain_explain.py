from datetime import date, datetime
from unittest import TestCase

from ..domain import explain
from ..domain.working_calendar import WorkingCalendar

# 30 April and 1 May 2026 (Thursday, Friday) are holidays.
CAL = WorkingCalendar(holidays=[date(2026, 4, 30), date(2026, 5, 1)])


class TestExplainAppointment(TestCase):

    def _keys(self, lines):
        return [line.key for line in lines]

    def test_cutoff_and_holidays(self):
        # Wednesday 29 April 2026 at 15:30, after the 15:00 cut-off, 2 days
        received = datetime(2026, 4, 29, 15, 30)
        lines = explain.explain_appointment(CAL, received, 2, 'day', cutoff_hour=15.0)
        keys = self._keys(lines)
        self.assertEqual(keys[:2], ['received', 'cutoff_applied'])
        text = explain.render(lines, 'en')
        # Thursday and Friday are holidays, then the weekend: Monday 4 May
        self.assertIn('the next working day, 04/05/2026 07:30', text[1])
        self.assertIn('2 working days, that is 15 working hours', text[2])
        self.assertIn('30/04/2026, 01/05/2026, 2 weekend days', text[3])
        self.assertEqual(text[4], 'Appointment at receipt: 05/05/2026 17:00.')

    def test_before_cutoff_counts_at_once(self):
        received = datetime(2026, 4, 28, 9, 0)  # Tuesday morning: 09:00-11:30 + 13:30-15:00 = 4 hours
        lines = explain.explain_appointment(CAL, received, 4, 'hour', cutoff_hour=15.0)
        self.assertEqual(lines[1].key, 'cutoff_not_applied')
        text = explain.render(lines, 'vi')
        self.assertEqual(text[0], 'Tiếp nhận lúc 28/04/2026 09:00.')
        self.assertIn('tính từ 28/04/2026 09:00', text[1])
        self.assertEqual(lines[3].key, 'no_days_off')
        self.assertEqual(text[4], 'Ngày hẹn trả khi tiếp nhận: 28/04/2026 15:00.')

    def test_steps_pauses_apology(self):
        received = datetime(2026, 4, 27, 8, 0)  # Monday
        steps = [
            {'name': 'Check', 'department': 'Justice', 'amount': 4, 'unit': 'hour',
             'start': received, 'due': datetime(2026, 4, 27, 13, 30),
             'end': datetime(2026, 4, 27, 15, 0)},
            {'name': 'Police lookup', 'department': None, 'amount': 1, 'unit': 'day',
             'start': datetime(2026, 4, 27, 15, 0), 'due': datetime(2026, 4, 28, 15, 0),
             'end': None},
        ]
        pauses = [(datetime(2026, 4, 28, 8, 0), datetime(2026, 4, 28, 10, 0))]
        apology = {'date': datetime(2026, 4, 28, 9, 0), 'old': datetime(2026, 5, 4, 8, 0),
                   'new': datetime(2026, 5, 6, 8, 0), 'reason': 'police late'}
        lines = explain.explain_appointment(
            CAL, received, 3, 'day', steps=steps, pauses=pauses, apology=apology,
            due=datetime(2026, 5, 6, 8, 0), now=datetime(2026, 4, 28, 16, 0))
        text = dict(zip(self._keys(lines), explain.render(lines, 'en')))
        step_lines = [t for l, t in zip(lines, explain.render(lines, 'en')) if l.key == 'step']
        # 08:00-11:30 + 13:30-15:00 = 5 hours: over its 4-hour budget
        self.assertIn('Step 1, Check (Justice): budget 4 working hours', step_lines[0])
        self.assertIn('5 working hours used, late', step_lines[0])
        # Monday 15:00-17:00 + Tuesday 07:30-16:00 (8.5 h) minus the 2-hour pause
        self.assertIn('Police lookup (outside agency)', step_lines[1])
        self.assertIn('6.5 working hours used, in progress, late', step_lines[1])
        self.assertIn('back by 2 working hours', text['pause'])
        self.assertIn('from 04/05/2026 08:00 to 06/05/2026 08:00 (police late)', text['apology'])
        self.assertEqual(text['appointment'], 'Appointment now: 06/05/2026 08:00.')

    def test_open_pause_and_nothing_before_receipt(self):
        self.assertEqual(explain.explain_appointment(CAL, None, 1, 'day'), [])
        lines = explain.explain_appointment(
            CAL, datetime(2026, 4, 27, 8, 0), 1, 'day',
            pauses=[(datetime(2026, 4, 27, 9, 0), None)])
        self.assertIn('pause_open', self._keys(lines))
        self.assertTrue(explain.render(lines, 'vi_VN')[-1].startswith('Đang chờ bổ sung'))

    def test_templates_match(self):
        self.assertEqual(set(explain.TEMPLATES), set(explain.TEMPLATES_VI))
        for key, text in explain.TEMPLATES.items():
            self.assertEqual(sorted(text.split('%(')[1:]) and
                             sorted(p.split(')')[0] for p in text.split('%(')[1:]),
                             sorted(p.split(')')[0] for p in explain.TEMPLATES_VI[key].split('%(')[1:]),
                             key)
