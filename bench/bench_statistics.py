"""Statistics benchmark, in-process: get_summary for a year, read_group on
hcc.dossier.statistics grouped by agency for a year, and the statistics XLSX
for a year (grouped by agency, then by sector). Targets: statistics for a
year < 2 s, XLSX for a year < 10 s. Prints the figures; asserts nothing.
Everything runs in a transaction that is rolled back.

Usage: bench_statistics.py [DB] [--json]
env: HCC_BENCH_CONF (.data/odoo-bench.conf), HCC_BENCH_DB (hcc_bench),
HCC_BENCH_REPEAT (3: each figure is the best of that many runs).
"""
import json
import os
import sys
import time
from datetime import date, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONF = os.environ.get('HCC_BENCH_CONF', os.path.join(ROOT, '.data', 'odoo-bench.conf'))
ARGS = [a for a in sys.argv[1:] if not a.startswith('--')]
DB = ARGS[0] if ARGS else os.environ.get('HCC_BENCH_DB', 'hcc_bench')
REPEAT = int(os.environ.get('HCC_BENCH_REPEAT', 3))
TARGET_STATS = 2.0
TARGET_XLSX = 10.0
TARGET_PDF = 2.0


def best_of(func):
    times, result = [], None
    for _i in range(REPEAT):
        t = time.time()
        result = func()
        times.append(time.time() - t)
    return min(times), result


def run():
    import odoo
    odoo.tools.config.parse_config(['-c', CONF, '--logfile', '/dev/null', '--log-level', 'warn'])
    registry = odoo.registry(DB)
    date_to = date.today()
    date_from = date_to - timedelta(days=364)
    period = (date_from.strftime('%Y-%m-%d'), date_to.strftime('%Y-%m-%d'))
    res = {'db': DB, 'date_from': period[0], 'date_to': period[1]}
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM hcc_dossier")
        res['dossiers'] = cr.fetchone()[0]
        Stats = env['hcc.dossier.statistics']

        res['summary_s'], summary = best_of(lambda: Stats.get_summary(*period))
        res['summary'] = summary

        # the UTC bounds of the Vietnam-time period, as the pivot view sends them
        from odoo.addons.hcc_one_stop.domain import statistics
        start, end = statistics.period_bounds(*period)
        domain = [('received_at', '>=', str(start)), ('received_at', '<', str(end))]
        measures = ['received', 'finished_early', 'finished_on_time', 'finished_late',
                    'in_progress_on_time', 'in_progress_late', 'refused', 'withdrawn']
        res['read_group_s'], groups = best_of(
            lambda: Stats.read_group(domain, measures + ['agency_id'], ['agency_id']))
        res['read_group_groups'] = len(groups)
        res['read_group_month_s'], _g = best_of(
            lambda: Stats.read_group(domain, ['received', 'received_at'], ['received_at:month']))

        report = env['report.hcc_one_stop.statistics_xlsx'].with_context(
            active_model='hcc.statistics.report.wizard')
        for group_by in ('agency', 'sector'):
            data = {'date_from': period[0], 'date_to': period[1], 'group_by': group_by}
            took, (content, _kind) = best_of(lambda: report.create_xlsx_report([], data))
            res['xlsx_%s_s' % group_by] = took
            res['xlsx_%s_bytes' % group_by] = len(content)
        # one receipt PDF (QWeb + wkhtmltopdf), as the counter prints it
        cr.execute("SELECT id FROM hcc_dossier WHERE received_at IS NOT NULL "
                   "ORDER BY id DESC LIMIT 1")
        row = cr.fetchone()
        if row:
            receipt = env.ref('hcc_one_stop.action_report_hcc_receipt')
            res['receipt_pdf_s'], (pdf, _fmt) = best_of(lambda: receipt.render_qweb_pdf([row[0]]))
            res['receipt_pdf_bytes'] = len(pdf)
        cr.rollback()
    return res


def verdict(took, target):
    return 'OK' if took < target else 'OVER TARGET'


def main():
    res = run()
    s = res['summary']
    print('statistics over %d dossiers, period %s .. %s'
          % (res['dossiers'], res['date_from'], res['date_to']))
    print('  get_summary (year, all agencies): %.3f s  target < %.0f s  %s'
          % (res['summary_s'], TARGET_STATS, verdict(res['summary_s'], TARGET_STATS)))
    print('    received %d (new %d, carried over %d), finished %d (on-time rate %s%%), '
          'in progress %d (late %d)' % (s['received'], s['new'], s['carried_over'], s['finished'],
                                        s['on_time_rate'], s['in_progress'],
                                        s['in_progress_late']))
    print('  read_group by agency (year): %.3f s  target < %.0f s  %s  (%d groups)'
          % (res['read_group_s'], TARGET_STATS, verdict(res['read_group_s'], TARGET_STATS),
             res['read_group_groups']))
    print('  read_group by month (year): %.3f s  target < %.0f s  %s'
          % (res['read_group_month_s'], TARGET_STATS,
             verdict(res['read_group_month_s'], TARGET_STATS)))
    for group_by in ('agency', 'sector'):
        took = res['xlsx_%s_s' % group_by]
        print('  statistics XLSX by %s (year): %.3f s  target < %.0f s  %s  (%d bytes)'
              % (group_by, took, TARGET_XLSX, verdict(took, TARGET_XLSX),
                 res['xlsx_%s_bytes' % group_by]))
    if 'receipt_pdf_s' in res:
        print('  one receipt PDF: %.3f s  target < %.0f s  %s  (%d bytes)'
              % (res['receipt_pdf_s'], TARGET_PDF, verdict(res['receipt_pdf_s'], TARGET_PDF),
                 res['receipt_pdf_bytes']))
    if '--json' in sys.argv:
        print(json.dumps(res, default=str))


if __name__ == '__main__':
    main()
