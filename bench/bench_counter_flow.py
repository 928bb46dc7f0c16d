"""The whole counter flow as the browser drives it, timed against a running
Odoo server: open the form (default_get + onchange), choose the procedure
(onchange: the checklist), receive and print (create + action_receive with
the print context) and the slip's PDF (GET /report/pdf/...). Prints the
median and p95 of each part and of the whole flow; target: the flow, PDF
included, under 1 s at 1,000,000 dossiers (seed with bench/seed.py, as
`make bench` does). Asserts nothing.

env: HCC_BENCH_PORT (8269), HCC_BENCH_DB (hcc_bench), HCC_BENCH_FLOWS (30),
HCC_BENCH_LOGIN (reception).
"""
import json
import os
import random
import sys
import time
import urllib.request
import xmlrpc.client
from http.cookiejar import CookieJar

PORT = int(os.environ.get('HCC_BENCH_PORT', 8269))
DB = os.environ.get('HCC_BENCH_DB', 'hcc_bench')
URL = 'http://127.0.0.1:%d' % PORT
N_FLOWS = int(os.environ.get('HCC_BENCH_FLOWS', 30))
LOGIN = os.environ.get('HCC_BENCH_LOGIN', 'reception')
FORM_FIELDS = ['procedure_id', 'applicant_type', 'applicant_name', 'applicant_id_number',
               'applicant_phone', 'channel', 'counter_id', 'document_ids',
               'documents_all_received', 'state']
# what the web client asks for the checklist lines in the onchange
DOC_SPEC = {'document_ids': '1', 'document_ids.name': '', 'document_ids.sequence': '',
            'document_ids.originals': '', 'document_ids.copies': '',
            'document_ids.mandatory': '', 'document_ids.received': ''}


def pct(values, p):
    vals = sorted(values)
    k = (len(vals) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (k - lo)


class Session(object):
    """XML-RPC for the model calls, a web session (cookie) for the PDF."""

    def __init__(self):
        common = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/common', allow_none=True)
        self.uid = common.authenticate(DB, LOGIN, LOGIN, {})
        if not self.uid:
            sys.exit('cannot log in as %s on %s (start the bench server first)' % (LOGIN, DB))
        self.models = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/object', allow_none=True)
        self.web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        body = json.dumps({'jsonrpc': '2.0', 'params': {
            'db': DB, 'login': LOGIN, 'password': LOGIN}}).encode('utf-8')
        req = urllib.request.Request(URL + '/web/session/authenticate', body,
                                     {'Content-Type': 'application/json'})
        self.web.open(req).read()

    def call(self, model, method, *args, **kw):
        return self.models.execute_kw(DB, self.uid, LOGIN, model, method, list(args), kw)

    def pdf(self, path):
        data = self.web.open(URL + path).read()
        if not data.startswith(b'%PDF'):
            sys.exit('the slip is no PDF: %r' % data[:80])
        return len(data)


def flow(s, procedure_id, i):
    parts = {}
    t0 = time.time()
    s.call('hcc.dossier', 'default_get', FORM_FIELDS)
    parts['open form'] = time.time() - t0
    t = time.time()
    values = {'procedure_id': procedure_id, 'state': 'draft', 'document_ids': []}
    result = s.call('hcc.dossier', 'onchange', [], values, 'procedure_id',
                    dict(DOC_SPEC, procedure_id='1'))
    docs = result['value'].get('document_ids', [])
    parts['choose procedure'] = time.time() - t
    t = time.time()
    lines = [cmd for cmd in docs if cmd[0] == 0]
    for cmd in lines:
        cmd[2]['received'] = True
    dossier_id = s.call('hcc.dossier', 'create', {
        'procedure_id': procedure_id, 'applicant_name': 'Người thử %d' % i,
        'applicant_id_number': '0150%08d' % random.randrange(10 ** 8),
        'applicant_phone': '09%d%07d' % (i % 9 + 1, random.randrange(10 ** 7)),
        'document_ids': [[5, 0, 0]] + lines})
    action = s.call('hcc.dossier', 'action_receive', [dossier_id],
                    context={'hcc_print_forms': ['receipt']})
    parts['receive'] = time.time() - t
    t = time.time()
    s.pdf(action['params']['urls'][0])
    parts['print slip (PDF)'] = time.time() - t
    parts['whole flow'] = time.time() - t0
    return parts


def main():
    s = Session()
    count = s.call('hcc.dossier', 'search_count', [])
    procs = s.call('hcc.procedure', 'search', [('step_ids', '!=', False)], limit=5)
    if not procs:
        sys.exit('no procedure with steps in %s' % DB)
    flow(s, procs[0], 0)  # warm-up: views, report and wkhtmltopdf caches
    results = [flow(s, procs[i % len(procs)], i) for i in range(1, N_FLOWS + 1)]
    print('counter flow on %s: %d dossiers, %d flows as %s' % (DB, count, N_FLOWS, LOGIN))
    for name in ('open form', 'choose procedure', 'receive', 'print slip (PDF)', 'whole flow'):
        values = [r[name] * 1000.0 for r in results]
        print('  %-18s median %7.1f ms   p95 %7.1f ms' % (name, pct(values, 50), pct(values, 95)))


if __name__ == '__main__':
    main()
