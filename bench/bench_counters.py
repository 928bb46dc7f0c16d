"""Counters benchmark: 8 counters receiving at once for the same agency and
day against a running Odoo server. Each counter is a thread with its own
XML-RPC connection, logged in as a receiving officer (reception and
reception2 in turn). In each round every counter calls
hcc.dossier.receive_new at the same instant for the same procedure; the
next round starts when all are answered. Prints receipts/s, p50/p95/p99
latency, failures, Odoo's serialization retries (counted in the server log)
and whether the day's running numbers of the agency are gap-free, with two
references: one counter alone, and the 8 counters spread over the demo
agencies (no shared running number). Asserts nothing: exits 0 whether the
targets are met or not.

env: HCC_BENCH_PORT (8269), HCC_BENCH_DB (hcc_bench), HCC_BENCH_COUNTERS (8),
HCC_BENCH_COUNTER_RECEIPTS (25 rounds), HCC_BENCH_CONF (the server's
configuration: its logfile is read for retries) or HCC_BENCH_LOG (the log).
"""
import configparser
import os
import re
import sys
import threading
import time
import xmlrpc.client
from collections import defaultdict

PORT = int(os.environ.get('HCC_BENCH_PORT', 8269))
DB = os.environ.get('HCC_BENCH_DB', 'hcc_bench')
URL = 'http://127.0.0.1:%d' % PORT
COUNTERS = int(os.environ.get('HCC_BENCH_COUNTERS', 8))
RECEIPTS = int(os.environ.get('HCC_BENCH_COUNTER_RECEIPTS', 25))
LOGINS = ('reception', 'reception2')
PROCEDURE = 'hcc_one_stop.procedure_judicial_record'
# one procedure of each receiving agency of the demo data, for the reference run
SPREAD = ('hcc_one_stop.procedure_judicial_record', 'hcc_one_stop.procedure_birth',
          'hcc_one_stop.procedure_business_private', 'hcc_one_stop.procedure_land_transfer',
          'hcc_one_stop.procedure_building_permit')
CODE_RE = re.compile(r'^(.*\D)(\d+)$')   # a code's running number is its last digits
RETRY_RE = re.compile(r'(SERIALIZATION_FAILURE|DEADLOCK_DETECTED|LOCK_NOT_AVAILABLE), '
                      r'(retry \d+/\d+|maximum number of tries reached)')
P99_TARGET = 1.0


def pct(values, p):
    vals = sorted(values)
    if not vals:
        return float('nan')
    k = (len(vals) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(vals) - 1)
    return vals[lo] + (vals[hi] - vals[lo]) * (k - lo)


class Client(object):
    """One counter: its own XML-RPC connection and session."""

    def __init__(self, login):
        common = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/common', allow_none=True)
        self.uid = common.authenticate(DB, login, login, {})
        if not self.uid:
            sys.exit('cannot log in as %s on %s' % (login, DB))
        self.login = login
        self.models = xmlrpc.client.ServerProxy(URL + '/xmlrpc/2/object', allow_none=True)

    def call(self, model, method, *args, **kw):
        return self.models.execute_kw(DB, self.uid, self.login, model, method, list(args), kw)


def server_log():
    path = os.environ.get('HCC_BENCH_LOG')
    if not path and os.environ.get('HCC_BENCH_CONF'):
        conf = configparser.ConfigParser()
        conf.read(os.environ['HCC_BENCH_CONF'])
        path = conf.get('options', 'logfile', fallback=None)
    return path if path and os.path.exists(path) else None


def log_size(path):
    return os.path.getsize(path) if path else 0


def retries_since(path, offset):
    if not path:
        return None
    with open(path, 'rb') as f:
        f.seek(offset)
        text = f.read().decode('utf-8', 'replace')
    return len(RETRY_RE.findall(text))


def applicant(proc_id, counter, i):
    """A new well-formed applicant for the i-th receipt of a counter."""
    stamp = (os.getpid() * 1000 + counter * RECEIPTS + i) % 1000000
    return {'procedure_id': proc_id, 'applicant_type': 'citizen',
            'applicant_name': 'Bench quầy %d hồ sơ %d' % (counter + 1, i),
            'applicant_id_number': '0151%02d%06d' % (90 + counter % 10, stamp),
            'applicant_phone': '09%d%07d' % (counter % 9 + 1, i), 'channel': '1'}


def gap_check(admin, codes):
    """Every code of each (agency, day) we issued in, from number 1: sorted
    numbers must be 1..n. Returns (ok, text)."""
    heads = defaultdict(set)
    for code in codes:
        head, number = CODE_RE.match(code).groups()
        heads[head].add(int(number))
    ok, texts = True, []
    for head, ours in sorted(heads.items()):
        issued = admin.call('hcc.dossier', 'search_read', [('name', '=like', head + '%')],
                            ['name'], context={'active_test': False})
        numbers = sorted(int(CODE_RE.match(d['name']).group(2)) for d in issued)
        missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers)) if numbers else []
        dupes = len(numbers) - len(set(numbers))
        fine = not missing and not dupes and ours <= set(numbers)
        ok = ok and fine
        texts.append('%s*: numbers 1..%d, %d ours, %s' % (
            head, numbers[-1] if numbers else 0, len(ours),
            'gap-free' if fine else 'missing %s, %d duplicates' % (missing[:20], dupes)))
    return ok, texts


def run_rounds(counters, proc_ids, rounds, series):
    """`rounds` rounds in which every counter presses "receive" at the same
    instant (counter i files procedure proc_ids[i]); a round ends when all
    its receipts are answered. Returns latencies, codes, failures, wall time."""
    latencies, codes, failures = [], [], []
    lock = threading.Lock()
    barrier = threading.Barrier(len(counters))

    def counter(index, client):
        for i in range(rounds):
            try:
                barrier.wait(timeout=120)
            except threading.BrokenBarrierError:
                return
            t = time.perf_counter()
            try:
                res = client.call('hcc.dossier', 'receive_new',
                                  applicant(proc_ids[index], series * COUNTERS + index, i))
            except (xmlrpc.client.Error, OSError) as exc:
                with lock:
                    failures.append('%s' % getattr(exc, 'faultString', exc))
                continue
            dt = time.perf_counter() - t
            with lock:
                latencies.append(dt)
                codes.append(res['name'])

    threads = [threading.Thread(target=counter, args=(i, c)) for i, c in enumerate(counters)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, codes, failures, time.perf_counter() - start


def latency_line(latencies):
    p50, p95, p99 = (pct(latencies, p) * 1000 for p in (50, 95, 99))
    return p99, 'p50 %.0f ms  p95 %.0f ms  p99 %.0f ms  max %.0f ms' % (
        p50, p95, p99, max(latencies or [0]) * 1000)


def main():
    admin = Client('admin')   # only to look things up
    proc_id = admin.call('ir.model.data', 'xmlid_to_res_id', PROCEDURE, True)
    spread = [admin.call('ir.model.data', 'xmlid_to_res_id', xmlid, True) for xmlid in SPREAD]
    counters = [Client(LOGINS[i % len(LOGINS)]) for i in range(COUNTERS)]
    for c in counters:   # warm each connection and the users' caches
        c.call('hcc.dossier', 'search', [], limit=1)
    log = server_log()
    print('counters benchmark on %s (%s): receipts by hcc.dossier.receive_new, each counter '
          'its own XML-RPC connection' % (DB, URL))

    # reference 1: one counter alone, what a receipt costs without concurrency
    lat1, codes1, fail1, wall1 = run_rounds(counters[:1], [proc_id], RECEIPTS, 0)
    print('  1 counter alone, %d receipts:          %.1f receipts/s, %s'
          % (len(codes1), len(codes1) / wall1, latency_line(lat1)[1]))

    # the measure: all counters at once, same procedure, agency and day
    offset = log_size(log)
    lat, codes, failures, wall = run_rounds(counters, [proc_id] * COUNTERS, RECEIPTS, 1)
    retries = retries_since(log, offset)
    p99, line = latency_line(lat)
    print('\n  %d counters at once, same agency and day, %d rounds:' % (COUNTERS, RECEIPTS))
    print('    receipts          %d ok, %d failed, in %.2f s' % (len(codes), len(failures), wall))
    print('    throughput        %.1f receipts/s' % (len(codes) / wall if wall else 0))
    print('    latency           %s' % line)
    print('    serialization retries (server log)  %s'
          % ('%d' % retries if retries is not None else 'unknown (no server log: set HCC_BENCH_LOG)'))
    print('    duplicate codes   %d' % (len(codes) - len(set(codes))))
    ok_gap, gap_texts = gap_check(admin, codes1 + codes)
    for text in gap_texts:
        print('    gap check         %s' % text)
    for f in failures[:5]:
        print('    failure: %s' % f.strip().splitlines()[-1][:200])

    # reference 2: the same load spread over agencies (no shared running number)
    lat2, codes2, fail2, wall2 = run_rounds(
        counters, [spread[i % len(spread)] for i in range(COUNTERS)], RECEIPTS, 2)
    print('\n  %d counters at once, spread over %d agencies (reference): %.1f receipts/s, '
          '%d failed, %s' % (COUNTERS, len(set(spread)), len(codes2) / wall2, len(fail2),
                             latency_line(lat2)[1]))

    print()
    verdict = [
        ('no receipt fails', not failures),
        ('p99 < %.0f s' % P99_TARGET, p99 < P99_TARGET * 1000),
        ('numbers gap-free, no duplicate', ok_gap and len(codes) == len(set(codes))),
    ]
    for label, met in verdict:
        print('  %-32s %s' % (label, 'meets target' if met else 'misses target'))


if __name__ == '__main__':
    main()
