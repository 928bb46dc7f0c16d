"""Citizen website benchmark: 16 concurrent clients over real HTTP against
a running Odoo server, each looping over the home page, a catalogue search,
a procedure's page, a dossier lookup (code + last digits, the form's POST)
and My dossiers (logged in as the demo citizen). Prints p50/p95 per page and
requests/s; target p95 < 200 ms.

Seeds first, idempotently: the catalogue up to 1,600 published procedures
(copies of the demo procedures with their steps and documents, plain SQL),
then the dossiers through bench/seed.py (HCC_BENCH_DOSSIERS, default
1,000,000) so they spread over all the procedures.

Usage: bench_website.py URL DB [--seconds 30] [--clients 16]
                        [--procedures 1600] [--dossiers N] [--no-seed]
"""
import argparse
import importlib.util
import os
import random
import re
import subprocess
import sys
import threading
import time

import psycopg2
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET_P95_MS = 200.0
WORDS = ['khai sinh', 'dang ky', 'kinh doanh', 'dat dai', 'xay dung', 'giay phep', 'ho tich',
         'chung thuc', 'ly lich tu phap', 'ket hon', 'doanh nghiep', 'cấp giấy', 'đăng ký']
VARIANTS = ['cấp tỉnh', 'cấp xã', 'liên thông', 'trường hợp có yếu tố nước ngoài',
            'cấp lại', 'điều chỉnh', 'gia hạn', 'bản sao', 'thay đổi nội dung', 'đính chính']


def _fold():
    spec = importlib.util.spec_from_file_location(
        'hcc_text', os.path.join(ROOT, 'hcc_one_stop', 'domain', 'text.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.fold


def connect(db):
    return psycopg2.connect(host='127.0.0.1', port=int(os.environ.get('HCC_PGPORT', 55432)),
                            user='odoo', dbname=db)


def _columns(cr, table):
    cr.execute("""SELECT column_name FROM information_schema.columns
                   WHERE table_name = %s AND column_name != 'id'""", (table,))
    return [r[0] for r in cr.fetchall()]


def seed_procedures(db, wanted):
    """Copies of the demo procedures (with steps and documents) until the
    catalogue holds `wanted` published, current procedures."""
    fold = _fold()
    conn = connect(db)
    cr = conn.cursor()
    cr.execute("SELECT count(*) FROM hcc_procedure WHERE active AND website_published")
    have = cr.fetchone()[0]
    if have >= wanted:
        print('[bench] catalogue: %d procedures already' % have)
        return
    cr.execute("""SELECT p.id, p.name, s.name, a.name FROM hcc_procedure p
                    JOIN hcc_sector s ON s.id = p.sector_id JOIN hcc_agency a ON a.id = p.agency_id
                   WHERE p.active AND p.national_code NOT LIKE '8.%%'
                     AND EXISTS (SELECT 1 FROM hcc_procedure_step t WHERE t.procedure_id = p.id)
                   ORDER BY p.id""")
    templates = cr.fetchall()
    pcols = _columns(cr, 'hcc_procedure')
    scols = [c for c in _columns(cr, 'hcc_procedure_step') if c != 'procedure_id']
    dcols = [c for c in _columns(cr, 'hcc_procedure_document') if c != 'procedure_id']
    t0 = time.time()
    rnd = random.Random(7)
    for i in range(have, wanted):
        tid, name, sector, agency = templates[i % len(templates)]
        new_name = '%s (%s, mẫu %d)' % (name, VARIANTS[i % len(VARIANTS)], i)
        code = '8.%06d' % i
        cr.execute('INSERT INTO hcc_procedure (%s) SELECT %s FROM hcc_procedure WHERE id = %%s '
                   'RETURNING id' % (', '.join(pcols), ', '.join(pcols)), (tid,))
        pid = cr.fetchone()[0]
        cr.execute("""UPDATE hcc_procedure SET name = %s, national_code = %s, search_text = %s,
                             popularity = %s, version = 1, previous_version_id = NULL
                       WHERE id = %s""",
                   (new_name, code, fold(' '.join([new_name, code, sector, agency])),
                    rnd.randint(0, 500), pid))
        cr.execute('INSERT INTO hcc_procedure_step (procedure_id, %s) SELECT %%s, %s '
                   'FROM hcc_procedure_step WHERE procedure_id = %%s'
                   % (', '.join(scols), ', '.join(scols)), (pid, tid))
        cr.execute('INSERT INTO hcc_procedure_document (procedure_id, %s) SELECT %%s, %s '
                   'FROM hcc_procedure_document WHERE procedure_id = %%s'
                   % (', '.join(dcols), ', '.join(dcols)), (pid, tid))
    conn.commit()
    print('[bench] catalogue: %d procedures added in %.1f s' % (wanted - have, time.time() - t0))


def percentile(values, p):
    values = sorted(values)
    if not values:
        return 0.0
    k = max(0, min(len(values) - 1, int(round(p / 100.0 * len(values) + 0.5)) - 1))
    return values[k]


class Client(threading.Thread):

    def __init__(self, url, pairs, procedures, stop_at, results):
        super(Client, self).__init__(daemon=True)
        self.url, self.pairs, self.procedures = url, pairs, procedures
        self.stop_at, self.results = stop_at, results
        self.rnd = random.Random()

    def timed(self, kind, method, path, **kw):
        t = time.time()
        r = method(self.url + path, timeout=60, **kw)
        ms = (time.time() - t) * 1000.0
        ok = r.status_code == 200
        self.results.append((kind, ms, ok))
        return r

    def run(self):
        s = requests.Session()
        form = s.get(self.url + '/web/login', timeout=60).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        s.post(self.url + '/web/login', timeout=60,
               data={'login': 'citizen', 'password': 'citizen', 'csrf_token': token})
        page = s.get(self.url + '/tra-cuu-ho-so', timeout=60).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        anonymous = requests.Session()
        while time.time() < self.stop_at:
            self.timed('home', anonymous.get, '/')
            self.timed('catalogue search', anonymous.get, '/thu-tuc',
                       params={'q': self.rnd.choice(WORDS)})
            self.timed('procedure page', anonymous.get,
                       '/thu-tuc/%d' % self.rnd.choice(self.procedures))
            code, factor = self.rnd.choice(self.pairs)
            self.timed('lookup', s.post, '/tra-cuu-ho-so',
                       data={'code': code, 'factor': factor, 'csrf_token': token})
            self.timed('my dossiers', s.get, '/my/dossiers')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('url')
    ap.add_argument('db')
    ap.add_argument('--seconds', type=int, default=30)
    ap.add_argument('--clients', type=int, default=16)
    ap.add_argument('--procedures', type=int, default=1600)
    ap.add_argument('--dossiers', type=int,
                    default=int(os.environ.get('HCC_BENCH_DOSSIERS', 1000000)))
    ap.add_argument('--no-seed', action='store_true')
    a = ap.parse_args()
    if not a.no_seed:
        seed_procedures(a.db, a.procedures)
        subprocess.check_call([sys.executable, os.path.join(ROOT, 'bench', 'seed.py'), a.db,
                               str(a.dossiers)])
    conn = connect(a.db)
    cr = conn.cursor()
    cr.execute("SELECT count(*) FROM hcc_dossier")
    dossiers = cr.fetchone()[0]
    cr.execute("SELECT id FROM hcc_procedure WHERE active AND website_published")
    procedures = [r[0] for r in cr.fetchall()]
    cr.execute("""SELECT name, right(regexp_replace(applicant_phone, '[^0-9]', '', 'g'), 4)
                    FROM hcc_dossier WHERE name IS NOT NULL AND applicant_phone IS NOT NULL
                   ORDER BY id DESC LIMIT 2000""")
    pairs = cr.fetchall()
    conn.close()
    # the lookup's rate limit counts failures only; every pair is valid
    results = []
    stop_at = time.time() + a.seconds
    clients = [Client(a.url.rstrip('/'), pairs, procedures, stop_at, results)
               for _i in range(a.clients)]
    t0 = time.time()
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    elapsed = time.time() - t0
    print('\nCitizen website, %d clients, %d s, %d dossiers, %d published procedures'
          % (a.clients, a.seconds, dossiers, len(procedures)))
    print('| page | requests | errors | p50 ms | p95 ms | target p95 < %d ms |'
          % TARGET_P95_MS)
    print('|---|---|---|---|---|---|')
    kinds = ['home', 'catalogue search', 'procedure page', 'lookup', 'my dossiers']
    for kind in kinds + ['all']:
        rows = [r for r in results if kind == 'all' or r[0] == kind]
        ms = [r[1] for r in rows]
        p95 = percentile(ms, 95)
        print('| %s | %d | %d | %.0f | %.0f | %s |' % (
            kind, len(rows), sum(1 for r in rows if not r[2]), percentile(ms, 50), p95,
            'meets' if p95 < TARGET_P95_MS else 'misses'))
    print('\nthroughput: %.1f requests/s' % (len(results) / elapsed))


if __name__ == '__main__':
    main()
