"""Analyst queries: written once in BigQuery SQL over unqualified table names, run as views on
BigQuery and, transpiled by sqlglot, on the local DuckDB warehouse.

    python -m pipelines.cli query NAME [--warehouse duckdb:PATH]   (diplowire query)
"""
from __future__ import annotations

import functools
import pathlib

from schemas.tables import TABLES

QUERY_DIR = pathlib.Path(__file__).resolve().parent


def names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


@functools.lru_cache(maxsize=None)
def bigquery_sql(name: str) -> str:
    """The query as written (BigQuery dialect, tables unqualified)."""
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no analyst query {name!r}; there are: {', '.join(names())}")
    return path.read_text(encoding="utf-8")


def description(name: str) -> str:
    """The query's leading comment."""
    lines = []
    for line in bigquery_sql(name).splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return " ".join(lines)


def duckdb_sql(name: str) -> str:
    import sqlglot
    return sqlglot.transpile(bigquery_sql(name), read="bigquery", write="duckdb")[0]


def qualified_bigquery_sql(name: str, dataset: str) -> str:
    """The query with its tables qualified by `dataset` (PROJECT.DATASET or DATASET), as a
    view's definition must be."""
    import sqlglot
    from sqlglot import exp
    tree = sqlglot.parse_one(bigquery_sql(name), read="bigquery")
    for table in tree.find_all(exp.Table):
        if table.name in TABLES and not table.args.get("db"):
            # One quoted path, `project.dataset.table`: project ids may contain dashes.
            table.set("this", exp.to_identifier(f"{dataset}.{table.name}", quoted=True))
    return tree.sql(dialect="bigquery", pretty=True)


def create_view_ddl(name: str, dataset: str) -> str:
    return (f"CREATE OR REPLACE VIEW `{dataset}.{name}` AS\n"
            f"{qualified_bigquery_sql(name, dataset)};")
