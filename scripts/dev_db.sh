#!/usr/bin/env bash
# Developer loop (not used by make run/test): a database NAME copied from a
# template that has our addons, demo data and Vietnamese, updated with
# the working tree's addons; prints the path of its Odoo configuration.
#   bash scripts/dev_db.sh NAME [PORT]    (PORT: http port written in the conf)
# Then: .venv/bin/python scripts/dev_test.py -c CONF -d NAME hcc_one_stop.tests.test_x
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/scripts/lib.sh"
NAME="${1:?database name}"
ODOO_PORT="${2:-8469}"
TEMPLATE=hcc_dev_template
"$ROOT/scripts/setup.sh" >/dev/null
pg_start
mkdir -p "$DATA/dev"
CONF="$DATA/dev/$NAME.conf"
write_odoo_conf "$CONF" "without_demo = False
workers = 0
logfile = $DATA/dev/$NAME.log
limit_time_real = 1800"
# the template: made once, with the platform modules then our addons
if ! db_exists "$TEMPLATE"; then
  DEPS="$("$ODOO_PY" "$ROOT/scripts/addon_deps.py" "$ROOT" "$ADDONS")"
  (flock 9
   if ! db_exists "$TEMPLATE"; then
     "$ODOO_PY" "$ODOO_BIN" -c "$CONF" -d "${TEMPLATE}_tmp" -i "$DEPS" --load-language=vi_VN --stop-after-init >&2
     "$ODOO_PY" "$ODOO_BIN" -c "$CONF" -d "${TEMPLATE}_tmp" -i "$ADDONS" --stop-after-init >&2
     psql_pg -qc "ALTER DATABASE ${TEMPLATE}_tmp RENAME TO $TEMPLATE" >&2
   fi) 9>"$DATA/dev/template.lock"
fi
if ! db_exists "$NAME"; then
  psql_pg -qc "CREATE DATABASE \"$NAME\" TEMPLATE $TEMPLATE OWNER $PGUSER_ODOO" >&2
fi
"$ODOO_PY" "$ODOO_BIN" -c "$CONF" -d "$NAME" -u "$ADDONS" --stop-after-init >&2 \
  || die "updating $NAME failed, see $DATA/dev/$NAME.log"
echo "$CONF"
