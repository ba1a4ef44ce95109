"""The data dictionary (docs/data-dictionary.md), generated from schemas.tables."""
from __future__ import annotations

from schemas.tables import TABLES, Table


def _table_section(table: Table) -> str:
    lines = [f"## `{table.name}`", "", table.description, ""]
    facts = [f"primary key: {', '.join(table.primary_key)}"]
    if table.partition_field:
        facts.append(f"partitioned by day on `{table.partition_field}`")
    if table.clustering:
        facts.append(f"clustered by {', '.join(f'`{c}`' for c in table.clustering)}")
    if table.grows_by:
        facts.append(f"a row is rewritten as it grows; a write with a smaller "
                     f"`{table.grows_by}` never replaces it")
    lines += ["; ".join(facts) + ".", "", "| field | type | mode | meaning |", "|---|---|---|---|"]
    lines += [f"| `{f.name}` | {f.type} | {f.mode} | {f.description} |" for f in table.fields]
    return "\n".join(lines)


def data_dictionary() -> str:
    header = ("# diplowire data dictionary\n\n"
              "Generated from `schemas/tables.py` by `python -m schemas.export`; do not edit. "
              "The same definitions give the BigQuery DDL and JSON schemas (`deploy/bigquery/`) "
              "and the DuckDB DDL (`deploy/duckdb/tables.sql`). TIMESTAMP values are UTC; "
              "IDs are deterministic hashes, so re-running a job rewrites the same rows.\n")
    return header + "\n" + "\n\n".join(_table_section(t) for t in TABLES.values()) + "\n"
