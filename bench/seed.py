"""Bulk-seed hcc_dossier (and 1-5 hcc_dossier_log lines each) for the benchmark.

Usage: seed.py [DB [N]]   (defaults: $HCC_BENCH_DB or hcc_bench, $HCC_BENCH_DOSSIERS
or 1000000). Plain SQL through psycopg2: INSERT ... SELECT FROM generate_series,
in chunks, synchronous_commit off. Idempotent: does nothing when the table
already holds N dossiers, and tops the table up to N otherwise (an
interrupted run resumes; every chunk is its own transaction). For a large
load the plain indexes of both tables are dropped and rebuilt at the end
(their definitions wait in the table bench_seed_index, so a killed run gets
them back at the next start).

The dossiers are spread over the demo procedures, their agencies, sectors,
steps and departments read from the database. Codes are
'<agency code>-YYMMDD-B<series number>', which the agency patterns
({seq:4} digits, optional two-letter prefix) never issue, so they cannot
collide with codes issued by action_receive.
"""
import os
import sys
import time

import psycopg2

CHUNK = int(os.environ.get('HCC_BENCH_CHUNK', 200000))

# Share of states, cumulative, for the seeded dossiers (about 6 % still open).
STATE_MIX = [
    ('returned', 0.760), ('done', 0.850), ('refused', 0.880), ('withdrawn', 0.925),
    ('stopped', 0.940), ('received', 0.948), ('processing', 0.982),
    ('supplement', 0.993), ('financial', 1.000),
]

SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng',
            'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Hà', 'Đinh', 'Lương', 'Triệu']
MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thanh', 'Ngọc', 'Quang', 'Thu', 'Kim',
          'Xuân', 'Hoài']
GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng',
         'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phương', 'Quân',
         'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Việt', 'Yến']
COMPANY = ['Công ty TNHH', 'Công ty Cổ phần', 'Hợp tác xã', 'Doanh nghiệp tư nhân']
COMPANY_NAME = ['Yên Bái Xanh', 'Mường Lò', 'Hoàng Liên', 'Thác Bà', 'Nghĩa Lộ', 'Trấn Yên',
                'Văn Chấn', 'Lục Yên', 'Sao Mai', 'Phú Thịnh']
WARDS = ['Phường Đồng Tâm', 'Phường Nguyễn Thái Học', 'Phường Yên Thịnh', 'Xã Tuy Lộc',
         'Xã Văn Phú', 'Phường Hồng Hà', 'Xã Giới Phiên', 'Phường Minh Tân']
TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_codes(n=997):
    """Well-formed tax codes (10 digits, right check digit)."""
    out, base = [], 520000000
    while len(out) < n:
        first = str(base)
        check = 10 - sum(int(d) * w for d, w in zip(first, TAX_WEIGHTS)) % 11
        if check != 10:
            out.append(first + str(check))
        base += 7
    return out


def connect(db):
    return psycopg2.connect(host='127.0.0.1', port=int(os.environ.get('HCC_PGPORT', 55432)),
                            user='odoo', dbname=db)


def restore_indexes(cr):
    """Recreate the indexes an earlier (maybe interrupted) run dropped for the load."""
    cr.execute("SELECT to_regclass('bench_seed_index')")
    if not cr.fetchone()[0]:
        return
    cr.execute("SELECT name, def FROM bench_seed_index")
    rows = cr.fetchall()
    t = time.time()
    for name, definition in rows:
        cr.execute("SELECT to_regclass(%s)", (name,))
        if not cr.fetchone()[0]:
            cr.execute(definition)
    cr.execute("DROP TABLE bench_seed_index")
    cr.connection.commit()
    print('[seed] rebuilt %d indexes in %.1f s' % (len(rows), time.time() - t))


def drop_indexes(cr):
    """Drop the plain (non-unique) indexes of both tables for the bulk load;
    their definitions are kept in bench_seed_index until they are rebuilt."""
    cr.execute("""
        CREATE TABLE bench_seed_index AS
        SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
          FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
         WHERE x.indrelid IN ('hcc_dossier'::regclass, 'hcc_dossier_log'::regclass)
           AND NOT x.indisunique AND NOT x.indisprimary""")
    cr.execute("SELECT name FROM bench_seed_index")
    for (name,) in cr.fetchall():
        cr.execute('DROP INDEX "%s"' % name)
    cr.connection.commit()


def main():
    db = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('HCC_BENCH_DB', 'hcc_bench')
    n = int(sys.argv[2] if len(sys.argv) > 2 else os.environ.get('HCC_BENCH_DOSSIERS', 1000000))
    conn = connect(db)
    cr = conn.cursor()
    cr.execute("SET synchronous_commit = off")
    restore_indexes(cr)
    cr.execute("SELECT count(*) FROM hcc_dossier")
    have = cr.fetchone()[0]
    if have >= n:
        print('[seed] hcc_dossier already holds %d dossiers (>= %d): nothing to do' % (have, n))
        return
    cr.execute(r"SELECT coalesce(max(substring(name from '-B([0-9]+)$')::bigint), 0) "
               r"FROM hcc_dossier WHERE name ~ '-B[0-9]+$'")
    start = cr.fetchone()[0] + 1
    todo = n - have
    print('[seed] %d dossiers in %s, adding %d (series from %d, chunks of %d)'
          % (have, db, todo, start, CHUNK))

    cr.execute("SELECT id FROM res_users WHERE login IN ('reception', 'reception2', 'admin') "
               "ORDER BY login DESC")
    receivers = [r[0] for r in cr.fetchall()]
    cr.execute("SELECT id FROM res_users WHERE login IN ('officer', 'head', 'business', "
               "'land', 'building', 'commune', 'business_head', 'admin')")
    officers = [r[0] for r in cr.fetchall()]
    cr.execute("SELECT id FROM hcc_counter ORDER BY id")
    counters = [r[0] for r in cr.fetchall()] or [None]

    # The procedures (current versions with steps) and their ordered steps.
    cr.execute("DROP TABLE IF EXISTS bench_proc; DROP TABLE IF EXISTS bench_step")
    cr.execute("""
        CREATE TEMP TABLE bench_step AS
        SELECT s.procedure_id, s.id, s.department_id, s.is_external, s.name,
               (SELECT array_agg(r.user_id ORDER BY r.user_id) FROM hcc_department_user_rel r
                 WHERE r.department_id = s.department_id) AS users,
               (row_number() OVER (PARTITION BY s.procedure_id ORDER BY s.sequence, s.id) - 1)::int AS k
          FROM hcc_procedure_step s""")
    cr.execute("""
        CREATE TEMP TABLE bench_proc AS
        SELECT (row_number() OVER (ORDER BY p.id) - 1)::int AS k, p.id, p.agency_id,
               a.code AS acode, p.sector_id, p.level,
               greatest(1, CASE WHEN p.legal_unit = 'hour' THEN 1 ELSE p.legal_amount END) AS days,
               (SELECT count(*) FROM bench_step s WHERE s.procedure_id = p.id)::int AS nsteps
          FROM hcc_procedure p JOIN hcc_agency a ON a.id = p.agency_id
         WHERE coalesce(p.active, true)
           AND EXISTS (SELECT 1 FROM bench_step s WHERE s.procedure_id = p.id)""")
    cr.execute("CREATE INDEX ON bench_step (procedure_id, k)")
    cr.execute("SELECT count(*) FROM bench_proc")
    nproc = cr.fetchone()[0]
    if not nproc:
        sys.exit('[seed] no procedure with steps: is the demo data installed?')
    conn.commit()

    states = [s for s, _ in STATE_MIX]
    cuts = [c for _, c in STATE_MIX]
    params = {
        'nproc': nproc, 'receivers': receivers, 'officers': officers, 'counters': counters,
        'surnames': SURNAMES, 'middle': MIDDLE, 'given': GIVEN, 'company': COMPANY,
        'company_name': COMPANY_NAME, 'wards': WARDS, 'taxcodes': tax_codes(),
        'states': states, 'cuts': cuts, 'mobile': ['9', '8', '3', '7', '5'],
    }

    # One INSERT .. SELECT per chunk. `b` draws the random numbers once per row;
    # `c` derives state, dates and the current step from them.
    dossier_sql = """
    WITH b AS (
        SELECT g, random() AS r_state, random() AS r_proc, random() AS r_age,
               random() AS r_step, random() AS r_due, random() AS r_end, random() AS r_misc
          FROM generate_series(%(lo)s, %(hi)s) g
    ), c AS (
        SELECT b.*, p.id AS procedure_id, p.agency_id, p.acode, p.sector_id, p.level, p.days,
               p.nsteps,
               (%(states)s::varchar[])[(SELECT count(*) FROM unnest(%(cuts)s::float8[]) x
                                        WHERE x <= b.r_state)::int + 1] AS st0,
               now() AT TIME ZONE 'UTC' AS now_utc
          FROM b JOIN bench_proc p ON p.k = floor(b.r_proc * %(nproc)s)::int
    ), d AS (
        SELECT c.*,
               -- open dossiers were received in the last month (mostly the last days),
               -- settled ones
               -- over the last three years
               (c.now_utc - CASE WHEN c.st0 IN ('received', 'processing', 'supplement', 'financial')
                                 THEN c.r_age * c.r_age * interval '30 days'
                                 ELSE interval '7 days' + c.r_age * interval '1088 days' END
               )::timestamp(0) AS recv
          FROM c
    ), e AS (
        SELECT d.*,
               (d.recv + (d.days * 1.4 + 1 + floor(d.r_due * 3)) * interval '1 day')::timestamp(0) AS due,
               CASE WHEN d.st0 = 'received' THEN 0
                    ELSE floor(d.r_step * d.nsteps)::int END AS stepk
          FROM d
    ), f AS (
        SELECT e.*, s.id AS step_id, s.department_id AS step_dept, s.is_external,
               CASE WHEN e.st0 IN ('processing', 'supplement', 'financial') AND s.is_external
                    THEN 'external' ELSE e.st0 END AS st,
               -- settled: finished between half the budget and 1.3x the budget
               (e.recv + (e.due - e.recv) * (0.5 + e.r_end * 0.8))::timestamp(0) AS fin
          FROM e LEFT JOIN bench_step s ON s.procedure_id = e.procedure_id AND s.k = e.stepk
    )
    INSERT INTO hcc_dossier (
        name, procedure_id, agency_id, sector_id, level, applicant_type, applicant_name,
        applicant_id_number, applicant_tax_code, applicant_phone, applicant_address, channel,
        state, received_at, receiver_id, counter_id, due_at, original_due_at, finished_at,
        returned_at, return_method, completion, deadline_status, current_step_id,
        current_department_id, step_started_at, step_due_at, supplement_count, reason,
        create_uid, create_date, write_uid, write_date)
    SELECT
        CASE WHEN f.st = 'refused' THEN NULL
             ELSE f.acode || '-' || to_char(f.recv, 'YYMMDD') || '-B' || lpad(f.g::text, 7, '0') END,
        f.procedure_id, f.agency_id, f.sector_id, f.level,
        CASE WHEN f.g %% 10 = 0 THEN 'organisation' ELSE 'citizen' END,
        CASE WHEN f.g %% 10 = 0
             THEN (%(company)s::varchar[])[1 + f.g %% 4] || ' ' || (%(company_name)s::varchar[])[1 + (f.g / 4) %% 10]
             ELSE (%(surnames)s::varchar[])[1 + f.g %% 20] || ' ' || (%(middle)s::varchar[])[1 + (f.g / 20) %% 12]
                  || ' ' || (%(given)s::varchar[])[1 + (f.g / 240) %% 28] END,
        CASE WHEN f.g %% 10 = 0 THEN NULL
             ELSE '015' || (f.g %% 4)::text || lpad(((f.g / 7) %% 60 + 40)::text, 2, '0')
                  || lpad((f.g %% 1000000)::text, 6, '0') END,
        CASE WHEN f.g %% 10 = 0 THEN (%(taxcodes)s::varchar[])[1 + f.g %% array_length(%(taxcodes)s::varchar[], 1)] END,
        '84' || (%(mobile)s::varchar[])[1 + f.g %% 5] || lpad(((f.g::bigint * 7919) %% 100000000)::text, 8, '0'),
        'Tổ ' || (1 + f.g %% 30)::text || ', ' || (%(wards)s::varchar[])[1 + f.g %% 8] || ', TP Yên Bái',
        CASE WHEN f.r_misc < 0.70 THEN '1' WHEN f.r_misc < 0.97 THEN '2' ELSE '3' END,
        f.st,
        CASE WHEN f.st = 'refused' THEN NULL ELSE f.recv END,
        (%(receivers)s::int[])[1 + f.g %% array_length(%(receivers)s::int[], 1)],
        (%(counters)s::int[])[1 + f.g %% array_length(%(counters)s::int[], 1)],
        CASE WHEN f.st = 'refused' THEN NULL ELSE f.due END,
        CASE WHEN f.st = 'refused' THEN NULL ELSE f.due END,
        CASE WHEN f.st IN ('done', 'returned', 'stopped') THEN f.fin END,
        CASE WHEN f.st = 'returned' THEN f.fin + interval '2 days' END,
        CASE WHEN f.st = 'returned' THEN (CASE WHEN f.g %% 5 = 0 THEN 'post' ELSE 'counter' END) END,
        CASE WHEN f.st IN ('done', 'returned', 'stopped')
             THEN CASE WHEN f.fin > f.due THEN 'late'
                       WHEN f.fin < f.due - interval '1 day' THEN 'early' ELSE 'on_time' END END,
        CASE WHEN f.st IN ('done', 'returned', 'refused', 'withdrawn', 'stopped') THEN 'closed'
             WHEN f.st = 'supplement' THEN 'paused'
             WHEN f.due < f.now_utc THEN 'late'
             WHEN f.due < f.now_utc + interval '1 day' THEN 'due_soon'
             ELSE 'on_track' END,
        CASE WHEN f.st IN ('received', 'processing', 'supplement', 'financial', 'external')
             THEN f.step_id END,
        CASE WHEN f.st IN ('received', 'processing', 'supplement', 'financial', 'external')
             THEN f.step_dept END,
        CASE WHEN f.st IN ('received', 'processing', 'supplement', 'financial', 'external')
             THEN f.recv + (f.stepk * interval '1 day') END,
        CASE WHEN f.st IN ('received', 'processing', 'supplement', 'financial', 'external')
             THEN f.recv + ((f.stepk + 1) * interval '1 day') END,
        CASE WHEN f.st = 'supplement' THEN 1 ELSE 0 END,
        CASE WHEN f.st = 'refused' THEN 'Hồ sơ không đủ thành phần theo quy định'
             WHEN f.st = 'withdrawn' THEN 'Công dân xin rút hồ sơ'
             WHEN f.st = 'stopped' THEN 'Quá hạn bổ sung hồ sơ' END,
        (%(receivers)s::int[])[1 + f.g %% array_length(%(receivers)s::int[], 1)],
        f.recv,
        (%(receivers)s::int[])[1 + f.g %% array_length(%(receivers)s::int[], 1)],
        coalesce(f.fin, f.recv)
      FROM f
    """

    # 1 log line for refused / just received dossiers, 3-5 for the others:
    # receive, start_processing, hand-overs, then the action that led to the state.
    log_sql = """
    WITH x AS (
        SELECT d.id, d.state, d.procedure_id, d.receiver_id,
               coalesce(d.received_at, d.create_date) AS t0,
               coalesce(d.returned_at, d.finished_at, d.step_started_at,
                        d.create_date + interval '2 days') AS t1,
               d.due_at,
               CASE WHEN d.state IN ('refused', 'received') THEN 1 ELSE 3 + d.id %% 3 END AS n,
               p.nsteps
          FROM hcc_dossier d JOIN bench_proc p ON p.id = d.procedure_id
         WHERE d.id > %(lo)s AND d.id <= %(hi)s
    ), y AS (
        SELECT x.*, i,
               CASE WHEN x.state = 'refused' THEN 'refuse'
                    WHEN i = 1 THEN 'receive'
                    WHEN i = 2 THEN 'start_processing'
                    WHEN i < x.n THEN 'next_step'
                    ELSE CASE x.state WHEN 'returned' THEN 'return_result'
                                      WHEN 'done' THEN 'finish'
                                      WHEN 'withdrawn' THEN 'withdraw'
                                      WHEN 'stopped' THEN 'stop'
                                      WHEN 'supplement' THEN 'request_supplement'
                                      WHEN 'financial' THEN 'request_financial'
                                      WHEN 'external' THEN 'send_external'
                                      ELSE 'next_step' END END AS action,
               least(i - 1, x.nsteps - 1) AS sk
          FROM x, generate_series(1, x.n) i
    )
    INSERT INTO hcc_dossier_log (
        dossier_id, date, action, user_id, from_state, to_state, step_id, step_name,
        department_id, step_due_at, on_time, note, create_uid, create_date, write_uid, write_date)
    SELECT y.id,
           (y.t0 + (y.t1 - y.t0) * ((y.i - 1)::float / greatest(y.n - 1, 1)))::timestamp(0),
           y.action,
           -- the receiving officer, then the officials of the step's department
           CASE WHEN y.i = 1 THEN y.receiver_id
                WHEN s.users IS NOT NULL THEN s.users[1 + (y.id + y.i) %% array_length(s.users, 1)]
                ELSE (%(officers)s::int[])[1 + (y.id + y.i) %% array_length(%(officers)s::int[], 1)] END,
           CASE WHEN y.action IN ('receive', 'refuse') THEN 'draft'
                WHEN y.action = 'start_processing' THEN 'received'
                WHEN y.action = 'return_result' THEN 'done'
                ELSE 'processing' END,
           CASE y.action WHEN 'receive' THEN 'received' WHEN 'refuse' THEN 'refused'
                         WHEN 'return_result' THEN 'returned' WHEN 'finish' THEN 'done'
                         WHEN 'withdraw' THEN 'withdrawn' WHEN 'stop' THEN 'stopped'
                         WHEN 'request_supplement' THEN 'supplement'
                         WHEN 'request_financial' THEN 'financial'
                         WHEN 'send_external' THEN 'external'
                         ELSE 'processing' END,
           CASE WHEN y.i > 1 THEN s.id END, CASE WHEN y.i > 1 THEN s.name END,
           CASE WHEN y.i > 1 THEN s.department_id END,
           CASE WHEN y.i > 1 THEN (y.t0 + y.sk * interval '1 day')::timestamp(0) END,
           y.i = 1 OR y.action <> 'return_result' OR y.t1 <= y.due_at + interval '2 days',
           CASE WHEN y.action = 'refuse' THEN 'Hồ sơ không đủ thành phần theo quy định' END,
           1, y.t0, 1, y.t0
      FROM y LEFT JOIN bench_step s ON s.procedure_id = y.procedure_id AND s.k = y.sk
    """

    t_all = time.time()
    if todo >= 50000:
        drop_indexes(cr)
    n_logs = 0
    lo = start
    last = start + todo - 1
    while lo <= last:
        hi = min(lo + CHUNK - 1, last)
        t = time.time()
        cr.execute("SELECT coalesce(max(id), 0) FROM hcc_dossier")
        max_before = cr.fetchone()[0]
        cr.execute(dossier_sql, dict(params, lo=lo, hi=hi))
        nd = cr.rowcount
        cr.execute("SELECT max(id) FROM hcc_dossier")
        max_after = cr.fetchone()[0]
        cr.execute(log_sql, dict(params, lo=max_before, hi=max_after))
        nl = cr.rowcount
        # who worked each dossier: what the officers' record rule reads
        cr.execute("""
            INSERT INTO hcc_dossier_handler_rel (dossier_id, user_id)
            SELECT DISTINCT dossier_id, user_id FROM hcc_dossier_log
             WHERE dossier_id > %s AND dossier_id <= %s AND user_id IS NOT NULL
            ON CONFLICT DO NOTHING""", (max_before, max_after))
        conn.commit()
        n_logs += nl
        print('[seed]   %7d dossiers + %7d log lines in %.1f s' % (nd, nl, time.time() - t))
        sys.stdout.flush()
        lo = hi + 1
    restore_indexes(cr)
    t = time.time()
    conn.autocommit = True
    cr.execute("ANALYZE hcc_dossier")
    cr.execute("ANALYZE hcc_dossier_log")
    t_analyze = time.time() - t
    took = time.time() - t_all
    print('[seed] seeded %d dossiers and %d log lines in %.1f s (ANALYZE %.1f s): '
          '%.0f dossiers/s, %.0f rows/s' % (todo, n_logs, took, t_analyze, todo / took,
                                              (todo + n_logs) / took))
    conn.close()


if __name__ == '__main__':
    main()
