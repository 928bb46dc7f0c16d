from datetime import date, datetime, timedelta, timezone
from unittest import TestCase

from ..domain import deadline, timeutil
from ..domain.errors import DomainError
from ..domain.working_calendar import WorkingCalendar

# The 2026 Tết break as the centre enters it: Mon 16 - Fri 20 February are
# days off; 14-15 and 21-22 are weekends anyway.
TET_2026 = [date(2026, 2, 16) + timedelta(days=i) for i in range(5)]


def dt(*args):
    return datetime(*args)


class TestTimeUtil(TestCase):

    def test_to_local_and_back(self):
        self.assertEqual(timeutil.to_local(dt(2026, 2, 13, 3, 0)), dt(2026, 2, 13, 10, 0))
        self.assertEqual(timeutil.to_utc(dt(2026, 2, 13, 3, 0)), dt(2026, 2, 12, 20, 0))
        self.assertIsNone(timeutil.to_local(None))

    def test_aware_input(self):
        aware = datetime(2026, 2, 13, 10, 0, tzinfo=timeutil.VIETNAM_TZ)
        self.assertEqual(timeutil.to_utc(aware), dt(2026, 2, 13, 3, 0))
        self.assertEqual(timeutil.to_local(datetime(2026, 2, 13, 3, 0, tzinfo=timezone.utc)),
                         dt(2026, 2, 13, 10, 0))


class TestWorkingCalendar(TestCase):

    def setUp(self):
        self.cal = WorkingCalendar(holidays=TET_2026)

    def test_hours_per_day(self):
        self.assertEqual(self.cal.hours_per_day, 7.5)
        self.assertEqual(WorkingCalendar(intervals=[(8, 12), (13, 17)]).hours_per_day, 8.0)

    def test_is_working_day(self):
        self.assertTrue(self.cal.is_working_day(date(2026, 2, 13)))
        self.assertFalse(self.cal.is_working_day(date(2026, 2, 14)))   # Saturday
        self.assertFalse(self.cal.is_working_day(date(2026, 2, 17)))   # Tết
        self.assertTrue(self.cal.is_working_day(dt(2026, 2, 23, 9, 0)))

    def test_make_up_saturday(self):
        cal = WorkingCalendar(extra_working_days=[date(2026, 2, 7)])
        self.assertTrue(cal.is_working_day(date(2026, 2, 7)))
        self.assertEqual(cal.add_working_hours(dt(2026, 2, 6, 16, 0), 2), dt(2026, 2, 7, 8, 30))

    def test_next_working_start(self):
        self.assertEqual(self.cal.next_working_start(dt(2026, 2, 12, 9, 0)), dt(2026, 2, 12, 9, 0))
        self.assertEqual(self.cal.next_working_start(dt(2026, 2, 12, 6, 0)), dt(2026, 2, 12, 7, 30))
        self.assertEqual(self.cal.next_working_start(dt(2026, 2, 12, 12, 0)),
                         dt(2026, 2, 12, 13, 30))
        self.assertEqual(self.cal.next_working_start(dt(2026, 2, 12, 11, 30)),
                         dt(2026, 2, 12, 13, 30))
        self.assertEqual(self.cal.next_working_start(dt(2026, 2, 13, 17, 0)),
                         dt(2026, 2, 23, 7, 30))

    def test_add_hours_over_lunch(self):
        self.assertEqual(self.cal.add_working_hours(dt(2026, 2, 12, 10, 0), 3.5),
                         dt(2026, 2, 12, 15, 30))
        self.assertEqual(self.cal.add_working_hours(dt(2026, 2, 12, 10, 0), 4),
                         dt(2026, 2, 12, 16, 0))

    def test_add_hours_ending_at_closing_stays_at_closing(self):
        self.assertEqual(self.cal.add_working_hours(dt(2026, 2, 12, 16, 0), 1),
                         dt(2026, 2, 12, 17, 0))
        self.assertEqual(self.cal.add_working_hours(dt(2026, 2, 12, 10, 0), 1.5),
                         dt(2026, 2, 12, 11, 30))
        self.assertEqual(self.cal.add_working_hours(dt(2026, 2, 12, 16, 0), 1.25),
                         dt(2026, 2, 13, 7, 45))

    def test_add_zero_hours_moves_into_office_hours(self):
        self.assertEqual(self.cal.add_working_hours(dt(2026, 2, 12, 20, 0), 0),
                         dt(2026, 2, 13, 7, 30))

    def test_add_days_across_tet(self):
        self.assertEqual(self.cal.add_working_days(dt(2026, 2, 13, 10, 0), 3),
                         dt(2026, 2, 25, 10, 0))
        self.assertEqual(self.cal.add_working_days(dt(2026, 2, 12, 8, 0), 0.5),
                         dt(2026, 2, 12, 13, 45))

    def test_negative_hours_rejected(self):
        with self.assertRaises(DomainError) as ctx:
            self.cal.add_working_hours(dt(2026, 2, 12, 10, 0), -1)
        self.assertEqual(ctx.exception.params, {'value': -1})

    def test_working_hours_between(self):
        self.assertEqual(self.cal.working_hours_between(dt(2026, 2, 12, 10, 0),
                                                        dt(2026, 2, 12, 16, 0)), 4.0)
        self.assertEqual(self.cal.working_hours_between(dt(2026, 2, 13, 16, 0),
                                                        dt(2026, 2, 23, 9, 0)), 2.5)
        self.assertEqual(self.cal.working_hours_between(dt(2026, 2, 12, 16, 0),
                                                        dt(2026, 2, 12, 10, 0)), 0.0)
        self.assertEqual(self.cal.working_hours_between(dt(2026, 2, 9, 0, 0),
                                                        dt(2026, 2, 14, 0, 0)), 37.5)

    def test_hours_between_inverts_add(self):
        start = dt(2026, 2, 11, 9, 10)
        end = self.cal.add_working_hours(start, 19.75)
        self.assertEqual(end, dt(2026, 2, 13, 15, 55))
        self.assertAlmostEqual(self.cal.working_hours_between(start, end), 19.75)

    def test_working_days_between(self):
        self.assertEqual(self.cal.working_days_between(dt(2026, 2, 13, 10, 0),
                                                       dt(2026, 2, 25, 10, 0)), 3)
        self.assertEqual(self.cal.working_days_between(date(2026, 2, 9), date(2026, 2, 13)), 4)
        self.assertEqual(self.cal.working_days_between(date(2026, 2, 13), date(2026, 2, 9)), 0)

    def test_invalid_intervals(self):
        for intervals in ([], [(13.5, 17), (7.5, 11.5)], [(7, 12), (11, 17)],
                          [(7, 25)], [(9, 8)]):
            with self.assertRaises(DomainError):
                WorkingCalendar(intervals=intervals)

    def test_invalid_weekdays(self):
        with self.assertRaises(DomainError):
            WorkingCalendar(weekdays=(0, 7))
        with self.assertRaises(DomainError):
            WorkingCalendar(weekdays=())

    def test_calendar_without_working_time_raises(self):
        all_year = [date(2026, 1, 1) + timedelta(days=i) for i in range(366 * 4)]
        cal = WorkingCalendar(holidays=all_year)
        with self.assertRaises(DomainError):
            cal.next_working_start(dt(2026, 1, 1, 8, 0))


class TestDeadline(TestCase):

    def setUp(self):
        self.cal = WorkingCalendar(holidays=TET_2026)

    def test_three_days_across_tet(self):
        self.assertEqual(deadline.compute_due(self.cal, dt(2026, 2, 13, 10, 0), 3, 'day'),
                         dt(2026, 2, 25, 10, 0))

    def test_hours_budget(self):
        self.assertEqual(deadline.compute_due(self.cal, dt(2026, 2, 12, 10, 0), 4, 'hour'),
                         dt(2026, 2, 12, 16, 0))
        self.assertEqual(deadline.compute_due(self.cal, dt(2026, 2, 12, 10, 0), 3.5, 'hour'),
                         dt(2026, 2, 12, 15, 30))

    def test_cutoff(self):
        # Before 15:00 the clock starts at once; at or after it, next working day.
        self.assertEqual(deadline.compute_due(self.cal, dt(2026, 2, 12, 14, 59), 1, 'hour',
                                              cutoff_hour=15.0),
                         dt(2026, 2, 12, 15, 59))
        self.assertEqual(deadline.compute_due(self.cal, dt(2026, 2, 12, 15, 0), 1, 'hour',
                                              cutoff_hour=15.0),
                         dt(2026, 2, 13, 8, 30))
        self.assertEqual(deadline.compute_due(self.cal, dt(2026, 2, 13, 15, 30), 1, 'day',
                                              cutoff_hour=15.0),
                         dt(2026, 2, 23, 17, 0))

    def test_cutoff_outside_office_hours(self):
        # Early morning or lunch time counts from the next working day.
        self.assertEqual(deadline.clock_start(self.cal, dt(2026, 2, 12, 6, 45), 15.0),
                         dt(2026, 2, 13, 7, 30))
        self.assertEqual(deadline.clock_start(self.cal, dt(2026, 2, 12, 12, 0), 15.0),
                         dt(2026, 2, 13, 7, 30))
        self.assertEqual(deadline.clock_start(self.cal, dt(2026, 2, 14, 9, 0), 15.0),
                         dt(2026, 2, 23, 7, 30))
        # Without a cut-off, the lunch break just waits for the afternoon.
        self.assertEqual(deadline.clock_start(self.cal, dt(2026, 2, 12, 12, 0)),
                         dt(2026, 2, 12, 13, 30))

    def test_pause_spanning_weekend(self):
        cal = WorkingCalendar()
        start = dt(2026, 3, 2, 9, 0)   # Monday
        self.assertEqual(deadline.compute_due(cal, start, 5, 'day'), dt(2026, 3, 9, 9, 0))
        pauses = [(dt(2026, 3, 6, 16, 0), dt(2026, 3, 9, 10, 0))]   # Fri 16:00 -> Mon 10:00
        self.assertEqual(deadline.paused_hours(cal, pauses), 3.5)
        self.assertEqual(deadline.compute_due(cal, start, 5, 'day', pauses=pauses),
                         dt(2026, 3, 9, 14, 30))

    def test_open_pause_gives_unknown_due(self):
        pauses = [(dt(2026, 3, 6, 16, 0), None)]
        self.assertIsNone(deadline.compute_due(WorkingCalendar(), dt(2026, 3, 2, 9, 0), 5, 'day',
                                               pauses=pauses))

    def test_pause_before_clock_start_ignored(self):
        cal = WorkingCalendar()
        pauses = [(dt(2026, 3, 2, 7, 30), dt(2026, 3, 2, 10, 0))]
        self.assertEqual(deadline.compute_due(cal, dt(2026, 3, 2, 9, 0), 1, 'hour', pauses=pauses),
                         dt(2026, 3, 2, 11, 0))

    def test_pause_of_n_working_days_moves_due_by_n(self):
        cal = WorkingCalendar(holidays=TET_2026)
        for due in (dt(2026, 3, 4, 17, 0), dt(2026, 3, 4, 10, 0), dt(2026, 2, 13, 17, 0)):
            for days in (1, 2, 3):
                start = dt(2026, 3, 2, 10, 0)                      # Monday 10:00
                end = cal.add_working_days(start, days)
                self.assertEqual(deadline.shift_for_pause(cal, due, start, end),
                                 cal.add_working_days(due, days))
                self.assertEqual(cal.working_days_between(due, deadline.shift_for_pause(
                    cal, due, start, end)), days)

    def test_zero_or_sub_minute_pause_moves_nothing(self):
        cal = WorkingCalendar()
        due = dt(2026, 3, 4, 17, 0)                                # at closing time
        for seconds in (0, 1, 59):
            start = dt(2026, 3, 2, 10, 0)
            self.assertEqual(deadline.shift_for_pause(cal, due, start, start + timedelta(
                seconds=seconds)), due)
        # a pause outside office hours costs no working time either
        self.assertEqual(deadline.shift_for_pause(cal, due, dt(2026, 3, 2, 18, 0),
                                                  dt(2026, 3, 2, 19, 0)), due)
        # one whole minute does count
        self.assertEqual(deadline.shift_for_pause(cal, dt(2026, 3, 4, 10, 0), dt(2026, 3, 2, 10, 0),
                                                  dt(2026, 3, 2, 10, 1)), dt(2026, 3, 4, 10, 1))

    def test_bad_budget(self):
        with self.assertRaises(DomainError):
            deadline.compute_due(self.cal, dt(2026, 2, 12, 10, 0), 1, 'week')
        with self.assertRaises(DomainError) as ctx:
            deadline.compute_due(self.cal, dt(2026, 2, 12, 10, 0), -2, 'day')
        self.assertEqual(str(ctx.exception), "Processing time cannot be negative: -2")

    def test_step_due_times(self):
        steps = [(4, 'hour'), (0.5, 'day'), (3, 'day')]
        self.assertEqual(deadline.step_due_times(self.cal, dt(2026, 2, 12, 10, 0), steps), [
            dt(2026, 2, 12, 16, 0),
            dt(2026, 2, 13, 10, 15),
            dt(2026, 2, 25, 10, 15),
        ])

    def test_classify_completion(self):
        due = dt(2026, 2, 25, 10, 0)
        self.assertEqual(deadline.classify_completion(dt(2026, 2, 25, 10, 1), due, self.cal),
                         'late')
        self.assertEqual(deadline.classify_completion(dt(2026, 2, 25, 10, 0), due, self.cal),
                         'on_time')
        self.assertEqual(deadline.classify_completion(dt(2026, 2, 25, 7, 30), due, self.cal),
                         'on_time')
        self.assertEqual(deadline.classify_completion(dt(2026, 2, 24, 16, 0), due, self.cal),
                         'early')
        # Finished on the Friday before Tết, due the first day back: early.
        self.assertEqual(deadline.classify_completion(dt(2026, 2, 13, 16, 0),
                                                      dt(2026, 2, 23, 8, 0), self.cal), 'early')

    def test_is_due_soon(self):
        due = dt(2026, 2, 25, 10, 0)
        self.assertFalse(deadline.is_due_soon(dt(2026, 2, 23, 9, 0), due, self.cal))
        self.assertTrue(deadline.is_due_soon(dt(2026, 2, 24, 10, 0), due, self.cal))
        self.assertTrue(deadline.is_due_soon(dt(2026, 2, 13, 16, 0), dt(2026, 2, 23, 16, 0),
                                             self.cal))
        self.assertFalse(deadline.is_due_soon(dt(2026, 2, 25, 10, 1), due, self.cal))
        # Exactly two working days (15 hours) before: still "soon" for 2 days.
        self.assertFalse(deadline.is_due_soon(dt(2026, 2, 23, 9, 0), due, self.cal,
                                              within_days=2))
        self.assertTrue(deadline.is_due_soon(dt(2026, 2, 23, 10, 0), due, self.cal,
                                             within_days=2))
        self.assertFalse(deadline.is_due_soon(dt(2026, 2, 23, 9, 0), None, self.cal))
