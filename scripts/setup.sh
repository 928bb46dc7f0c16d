#!/usr/bin/env bash
# Installs what the suite needs on a fresh Debian 12 machine, idempotently:
# Debian packages, the CPython 3.7 virtualenv with pinned requirements, lessc,
# and a clean Odoo addons tree. Safe to run again: it skips what is there.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/scripts/lib.sh"

# chromium + chromium-driver: the browser tests (selenium drives them headless)
APT_PKGS="curl gcc make libpq-dev postgresql-15 wkhtmltopdf fonts-dejavu-core poppler-utils xfonts-75dpi chromium chromium-driver"
missing=""
for p in $APT_PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  say "installing Debian packages:$missing"
  if [ "$(id -u)" != 0 ]; then die "need root to apt-get install$missing (run as root or install them first)"; fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# --- Python 3.7 virtualenv -------------------------------------------------
find_python37() {
  local py="${HCC_PYTHON37:-}"
  if [ -z "$py" ]; then
    if command -v pyenv >/dev/null 2>&1; then py="$(pyenv root)/versions/3.7.16/bin/python"; fi
    [ -x "$py" ] || py="$(command -v python3.7 || true)"
  fi
  [ -n "$py" ] && [ -x "$py" ] && "$py" -c 'import sys; assert sys.version_info[:2] == (3, 7)' 2>/dev/null \
    || die "CPython 3.7 not found. Install it (pyenv install 3.7.16) or set HCC_PYTHON37=/path/to/python3.7"
  echo "$py"
}

stamp="$VENV/.requirements.sha"
want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-nodeps.txt" | sha1sum | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "building the Python 3.7 virtualenv in $VENV (about 2 minutes)"
  if [ ! -x "$VENV/bin/python" ]; then
    py37="$(find_python37)" || exit 1
    "$py37" -m venv "$VENV"
  fi
  PIP="$VENV/bin/python -m pip --disable-pip-version-check -q"
  # use_2to3 packages: build with the venv's own old setuptools, no isolation
  for pkg in vatnumber suds-jurko feedparser; do
    spec="$(grep -iE "^$pkg==" "$ROOT/requirements.txt")"
    $PIP install --no-build-isolation "$spec"
  done
  $PIP install -r "$ROOT/requirements.txt"
  $PIP install --no-deps -r "$ROOT/requirements-nodeps.txt"
  prune_orphan_addons
  echo "$want" > "$stamp"
fi

# --- lessc for the backend styles -------------------------------------------
if [ ! -x "$TOOLS/node_modules/.bin/lessc" ]; then
  command -v npm >/dev/null 2>&1 || die "npm not found: apt-get install npm"
  say "installing lessc (npm less@3.13.1) into $TOOLS"
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && npm install --silent --no-audit --no-fund --prefix "$TOOLS" less@3.13.1 less-plugin-clean-css@1.5.1 >/dev/null)
fi
exit 0
