#!/usr/bin/env bash
# Starts the suite: private PostgreSQL, a database with our addons,
# Vietnamese and demo data, and Odoo on http://127.0.0.1:8069.
# Run it again: it reuses the cluster, the database and a running server.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/scripts/lib.sh"
DB="${HCC_DB:-hcc}"
CONF="$DATA/odoo-run.conf"
PIDFILE="$DATA/odoo.pid"
LOG="$DATA/odoo.log"
URL="http://127.0.0.1:$ODOO_PORT"

"$ROOT/scripts/setup.sh"
pg_start
write_odoo_conf "$CONF" "dbfilter = ^$DB\$
db_name = $DB
logfile = $LOG
workers = 0
limit_time_real = 600"

if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  say "Odoo is already running (pid $(cat "$PIDFILE"))"
else
  rm -f "$PIDFILE"
  if port_in_use "$ODOO_PORT"; then
    die "port $ODOO_PORT on 127.0.0.1 is taken by another program: stop it or set HCC_HTTP_PORT=<free port>"
  fi
  ensure_suite_db "$DB" "$CONF" "$LOG" --load-language=vi_VN
  from=$(( $(wc -l <"$LOG" 2>/dev/null || echo 0) + 1 ))
  nohup "$ODOO_PY" "$ODOO_BIN" -c "$CONF" -d "$DB" >/dev/null 2>&1 &
  echo $! >"$PIDFILE"
  if ! wait_for_odoo "$LOG" "$from" "$(cat "$PIDFILE")" "$URL" 180; then
    kill "$(cat "$PIDFILE")" 2>/dev/null || true
    rm -f "$PIDFILE"
    die "Odoo did not start, see $LOG"
  fi
fi

for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null "$URL/web/login"; then
    cat <<MSG

  The HCC one-stop suite is running at $URL  (database $DB)

  Demo logins (password = login):
    admin / admin            administrator, configurator
    manager / manager        centre manager
    reception / reception    receiving officer at counter 1
    officer / officer        processing officer, Department of Justice
    head / head              head of unit, Department of Justice
    citizen / citizen        a citizen on the portal ($URL/my/dossiers)
  Public dossier lookup: $URL/tra-cuu-ho-so

  Logs: $LOG   Data: $DATA   Stop: make stop
MSG
    exit 0
  fi
  if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    rm -f "$PIDFILE"; die "Odoo exited during start-up, see $LOG"
  fi
  sleep 1
done
die "Odoo did not answer on $URL within 60 s, see $LOG"
