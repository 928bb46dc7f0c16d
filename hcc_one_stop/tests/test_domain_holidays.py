from datetime import date
from unittest import TestCase

from ..domain import holidays
from ..domain.working_calendar import WorkingCalendar


class TestDefaultHolidays(TestCase):

    def test_2026(self):
        result = holidays.default_holidays(2026)
        self.assertEqual([(h.date, h.kind) for h in result], [
            (date(2026, 1, 1), 'holiday'),
            (date(2026, 2, 16), 'holiday'),
            (date(2026, 2, 17), 'holiday'),
            (date(2026, 2, 18), 'holiday'),
            (date(2026, 2, 19), 'holiday'),
            (date(2026, 2, 20), 'holiday'),
            (date(2026, 4, 26), 'holiday'),
            (date(2026, 4, 27), 'compensatory'),
            (date(2026, 4, 30), 'holiday'),
            (date(2026, 5, 1), 'holiday'),
            (date(2026, 9, 1), 'holiday'),
            (date(2026, 9, 2), 'holiday'),
        ])
        names = dict((h.date, h.name) for h in result)
        self.assertEqual(names[date(2026, 2, 17)], "Lunar New Year (Tết)")
        self.assertEqual(names[date(2026, 4, 26)], "Hùng Kings Commemoration Day")
        self.assertEqual(names[date(2026, 4, 27)],
                         "Compensatory day off for Hùng Kings Commemoration Day")
        self.assertEqual(names[date(2026, 4, 30)], "Reunification Day")
        self.assertEqual(names[date(2026, 5, 1)], "International Labour Day")
        self.assertEqual(names[date(2026, 9, 2)], "National Day")

    def test_2025_tet_saturday_gives_monday_off(self):
        dates = [h.date for h in holidays.default_holidays(2025)]
        self.assertEqual(dates[1:7], [date(2025, 1, 28), date(2025, 1, 29), date(2025, 1, 30),
                                      date(2025, 1, 31), date(2025, 2, 1), date(2025, 2, 3)])
        self.assertIn(date(2025, 4, 7), dates)

    def test_2027_tet_weekend_gives_two_days_after_the_break(self):
        # Tết 2027 eve Fri 5 Feb, days 1-4 Sat 6 .. Tue 9: Sat and Sun are
        # compensated on Wed 10 and Thu 11, after the holidays themselves.
        comp = [h.date for h in holidays.default_holidays(2027) if h.kind == 'compensatory']
        self.assertEqual(comp, [date(2027, 2, 10), date(2027, 2, 11), date(2027, 5, 3)])

    def test_2028_consecutive_weekend_holidays_get_distinct_days(self):
        # 30 April is a Sunday and 1 May the Monday: compensation on Tuesday 2 May.
        result = holidays.default_holidays(2028)
        comp = [(h.date, h.name) for h in result if h.kind == 'compensatory']
        self.assertEqual(comp, [
            (date(2028, 1, 3), "Compensatory day off for New Year's Day"),
            (date(2028, 1, 31), "Compensatory day off for Lunar New Year (Tết)"),
            (date(2028, 5, 2), "Compensatory day off for Reunification Day"),
            (date(2028, 9, 4), "Compensatory day off for National Day"),
        ])

    def test_dates_feed_a_calendar(self):
        cal = WorkingCalendar(holidays=holidays.holiday_dates(holidays.default_holidays(2026)))
        self.assertFalse(cal.is_working_day(date(2026, 4, 27)))
        self.assertFalse(cal.is_working_day(date(2026, 2, 16)))
        self.assertTrue(cal.is_working_day(date(2026, 4, 28)))
