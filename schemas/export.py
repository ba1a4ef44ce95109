"""Write the derived schema files under deploy/: `python -m schemas.export [--check]`.

deploy/bigquery/<table>.schema.json (for `bq mk --table ... --schema`),
deploy/bigquery/tables.sql (DDL with partitioning and clustering, dataset `diplowire`),
deploy/bigquery/views.sql (the analyst queries of schemas/queries as views),
deploy/bigquery/reconcile.sql (schemas/reconcile.py as a script for a scheduled query),
deploy/duckdb/tables.sql and docs/data-dictionary.md are generated from schemas.tables;
--check exits 1 when the committed files differ from what schemas/ generates.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

from schemas.bigquery import create_table_ddl, schema_json
from schemas import queries, reconcile
from schemas.docs import data_dictionary
from schemas.queries import create_view_ddl
from schemas.duckdb import create_table_sql
from schemas.tables import TABLES

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
GENERATED = "Generated from schemas/tables.py by `python -m schemas.export`; do not edit."


def generated_files() -> dict[pathlib.Path, str]:
    files = {
        DEPLOY / "bigquery" / f"{name}.schema.json": json.dumps(schema_json(table), indent=2) + "\n"
        for name, table in TABLES.items()
    }
    files[DEPLOY / "duckdb" / "tables.sql"] = (
        f"-- {GENERATED}\n\n" + "\n\n".join(create_table_sql(t) for t in TABLES.values()) + "\n")
    files[DEPLOY / "bigquery" / "tables.sql"] = (
        f"-- {GENERATED}\n-- Replace `diplowire` with the name of your dataset.\n\n"
        + "\n\n".join(create_table_ddl(t, "diplowire") for t in TABLES.values()) + "\n")
    files[DEPLOY / "bigquery" / "views.sql"] = (
        f"-- {GENERATED}\n-- The analyst queries of schemas/queries as views of dataset `diplowire`.\n\n"
        + "\n\n".join(create_view_ddl(name, "diplowire") for name in queries.names()) + "\n")
    files[DEPLOY / "bigquery" / "reconcile.sql"] = (
        f"-- Generated from schemas/reconcile.py by `python -m schemas.export`; do not edit.\n"
        "-- Keeps dataset `diplowire` true to its articles after re-coding and corrects "
        "streaming roll-ups;\n-- run it hourly as a scheduled query (deploy/dataflow/RUNBOOK.md).\n\n"
        + reconcile.scheduled_script("diplowire"))
    files[ROOT / "docs" / "data-dictionary.md"] = data_dictionary()
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
