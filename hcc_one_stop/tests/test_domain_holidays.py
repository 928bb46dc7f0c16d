from datetime import date
from unittest import TestCase

from ..domain import holidays
from ..domain.errors import DomainError
from ..domain.working_calendar import WorkingCalendar


def kinds(year):
    return [(h.date, h.kind) for h in holidays.default_holidays(year)]


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
            (date(2026, 11, 24), 'holiday'),   # Ngày Văn hóa Việt Nam, from 2026
        ])
        names = dict((h.date, h.name) for h in result)
        self.assertEqual(names[date(2026, 1, 1)], 'Tết Dương lịch')
        self.assertEqual(names[date(2026, 2, 16)], 'Tết Nguyên đán (ngày cuối năm âm lịch)')
        self.assertEqual(names[date(2026, 2, 17)], 'Tết Nguyên đán')
        self.assertEqual(names[date(2026, 4, 26)], 'Giỗ Tổ Hùng Vương (10/3 âm lịch)')
        self.assertEqual(names[date(2026, 4, 27)], 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)')
        self.assertEqual(names[date(2026, 4, 30)], 'Ngày Chiến thắng (30/4)')
        self.assertEqual(names[date(2026, 5, 1)], 'Ngày Quốc tế Lao động (1/5)')
        self.assertEqual(names[date(2026, 9, 2)], 'Quốc khánh (2/9)')
        self.assertEqual(names[date(2026, 11, 24)], 'Ngày Văn hóa Việt Nam (24/11)')

    def test_culture_day_only_from_2026(self):
        self.assertNotIn(date(2025, 11, 24), [d for d, _k in kinds(2025)])
        self.assertIn((date(2027, 11, 24), 'holiday'), kinds(2027))
        self.assertEqual(holidays.rules_in_force(2025)[-1], 'national_day_extra')
        self.assertEqual(holidays.rules_in_force(2026)[-1], 'culture_day')

    def test_second_national_day_only_from_2021(self):
        # 2020: 2 September only (a Wednesday); 2021: 1 and 2 September
        self.assertNotIn(date(2020, 9, 1), [d for d, _k in kinds(2020)])
        self.assertIn((date(2020, 9, 2), 'holiday'), kinds(2020))
        self.assertIn((date(2021, 9, 1), 'holiday'), kinds(2021))

    def test_hung_kings_only_from_2007(self):
        # 10/3 lunar: 16 April 2006 (a Sunday: no compensatory day either),
        # 26 April 2007
        dates_2006 = [d for d, _k in kinds(2006)]
        self.assertNotIn(date(2006, 4, 7), dates_2006)
        self.assertNotIn(date(2006, 4, 17), dates_2006)
        self.assertIn((date(2007, 4, 26), 'holiday'), kinds(2007))

    def test_tet_four_days_before_2013_five_since(self):
        # Tết 2012: 23 January; eve + 3 days. Tết 2013: 10 February; eve + 4 days
        tet_2012 = [h.date for h in holidays.default_holidays(2012) if h.name.startswith('Tết N')]
        self.assertEqual(tet_2012, [date(2012, 1, 22), date(2012, 1, 23), date(2012, 1, 24),
                                    date(2012, 1, 25)])
        tet_2013 = [h.date for h in holidays.default_holidays(2013) if h.name.startswith('Tết N')]
        self.assertEqual(len(tet_2013), 5)
        self.assertEqual(tet_2013[0], date(2013, 2, 9))

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
            (date(2028, 1, 3), 'Nghỉ bù Tết Dương lịch'),
            (date(2028, 1, 31), 'Nghỉ bù Tết Nguyên đán'),
            (date(2028, 5, 2), 'Nghỉ bù Ngày Chiến thắng (30/4)'),
            (date(2028, 9, 4), 'Nghỉ bù Quốc khánh (2/9)'),
        ])

    def test_dates_feed_a_calendar(self):
        cal = WorkingCalendar(holidays=holidays.holiday_dates(holidays.default_holidays(2026)))
        self.assertFalse(cal.is_working_day(date(2026, 4, 27)))
        self.assertFalse(cal.is_working_day(date(2026, 2, 16)))
        self.assertFalse(cal.is_working_day(date(2026, 11, 24)))
        self.assertTrue(cal.is_working_day(date(2026, 4, 28)))


CSV = """# the government's notice, 2027 (an example)
date,date_to,kind,name
2027-01-01,,holiday,Tết Dương lịch
2027-02-05,2027-02-11,,Tết Nguyên đán Đinh Mùi
2027-02-12,,nghỉ bù,Nghỉ bù hoán đổi ngày làm việc
2027-02-20,,làm bù,Làm bù cho ngày 12/02
"""

ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example//Lich nghi 2027//VI\r
BEGIN:VEVENT\r
UID:1@example\r
DTSTART;VALUE=DATE:20270205\r
DTEND;VALUE=DATE:20270212\r
SUMMARY:Tết Nguyên đán\r
  Đinh Mùi\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:2@example\r
DTSTART;VALUE=DATE:20270220\r
SUMMARY:Làm bù cho ngày 12/02\r
CATEGORIES:working_day\r
END:VEVENT\r
END:VCALENDAR\r
"""


class TestSchedule(TestCase):

    def test_csv(self):
        days = holidays.parse_schedule(CSV)
        self.assertEqual(len(days), 1 + 7 + 1 + 1)
        self.assertEqual(days[1], holidays.Holiday(date(2027, 2, 5), 'Tết Nguyên đán Đinh Mùi',
                                                   'holiday'))
        self.assertEqual(days[-2].kind, 'compensatory')
        self.assertEqual(days[-1], holidays.Holiday(date(2027, 2, 20), 'Làm bù cho ngày 12/02',
                                                    'working_day'))
        # semicolons and dd/mm/yyyy, as spreadsheets export them
        days = holidays.parse_csv('date;kind;name\n24/11/2027;holiday;Ngày Văn hóa Việt Nam\n')
        self.assertEqual(days, [holidays.Holiday(date(2027, 11, 24), 'Ngày Văn hóa Việt Nam',
                                                 'holiday')])

    def test_ical(self):
        days = holidays.parse_schedule(ICS)
        self.assertEqual([d.date for d in days][:7], [date(2027, 2, d) for d in range(5, 12)])
        # a folded line: the first space of the continuation is the fold
        self.assertEqual(days[0].name, 'Tết Nguyên đán Đinh Mùi')
        self.assertEqual(days[-1].kind, 'working_day')

    def test_bad_files(self):
        cases = {
            'date,name\n2027-13-01,X\n': 'not a date',
            'date,name\n2027-01-01,\n': 'no name',
            'date,kind,name\n2027-01-04,làm bù,Thứ Hai\n': 'not a Saturday or Sunday',
            'date,kind,name\n2027-01-02,vacation,X\n': 'unknown kind',
            'date,name\n2027-01-01,A\n2027-01-01,B\n': 'appears twice',
            'day,name\n2027-01-01,A\n': 'columns',
            'date,date_to,name\n2027-01-01,2027-03-01,A\n': 'more than',
            '': 'empty',
            'BEGIN:VCALENDAR\nEND:VCALENDAR\n': 'no event',
        }
        for text, message in cases.items():
            with self.assertRaises(DomainError, msg=text) as ctx:
                holidays.parse_schedule(text)
            self.assertIn(message, str(ctx.exception), text)

    def test_diff(self):
        existing = {date(2027, 1, 1): ('Tết Dương lịch', 'holiday'),
                    date(2027, 2, 10): ('Nghỉ bù', 'compensatory'),
                    date(2027, 2, 12): ('Old', 'holiday'),
                    date(2026, 11, 24): ('Ngày Văn hóa Việt Nam', 'holiday')}
        changes = holidays.diff(existing, holidays.parse_schedule(CSV))
        actions = dict((c.date, c.action) for c in changes)
        self.assertEqual(actions[date(2027, 1, 1)], 'keep')
        self.assertEqual(actions[date(2027, 2, 5)], 'add')
        self.assertEqual(actions[date(2027, 2, 10)], 'update')  # now part of the Tết break
        self.assertEqual(actions[date(2027, 2, 12)], 'update')
        self.assertEqual(actions[date(2027, 2, 20)], 'add')
        self.assertNotIn(date(2026, 11, 24), actions, 'other years are left alone')
        removed = holidays.diff({date(2027, 5, 3): ('X', 'compensatory')},
                                holidays.parse_schedule(CSV))
        self.assertIn(holidays.Change(date(2027, 5, 3), 'remove', 'X', 'compensatory', '', ''),
                      removed)
