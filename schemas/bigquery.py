"""BigQuery JSON schemas derived from schemas.tables."""
from __future__ import annotations

from schemas.tables import Table


def schema_json(table: Table) -> list[dict]:
    """The table's fields in BigQuery's JSON schema format (bq mk --schema)."""
    return [
        {"name": f.name, "type": f.type, "mode": f.mode, "description": f.description}
        for f in table.fields
    ]
