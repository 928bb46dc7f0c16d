"""Dossier benchmark against a running Odoo server (XML-RPC) and the same
queries in plain SQL (psycopg2). Prints figures; asserts nothing, exits 0
whether the targets are met or not.

env: HCC_BENCH_PORT (8269), HCC_BENCH_DB (hcc_bench), HCC_PGPORT (55432),
HCC_BENCH_CONF (for the in-process late-dossier job, see bench_cron.py),
HCC_BENCH_RECEIVE (50), HCC_BENCH_REPEAT (10), HCC_BENCH_LOOKUPS (100),
HCC_BENCH_SKIP_CRON=1 to leave the job out, HCC_BENCH_CRON_TIMEOUT (600 s)
to stop it when it runs longer.
"""
import json
import os
import subprocess
import sys
import time
import xmlrpc.client

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
PORT = int(os.environ.get('HCC_BENCH_PORT', 8269))
DB = os.environ.get('HCC_BENCH_DB', 'hcc_bench')
URL = 'http://127.0.0.1:%d' % PORT
N_RECEIVE = int(os.environ.get('HCC_BENCH_RECEIVE', 50))
N_REPEAT = int(os.environ.get('HCC_BENCH_REPEAT', 10))
CRON_TIMEOUT = int(os.environ.get('HCC_BENCH_CRON_TIMEOUT', 600))
N_LOOKUPS = int(os.environ.get('HCC_BENCH_LOOKUPS', 100))
QUEUE_STATES = ['received', 'processing', 'supplement', 'external', 'financial']
KANBAN_FIELDS = ['name', 'applicant_name', 'procedure_id', 'due_at', 'state', 'deadline_status',
                 'current_step_id', 'color']
LIST_FIELDS = ['name', 'applicant_name', 'procedure_id', 'channel', 'received_at', 'due_at',
               'current_department_id', 'state', 'deadline_status', 'completion']
FIND_FIELDS = ['name', 'applicant_name', 'procedure_id', 'state', 'due_at', 'deadline_status']


def pct(values, p):
    vals = sorted(values)
    if not vals:
        return float('nan')
    k = (len(vals) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (k - lo)


def ms(seconds):
    return seconds * 1000.0


class Client(object):
    def __init__(self, login):
        self.common = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/common', allow_none=True)
        self.uid = self.common.authenticate(DB, login, login, {})
        if not self.uid:
            sys.exit('cannot log in as %s on %s' % (login, DB))
        self.login = login
        self.models = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/object', allow_none=True)

    def call(self, model, method, *args, **kw):
        return self.models.execute_kw(DB, self.uid, self.login, model, method, list(args), kw)

    def timed(self, model, method, *args, **kw):
        t = time.perf_counter()
        res = self.call(model, method, *args, **kw)
        return time.perf_counter() - t, res


def timed_sql(cr, query, params=None):
    t = time.perf_counter()
    cr.execute(query, params)
    rows = cr.fetchall()
    return time.perf_counter() - t, rows


def baseline_rtt(n=50):
    """Round trip of a trivial call: what XML-RPC and HTTP cost by themselves."""
    common = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/common')
    times = []
    for _ in range(n):
        t = time.perf_counter()
        common.version()
        times.append(time.perf_counter() - t)
    return pct(times, 50)


def summary(label, times, rtt):
    """Median / p95 round trip and the server time (round trip minus the trivial one)."""
    med, p95 = ms(pct(times, 50)), ms(pct(times, 95))
    srv = max(med - ms(rtt), 0.0)
    print('  %-44s median %8.1f ms  p95 %8.1f ms  server ~%8.1f ms' % (label, med, p95, srv))
    return med, p95, srv


def sql_line(label, times, orm_server_ms):
    med = ms(pct(times, 50))
    ratio = orm_server_ms / med if med > 0 else float('inf')
    print('  %-44s median %8.2f ms  (ORM server / SQL = %.1fx)' % (label, med, ratio))
    return med, ratio


def main():
    conn = psycopg2.connect(host='127.0.0.1', port=int(os.environ.get('HCC_PGPORT', 55432)),
                            user='odoo', dbname=DB)
    conn.autocommit = True
    cr = conn.cursor()
    cr.execute("SELECT count(*) FROM hcc_dossier")
    n_dossiers = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM hcc_dossier_log")
    n_logs = cr.fetchone()[0]
    print('hcc.dossier benchmark on %s (%s): %d dossiers, %d log lines, Odoo workers = 0'
          % (DB, URL, n_dossiers, n_logs))

    admin = Client('admin')
    reception = Client('reception')
    officer = Client('officer')
    for c in (admin, reception, officer):      # warm the registry caches of each user
        c.call('hcc.dossier', 'search', [], limit=1)
    rtt = baseline_rtt()
    print('trivial call (common.version) round trip: %.2f ms (subtracted to get server time)'
          % ms(rtt))
    results = {}

    # a. receiving one dossier ------------------------------------------------
    print('\n[a] receiving one dossier over XML-RPC as reception (%d times, sequential)'
          % N_RECEIVE)
    proc_id = admin.call('ir.model.data', 'xmlid_to_res_id',
                         'hcc_one_stop.procedure_judicial_record', True)

    def applicant(series, i):
        """A new well-formed applicant for dossier i of a series (0, 1, ...)."""
        return {'procedure_id': proc_id, 'applicant_type': 'citizen',
                'applicant_name': 'Bench %s %d' % (('Nguyễn Văn', 'Trần Thị')[series], i),
                'applicant_id_number': '015%d%02d%06d' % (series, 90 + i % 10,
                                                          (os.getpid() * 100 + i) % 1000000),
                'applicant_phone': '09%d2%06d' % (series + 1, i), 'channel': '1'}

    per_dossier, create_t, docs_t, receive_t = [], [], [], []
    for i in range(N_RECEIVE):
        t0 = time.perf_counter()
        dt, dossier_id = reception.timed('hcc.dossier', 'create', applicant(0, i))
        create_t.append(dt)
        t1 = time.perf_counter()
        docs = reception.call('hcc.dossier', 'read', [dossier_id], ['document_ids'])[0]['document_ids']
        if docs:
            reception.call('hcc.dossier.document', 'write', docs, {'received': True})
        docs_t.append(time.perf_counter() - t1)
        dt, _ = reception.timed('hcc.dossier', 'action_receive', [dossier_id])
        receive_t.append(dt)
        per_dossier.append(time.perf_counter() - t0)
    med = pct(per_dossier, 50)
    print('  whole receipt (create + read docs + mark docs + action_receive, 4 calls):')
    summary('per dossier', per_dossier, 4 * rtt)
    summary('  create', create_t, rtt)
    summary('  read + write documents', docs_t, 2 * rtt)
    summary('  action_receive', receive_t, rtt)
    rate = len(per_dossier) / sum(per_dossier)
    print('  throughput: %.1f dossiers/s (1/median = %.1f)' % (rate, 1.0 / med))
    results['receive_ms'] = ms(med)
    results['receive_rate'] = rate

    # a2. the same receipt in one call (hcc.dossier.receive_new) -------------
    print('\n[a2] receiving one dossier in one call (receive_new), %d times' % N_RECEIVE)
    one_t = []
    for i in range(N_RECEIVE):
        dt, _ = reception.timed('hcc.dossier', 'receive_new', applicant(1, i))
        one_t.append(dt)
    summary('receive_new', one_t, rtt)
    rate1 = len(one_t) / sum(one_t)
    print('  throughput: %.1f dossiers/s' % rate1)
    results['receive1_rate'] = rate1

    # b. the justice officer's kanban and list --------------------------------
    print('\n[b] justice officer: kanban first page and list (%d times)' % N_REPEAT)
    domain = [('current_department_id.hcc_user_ids', 'in', [officer.uid]),
              ('state', 'in', QUEUE_STATES)]
    rg_t, kb_t, kanban_t, list_t, count_t = [], [], [], [], []
    for _ in range(N_REPEAT):
        dt1, groups = officer.timed('hcc.dossier', 'read_group', domain,
                                    ['current_department_id'], ['current_department_id'],
                                    lazy=True)
        dt2, page = officer.timed('hcc.dossier', 'search_read', domain, KANBAN_FIELDS, limit=40)
        rg_t.append(dt1)
        kb_t.append(dt2)
        kanban_t.append(dt1 + dt2)
        dt, rows = officer.timed('hcc.dossier', 'search_read', domain, LIST_FIELDS, limit=80,
                                 order='received_at desc')
        list_t.append(dt)
        dt, total = officer.timed('hcc.dossier', 'search_count', domain)
        count_t.append(dt)
    print('  queue of the officer: %d dossiers in %d group(s); pages of %d / %d rows'
          % (total, len(groups), len(page), len(rows)))
    rg = summary('read_group by current_department_id', rg_t, rtt)
    kb = summary('search_read kanban fields, limit 40', kb_t, rtt)
    kanban = summary('kanban first page (both calls)', kanban_t, 2 * rtt)
    lst = summary('list: search_read limit 80, received_at desc', list_t, rtt)
    cnt = summary('list pager: search_count', count_t, rtt)
    results['kanban_ms'] = kanban[2]

    q_dept = ("current_department_id IN (SELECT department_id FROM hcc_department_user_rel "
              "WHERE user_id = %(uid)s) AND state IN %(states)s")
    p = {'uid': officer.uid, 'states': tuple(QUEUE_STATES)}
    s_rg, s_kb, s_list, s_cnt = [], [], [], []
    for _ in range(N_REPEAT):
        s_rg.append(timed_sql(cr, "SELECT current_department_id, count(*) FROM hcc_dossier "
                                  "WHERE " + q_dept + " GROUP BY 1", p)[0])
        s_kb.append(timed_sql(cr, "SELECT id, name, applicant_name, procedure_id, due_at, state, "
                                  "deadline_status, current_step_id FROM hcc_dossier WHERE "
                                  + q_dept + " ORDER BY received_at DESC, id DESC LIMIT 40", p)[0])
        s_list.append(timed_sql(cr, "SELECT id, name, applicant_name, procedure_id, channel, "
                                    "received_at, due_at, current_department_id, state, "
                                    "deadline_status, completion FROM hcc_dossier WHERE "
                                    + q_dept + " ORDER BY received_at DESC LIMIT 80", p)[0])
        s_cnt.append(timed_sql(cr, "SELECT count(*) FROM hcc_dossier WHERE " + q_dept, p)[0])
    print('  plain SQL (same filter, no record rule, ids only for many2one):')
    sql_line('GROUP BY current_department_id', s_rg, rg[2])
    sql_line('SELECT ... LIMIT 40', s_kb, kb[2])
    k_sql = sql_line('kanban first page (both)', [a + b for a, b in zip(s_rg, s_kb)], kanban[2])
    l_sql = sql_line('list SELECT ... LIMIT 80', s_list, lst[2])
    sql_line('count(*)', s_cnt, cnt[2])
    results['kanban_sql_ms'], results['kanban_ratio'] = k_sql
    results['list_ms'] = lst[2]
    results['list_sql_ms'], results['list_ratio'] = l_sql

    # c. find a dossier by code -----------------------------------------------
    cr.execute("SELECT name FROM hcc_dossier TABLESAMPLE SYSTEM (1) WHERE name IS NOT NULL "
               "ORDER BY random() LIMIT %s", (N_LOOKUPS,))
    codes = [r[0] for r in cr.fetchall()]
    if len(codes) < N_LOOKUPS:
        cr.execute("SELECT name FROM hcc_dossier WHERE name IS NOT NULL ORDER BY random() "
                   "LIMIT %s", (N_LOOKUPS,))
        codes = [r[0] for r in cr.fetchall()]
    print('\n[c] find a dossier by code as admin (%d random existing codes)' % len(codes))
    f_t, found = [], 0
    for code in codes:
        dt, recs = admin.timed('hcc.dossier', 'search_read', [('name', '=', code)], FIND_FIELDS)
        f_t.append(dt)
        found += len(recs)
    print('  found %d of %d' % (found, len(codes)))
    fnd = summary("search_read [('name', '=', code)]", f_t, rtt)
    s_f = [timed_sql(cr, "SELECT id, name, applicant_name, procedure_id, state, due_at, "
                         "deadline_status FROM hcc_dossier WHERE name = %s", (code,))[0]
           for code in codes]
    f_sql = sql_line('plain SQL WHERE name = %s', s_f, fnd[2])
    results['find_ms'] = fnd[2]
    results['find_sql_ms'], results['find_ratio'] = f_sql

    # d. the late-dossier job -------------------------------------------------
    if os.environ.get('HCC_BENCH_SKIP_CRON'):
        print('\n[d] late-dossier job skipped (HCC_BENCH_SKIP_CRON)')
        cron = None
    else:
        print('\n[d] late-dossier job over the whole table (in-process, rolled back)')
        sys.stdout.flush()
        t = time.time()
        try:
            out = subprocess.run([sys.executable, os.path.join(HERE, 'bench_cron.py'), '--json'],
                                 stdout=subprocess.PIPE, universal_newlines=True,
                                 timeout=CRON_TIMEOUT)
        except subprocess.TimeoutExpired:
            out = None
        lines = out.stdout.strip().splitlines() if out else []
        for line in lines[:-1]:
            print('  ' + line)
        cron = json.loads(lines[-1]) if out and out.returncode == 0 and lines else None
        if out is None:
            print('  the job did not finish within %d s (HCC_BENCH_CRON_TIMEOUT): stopped, '
                  'its transaction rolled back' % CRON_TIMEOUT)
            cron = {'orm_s': None, 'timeout': time.time() - t}
        elif cron:
            ratio = cron['orm_s'] / cron['sql_s'] if cron['sql_s'] else float('inf')
            print('  ORM job / SQL UPDATEs = %.1fx' % ratio)
            results['cron_ratio'] = ratio
        else:
            print('  bench_cron.py failed (exit %d)' % out.returncode)
        if cron and cron['orm_s'] is None:
            # the plain-SQL half alone, for the ratio's other side
            out = subprocess.run([sys.executable, os.path.join(HERE, 'bench_cron.py'),
                                  '--json', '--sql-only'],
                                 stdout=subprocess.PIPE, universal_newlines=True)
            lines = out.stdout.strip().splitlines()
            for line in lines[:-1]:
                print('  ' + line)
            if out.returncode == 0 and lines:
                cron.update(json.loads(lines[-1]))

    # final table --------------------------------------------------------------
    def verdict(ok):
        return 'meets target' if ok else 'misses target'

    rows = [
        ('receiving one dossier (median, 4 calls)', '%.0f ms' % results['receive_ms'], '', ''),
        ('receiving throughput, 4 calls, one worker', '%.1f dossiers/s' % results['receive_rate'],
         '>= 20 dossiers/s', verdict(results['receive_rate'] >= 20)),
        ('receiving throughput, receive_new, one worker', '%.1f dossiers/s' % results['receive1_rate'],
         '>= 20 dossiers/s', verdict(results['receive1_rate'] >= 20)),
        ('kanban first page, server time', '%.0f ms' % results['kanban_ms'], '< 300 ms',
         verdict(results['kanban_ms'] < 300)),
        ('  same in plain SQL / ratio', '%.2f ms / %.0fx' % (results['kanban_sql_ms'],
                                                             results['kanban_ratio']), '', ''),
        ('list (80 rows), server time', '%.0f ms' % results['list_ms'], '', ''),
        ('  same in plain SQL / ratio', '%.2f ms / %.0fx' % (results['list_sql_ms'],
                                                             results['list_ratio']), '', ''),
        ('find by code, server time', '%.1f ms' % results['find_ms'], '< 20 ms',
         verdict(results['find_ms'] < 20)),
        ('  same in plain SQL / ratio', '%.2f ms / %.0fx' % (results['find_sql_ms'],
                                                             results['find_ratio']), '', ''),
    ]
    if cron and cron['orm_s'] is None:
        rows += [
            ('late-dossier job, whole table', '> %.0f s (stopped)' % cron['timeout'], '< 60 s',
             verdict(False)),
        ]
        if 'sql_s' in cron:
            rows.append(('  same in plain SQL / ratio', '%.2f s / > %.0fx'
                         % (cron['sql_s'], cron['timeout'] / cron['sql_s']), '', ''))
    elif cron:
        rows += [
            ('late-dossier job, whole table', '%.1f s' % cron['orm_s'], '< 60 s',
             verdict(cron['orm_s'] < 60)),
            ('  same in plain SQL / ratio', '%.2f s / %.0fx' % (cron['sql_s'],
                                                                results['cron_ratio']), '', ''),
        ]
    print('\nSummary (%d dossiers; informational, nothing is asserted)' % n_dossiers)
    print('  %-42s %-20s %-18s %s' % ('metric', 'value', 'target', ''))
    for r in rows:
        print('  %-42s %-20s %-18s %s' % r)
    return 0


if __name__ == '__main__':
    sys.exit(main())
