"""DuckDB DDL derived from schemas.tables."""
from __future__ import annotations

from schemas.tables import Table

_DUCKDB_TYPES = {
    "STRING": "VARCHAR",
    "INT64": "BIGINT",
    "FLOAT64": "DOUBLE",
    "BOOL": "BOOLEAN",
    "TIMESTAMP": "TIMESTAMPTZ",
    "DATE": "DATE",
}


def create_table_sql(table: Table) -> str:
    columns = [
        f"    {f.name} {_DUCKDB_TYPES[f.type]}{' NOT NULL' if f.required else ''}"
        for f in table.fields
    ]
    columns.append(f"    PRIMARY KEY ({', '.join(table.primary_key)})")
    body = ",\n".join(columns)
    return f"CREATE TABLE IF NOT EXISTS {table.name} (\n{body}\n);"
