from datetime import date, timedelta
from unittest import TestCase

from ..domain import lunar
from ..domain.errors import DomainError


class TestLunarNewYear(TestCase):

    def test_tet_recent_years(self):
        expected = {
            2023: date(2023, 1, 22),
            2024: date(2024, 2, 10),
            2025: date(2025, 1, 29),
            2026: date(2026, 2, 17),
            2027: date(2027, 2, 6),
        }
        for year, tet in expected.items():
            self.assertEqual(lunar.lunar_to_solar(1, 1, year), tet)
            self.assertEqual(lunar.solar_to_lunar(tet), (1, 1, year, False))

    def test_2007_vietnamese_tet_differs_from_chinese(self):
        self.assertEqual(lunar.lunar_new_year(2007), date(2007, 2, 17))
        self.assertEqual(lunar.lunar_new_year(2007, tz=8.0), date(2007, 2, 18))
        self.assertEqual(lunar.solar_to_lunar(date(2007, 2, 17)), (1, 1, 2007, False))
        self.assertEqual(lunar.solar_to_lunar(date(2007, 2, 17), tz=8.0),
                         (30, 12, 2006, False))

    def test_1985_vietnamese_tet_a_month_apart_from_chinese(self):
        # 1985: Vietnam celebrated Tết on 21 January, China on 20 February.
        self.assertEqual(lunar.lunar_new_year(1985), date(1985, 1, 21))
        self.assertEqual(lunar.lunar_new_year(1985, tz=8.0), date(1985, 2, 20))

    def test_year_end_is_day_before_tet(self):
        self.assertEqual(lunar.lunar_year_end(2026), date(2026, 2, 16))
        self.assertEqual(lunar.solar_to_lunar(date(2026, 2, 16)), (29, 12, 2025, False))
        self.assertEqual(lunar.lunar_year_end(2024), date(2024, 2, 9))
        self.assertEqual(lunar.solar_to_lunar(date(2024, 2, 9)), (30, 12, 2023, False))


class TestLunarDates(TestCase):

    def test_hung_kings_day(self):
        self.assertEqual(lunar.lunar_to_solar(10, 3, 2024), date(2024, 4, 18))
        self.assertEqual(lunar.lunar_to_solar(10, 3, 2025), date(2025, 4, 7))
        self.assertEqual(lunar.lunar_to_solar(10, 3, 2026), date(2026, 4, 26))

    def test_mid_autumn(self):
        self.assertEqual(lunar.solar_to_lunar(date(2024, 9, 17)), (15, 8, 2024, False))
        self.assertEqual(lunar.lunar_to_solar(15, 8, 2026), date(2026, 9, 25))

    def test_leap_months(self):
        # 2023 had a leap 2nd month, 2025 a leap 6th month.
        self.assertEqual(lunar.solar_to_lunar(date(2023, 3, 22)), (1, 2, 2023, True))
        self.assertEqual(lunar.lunar_to_solar(1, 2, 2023, is_leap=True), date(2023, 3, 22))
        self.assertEqual(lunar.lunar_to_solar(1, 2, 2023), date(2023, 2, 20))
        self.assertEqual(lunar.solar_to_lunar(date(2025, 7, 25)), (1, 6, 2025, True))
        self.assertEqual(lunar.lunar_to_solar(1, 7, 2025), date(2025, 8, 23))

    def test_round_trip_2020_to_2030(self):
        d = date(2020, 1, 1)
        while d < date(2031, 1, 1):
            lday, lmonth, lyear, leap = lunar.solar_to_lunar(d)
            self.assertEqual(lunar.lunar_to_solar(lday, lmonth, lyear, leap), d)
            d += timedelta(days=1)

    def test_invalid_lunar_dates_rejected(self):
        with self.assertRaises(DomainError):
            lunar.lunar_to_solar(30, 12, 2025)   # month 12 of At Ty has 29 days
        with self.assertRaises(DomainError):
            lunar.lunar_to_solar(1, 3, 2024, is_leap=True)   # 2024 has no leap month
        with self.assertRaises(DomainError):
            lunar.lunar_to_solar(1, 13, 2024)
        with self.assertRaises(DomainError):
            lunar.lunar_to_solar(0, 1, 2024)
