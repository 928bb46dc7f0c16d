"""The late-dossier job (hcc.dossier._cron_check_deadlines) over the whole
table, run in-process (it is private, XML-RPC cannot call it), then the same
two UPDATEs in plain SQL. Both run in a transaction that is rolled back, so
the benchmark can be rerun; before each, every running dossier is reset to
'on_track' in that transaction so the job has real work.

Usage: bench_cron.py [--json] [--sql-only]   env: HCC_BENCH_CONF, HCC_BENCH_DB, HCC_PGPORT.
Prints the figures; with --json the last line is a JSON object.
"""
import json
import os
import sys
import time

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONF = os.environ.get('HCC_BENCH_CONF', os.path.join(ROOT, '.data', 'odoo-bench.conf'))
DB = os.environ.get('HCC_BENCH_DB', 'hcc_bench')
RUNNING = ('received', 'processing', 'external', 'financial')
RESET_SQL = ("UPDATE hcc_dossier SET deadline_status = 'on_track' "
             "WHERE state IN %s AND deadline_status != 'on_track'")


def orm_run():
    import odoo
    odoo.tools.config.parse_config(['-c', CONF, '--logfile', '/dev/null', '--log-level', 'warn'])
    registry = odoo.registry(DB)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        t = time.time()
        cr.execute(RESET_SQL, (RUNNING,))
        reset = cr.rowcount
        t_reset = time.time() - t
        cr.execute("SELECT count(*) FROM mail_activity")
        act_before = cr.fetchone()[0]
        t = time.time()
        env['hcc.dossier']._cron_check_deadlines()
        took = time.time() - t
        cr.execute("SELECT deadline_status, count(*) FROM hcc_dossier WHERE state IN %s "
                   "GROUP BY 1", (RUNNING,))
        counts = dict(cr.fetchall())
        cr.execute("SELECT count(*) FROM mail_activity")
        activities = cr.fetchone()[0] - act_before
        cr.rollback()
    return {'orm_s': took, 'reset_rows': reset, 'reset_s': t_reset,
            'late': counts.get('late', 0), 'due_soon': counts.get('due_soon', 0),
            'activities': activities}


def sql_run():
    """The same two UPDATEs as the job, with the same bounds (now, now plus
    one working day as the job computes it is approximated by the next 24 h)."""
    conn = psycopg2.connect(host='127.0.0.1', port=int(os.environ.get('HCC_PGPORT', 55432)),
                            user='odoo', dbname=DB)
    cr = conn.cursor()
    cr.execute(RESET_SQL, (RUNNING,))
    cr.execute("SELECT now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' + interval '1 day'")
    now, soon = cr.fetchone()
    t = time.time()
    cr.execute("""UPDATE hcc_dossier SET deadline_status = 'late'
                   WHERE state IN %s AND due_at < %s AND deadline_status != 'late'
               RETURNING id""", (RUNNING, now))
    late = len(cr.fetchall())
    cr.execute("""UPDATE hcc_dossier SET deadline_status = 'due_soon'
                   WHERE state IN %s AND due_at >= %s AND due_at <= %s
                     AND deadline_status NOT IN ('due_soon', 'late')
               RETURNING id""", (RUNNING, now, soon))
    soon_n = len(cr.fetchall())
    took = time.time() - t
    conn.rollback()
    conn.close()
    return {'sql_s': took, 'sql_late': late, 'sql_due_soon': soon_n}


def main():
    if '--sql-only' in sys.argv:
        res = sql_run()
        print('late-dossier job (plain SQL, the two UPDATEs): %.3f s; %d late, %d due soon'
              % (res['sql_s'], res['sql_late'], res['sql_due_soon']))
        print(json.dumps(res))
        return
    res = orm_run()
    res.update(sql_run())
    print('late-dossier job (ORM, in-process): %.2f s; %d running dossiers reset to on_track '
          'first (%.2f s, not counted); flagged %d late, %d due soon; %d activities created'
          % (res['orm_s'], res['reset_rows'], res['reset_s'], res['late'], res['due_soon'],
             res['activities']))
    print('late-dossier job (plain SQL, the two UPDATEs): %.3f s; %d late, %d due soon'
          % (res['sql_s'], res['sql_late'], res['sql_due_soon']))
    if '--json' in sys.argv:
        print(json.dumps(res))


if __name__ == '__main__':
    main()
