#!/usr/bin/env bash
# Provision the local BigQuery emulator (local-bigquery) for the tests, offline after pip.
#
# local-bigquery serves the BigQuery REST API (and the Storage Read/Write API over gRPC) on
# DuckDB. It needs Python 3.13 and DuckDB 1.5.5, so it lives in its own virtual environment,
# never in the project's .venv:
#   1. find Python 3.13: $PYTHON313, else `pyenv which python3.13`, else any pyenv 3.13.x,
#      else python3.13 on PATH, else $PYENV_ROOT/versions/3.13*/bin/python;
#   2. create VENV_DIR with it if missing (Python 3.13's venv writes a .gitignore of "*");
#   3. pip install the hash-pinned deploy/local/bigquery-emulator-requirements.txt;
#   4. install the DuckDB extensions it autoloads (icu, ducklake, spatial) from their wheels
#      into VENV_DIR/duckdb-home/.duckdb/extensions, so DuckDB never downloads them and
#      ~/.duckdb is left alone; the server must then run with HOME=VENV_DIR/duckdb-home;
#   5. write VENV_DIR/bin/bigquery-emulator, which runs `local-bigquery` with that HOME.
# A stamp keyed on the sha256 of the requirements file (and of this script) makes a second
# run a no-op that takes milliseconds.
#
# usage: deploy/local/provision_bigquery_emulator.sh [VENV_DIR]   (default: .venv-bigquery)
# then:  VENV_DIR/bin/bigquery-emulator serve --host 127.0.0.1 --port 9050 --grpc-port 9060 \
#            --project diplowire-test --data-dir "$(mktemp -d)"
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
requirements="$here/bigquery-emulator-requirements.txt"
venv="${1:-$root/.venv-bigquery}"
case "$venv" in /*) ;; *) venv="$PWD/$venv" ;; esac
stamp="$venv/.provisioned"
want="$(cat "$requirements" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/python" ] \
        && [ -x "$venv/bin/bigquery-emulator" ]; then
    echo "bigquery-emulator: $venv is provisioned"
    exit 0
fi

is_313() { [ -n "$1" ] && [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; }

find_python313() {
    local candidate version
    if [ -n "${PYTHON313:-}" ]; then
        if is_313 "$PYTHON313"; then echo "$PYTHON313"; return 0; fi
        echo "bigquery-emulator: PYTHON313=$PYTHON313 is not a Python 3.13 interpreter" >&2
        return 1
    fi
    if command -v pyenv >/dev/null 2>&1; then
        candidate="$(pyenv which python3.13 2>/dev/null || true)"
        if is_313 "$candidate"; then echo "$candidate"; return 0; fi
        # Installed but not the active version: ask pyenv for it by name.
        version="$(pyenv versions --bare 2>/dev/null | grep -E '^3\.13\.[0-9]+$' | sort -V | tail -n1 || true)"
        if [ -n "$version" ]; then
            candidate="$(PYENV_VERSION="$version" pyenv which python3.13 2>/dev/null || true)"
            if is_313 "$candidate"; then echo "$candidate"; return 0; fi
        fi
    fi
    candidate="$(command -v python3.13 2>/dev/null || true)"
    if is_313 "$candidate"; then echo "$candidate"; return 0; fi
    for candidate in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python 2>/dev/null | sort -V -r); do
        if is_313 "$candidate"; then echo "$candidate"; return 0; fi
    done
    cat >&2 <<EOF
bigquery-emulator: Python 3.13 not found; local-bigquery requires Python >=3.13,<3.14.
  Looked at: \$PYTHON313, \`pyenv which python3.13\`, pyenv's installed 3.13.x,
  python3.13 on PATH, ${PYENV_ROOT:-$HOME/.pyenv}/versions/3.13*/bin/python.
  Install it (e.g. \`pyenv install 3.13\`) or set PYTHON313=/path/to/python3.13.
EOF
    return 1
}

# Two test runs provisioning at once: the second waits, then finds the stamp.
if command -v flock >/dev/null 2>&1; then
    exec 9>"${TMPDIR:-/tmp}/provision-bigquery-emulator-$(echo "$venv" | sha256sum | cut -c1-16).lock"
    flock 9
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/bigquery-emulator" ]; then
        echo "bigquery-emulator: $venv is provisioned"
        exit 0
    fi
fi

started=$SECONDS
if [ -e "$venv" ] && ! is_313 "$venv/bin/python"; then
    if [ -f "$venv/pyvenv.cfg" ]; then
        echo "bigquery-emulator: $venv is not a working Python 3.13 venv; recreating it"
        rm -rf "$venv"
    else
        echo "bigquery-emulator: $venv exists and is not a virtual environment; not touching it" >&2
        exit 1
    fi
fi
if [ ! -e "$venv" ]; then
    python313="$(find_python313)"
    echo "bigquery-emulator: creating $venv with $python313"
    "$python313" -m venv "$venv"
fi
rm -f "$stamp"

echo "bigquery-emulator: installing $(basename "$requirements")"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    --require-hashes --only-binary=:all: -r "$requirements"

# Extensions go where DuckDB looks by default ($HOME/.duckdb/extensions/<version>/<platform>),
# with HOME pointing into the venv; autoloading then finds them and never goes online.
duckdb_home="$venv/duckdb-home"
mkdir -p "$duckdb_home"
HOME="$duckdb_home" "$venv/bin/python" - <<'EOF'
import importlib
import pathlib

import duckdb

con = duckdb.connect()
version = con.execute("PRAGMA version").fetchone()[0]
for name in ("icu", "ducklake", "spatial"):
    package = importlib.import_module(f"duckdb_extension_{name}")
    path = pathlib.Path(package.__file__).parent / "extensions" / version / f"{name}.duckdb_extension"
    con.execute(f"FORCE INSTALL '{path}'")
con.close()
# What the emulator does first: TimeZone needs icu, storage needs ducklake.
con = duckdb.connect(config={"TimeZone": "UTC", "autoinstall_known_extensions": False})
con.execute("LOAD ducklake; LOAD spatial")
con.close()
EOF

cat > "$venv/bin/bigquery-emulator" <<EOF
#!/bin/sh
# local-bigquery with the DuckDB extensions installed by provision_bigquery_emulator.sh.
HOME="$duckdb_home" exec "$venv/bin/local-bigquery" "\$@"
EOF
chmod +x "$venv/bin/bigquery-emulator"

echo "$want" > "$stamp"
echo "bigquery-emulator: provisioned $venv in $((SECONDS - started))s" \
     "(local-bigquery $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("local-bigquery"))'))"
