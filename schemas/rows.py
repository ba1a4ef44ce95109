"""Typed row records for each table, generated from schemas.tables.

Rows travel through the pipeline as these NamedTuples (Beam encodes them with
RowCoder); their fields are exactly the table's fields, in order. TIMESTAMP
values are ISO 8601 strings in UTC and DATE values are YYYY-MM-DD strings, which
both DuckDB and BigQuery accept as they are.
"""
from __future__ import annotations

from typing import NamedTuple, Optional

import apache_beam as beam

from schemas.tables import ARTICLES, DEAD_LETTERS, ENTITIES, EVENTS, MENTIONS, STORIES, Table

_PYTHON_TYPES = {
    "STRING": str,
    "INT64": int,
    "FLOAT64": float,
    "BOOL": bool,
    "TIMESTAMP": str,
    "DATE": str,
}


def _row_type(type_name: str, table: Table) -> type:
    fields = [
        (f.name, _PYTHON_TYPES[f.type] if f.required else Optional[_PYTHON_TYPES[f.type]])
        for f in table.fields
    ]
    row_type = NamedTuple(type_name, fields)
    row_type.__module__ = __name__  # so pickling finds it here
    row_type.TABLE = table
    beam.coders.registry.register_coder(row_type, beam.coders.RowCoder)
    return row_type


ArticleRow = _row_type("ArticleRow", ARTICLES)
DeadLetterRow = _row_type("DeadLetterRow", DEAD_LETTERS)
StoryRow = _row_type("StoryRow", STORIES)

EventRow = _row_type("EventRow", EVENTS)
MentionRow = _row_type("MentionRow", MENTIONS)
EntityRow = _row_type("EntityRow", ENTITIES)

ROW_TYPES: dict[str, type] = {"articles": ArticleRow, "dead_letters": DeadLetterRow,
                              "stories": StoryRow, "events": EventRow, "mentions": MentionRow,
                              "entities": EntityRow}

