"""Writing rows to the warehouse: an embedded DuckDB file, idempotently (upsert by key)."""
from __future__ import annotations

import dataclasses
import datetime
import logging
import os
import pathlib
import random
import threading
import time
from typing import Iterable, Optional

import apache_beam as beam
import duckdb
import pyarrow as pa

from schemas import reconcile as reconcile_sql
from schemas.duckdb import add_column_sql, create_table_sql
from schemas.rows import DeadLetterRow
from schemas.tables import TABLES, Table
from transforms import clock, progress

_LOGGER = logging.getLogger(__name__)
_LOCK_RETRIES = 20
DUCKDB_BATCH_ROWS = 10000  # rows per upsert transaction (see WriteToDuckDB)
_PATH_LOCKS: dict[str, threading.Lock] = {}
_PATH_LOCKS_GUARD = threading.Lock()

_ARROW_TYPES = {
    "STRING": pa.string(), "INT64": pa.int64(), "FLOAT64": pa.float64(), "BOOL": pa.bool_(),
    # Timestamps travel as ISO strings; DuckDB casts them on insert.
    "TIMESTAMP": pa.string(), "DATE": pa.string(),
}


@dataclasses.dataclass(frozen=True)
class WarehouseSpec:
    """Where rows go: `duckdb:PATH` (a local file) or `bigquery:PROJECT.DATASET`."""
    kind: str
    location: str
    bigquery_endpoint: Optional[str] = None  # an emulator, for tests and local trials

    @classmethod
    def parse(cls, spec: str, bigquery_endpoint: Optional[str] = None) -> "WarehouseSpec":
        kind, sep, location = spec.partition(":")
        if not sep or not location:
            raise ValueError(f"--warehouse {spec!r}: expected duckdb:PATH or "
                             "bigquery:PROJECT.DATASET")
        if kind == "bigquery":
            project, dot, dataset = location.rpartition(".")
            if not dot or not project or not dataset:
                raise ValueError(f"--warehouse {spec!r}: expected bigquery:PROJECT.DATASET")
        elif kind != "duckdb":
            raise ValueError(f"--warehouse {spec!r}: unsupported warehouse {kind!r} "
                             "(duckdb:PATH or bigquery:PROJECT.DATASET)")
        return cls(kind, location, bigquery_endpoint)

    def bigquery_target(self):
        from transforms.bigquery_sink import BigQueryTarget
        project, _, dataset = self.location.rpartition(".")
        return BigQueryTarget(project, dataset, self.bigquery_endpoint)

    def prepare(self) -> None:
        """Create what the run writes to (DuckDB file or BigQuery dataset, and every table)."""
        if self.kind == "bigquery":
            from transforms.bigquery_sink import ensure_dataset_and_tables
            ensure_dataset_and_tables(self.bigquery_target())
        else:
            ensure_tables(self.location)

    def run_query(self, name: str) -> tuple[list[str], list[tuple]]:
        """(column names, rows) of the analyst query `name` (schemas/queries)."""
        from schemas import queries
        if self.kind == "bigquery":
            from google.cloud import bigquery
            target = self.bigquery_target()
            config = bigquery.QueryJobConfig(
                default_dataset=f"{target.project}.{target.dataset}")
            result = target.client().query(queries.bigquery_sql(name),
                                           job_config=config).result()
            return [f.name for f in result.schema], [tuple(row.values()) for row in result]
        with duckdb.connect(self.location, read_only=True) as connection:
            cursor = connection.execute(queries.duckdb_sql(name))
            return [d[0] for d in cursor.description], cursor.fetchall()

    def reconcile(self, since: datetime.datetime) -> dict[str, int]:
        """Bring the derived tables in line with the articles fetched since `since`, the
        start of a run whose writes have all ended (see schemas.reconcile); returns the rows
        each statement changed."""
        parameters = reconcile_sql.parameters(since)
        if self.kind == "bigquery":
            from transforms.bigquery_sink import reconcile
            return reconcile(self.bigquery_target(), parameters)
        changed = {}
        with _path_lock(self.location), _connect(self.location) as connection:
            # Dates of timestamps (ingest_date is a UTC date) in UTC, whatever the machine's zone.
            connection.execute("SET TimeZone = 'UTC'")
            connection.execute("BEGIN TRANSACTION")

            def execute(sql):
                sql = reconcile_sql.duckdb_sql(sql)
                used = {k: v for k, v in parameters.items() if f"${k}" in sql}
                return connection.execute(sql, used).fetchone()[0]

            parameters["stories_floor"] = execute(reconcile_sql.STORIES_FLOOR_QUERY)
            for statement in reconcile_sql.STATEMENTS:
                changed[statement.name] = execute(statement.sql)
            connection.execute("COMMIT")
        return changed

    def row_counts(self) -> dict[str, int]:
        if self.kind == "bigquery":
            from transforms.bigquery_sink import count_rows
            return count_rows(self.bigquery_target())
        with duckdb.connect(self.location, read_only=True) as connection:
            return {name: connection.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                    for name in TABLES}


def ensure_tables(path: str) -> None:
    """Create the database file and every table from schemas/ if missing."""
    pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    # Under the file's lock, like every upsert: DuckDB opens one database instance per file
    # and process, and a connection opened while another thread's instance is still being
    # set up can miss the Python client's table functions ("python_arrow_scan does not
    # exist", seen on Prism, whose bundles set up writers in parallel).
    with _path_lock(path), _connect(path) as connection:
        for table in TABLES.values():
            connection.execute(create_table_sql(table))
            # A warehouse made by an older release lacks the fields added since.
            present = {row[0] for row in connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                [table.name]).fetchall()}
            for field in table.fields:
                if field.name not in present:
                    _LOGGER.info("adding %s.%s to %s", table.name, field.name, path)
                    connection.execute(add_column_sql(table, field.name))


def _connect(path: str) -> duckdb.DuckDBPyConnection:
    # Another process may hold the file's write lock briefly (parallel workers); wait for it.
    for attempt in range(_LOCK_RETRIES):
        try:
            return duckdb.connect(path)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or attempt == _LOCK_RETRIES - 1:
                raise
            time.sleep(min(2.0, 0.05 * 2 ** attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def _path_lock(path: str) -> threading.Lock:
    with _PATH_LOCKS_GUARD:
        return _PATH_LOCKS.setdefault(os.path.abspath(path), threading.Lock())


def latest_by_key(table: Table, rows: list) -> list:
    """One row per primary key, as a single upsert must have: the last one, or for a table
    that grows_by a count, the one with the largest count."""
    by_key: dict[tuple, object] = {}
    for row in rows:
        key = tuple(getattr(row, k) for k in table.primary_key)
        held = by_key.get(key)
        if held is None or not table.grows_by or (
                getattr(row, table.grows_by) >= getattr(held, table.grows_by)):
            by_key[key] = row
    return list(by_key.values())


def upsert_rows(path: str, table: Table, rows: list) -> int:
    """Insert rows, replacing rows with the same primary key. Returns rows written."""
    if not rows:
        return 0
    rows = latest_by_key(table, rows)
    columns = {f.name: [getattr(r, f.name) for r in rows] for f in table.fields}
    batch = pa.table({f.name: pa.array(columns[f.name], type=_ARROW_TYPES[f.type])
                      for f in table.fields})
    # Bundles run on parallel threads (Prism, multi-threaded FnApiRunner): concurrent upserts
    # of overlapping keys conflict in DuckDB, so one writer per file in this process, and a
    # retry when another process's transaction conflicts.
    with _path_lock(path):
        for attempt in range(_LOCK_RETRIES):
            try:
                with _connect(path) as connection:
                    connection.register("incoming", batch)
                    connection.execute(_upsert_sql(table))
                return len(rows)
            except (duckdb.TransactionException, duckdb.ConstraintException):
                if attempt == _LOCK_RETRIES - 1:
                    raise
                time.sleep(min(2.0, 0.05 * 2 ** attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def _upsert_sql(table: Table) -> str:
    if not table.grows_by:
        return f"INSERT OR REPLACE INTO {table.name} BY NAME SELECT * FROM incoming"
    others = [f.name for f in table.fields if f.name not in table.primary_key]
    return (f"INSERT INTO {table.name} BY NAME SELECT * FROM incoming "
            f"ON CONFLICT ({', '.join(table.primary_key)}) DO UPDATE SET "
            + ", ".join(f"{name} = excluded.{name}" for name in others)
            + f" WHERE excluded.{table.grows_by} >= {table.name}.{table.grows_by}")


class UpsertBatchFn(beam.DoFn):
    def __init__(self, path: str, table_name: str):
        self._path = path
        self._table = TABLES[table_name]

    def setup(self):
        ensure_tables(self._path)

    def process(self, rows) -> Iterable[int]:
        rows = list(rows)
        written = upsert_rows(self._path, self._table, rows)
        progress.count(f"{self._table.name}_written", written)
        if self._table.name == "articles":
            observe_freshness(rows, time.time())
        yield written


def observe_freshness(articles: Iterable, written_at: float) -> None:
    """Freshness: seconds from an article's publication to its row being written, the
    delay that matters to an analyst waiting for news."""
    for article in articles:
        if article.published_at:
            published = clock.epoch_of(article.published_at)
            progress.observe("freshness_seconds", max(0.0, written_at - published))


class WriteToDuckDB(beam.PTransform):
    """Upserts one table's rows in batches; each batch is one transaction.

    BatchElements rather than GroupIntoBatches: it needs no state or timers, and on
    DirectRunner's FnApiRunner GroupIntoBatches behind the event-coding stage silently
    dropped its last, partial batches (measured: 0 of 437 events written).

    Batches are full-size (a bundle's last one excepted) rather than growing from one row:
    each transaction opens the file and checkpoints it (about 10 ms), which for a bounded
    run of 600 articles in batches from one row up came to 73 transactions and a third of
    the CPU of writing."""

    def __init__(self, path: str, table_name: str, batch_size: int = DUCKDB_BATCH_ROWS):
        super().__init__()
        self._path = path
        self._table_name = table_name
        self._batch_size = batch_size

    def expand(self, rows):
        return (
            rows
            | "Batch" >> beam.BatchElements(min_batch_size=self._batch_size,
                                            max_batch_size=self._batch_size)
            | "Upsert" >> beam.ParDo(UpsertBatchFn(self._path, self._table_name))
        )


class WriteToWarehouse(beam.PTransform):
    """One table's rows to the warehouse of `spec`; returns the dead letters of rows the
    warehouse rejected. BigQuery can reject a row (a value out of range); DuckDB never
    returns any: there a rejected row is a bug and fails the run."""

    def __init__(self, spec: WarehouseSpec, table_name: str):
        super().__init__()
        self._spec = spec
        self._table_name = table_name

    def expand(self, rows):
        if self._spec.kind == "bigquery":
            from transforms.bigquery_sink import WriteToBigQuery
            return rows | "ToBigQuery" >> WriteToBigQuery(self._spec.bigquery_target(),
                                                          self._table_name)
        return (rows
                | "ToDuckDB" >> WriteToDuckDB(self._spec.location, self._table_name)
                | "NoneRejected" >> beam.FlatMap(lambda _: ()).with_output_types(
                    DeadLetterRow))
