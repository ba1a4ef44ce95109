"""The single source of every warehouse table: fields, keys, partitioning.

BigQuery JSON schemas, DuckDB DDL and the pipeline's row types are all derived
from the definitions in :mod:`schemas.tables`.
"""
from schemas.tables import (ARTICLES, DEAD_LETTERS, ENTITIES, EVENTS, MENTIONS, STORIES, TABLES,
                            Field, Table)

__all__ = ["ARTICLES", "DEAD_LETTERS", "ENTITIES", "EVENTS", "MENTIONS", "STORIES", "TABLES",
           "Field", "Table"]
