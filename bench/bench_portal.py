"""National Portal push benchmark: a backlog of N changed dossiers pushed
to the fake portal on 127.0.0.1 (our WSDL, every request schema-validated,
SOAP through zeep) by the real job runner (channel 'portal'), in-process,
in a transaction that is rolled back so the benchmark can be rerun.

For each dossier: one job, one DongBoHoSoMC call, its log lines in
CapNhatTienDoHoSoMC calls of at most 10, the exchange log rows, the sync
state. Prints dossiers/s, calls/s, the time a backlog of 100,000 dossiers
would take at that rate (extrapolated linearly from N: the runner's cost per
job does not grow with the queue, its query is an index scan on
(channel, priority, id) of the pending rows), and the process's memory
(max RSS) before and after.

Usage: bench_portal.py [--json]
env: HCC_BENCH_CONF (.data/odoo-bench.conf), HCC_BENCH_DB (hcc_bench),
     HCC_BENCH_PORTAL_DOSSIERS (N, default 2000), HCC_BENCH_PORTAL_TRANSPORT
     (soap or json).
"""
import importlib.util
import json
import os
import resource
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONF = os.environ.get('HCC_BENCH_CONF', os.path.join(ROOT, '.data', 'odoo-bench.conf'))
DB = os.environ.get('HCC_BENCH_DB', 'hcc_bench')
N = int(os.environ.get('HCC_BENCH_PORTAL_DOSSIERS', 2000))
TRANSPORT = os.environ.get('HCC_BENCH_PORTAL_TRANSPORT', 'soap')
TARGET = 50.0
BACKLOG = 100000
UNIT = '000.00.15.H64'
# 'process': the fake portal in a process of its own (as a remote portal
# would be: its XML validation does not share our interpreter); 'thread':
# in this process, where its counters check that nothing was doubled
FAKE_MODE = os.environ.get('HCC_BENCH_PORTAL_FAKE', 'process')


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load_fake():
    spec = importlib.util.spec_from_file_location('fake_portal', os.path.join(
        ROOT, 'hcc_national_portal_connector', 'tests', 'fake_portal.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class RemoteFake(object):
    """The fake portal in a child process; its counts are asked for at the end."""

    def __init__(self):
        import multiprocessing
        ctx = multiprocessing.get_context('fork')
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child,), daemon=True)
        self.proc.start()
        self.url, self.json_url, self.token_url = self.conn.recv()

    def stop(self):
        self.conn.send('counts')
        self.counts = self.conn.recv()
        self.proc.terminate()


def _serve(conn):
    fake = load_fake().FakePortal(madonvi=UNIT)
    conn.send((fake.url, fake.json_url, fake.token_url))
    conn.recv()
    conn.send({'calls': dict(fake.calls), 'dossiers': len(fake.dossiers),
               'progress': sum(len(v) for v in fake.progress.values()),
               'doubled_progress': sum(1 for v in fake.progress_counts.values() if v > 1),
               'doubled_creates': sum(1 for v in fake.dossier_creates.values() if v > 1),
               'invalid': len(fake.invalid)})


def run():
    import odoo
    odoo.tools.config.parse_config(['-c', CONF, '--logfile', '/dev/null', '--log-level', 'warn'])
    fake = RemoteFake() if FAKE_MODE == 'process' else load_fake().FakePortal(madonvi=UNIT)
    registry = odoo.registry(DB)
    # no commit by the runner: everything is rolled back at the end
    threading.currentThread().testing = True
    rss_start = rss_mb()
    try:
        with odoo.api.Environment.manage(), registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            params = env['ir.config_parameter'].sudo()
            for key, value in (('transport', TRANSPORT), ('endpoint', fake.url),
                               ('username', 'hcc-connector'), ('password', 's3cret'),
                               ('json_url', fake.json_url), ('token_url', fake.token_url),
                               ('client_id', 'lgsp-client'), ('client_secret', 'lgsp-secret'),
                               ('madonvi', UNIT), ('timeout', '30')):
                params.set_param('hcc_national_portal_connector.%s' % key, value)
            cr.execute("UPDATE hcc_job SET state = 'cancelled' WHERE channel = 'portal' "
                       "AND state = 'pending'")
            cr.execute("""
                SELECT d.id FROM hcc_dossier d JOIN hcc_procedure p ON p.id = d.procedure_id
                 WHERE d.name IS NOT NULL AND p.national_code IS NOT NULL
                 ORDER BY d.id DESC LIMIT %s""", (N,))
            ids = [row[0] for row in cr.fetchall()]
            cr.execute("UPDATE hcc_dossier SET portal_known = FALSE, portal_check_first = FALSE "
                       "WHERE id IN %s", (tuple(ids),))
            cr.execute("UPDATE hcc_dossier_log SET portal_sent = FALSE WHERE dossier_id IN %s",
                       (tuple(ids),))
            cr.execute("SELECT count(*) FROM hcc_dossier_log WHERE dossier_id IN %s",
                       (tuple(ids),))
            lines = cr.fetchone()[0]
            Job = env['hcc.job'].sudo()
            Dossier = env['hcc.dossier']
            t = time.time()
            for dossier_id in ids:
                Job.enqueue('portal', Dossier.browse(dossier_id), '_job_portal_sync',
                            payload={}, identity_key='bench:portal:%d:%f' % (dossier_id, t))
            enqueue_s = time.time() - t
            rss_queued = rss_mb()
            t = time.time()
            ran = 0
            while True:
                done = Job._run_due('portal', limit=500)
                env.clear()  # the cache of a backlog must not grow without end
                ran += done
                if not done:
                    break
            push_s = time.time() - t
            cr.execute("SELECT state, count(*) FROM hcc_job WHERE channel = 'portal' "
                       "AND identity_key LIKE 'bench:portal:%%' GROUP BY 1")
            states = dict(cr.fetchall())
            cr.rollback()
    finally:
        fake.stop()
    if FAKE_MODE == 'process':
        counts = fake.counts
    else:
        counts = {'calls': dict(fake.calls), 'dossiers': len(fake.dossiers),
                  'progress': sum(len(v) for v in fake.progress.values()),
                  'doubled_progress': sum(1 for v in fake.progress_counts.values() if v > 1),
                  'doubled_creates': sum(1 for v in fake.dossier_creates.values() if v > 1),
                  'invalid': len(fake.invalid)}
    calls = sum(counts['calls'].values())
    rate = len(ids) / push_s if push_s else float('nan')
    return {'fake': FAKE_MODE, 'doubled': counts['doubled_progress'] + counts['doubled_creates'],
        'transport': TRANSPORT, 'dossiers': len(ids), 'log_lines': lines,
        'jobs_run': ran, 'job_states': states,
        'enqueue_s': round(enqueue_s, 2), 'push_s': round(push_s, 2),
        'dossiers_per_s': round(rate, 1), 'calls': calls,
        'calls_per_s': round(calls / push_s, 1) if push_s else None,
        'portal_dossiers': counts['dossiers'], 'portal_progress': counts['progress'],
        'invalid_requests': counts['invalid'],
        'backlog_100k_min': round(BACKLOG / rate / 60.0, 1) if rate else None,
        'rss_start_mb': round(rss_start, 1), 'rss_queued_mb': round(rss_queued, 1),
        'rss_end_mb': round(rss_mb(), 1),
    }


def main():
    res = run()
    print('National Portal push, %s, %d dossiers (%d log lines) to the loopback fake portal '
          '(in a %s)' % (res['transport'], res['dossiers'], res['log_lines'], res['fake']))
    print('  enqueue: %.2f s; push: %.2f s -> %.1f dossiers/s (target >= %.0f: %s)'
          % (res['enqueue_s'], res['push_s'], res['dossiers_per_s'], TARGET,
             'meets target' if res['dossiers_per_s'] >= TARGET else 'misses target'))
    print('  calls: %d (%.1f/s); on the portal: %d dossiers, %d progress entries; invalid: %d; '
          'doubled: %d' % (res['calls'], res['calls_per_s'] or 0, res['portal_dossiers'],
                           res['portal_progress'], res['invalid_requests'], res['doubled']))
    print('  jobs: %s' % res['job_states'])
    print('  backlog of 100,000 dossiers at this rate: %.1f min (extrapolated from %d)'
          % (res['backlog_100k_min'], res['dossiers']))
    print('  max RSS: %.0f MB at start, %.0f MB queued, %.0f MB at the end'
          % (res['rss_start_mb'], res['rss_queued_mb'], res['rss_end_mb']))
    if '--json' in sys.argv:
        print(json.dumps(res, sort_keys=True))


if __name__ == '__main__':
    main()
