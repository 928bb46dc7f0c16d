from unittest import TestCase

from ..domain import states
from ..domain.errors import DomainError


class TestTransitions(TestCase):

    def test_happy_path(self):
        state = 'draft'
        path = []
        for action in ('receive', 'start_processing', 'next_step', 'send_external',
                       'external_answered', 'request_financial', 'financial_paid',
                       'finish', 'return_result'):
            state = states.transition(state, action)
            path.append(state)
        self.assertEqual(path, ['received', 'processing', 'processing', 'external',
                                'processing', 'financial', 'processing', 'done', 'returned'])

    def test_supplement_loop(self):
        self.assertEqual(states.transition('received', 'request_supplement'), 'supplement')
        self.assertEqual(states.transition('external', 'request_supplement'), 'supplement')
        self.assertEqual(states.transition('supplement', 'supplement_received'), 'processing')

    def test_refuse_withdraw_stop(self):
        self.assertEqual(states.transition('draft', 'refuse'), 'refused')
        self.assertEqual(states.transition('financial', 'withdraw'), 'withdrawn')
        self.assertEqual(states.transition('supplement', 'stop'), 'stopped')

    def test_forbidden(self):
        with self.assertRaises(DomainError) as ctx:
            states.transition('done', 'withdraw')
        self.assertEqual(str(ctx.exception),
                         "Action withdraw is not allowed when the dossier is done")
        self.assertEqual(ctx.exception.params, {'action': 'withdraw', 'state': 'done'})
        for state, action in (('draft', 'finish'), ('received', 'refuse'),
                              ('supplement', 'next_step'), ('draft', 'stop'),
                              ('returned', 'return_result'), ('financial', 'send_external')):
            with self.assertRaises(DomainError):
                states.transition(state, action)

    def test_unknown(self):
        with self.assertRaises(DomainError):
            states.transition('lost', 'receive')
        with self.assertRaises(DomainError):
            states.transition('draft', 'approve')

    def test_final_states_have_no_way_out(self):
        for state in states.FINAL_STATES:
            self.assertEqual(states.allowed_actions(state), [])
        self.assertEqual(states.allowed_actions('done'), ['return_result'])
        self.assertEqual(states.allowed_actions('draft'), ['receive', 'refuse', 'withdraw'])
        self.assertEqual(states.allowed_actions('processing'), [
            'finish', 'next_step', 'request_financial', 'request_supplement', 'send_back',
            'send_external', 'stop', 'withdraw'])

    def test_every_state_reachable_from_draft(self):
        seen = {'draft'}
        frontier = ['draft']
        while frontier:
            state = frontier.pop()
            for action in states.allowed_actions(state):
                target = states.transition(state, action)
                if target not in seen:
                    seen.add(target)
                    frontier.append(target)
        self.assertEqual(seen, set(states.STATES))


class TestClockAndNationalStatus(TestCase):

    def test_clock(self):
        self.assertFalse(states.is_clock_running('supplement'))
        self.assertTrue(states.is_clock_running('external'))
        self.assertTrue(states.is_clock_running('processing'))
        self.assertFalse(states.is_clock_running('draft'))
        self.assertFalse(states.is_clock_running('done'))
        self.assertEqual(states.PAUSED_STATES, {'supplement'})

    def test_default_national_status(self):
        self.assertEqual([states.national_status(s) for s in states.STATES],
                         [1, 3, 2, 4, 5, 4, 6, 7, 8, 9, 10])
        self.assertEqual(states.NATIONAL_STATUS_LABELS[3], 'Not received')
        self.assertEqual(states.NATIONAL_STATUS_LABELS[10], 'Result returned')
        self.assertEqual(sorted(set(states.DEFAULT_NATIONAL_STATUS.values())),
                         list(range(1, 11)))

    def test_mapping_override(self):
        self.assertEqual(states.national_status('external', {'external': 5}), 5)
        self.assertEqual(states.national_status('done', {'external': 5}), 9)
        with self.assertRaises(DomainError):
            states.national_status('done', {'done': 11})

    def test_channels(self):
        self.assertEqual(states.CHANNELS, {1: 'Direct', 2: 'Online', 3: 'Public postal service'})


class TestVocabularyAdditions(TestCase):

    def test_action_sources(self):
        self.assertEqual(states.action_sources('withdraw'),
                         {'draft', 'received', 'processing', 'supplement', 'external', 'financial'})
        self.assertEqual(states.action_sources(states.APOLOGY),
                         {'received', 'processing', 'supplement', 'external', 'financial'})
        with self.assertRaises(DomainError):
            states.action_sources('approve')

    def test_sets(self):
        self.assertEqual(states.FINISHED_STATES, {'done', 'returned', 'stopped'})
        self.assertEqual(states.RESULT_STATES, {'done', 'returned'})
        self.assertEqual(states.MAIN_PATH, ('draft', 'received', 'processing', 'done', 'returned'))
        self.assertTrue(set(states.MAIN_PATH) <= set(states.STATES))

    def test_vietnamese_labels(self):
        self.assertEqual(states.STATE_LABELS_VI['refused'], 'Từ chối tiếp nhận')
        self.assertEqual(states.ACTION_LABELS_VI['refuse'], 'Từ chối tiếp nhận')
        self.assertEqual(states.EVENT_LABELS_VI['refused'], 'Từ chối tiếp nhận')
        self.assertEqual(set(states.EVENT_LABELS_VI), set(states.EVENTS))
        self.assertEqual(set(states.ACTION_LABELS_VI), set(states.LOG_ACTIONS))
        self.assertEqual(set(states.STATE_GROUP_LABELS_VI), set(states.STATE_GROUP_ORDER))
