"""One vocabulary: dossier states, groups, actions and events are named once
in domain/states.py. These tests fail when a state list is retyped in the
source, when a view's filter or button drifts from the domain's sets, or when
a Vietnamese label differs from the domain's wording."""
import os
import re

from lxml import etree

from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

from ..domain import states

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDONS = ('hcc_one_stop', 'hcc_sms', 'hcc_rating', 'hcc_national_portal_connector')
# Tests state expected values on purpose; domain/ defines the words; i18n
# holds labels, not logic.
SKIPPED_DIRS = {'tests', 'domain', 'i18n', 'static'}

Q = r'''['"]'''
S = r'(?:%s)' % '|'.join(sorted(states.STATES, key=len, reverse=True))
E = r'(?:%s)' % '|'.join(sorted(states.EVENTS, key=len, reverse=True))
STATE_FIELD = r'\b(?:from_|to_)?state'
# (name, regex): each match is a dossier state (or event) retyped in a state
# context; group 1, when there is one, is the part that must name a state.
PATTERNS = [
    ('comparison', re.compile(r'%s(?:\.raw_value)?\s*(?:==|!=|<>|=)\s*%s%s%s' % (STATE_FIELD, Q, S, Q))),
    ('comparison', re.compile(r'%s%s%s\s*(?:==|!=)\s*[\w.]*%s\b' % (Q, S, Q, STATE_FIELD))),
    ('membership', re.compile(r'%s(?:\.raw_value)?\s+(?:not\s+)?in\s*([(\[{][^)\]}]*[)\]}])'
                              % STATE_FIELD, re.I)),
    ('domain', re.compile(r'\(\s*%s(?:\w+\.)*(?:from_|to_)?state%s\s*,\s*%s[^\'"]*%s\s*,\s*'
                          r'(\[[^\]]*\]|\([^)]*\)|%s[^\'"]*%s)' % (Q, Q, Q, Q, Q, Q))),
    ('values', re.compile(r'%s(?:from_|to_)?state%s\s*:\s*%s%s%s' % (Q, Q, Q, S, Q))),
    ('field states', re.compile(r'\bstates\s*=\s*\{[^}]*?%s%s%s\s*:' % (Q, S, Q))),
    ('default', re.compile(r'\bstate\s*=\s*fields\.Selection\([^)]*default\s*=\s*%s%s%s'
                           % (Q, S, Q))),
    ('js list', re.compile(r'\[([^\]]*)\]\s*\.indexOf\(\s*[\w.]*state')),
    ('event', re.compile(r'_hcc_event\(\s*%s%s%s' % (Q, E, Q))),
    ('event domain', re.compile(r'\(\s*%s(?:\w+\.)*event%s\s*,\s*%s[^\'"]*%s\s*,\s*%s%s%s'
                                % (Q, Q, Q, Q, Q, E, Q))),
]
# In records of a model without the dossier's states (SMS, outbox, ...):
# their own `state` is another vocabulary.
XML_STRICT_PATTERNS = [
    ('states attribute', re.compile(r'\bstates\s*=\s*"([^"]*)"')),
    ('statusbar', re.compile(r'\bstatusbar_visible\s*=\s*"([^"]*)"')),
]
STATE_WORD = re.compile(r'''(?<![\w.])['"]?(%s)['"]?(?![\w])''' % S)

# Buttons shown with states="...": the actions they run. Their states must
# be the sources of those actions (states.action_sources).
OBJECT_BUTTONS = {
    'action_receive': ['receive'],
    'action_next_step': ['start_processing', 'next_step'],
    'action_external_answered': ['external_answered'],
    'action_finish': ['finish'],
    'action_supplement_received': ['supplement_received'],
    'action_request_financial': ['request_financial'],
    'action_financial_paid': ['financial_paid'],
}
# Wizard actions (default_action of the button's context) -> domain action.
WIZARD_ACTIONS = {'apologise': states.APOLOGY}
# Print buttons shown in the state an action leads to.
PRINT_BUTTONS = {
    'action_print_supplement': 'request_supplement',
    'action_print_refusal': 'refuse',
    'action_print_stop': 'stop',
}


def source_files():
    for addon in ADDONS:
        for folder, dirs, files in os.walk(os.path.join(ROOT, addon)):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
            for name in sorted(files):
                if name.endswith(('.py', '.xml', '.csv')):
                    yield os.path.join(folder, name)


def python_chunks(text):
    """(first line, model or None, text) per class; module level: None."""
    starts = [0] + [m.start() for m in re.finditer(r'^class \w+', text, re.M)] + [len(text)]
    for begin, end in zip(starts, starts[1:]):
        chunk = text[begin:end]
        model = re.search(r'''^\s+_(?:name|inherit)\s*=\s*\[?['"]([\w.]+)['"]''', chunk, re.M)
        yield text.count('\n', 0, begin) + 1, model and model.group(1), chunk


def xml_chunks(text):
    """(line, model or None, text) per top-level element of the data file."""
    root = etree.fromstring(text.encode('utf-8'))
    for node in root.iter(tag=etree.Element):
        if node.getparent() is None or node.getparent().tag not in ('odoo', 'openerp', 'data'):
            continue
        model = None
        if node.tag == 'record':
            model = node.get('model')
            for field in ('model', 'res_model'):
                found = node.find("field[@name='%s']" % field)
                if found is not None and found.text:
                    model = found.text.strip()
        yield node.sourceline, model, etree.tostring(node, encoding='unicode')


def state_literals(text):
    return [m.group(1) for m in STATE_WORD.finditer(text)]


def find_state_literals(path, text, other_state_models):
    """[(line, kind, excerpt)] of dossier states/events retyped in `text`."""
    hits = []
    chunks = xml_chunks(text) if path.endswith('.xml') else python_chunks(text)
    for first_line, model, chunk in chunks:
        # another model's own `state`: only a path through the dossier counts
        foreign = model in other_state_models
        patterns = PATTERNS + (XML_STRICT_PATTERNS if path.endswith('.xml') and model is None
                               else [])
        for kind, pattern in patterns:
            for match in pattern.finditer(chunk):
                if pattern.groups and not state_literals(match.group(1)):
                    continue
                if foreign and 'dossier' not in match.group(0):
                    continue
                line = first_line + chunk.count('\n', 0, match.start())
                hits.append((line, kind, match.group(0)[:90]))
    return hits


def eval_domain(domain, row):
    """A search domain on one dict (the operators the views use)."""
    stack = []
    for term in reversed(domain):
        if term in ('&', '|'):
            a, b = stack.pop(), stack.pop()
            stack.append(a and b if term == '&' else a or b)
        elif term == '!':
            stack.append(not stack.pop())
        else:
            field, op, value = term
            ops = {'=': lambda x, y: x == y, '!=': lambda x, y: x != y,
                   'in': lambda x, y: x in y, 'not in': lambda x, y: x not in y}
            have = row[field]
            stack.append(ops[op](bool(have) if isinstance(value, bool) else have, value))
    result = True
    for value in stack:
        result = result and value
    return result


def has_dossier_states(model):
    field = model._fields.get('state')
    return bool(field) and field.type == 'selection' and field.selection == states.STATE_SELECTION


def typical_row(state):
    """What a dossier in `state` holds of the fields the views filter on
    (TestViewsFollowTheDomain.test_typical_rows checks it on the demo)."""
    return {
        'state': state,
        'state_group': states.state_group(state),
        'at_desk': state in states.DESK_STATES,
        'finished_at': '2026-03-02 08:00:00' if state in states.FINISHED_STATES else False,
        'returned_at': '2026-03-03 08:00:00' if state == states.RETURNED else False,
    }


class TestNoStrayStateLiterals(TransactionCase):

    def other_state_models(self):
        """Our models whose `state` field is not the dossier's: from the
        registry, and from the source for satellites not installed yet."""
        models = {name for name, model in self.env.items()
                  if name.startswith('hcc.') and 'state' in model._fields
                  and not has_dossier_states(model)}
        for path in source_files():
            if path.endswith('.py'):
                with open(path, encoding='utf-8') as handle:
                    for _line, model, chunk in python_chunks(handle.read()):
                        if model and re.search(r'^\s+state = fields\.Selection\(\s*\[', chunk, re.M):
                            models.add(model)
        return models

    def test_detector_catches_misuse(self):
        # each planted line must be caught, and other vocabularies must not
        planted = [
            "domain = [('state', 'in', ['draft', 'received'])]",
            "if dossier.state == 'done':",
            "WHERE d.state IN ('done', 'returned')",
            "x = [('dossier_id.state', '=', 'refused')]",
            "rec.write({'state': 'stopped'})",
            "name = fields.Char(states={'draft': [('readonly', False)]})",
            "<button t-if=\"record.state.raw_value == 'draft'\"/>",
            "self._hcc_event('step_done', log)",
        ]
        for line in planted:
            self.assertTrue(find_state_literals('x.py', line, set()), line)
        self.assertTrue(find_state_literals(
            'x.xml', '<odoo><template id="t"><b states="received,done"/></template></odoo>', set()))
        harmless = [
            "domain = [('state', 'in', ('pending', 'error'))]",
            "VALUE_KEYS = ('received', 'new', 'finished', 'returned')",
            "vals.update(state='failed')",
            "domain = [('state_group', 'in', [states.GROUP_OPEN])]",
            "if rec.state in states.OPEN_STATES:",
            "self.filtered(lambda r: r.followup_state == 'done')",
        ]
        for line in harmless:
            self.assertFalse(find_state_literals('x.py', line, set()), line)
        outbox = "class O(models.Model):\n    _name = 'hcc.portal.outbox'\n    x = {'state': 'done'}\n"
        self.assertFalse(find_state_literals('x.py', outbox, {'hcc.portal.outbox'}))

    def test_no_state_literal_outside_the_domain(self):
        others = self.other_state_models()
        self.assertTrue({'hcc.sms.message'} <= others)
        found = []
        scanned = 0
        for path in source_files():
            with open(path, encoding='utf-8') as handle:
                text = handle.read()
            scanned += 1
            for line, kind, excerpt in find_state_literals(path, text, others):
                found.append('%s:%d: %s: %s' % (os.path.relpath(path, ROOT), line, kind, excerpt))
        self.assertGreater(scanned, 50)
        self.assertFalse(found, 'dossier states or events retyped outside domain/states.py '
                                '(use its constants, state_group or at_desk):\n'
                         + '\n'.join(found))

    def test_event_data_uses_the_event_names(self):
        seen = 0
        for path in source_files():
            if not path.endswith('.xml'):
                continue
            with open(path, encoding='utf-8') as handle:
                root = etree.fromstring(handle.read().encode('utf-8'))
            for field in root.iter('field'):
                if field.get('name') == 'event' and field.getparent().tag == 'record':
                    seen += 1
                    self.assertIn((field.text or '').strip(), states.EVENTS,
                                  '%s:%d' % (path, field.sourceline))
        self.assertTrue(seen)


class TestViewsFollowTheDomain(TransactionCase):

    def dossier_views(self):
        models = [name for name, model in self.env.items() if has_dossier_states(model)]
        return self.env['ir.ui.view'].search([('model', 'in', models)])

    def expected_button_states(self, button):
        name = button.get('name', '')
        if name in OBJECT_BUTTONS:
            actions = OBJECT_BUTTONS[name]
        elif name in PRINT_BUTTONS:
            return {states.TRANSITIONS[PRINT_BUTTONS[name]][1]}
        else:
            context = safe_eval(button.get('context', '{}'), {'id': 1, 'uid': 1})
            action = context.get('default_action')
            actions = [WIZARD_ACTIONS.get(action, action)] if action else []
        self.assertTrue(actions, 'button %s has states= but no known action: add it to '
                                 'test_vocabulary' % name)
        return set().union(*[states.action_sources(action) for action in actions])

    def test_button_states_are_the_transition_sources(self):
        checked = 0
        for view in self.dossier_views():
            arch = etree.fromstring(view.arch_db.encode('utf-8'))
            for node in arch.iter(tag=etree.Element):
                if node.get('statusbar_visible') and node.get('name') == 'state':
                    self.assertEqual(tuple(node.get('statusbar_visible').split(',')),
                                     states.MAIN_PATH, view.xml_id)
                if not node.get('states'):
                    continue
                label = '%s: %s %s' % (view.xml_id, node.tag, node.get('string'))
                self.assertEqual(node.tag, 'button', label)
                # Odoo ANDs states= with attrs' invisible: the button would
                # show in the wrong states
                self.assertNotIn('invisible', safe_eval(node.get('attrs', '{}')), label)
                self.assertEqual(set(node.get('states').split(',')),
                                 self.expected_button_states(node), label)
                checked += 1
        self.assertGreater(checked, 15)

    def search_filters(self):
        view = self.env.ref('hcc_one_stop.hcc_dossier_view_search')
        arch = etree.fromstring(view.arch_db.encode('utf-8'))
        return dict((node.get('name'), safe_eval(node.get('domain'), {'uid': self.env.uid}))
                    for node in arch.iter('filter') if node.get('domain'))

    def test_filters_select_the_domain_sets(self):
        filters = self.search_filters()
        load = self.env['hr.department']._hcc_load_domain()[1:]
        expected = {'in_progress': states.OPEN_STATES, 'intake': {states.DRAFT},
                    'to_return': {states.DONE}}
        domains = dict((name, filters[name]) for name in expected)
        domains['department load'] = load
        expected['department load'] = states.OPEN_STATES
        Dossier = self.env['hcc.dossier']
        for name, domain in domains.items():
            # every state, on a typical dossier of it
            self.assertEqual({s for s in states.STATES if eval_domain(domain, typical_row(s))},
                             set(expected[name]), name)
            # and the demo dossiers the database really has
            self.assertEqual(Dossier.search(domain),
                             Dossier.search([('state', 'in', list(expected[name]))]), name)

    def test_list_mutes_the_final_states(self):
        view = self.env.ref('hcc_one_stop.hcc_dossier_view_tree')
        expression = etree.fromstring(view.arch_db.encode('utf-8')).get('decoration-muted')
        muted = {s for s in states.STATES if safe_eval(expression, typical_row(s))}
        self.assertEqual(muted, set(states.FINAL_STATES))

    def test_typical_rows(self):
        dossiers = self.env['hcc.dossier'].search([])
        self.assertGreater(len(set(dossiers.mapped('state'))), 5)
        for dossier in dossiers:
            row = typical_row(dossier.state)
            self.assertEqual((dossier.state_group, dossier.at_desk, bool(dossier.finished_at),
                              bool(dossier.returned_at)),
                             (row['state_group'], row['at_desk'], bool(row['finished_at']),
                              bool(row['returned_at'])), dossier.name)


class TestOneVietnameseWording(TransactionCase):

    LABELS = (
        (states.STATE_LABELS, states.STATE_LABELS_VI),
        (states.ACTION_LABELS, states.ACTION_LABELS_VI),
        (states.EVENT_LABELS, states.EVENT_LABELS_VI),
        (states.STATE_GROUP_LABELS, states.STATE_GROUP_LABELS_VI),
    )

    def english_to_vietnamese(self):
        wording = {}
        for english, vietnamese in self.LABELS:
            self.assertEqual(set(english), set(vietnamese))
            for key, label in english.items():
                # one English label (one msgid) must read one way
                self.assertEqual(wording.setdefault(label, vietnamese[key]), vietnamese[key],
                                 label)
        return wording

    def translations(self, addon):
        with open(os.path.join(ROOT, addon, 'i18n', 'vi.po'), encoding='utf-8') as handle:
            text = handle.read()
        return re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, re.M)

    def test_po_files_use_the_domain_wording(self):
        wording = self.english_to_vietnamese()
        self.assertEqual(wording['Refused'], 'Từ chối tiếp nhận')
        self.assertEqual(wording['Not received'], 'Từ chối tiếp nhận')
        must_have = {
            'hcc_one_stop': [states.STATE_LABELS, states.ACTION_LABELS, states.STATE_GROUP_LABELS],
            'hcc_sms': [states.EVENT_LABELS],
        }
        for addon in ADDONS:
            entries = self.translations(addon)
            for msgid, msgstr in entries:
                if msgid in wording:
                    self.assertEqual(msgstr, wording[msgid], '%s: %s' % (addon, msgid))
            present = {msgid for msgid, _msgstr in entries}
            for labels in must_have.get(addon, []):
                self.assertFalse(set(labels.values()) - present, addon)

    def test_selections_read_the_domain_wording(self):
        def labels(model, field):
            described = self.env[model].with_context(lang='vi_VN').fields_get([field])[field]
            return dict(described['selection'])
        if not self.env['res.lang'].search([('code', '=', 'vi_VN')]):
            return  # a database without Vietnamese: the .po test above still holds
        self.assertEqual(labels('hcc.dossier', 'state'), states.STATE_LABELS_VI)
        self.assertEqual(labels('hcc.dossier', 'state_group'), states.STATE_GROUP_LABELS_VI)
        self.assertEqual(labels('hcc.dossier.log', 'action'), states.ACTION_LABELS_VI)
