"""Dossier state machine and its mapping to the national status vocabulary.

Local states are richer than the ten national statuses (TrangThaiHoSo) of
the National Public Service Portal; each maps to one of them through a table
IT staff may override (DEFAULT_NATIONAL_STATUS is the starting point).
"""
from .errors import DomainError

DRAFT = 'draft'
REFUSED = 'refused'
RECEIVED = 'received'
PROCESSING = 'processing'
SUPPLEMENT = 'supplement'
EXTERNAL = 'external'
FINANCIAL = 'financial'
WITHDRAWN = 'withdrawn'
STOPPED = 'stopped'
DONE = 'done'
RETURNED = 'returned'

STATES = (DRAFT, REFUSED, RECEIVED, PROCESSING, SUPPLEMENT, EXTERNAL, FINANCIAL,
          WITHDRAWN, STOPPED, DONE, RETURNED)

STATE_LABELS = {
    DRAFT: 'Newly registered',
    REFUSED: 'Not received',
    RECEIVED: 'Received',
    PROCESSING: 'Processing',
    SUPPLEMENT: 'Waiting for supplement',
    EXTERNAL: 'At another agency',
    FINANCIAL: 'Waiting for financial obligation',
    WITHDRAWN: 'Withdrawn',
    STOPPED: 'Processing stopped',
    DONE: 'Result ready',
    RETURNED: 'Result returned',
}

# action -> (states it is allowed from, state it leads to)
TRANSITIONS = {
    'receive': ((DRAFT,), RECEIVED),
    'refuse': ((DRAFT,), REFUSED),
    'start_processing': ((RECEIVED,), PROCESSING),
    'request_supplement': ((RECEIVED, PROCESSING, EXTERNAL), SUPPLEMENT),
    'supplement_received': ((SUPPLEMENT,), PROCESSING),
    'request_financial': ((PROCESSING,), FINANCIAL),
    'financial_paid': ((FINANCIAL,), PROCESSING),
    'send_external': ((PROCESSING,), EXTERNAL),
    'external_answered': ((EXTERNAL,), PROCESSING),
    'next_step': ((PROCESSING,), PROCESSING),
    'send_back': ((PROCESSING,), PROCESSING),
    'finish': ((PROCESSING,), DONE),
    'return_result': ((DONE,), RETURNED),
    'withdraw': ((DRAFT, RECEIVED, PROCESSING, SUPPLEMENT, FINANCIAL, EXTERNAL), WITHDRAWN),
    'stop': ((RECEIVED, PROCESSING, SUPPLEMENT, FINANCIAL, EXTERNAL), STOPPED),
}
ACTIONS = tuple(sorted(TRANSITIONS))

# Actions that change the dossier without changing its state: the apology
# and re-appointment letter, and an administrator's documented repair.
APOLOGY = 'apology'
REPAIR = 'repair'
LOG_ACTIONS = ACTIONS + (APOLOGY, REPAIR)

ACTION_LABELS = {
    'receive': 'Received',
    'refuse': 'Refused',
    'start_processing': 'Processing started',
    'next_step': 'Handed over',
    'send_back': 'Sent back',
    'request_supplement': 'Supplement requested',
    'supplement_received': 'Supplement received',
    'send_external': 'Sent to another agency',
    'external_answered': 'Answer from another agency',
    'request_financial': 'Financial obligation requested',
    'financial_paid': 'Financial obligation paid',
    'finish': 'Processing finished',
    'return_result': 'Result returned',
    'withdraw': 'Withdrawn',
    'stop': 'Processing stopped',
    APOLOGY: 'Apology and new appointment',
    REPAIR: 'Repaired by an administrator',
}

# Business events each action publishes (hcc.dossier._hcc_event) to the
# addons that listen: SMS, ratings, the National Portal connector.
EVENT_RECEIVED = 'received'
EVENT_REFUSED = 'refused'
EVENT_STEP_DONE = 'step_done'
EVENT_SUPPLEMENT_REQUESTED = 'supplement_requested'
EVENT_SUPPLEMENT_RECEIVED = 'supplement_received'
EVENT_EXTERNAL_SENT = 'external_sent'
EVENT_EXTERNAL_ANSWERED = 'external_answered'
EVENT_FINANCIAL_REQUESTED = 'financial_requested'
EVENT_FINANCIAL_PAID = 'financial_paid'
EVENT_FINISHED = 'finished'
EVENT_RETURNED = 'returned'
EVENT_WITHDRAWN = 'withdrawn'
EVENT_STOPPED = 'stopped'
EVENT_APOLOGY = 'apology'
EVENT_LATE = 'late'
EVENT_REPAIRED = 'repaired'

ACTION_EVENTS = {
    'receive': EVENT_RECEIVED, 'refuse': EVENT_REFUSED,
    'start_processing': EVENT_STEP_DONE, 'next_step': EVENT_STEP_DONE,
    'send_back': EVENT_STEP_DONE,
    'request_supplement': EVENT_SUPPLEMENT_REQUESTED,
    'supplement_received': EVENT_SUPPLEMENT_RECEIVED,
    'send_external': EVENT_EXTERNAL_SENT, 'external_answered': EVENT_EXTERNAL_ANSWERED,
    'request_financial': EVENT_FINANCIAL_REQUESTED, 'financial_paid': EVENT_FINANCIAL_PAID,
    'finish': EVENT_FINISHED, 'return_result': EVENT_RETURNED,
    'withdraw': EVENT_WITHDRAWN, 'stop': EVENT_STOPPED,
    APOLOGY: EVENT_APOLOGY, REPAIR: EVENT_REPAIRED,
}

EVENTS = (EVENT_RECEIVED, EVENT_REFUSED, EVENT_STEP_DONE, EVENT_SUPPLEMENT_REQUESTED,
          EVENT_SUPPLEMENT_RECEIVED, EVENT_EXTERNAL_SENT, EVENT_EXTERNAL_ANSWERED,
          EVENT_FINANCIAL_REQUESTED, EVENT_FINANCIAL_PAID, EVENT_FINISHED, EVENT_RETURNED,
          EVENT_WITHDRAWN, EVENT_STOPPED, EVENT_APOLOGY, EVENT_LATE, EVENT_REPAIRED)

EVENT_LABELS = {
    EVENT_RECEIVED: 'Received',
    EVENT_REFUSED: 'Not received',
    EVENT_STEP_DONE: 'Step done',
    EVENT_SUPPLEMENT_REQUESTED: 'Supplement requested',
    EVENT_SUPPLEMENT_RECEIVED: 'Supplement received',
    EVENT_EXTERNAL_SENT: 'Sent to another agency',
    EVENT_EXTERNAL_ANSWERED: 'Answer from another agency',
    EVENT_FINANCIAL_REQUESTED: 'Financial obligation requested',
    EVENT_FINANCIAL_PAID: 'Financial obligation paid',
    EVENT_FINISHED: 'Result ready',
    EVENT_RETURNED: 'Result returned',
    EVENT_WITHDRAWN: 'Withdrawn',
    EVENT_STOPPED: 'Processing stopped',
    EVENT_APOLOGY: 'Apology and new appointment',
    EVENT_LATE: 'Late',
    EVENT_REPAIRED: 'Repaired by an administrator',
}

# No action leads out of these.
FINAL_STATES = frozenset([REFUSED, WITHDRAWN, STOPPED, RETURNED])
# Settled by the agency: what on-time / late statistics count.
RESOLVED_STATES = frozenset([REFUSED, STOPPED, DONE, RETURNED])
# Waiting for the applicant's supplement does not consume processing time.
PAUSED_STATES = frozenset([SUPPLEMENT])
# The processing clock runs in these (an outside agency's time counts too).
RUNNING_STATES = frozenset([RECEIVED, PROCESSING, EXTERNAL, FINANCIAL])
# In the agency's hands and not settled: what queues and deadline jobs see.
OPEN_STATES = RUNNING_STATES | PAUSED_STATES
# Over for the agency (result ready counts: only its hand-over remains).
SETTLED_STATES = frozenset([REFUSED, WITHDRAWN, STOPPED, DONE, RETURNED])
# What the receiving desk works: intake, supplements and result return.
DESK_STATES = frozenset([DRAFT, RECEIVED, REFUSED, SUPPLEMENT, DONE, RETURNED])
# Processing over, with a finish date (finished_at): what the finished
# early / on time / late figures count. The other settled states (refused,
# withdrawn) take their date from their log line.
FINISHED_STATES = frozenset([DONE, RETURNED, STOPPED])
# A result was produced (ready or already handed over).
RESULT_STATES = frozenset([DONE, RETURNED])

# One group per state, for filters, rules and statistics that must not
# retype state lists: new (not yet received), open, paused, settled.
GROUP_NEW = 'new'
GROUP_OPEN = 'open'
GROUP_PAUSED = 'paused'
GROUP_SETTLED = 'settled'
STATE_GROUP_LABELS = {
    GROUP_NEW: 'Not yet received',
    GROUP_OPEN: 'In progress',
    GROUP_PAUSED: 'Paused',
    # not 'Settled': the portal prints that word before the completion
    # (early / on time / late) with another Vietnamese wording
    GROUP_SETTLED: 'Concluded',
}
STATE_GROUP_ORDER = (GROUP_NEW, GROUP_OPEN, GROUP_PAUSED, GROUP_SETTLED)


def state_group(state):
    """The group (new, open, paused, settled) a state belongs to."""
    _check_state(state)
    if state == DRAFT:
        return GROUP_NEW
    if state in PAUSED_STATES:
        return GROUP_PAUSED
    if state in SETTLED_STATES:
        return GROUP_SETTLED
    return GROUP_OPEN


def selection(keys, labels):
    """An Odoo selection list [(key, label)] in the order of `keys`."""
    return [(key, labels[key]) for key in keys]


STATE_SELECTION = selection(STATES, STATE_LABELS)
ACTION_SELECTION = selection(LOG_ACTIONS, ACTION_LABELS)
EVENT_SELECTION = selection(EVENTS, EVENT_LABELS)
STATE_GROUP_SELECTION = selection(STATE_GROUP_ORDER, STATE_GROUP_LABELS)

# The apology and re-appointment letter is no transition (the state stays):
# it is given while the agency has the dossier in hand, running or paused.
APOLOGY_STATES = OPEN_STATES

# The main path the dossier form's status bar always shows; the other
# states appear there only while the dossier is in them.
MAIN_PATH = (DRAFT, RECEIVED, PROCESSING, DONE, RETURNED)


def action_sources(action):
    """The states a user may take `action` from: the sources of its
    transition, or APOLOGY_STATES for the apology."""
    if action == APOLOGY:
        return APOLOGY_STATES
    if action not in TRANSITIONS:
        raise DomainError("Unknown dossier action: %(action)s", action=action)
    return frozenset(TRANSITIONS[action][0])


# The one Vietnamese wording of each word of the vocabulary. The printed
# forms use it as it is (official documents are in Vietnamese whatever the
# user's language); i18n/vi.po translates the English labels above to
# exactly these words (a test compares them), so an English label shared by
# a state, an action and an event must have one Vietnamese wording.
STATE_LABELS_VI = {
    DRAFT: 'Mới đăng ký',
    REFUSED: 'Từ chối tiếp nhận',
    RECEIVED: 'Đã tiếp nhận',
    PROCESSING: 'Đang xử lý',
    SUPPLEMENT: 'Chờ bổ sung hồ sơ',
    EXTERNAL: 'Đang ở cơ quan phối hợp',
    FINANCIAL: 'Chờ thực hiện nghĩa vụ tài chính',
    WITHDRAWN: 'Đã rút hồ sơ',
    STOPPED: 'Dừng xử lý',
    DONE: 'Đã có kết quả',
    RETURNED: 'Đã trả kết quả',
}
STATE_GROUP_LABELS_VI = {
    GROUP_NEW: 'Chưa tiếp nhận',
    GROUP_OPEN: 'Đang giải quyết',
    GROUP_PAUSED: 'Đang tạm dừng',
    GROUP_SETTLED: 'Đã kết thúc',
}
ACTION_LABELS_VI = {
    'receive': STATE_LABELS_VI[RECEIVED],
    'refuse': STATE_LABELS_VI[REFUSED],
    'start_processing': 'Chuyển xử lý',
    'next_step': 'Chuyển bước xử lý',
    'send_back': 'Trả lại bước trước',
    'request_supplement': 'Yêu cầu bổ sung hồ sơ',
    'supplement_received': 'Đã nhận hồ sơ bổ sung',
    'send_external': 'Chuyển cơ quan phối hợp',
    'external_answered': 'Cơ quan phối hợp đã trả lời',
    'request_financial': 'Yêu cầu thực hiện nghĩa vụ tài chính',
    'financial_paid': 'Đã thực hiện nghĩa vụ tài chính',
    'finish': 'Hoàn thành xử lý',
    'return_result': STATE_LABELS_VI[RETURNED],
    'withdraw': STATE_LABELS_VI[WITHDRAWN],
    'stop': STATE_LABELS_VI[STOPPED],
    APOLOGY: 'Xin lỗi và hẹn lại ngày trả kết quả',
    REPAIR: 'Quản trị hệ thống sửa chữa dữ liệu',
}
# An event reads as the action that publishes it; the two without one:
EVENT_LABELS_VI = dict(
    [(ACTION_EVENTS[action], ACTION_LABELS_VI[action]) for action in LOG_ACTIONS
     if ACTION_EVENTS[action] not in (EVENT_REFUSED, EVENT_STEP_DONE, EVENT_FINISHED)],
    **{EVENT_REFUSED: STATE_LABELS_VI[REFUSED], EVENT_STEP_DONE: 'Hoàn thành bước xử lý',
       EVENT_FINISHED: STATE_LABELS_VI[DONE], EVENT_LATE: 'Quá hạn'})

NATIONAL_STATUS_LABELS = {
    1: 'Newly registered',
    2: 'Received',
    3: 'Not received',
    4: 'Processing',
    5: 'Supplement requested',
    6: 'Financial obligation requested',
    7: 'Withdrawn by applicant',
    8: 'Processing stopped',
    9: 'Processing finished',
    10: 'Result returned',
}

DEFAULT_NATIONAL_STATUS = {
    DRAFT: 1,
    RECEIVED: 2,
    REFUSED: 3,
    PROCESSING: 4,
    EXTERNAL: 4,
    SUPPLEMENT: 5,
    FINANCIAL: 6,
    WITHDRAWN: 7,
    STOPPED: 8,
    DONE: 9,
    RETURNED: 10,
}

# KenhThucHien
CHANNEL_DIRECT = 1
CHANNEL_ONLINE = 2
CHANNEL_POSTAL = 3
CHANNELS = {
    CHANNEL_DIRECT: 'Direct',
    CHANNEL_ONLINE: 'Online',
    CHANNEL_POSTAL: 'Public postal service',
}


def _check_state(state):
    if state not in STATE_LABELS:
        raise DomainError("Unknown dossier state: %(state)s", state=state)


def transition(state, action):
    """The state `action` leads to from `state`; DomainError if forbidden."""
    _check_state(state)
    if action not in TRANSITIONS:
        raise DomainError("Unknown dossier action: %(action)s", action=action)
    sources, target = TRANSITIONS[action]
    if state not in sources:
        raise DomainError("Action %(action)s is not allowed when the dossier is %(state)s",
                          action=action, state=state)
    return target


def allowed_actions(state):
    """Actions possible from `state`, sorted."""
    _check_state(state)
    return [action for action in ACTIONS if state in TRANSITIONS[action][0]]


def is_clock_running(state):
    _check_state(state)
    return state in RUNNING_STATES


def national_status(state, mapping=None):
    """National status code (1..10) of a local state, through `mapping`
    (the table IT staff edit) falling back to DEFAULT_NATIONAL_STATUS."""
    _check_state(state)
    code = (mapping or {}).get(state, DEFAULT_NATIONAL_STATUS[state])
    if code not in NATIONAL_STATUS_LABELS:
        raise DomainError("Invalid national status %(code)s for state %(state)s",
                          code=code, state=state)
    return code
