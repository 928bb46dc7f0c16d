#!/usr/bin/env bash
# Stops what scripts/run.sh started: its Odoo server and the private cluster.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/scripts/lib.sh"
PIDFILE="$DATA/odoo.pid"
if [ -f "$PIDFILE" ]; then
  pid="$(cat "$PIDFILE")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"; for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    say "Odoo stopped"
  fi
  rm -f "$PIDFILE"
fi
pg_stop
