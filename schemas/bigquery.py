"""BigQuery forms of schemas.tables: JSON schemas, DDL, and the MERGE the sink upserts with."""
from __future__ import annotations

from schemas.tables import Table


def schema_json(table: Table) -> list[dict]:
    """The table's fields in BigQuery's JSON schema format (bq mk --schema)."""
    return [
        {"name": f.name, "type": f.type, "mode": f.mode, "description": f.description}
        for f in table.fields
    ]


def _string_literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def create_table_ddl(table: Table, dataset: str) -> str:
    """CREATE TABLE IF NOT EXISTS with column descriptions, partitioning and clustering."""
    columns = ",\n".join(
        f"  {f.name} {f.type}{' NOT NULL' if f.required else ''} "
        f"OPTIONS(description={_string_literal(f.description)})" for f in table.fields)
    lines = [f"CREATE TABLE IF NOT EXISTS `{dataset}.{table.name}` (\n{columns}\n)"]
    if table.partition_field:
        lines.append(f"PARTITION BY {table.partition_field}")
    if table.clustering:
        lines.append(f"CLUSTER BY {', '.join(table.clustering)}")
    lines.append(f"OPTIONS(description={_string_literal(table.description)});")
    return "\n".join(lines)


def merge_sql(table: Table, table_path: str) -> str:
    """Upsert of the rows in the array parameter @rows by primary key, the twin of the DuckDB
    upsert: a row replaces the stored one unless the table grows_by a count that is smaller
    in the new row (a stale version of a roll-up)."""
    on = " AND ".join(f"T.{k} = S.{k}" for k in table.primary_key)
    names = table.field_names
    update = ", ".join(f"{n} = S.{n}" for n in names if n not in table.primary_key)
    matched = (f"WHEN MATCHED AND S.{table.grows_by} >= T.{table.grows_by}" if table.grows_by
               else "WHEN MATCHED")
    return (f"MERGE `{table_path}` T\n"
            f"USING (SELECT r.* FROM UNNEST(@rows) AS r) S\n"
            f"ON {on}\n"
            f"{matched} THEN UPDATE SET {update}\n"
            f"WHEN NOT MATCHED THEN INSERT ({', '.join(names)}) "
            f"VALUES ({', '.join('S.' + n for n in names)})")
