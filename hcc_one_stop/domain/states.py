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

# No action leads out of these.
FINAL_STATES = frozenset([REFUSED, WITHDRAWN, STOPPED, RETURNED])
# Settled by the agency: what on-time / late statistics count.
RESOLVED_STATES = frozenset([REFUSED, STOPPED, DONE, RETURNED])
# Waiting for the applicant's supplement does not consume processing time.
PAUSED_STATES = frozenset([SUPPLEMENT])
# The processing clock runs in these (an outside agency's time counts too).
RUNNING_STATES = frozenset([RECEIVED, PROCESSING, EXTERNAL, FINANCIAL])

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
