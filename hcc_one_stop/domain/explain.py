"""Why this appointment: the dossier's appointment explained step by step.

Plain Python over the working calendar: when the dossier was received,
whether the cut-off moved the start to the next working day, the legal
time, the days off skipped, each step's budget against the working time it
actually took, the pauses for supplements and the apology letter. The
form's panel and the printed control slip show the same lines.

All datetimes are naive Vietnam time. `explain_appointment` returns lines
(key, params); `render` turns them into sentences in English or Vietnamese
(the printed forms are Vietnamese whatever the user's language).
"""
from collections import namedtuple
from datetime import timedelta

from . import deadline

Line = namedtuple('Line', 'key params')

TEMPLATES = {
    'received': 'Received on %(received)s.',
    'cutoff_applied': 'Received at or after the %(cutoff)s cut-off or outside office hours: '
                      'the time counts from the next working day, %(start)s.',
    'cutoff_not_applied': 'Received before the %(cutoff)s cut-off: the time counts from '
                          '%(start)s.',
    'no_cutoff': 'The time counts from %(start)s.',
    'legal_time': 'Legal processing time: %(amount)s %(unit)s, that is %(hours)s working hours '
                  '(office hours %(office)s, Monday to Friday).',
    'days_off': 'Days off skipped: %(days)s.',
    'no_days_off': 'No holiday falls within the processing time.',
    'first_due': 'Appointment at receipt: %(due)s.',
    'step': 'Step %(index)s, %(name)s (%(department)s): budget %(budget)s, from %(start)s, '
            'due %(due)s; %(used)s working hours used, %(status)s.',
    'pause': 'Waiting for a supplement from %(start)s to %(end)s: the appointment moves back '
             'by %(hours)s working hours.',
    'pause_open': 'Waiting for a supplement since %(start)s: the clock stands still until it '
                  'arrives.',
    'apology': 'Apology letter of %(date)s: appointment moved from %(old)s to %(new)s '
               '(%(reason)s).',
    'appointment': 'Appointment now: %(due)s.',
}

TEMPLATES_VI = {
    'received': 'Tiếp nhận lúc %(received)s.',
    'cutoff_applied': 'Tiếp nhận từ %(cutoff)s trở đi hoặc ngoài giờ hành chính: thời gian '
                      'giải quyết tính từ ngày làm việc tiếp theo, %(start)s.',
    'cutoff_not_applied': 'Tiếp nhận trước %(cutoff)s: thời gian giải quyết tính từ '
                          '%(start)s.',
    'no_cutoff': 'Thời gian giải quyết tính từ %(start)s.',
    'legal_time': 'Thời hạn giải quyết theo quy định: %(amount)s %(unit)s, tức %(hours)s giờ '
                  'làm việc (giờ hành chính %(office)s, thứ Hai đến thứ Sáu).',
    'days_off': 'Ngày nghỉ không tính: %(days)s.',
    'no_days_off': 'Không có ngày nghỉ lễ trong thời gian giải quyết.',
    'first_due': 'Ngày hẹn trả khi tiếp nhận: %(due)s.',
    'step': 'Bước %(index)s, %(name)s (%(department)s): được giao %(budget)s, từ %(start)s, '
            'hạn %(due)s; đã dùng %(used)s giờ làm việc, %(status)s.',
    'pause': 'Chờ bổ sung hồ sơ từ %(start)s đến %(end)s: ngày hẹn lùi %(hours)s giờ làm '
             'việc.',
    'pause_open': 'Đang chờ bổ sung hồ sơ từ %(start)s: thời gian tạm dừng đến khi nhận đủ.',
    'apology': 'Phiếu xin lỗi ngày %(date)s: hẹn lại từ %(old)s sang %(new)s (%(reason)s).',
    'appointment': 'Ngày hẹn trả hiện tại: %(due)s.',
}

WORDS = {
    'en': {'day': 'working days', 'hour': 'working hours', 'on_time': 'on time',
           'late': 'late', 'running': 'in progress', 'running_late': 'in progress, late',
           'weekends': '%d weekend days', 'none': 'none', 'outside': 'outside agency'},
    'vi': {'day': 'ngày làm việc', 'hour': 'giờ làm việc', 'on_time': 'đúng hạn',
           'late': 'quá hạn', 'running': 'đang xử lý', 'running_late': 'đang xử lý, quá hạn',
           'weekends': '%d ngày thứ Bảy, Chủ nhật', 'none': 'không có',
           'outside': 'cơ quan phối hợp'},
}

# step status keys
ON_TIME, LATE, RUNNING, RUNNING_LATE = 'on_time', 'late', 'running', 'running_late'


def _dt(value):
    return value.strftime('%d/%m/%Y %H:%M') if value else ''


def _hours(value):
    """Working hours with at most one decimal: 8, 2.5."""
    text = '%.1f' % (value or 0.0)
    return text[:-2] if text.endswith('.0') else text


def _hhmm(hour):
    return '%02d:%02d' % (int(hour), int(round((hour - int(hour)) * 60)))


def _office(calendar):
    return ', '.join('%s-%s' % (_hhmm(a), _hhmm(b)) for a, b in calendar.intervals)


def days_off(calendar, start, end):
    """(holidays, weekend days) between two moments: the holidays that fall
    on a usual working weekday, and the count of non-working weekdays
    (weekends); make-up working days are not off."""
    holidays, weekends = [], 0
    if not start or not end or end <= start:
        return holidays, weekends
    d = start.date()
    while d <= end.date():
        if not calendar.is_working_day(d):
            if d in calendar.holidays and d.weekday() in calendar.weekdays:
                holidays.append(d)
            else:
                weekends += 1
        d += timedelta(days=1)
    return holidays, weekends


def step_status(due, end, now):
    """on_time / late for a finished step, running / running_late for the
    current one."""
    if end is not None:
        return LATE if due and end > due else ON_TIME
    return RUNNING_LATE if due and now and now > due else RUNNING


def paused_within(calendar, pauses, start, end):
    """Working hours of the pauses inside [start, end]."""
    total = 0.0
    for p_start, p_end in pauses:
        a, b = max(p_start, start), min(p_end or end, end)
        if b > a:
            total += calendar.working_hours_between(a, b)
    return total


def explain_appointment(calendar, received, amount, unit, cutoff_hour=None, first_due=None,
                        steps=(), pauses=(), apology=None, due=None, now=None):
    """The lines explaining a dossier's appointment.

    steps: dicts with name, department (or None for an outside agency),
    amount, unit, start, due, end (None while the dossier is at the step).
    pauses: (start, end or None). apology: dict with date, old, new, reason.
    """
    lines = []
    if not received:
        return lines
    lines.append(Line('received', {'received': _dt(received)}))
    begin = deadline.clock_start(calendar, received, cutoff_hour)
    if cutoff_hour is not None:
        key = 'cutoff_applied' if begin.date() != received.date() else 'cutoff_not_applied'
        lines.append(Line(key, {'cutoff': _hhmm(cutoff_hour), 'start': _dt(begin)}))
    else:
        lines.append(Line('no_cutoff', {'start': _dt(begin)}))
    hours = deadline.budget_hours(calendar, amount, unit)
    lines.append(Line('legal_time', {'amount': _hours(amount), 'unit': ('unit', unit),
                                     'hours': _hours(hours), 'office': _office(calendar)}))
    computed = first_due or deadline.compute_due(calendar, received, amount, unit, cutoff_hour)
    holidays, weekends = days_off(calendar, received, computed)
    if holidays or weekends:
        lines.append(Line('days_off', {'days': ('days_off', [d.strftime('%d/%m/%Y')
                                                             for d in holidays], weekends)}))
    else:
        lines.append(Line('no_days_off', {}))
    lines.append(Line('first_due', {'due': _dt(computed)}))
    for index, step in enumerate(steps, 1):
        end = step.get('end')
        stop = end or now or step['start']
        used = calendar.working_hours_between(step['start'], stop) - paused_within(
            calendar, pauses, step['start'], stop)
        lines.append(Line('step', {
            'index': index, 'name': step['name'],
            'department': step.get('department') or ('word', 'outside'),
            'budget': ('budget', step['amount'], step['unit']),
            'start': _dt(step['start']), 'due': _dt(step.get('due')) or '-',
            'used': _hours(max(used, 0.0)),
            'status': ('word', step_status(step.get('due'), end, now)),
        }))
    for p_start, p_end in pauses:
        if p_end is None:
            lines.append(Line('pause_open', {'start': _dt(p_start)}))
        else:
            lines.append(Line('pause', {'start': _dt(p_start), 'end': _dt(p_end), 'hours': _hours(
                calendar.working_hours_between(p_start, p_end))}))
    if apology:
        lines.append(Line('apology', {'date': _dt(apology['date']), 'old': _dt(apology['old']),
                                      'new': _dt(apology['new']),
                                      'reason': apology.get('reason') or ''}))
    if due:
        lines.append(Line('appointment', {'due': _dt(due)}))
    return lines


def _word(value, lang):
    """Resolve the (kind, ...) tuples the lines carry into words of `lang`."""
    words = WORDS[lang]
    if not isinstance(value, tuple):
        return value
    kind = value[0]
    if kind in ('unit', 'word'):
        return words.get(value[1], value[1])
    if kind == 'budget':
        return '%s %s' % (_hours(value[1]), words.get(value[2], value[2]))
    if kind == 'days_off':
        parts = list(value[1])
        if value[2]:
            parts.append(words['weekends'] % value[2])
        return ', '.join(parts) or words['none']
    return str(value)


def render(lines, lang='en'):
    """The lines as sentences in 'en' or 'vi'."""
    lang = 'vi' if (lang or '').startswith('vi') else 'en'
    templates = TEMPLATES_VI if lang == 'vi' else TEMPLATES
    return [templates[line.key] % dict((k, _word(v, lang)) for k, v in line.params.items())
            for line in lines]
