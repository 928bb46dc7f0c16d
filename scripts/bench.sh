#!/usr/bin/env bash
# Dossier benchmark: a database `hcc_bench` with our addons and demo
# data, bulk-seeded with HCC_BENCH_DOSSIERS dossiers (default 1,000,000) and
# their processing logs, then an Odoo server on HCC_BENCH_PORT (default 8269)
# measured over XML-RPC and in-process. Prints figures; asserts nothing.
# Run it again: it reuses the database and skips seeding when it is done.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export HCC_HTTP_PORT="${HCC_BENCH_PORT:-8269}"
. "$ROOT/scripts/lib.sh"
DB="${HCC_BENCH_DB:-hcc_bench}"
N="${HCC_BENCH_DOSSIERS:-1000000}"
CONF="$DATA/odoo-bench.conf"
LOG="$DATA/odoo-bench.log"
URL="http://127.0.0.1:$ODOO_PORT"
export PYTHONUNBUFFERED=1 HCC_BENCH_DB="$DB" HCC_BENCH_DOSSIERS="$N" HCC_BENCH_PORT="$ODOO_PORT" \
       HCC_BENCH_CONF="$CONF" HCC_PGPORT="$PGPORT"

"$ROOT/scripts/setup.sh"
pg_start
write_odoo_conf "$CONF" "without_demo = False
dbfilter = ^$DB\$
db_name = $DB
logfile = $LOG
workers = 0
max_cron_threads = 0
limit_time_real = 1800"

ensure_suite_db "$DB" "$CONF" "$LOG"

"$ODOO_PY" "$ROOT/bench/seed.py" "$DB" "$N" || die "seeding failed"

port_in_use "$ODOO_PORT" && die "port $ODOO_PORT on 127.0.0.1 is taken: set HCC_BENCH_PORT=<free port>"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
say "starting Odoo on $URL (database $DB, one worker; log: $LOG)"
from=$(( $(wc -l <"$LOG" 2>/dev/null || echo 0) + 1 ))
"$ODOO_PY" "$ODOO_BIN" -c "$CONF" -d "$DB" &
server_pid=$!
wait_for_odoo "$LOG" "$from" "$server_pid" "$URL" 180 || die "Odoo did not start, see $LOG"

"$ODOO_PY" "$ROOT/bench/bench_dossier.py"

say "8 counters receiving at once for the same agency and day"
"$ODOO_PY" "$ROOT/bench/bench_counters.py"

say "statistics, XLSX and the receipt PDF over the same table"
"$ODOO_PY" "$ROOT/bench/bench_statistics.py" "$DB"
