#!/usr/bin/env bash
# Idempotent set-up for key_account_mgmt: PostgreSQL, system packages, Odoo 18.0
# Community and its Python dependencies.  Prints, as its last line, the path of
# the Python interpreter that imports Odoo 18.0 (used by the Makefile).
#
# Where Odoo comes from, in this order:
#   1. an already importable `odoo` (18.0) in $PYTHON or the python3 on PATH:
#      used as is (an activated virtual environment works unchanged);
#   2. the persistent environment made by an earlier run ($KAM_HOME/venv);
#   3. the source tree in $ODOO_SRC (a directory holding odoo/ and odoo-bin);
#   4. Odoo's official 18.0 source archive ($ODOO_ARCHIVE_URL), when the
#      network allows.
# The persistent environment lives in $KAM_HOME (default
# ~/.local/share/key_account_mgmt), so later runs and CI from a clean clone
# find it without any variable of the interactive shell.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
KAM_HOME=${KAM_HOME:-$HOME/.local/share/key_account_mgmt}
VENV=$KAM_HOME/venv
ODOO_DIR=$KAM_HOME/odoo
ODOO_ARCHIVE_URL=${ODOO_ARCHIVE_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}
log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------- system packages
apt_updated=""
need_pkgs() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing system packages ${missing[*]} and no apt-get to install them"
    if [ -z "$apt_updated" ]; then as_root apt-get update -qq >&2; apt_updated=1; fi
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}
need_pkgs postgresql postgresql-client libpq-dev libldap2-dev libsasl2-dev \
    wkhtmltopdf chromium fonts-noto-cjk poppler-utils build-essential

# ---------------------------------------------------------------- PostgreSQL
if command -v pg_lsclusters >/dev/null; then
    if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
        ver=$(pg_lsclusters -h | awk 'NR==1{print $1}')
        name=$(pg_lsclusters -h | awk 'NR==1{print $2}')
        if [ -z "$ver" ]; then
            ver=$(ls /usr/lib/postgresql | sort -n | tail -1); name=main
            as_root pg_createcluster "$ver" "$name" >&2
        fi
        log "starting PostgreSQL $ver/$name"
        as_root pg_ctlcluster "$ver" "$name" start >&2
    fi
fi
for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
pg_isready -q || die "PostgreSQL does not answer on its default socket"
dbuser=$(id -un)
[ "$dbuser" = postgres ] && die "Odoo refuses the 'postgres' role: run as another user"
if ! as_root su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$dbuser'\"" | grep -q 1; then
    log "creating PostgreSQL superuser role $dbuser"
    as_root su postgres -c "createuser -s '$dbuser'" >&2
fi

# ---------------------------------------------------------------- Odoo
imports_odoo18() {
    "$1" -c 'import sys, odoo.release as r; sys.exit(0 if r.serie == "18.0" else 1)' >/dev/null 2>&1
}
pick_python() {
    # A Python able to run Odoo 18.0 with the pinned packages (3.11.4 or newer
    # but below 3.13); Debian's 3.11.2 is too old for some of them.
    local c
    for c in ${PYTHON:-} python3 python3.11 python3.12 "$HOME"/.pyenv/versions/3.11*/bin/python3 \
             "$HOME"/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3.11 /usr/bin/python3; do
        command -v "$c" >/dev/null 2>&1 || [ -x "$c" ] || continue
        if "$c" -c 'import sys; sys.exit(0 if (3, 11, 4) <= sys.version_info[:3] < (3, 13) else 1)' 2>/dev/null; then
            command -v "$c" 2>/dev/null || echo "$c"; return 0
        fi
    done
    return 1
}

py=${PYTHON:-python3}
if imports_odoo18 "$py"; then
    log "using the Odoo already importable from $py"
    PY=$(command -v "$py" || echo "$py")
    "$PY" -m pip install -q -r "$here/requirements.txt" >&2
    echo "$PY"; exit 0
fi

mkdir -p "$KAM_HOME"
if [ ! -f "$ODOO_DIR/odoo/release.py" ]; then
    src=""
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$ODOO_SRC/odoo/release.py" ] || die "ODOO_SRC=$ODOO_SRC has no odoo/release.py"
        src=$ODOO_SRC
    else
        tmp=$(mktemp -d)
        log "no Odoo found; downloading $ODOO_ARCHIVE_URL"
        if curl -fsSL --connect-timeout 20 "$ODOO_ARCHIVE_URL" -o "$tmp/odoo.tar.gz" 2>/dev/null; then
            tar -xzf "$tmp/odoo.tar.gz" -C "$tmp"
            src=$(dirname "$(find "$tmp" -maxdepth 3 -path '*/odoo/release.py' | head -1)")/..
        else
            rm -rf "$tmp"
            die "Odoo 18.0 Community not found. Provide it one of these ways:
  - activate a Python environment where 'import odoo' (18.0) works, or set PYTHON to its interpreter;
  - set ODOO_SRC to an Odoo 18.0 source tree (the directory holding odoo/ and odoo-bin);
  - allow network access to $ODOO_ARCHIVE_URL.
Then run 'make test' (or 'make demo') again."
        fi
    fi
    log "installing Odoo source from $src into $ODOO_DIR"
    rm -rf "$ODOO_DIR.tmp"; mkdir -p "$ODOO_DIR.tmp"
    cp -a "$src/odoo" "$ODOO_DIR.tmp/odoo"
    [ -f "$src/odoo-bin" ] && cp -a "$src/odoo-bin" "$ODOO_DIR.tmp/odoo-bin"
    find "$ODOO_DIR.tmp" -name __pycache__ -prune -exec rm -rf {} +
    rm -rf "$ODOO_DIR"; mv "$ODOO_DIR.tmp" "$ODOO_DIR"
fi

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
    base=$(pick_python) || die "no Python 3.11.4-3.12 found for Odoo's virtual environment; set PYTHON"
    log "creating virtual environment $VENV with $base"
    "$base" -m venv "$VENV" >&2
fi
PY=$VENV/bin/python
site=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$ODOO_DIR" > "$site/odoo-src.pth"

stamp=$KAM_HOME/.deps-$(cat "$here/tools/odoo-requirements.txt" "$here/requirements.txt" | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
    log "installing Odoo's Python dependencies (first run takes a few minutes)"
    "$PY" -m pip install -q --upgrade 'pip<25' 'setuptools<70' 'setuptools_scm<8' wheel >&2
    "$PY" -m pip install -q --no-build-isolation -c "$here/tools/odoo-requirements.txt" cbor2 >&2
    "$PY" -m pip install -q --no-build-isolation -r "$here/tools/odoo-requirements.txt" >&2
    "$PY" -m pip install -q -c "$here/tools/odoo-requirements.txt" -r "$here/requirements.txt" >&2
    touch "$stamp"
fi
imports_odoo18 "$PY" || die "$PY cannot import Odoo 18.0 after set-up"
echo "$PY"
