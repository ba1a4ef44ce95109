"""Write the derived schema files under deploy/: `python -m schemas.export [--check]`.

deploy/bigquery/<table>.schema.json (for `bq mk --table ... --schema`) and
deploy/duckdb/tables.sql are generated from schemas.tables; --check exits 1 when the
committed files differ from what schemas/ generates.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

from schemas.bigquery import schema_json
from schemas.duckdb import create_table_sql
from schemas.tables import TABLES

DEPLOY = pathlib.Path(__file__).resolve().parents[1] / "deploy"


def generated_files() -> dict[pathlib.Path, str]:
    files = {
        DEPLOY / "bigquery" / f"{name}.schema.json": json.dumps(schema_json(table), indent=2) + "\n"
        for name, table in TABLES.items()
    }
    files[DEPLOY / "duckdb" / "tables.sql"] = (
        "-- Generated from schemas/tables.py by `python -m schemas.export`; do not edit.\n\n"
        + "\n\n".join(create_table_sql(t) for t in TABLES.values()) + "\n")
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    stale = []
    for path, content in generated_files().items():
        current = path.read_text() if path.exists() else None
        if current == content:
            continue
        if args.check:
            stale.append(str(path))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content)
            print(f"wrote {path}")
    if stale:
        print("out of date (run python -m schemas.export):\n  " + "\n  ".join(stale),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
