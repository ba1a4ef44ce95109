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


def add_column_sql(table: Table, field_name: str) -> str:
    """DDL that adds a field a newer schema has to an existing table (nullable only: the
    rows already there have no value for it)."""
    field = next(f for f in table.fields if f.name == field_name)
    if field.required:
        raise ValueError(f"{table.name}.{field.name} is required: an existing table cannot "
                         "gain it; migrate the warehouse by hand")
    return f"ALTER TABLE {table.name} ADD COLUMN {field.name} {_DUCKDB_TYPES[field.type]};"
