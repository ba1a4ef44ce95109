"""Writing rows to BigQuery: every batch is one MERGE by primary key.

Why MERGE and not WriteToBigQuery: a STREAMING_INSERTS insertId only deduplicates retries
within about a minute, and FILE_LOADS appends; a re-run, a replayed bundle or a story row
rewritten as copies arrive would then be duplicated. MERGE makes every write idempotent,
in batch and streaming alike, with the same rule as the DuckDB upsert (schemas.bigquery.
merge_sql: a roll-up row never goes back to a smaller count). Its costs: one DML job per
batch (BigQuery queues up to 20 per table) and a scan of the target's key column, bounded
by batching (--bigquery_batch_size).

A batch that BigQuery rejects is split in halves until the rejected rows are alone; each
becomes a dead letter (stage "write", reason "warehouse_rejected") and the rest is
written. Errors that are not about the rows (quota, 5xx, network) are raised, so Beam
retries the bundle, which the MERGE makes safe.
"""
from __future__ import annotations

import dataclasses
import json
from typing import Iterable, Optional, Sequence

import apache_beam as beam

from schemas.bigquery import merge_sql
from schemas.rows import DeadLetterRow
from schemas.tables import TABLES, Table
from transforms import dead_letters, progress
from transforms.warehouse import latest_by_key

STAGE = "write"


@dataclasses.dataclass(frozen=True)
class BigQueryTarget:
    """A dataset to write to; `endpoint` points the client at an emulator instead of
    Google's API (with anonymous credentials, so nothing can wait on a login prompt)."""
    project: str
    dataset: str
    endpoint: Optional[str] = None
    location: Optional[str] = None

    def table_path(self, name: str) -> str:
        return f"{self.project}.{self.dataset}.{name}"

    def client(self):
        from google.cloud import bigquery
        if self.endpoint:
            from google.auth.credentials import AnonymousCredentials
            return bigquery.Client(project=self.project, credentials=AnonymousCredentials(),
                                   client_options={"api_endpoint": self.endpoint},
                                   location=self.location)
        return bigquery.Client(project=self.project, location=self.location)


def ensure_dataset_and_tables(target: BigQueryTarget, client=None) -> None:
    """Create the dataset and every table of schemas/ (partitioned and clustered) if missing."""
    from google.cloud import bigquery
    client = client or target.client()
    dataset = bigquery.Dataset(f"{target.project}.{target.dataset}")
    if target.location:
        dataset.location = target.location
    client.create_dataset(dataset, exists_ok=True)
    for table in TABLES.values():
        bq_table = bigquery.Table(target.table_path(table.name), schema=[
            bigquery.SchemaField(f.name, f.type, mode=f.mode, description=f.description)
            for f in table.fields])
        bq_table.description = table.description
        if table.partition_field:
            bq_table.time_partitioning = bigquery.TimePartitioning(
                type_=bigquery.TimePartitioningType.DAY, field=table.partition_field)
        if table.clustering:
            bq_table.clustering_fields = list(table.clustering)
        existing = client.create_table(bq_table, exists_ok=True)
        _bring_up_to_date(client, existing, table)


def _bring_up_to_date(client, existing, table: Table) -> None:
    """A table made by an older release gains the (nullable) fields added since, and the
    descriptions of schemas/ (what analysts read in the console) for its table and fields."""
    from google.cloud import bigquery
    present = {f.name for f in existing.schema}
    missing = [f for f in table.fields if f.name not in present]
    required = [f.name for f in missing if f.required]
    if required:
        raise ValueError(f"{existing.full_table_id} lacks required fields {required}: "
                         "migrate the table by hand")
    described = {f.name: f.description for f in table.fields}
    # (through the API form, which keeps whatever else an operator set on a field)
    schema = [field if described.get(field.name, field.description) == field.description
              else bigquery.SchemaField.from_api_repr(
                  {**field.to_api_repr(), "description": described[field.name]})
              for field in existing.schema] + [
        bigquery.SchemaField(f.name, f.type, mode=f.mode, description=f.description)
        for f in missing]
    changed = [name for name, differs in (
        ("schema", schema != list(existing.schema)),
        ("description", existing.description != table.description)) if differs]
    if changed:
        existing.schema = schema
        existing.description = table.description
        client.update_table(existing, changed)


def rows_parameter(table: Table, rows: Sequence) -> object:
    """The rows as the array-of-struct query parameter @rows, typed from schemas/."""
    from google.cloud import bigquery
    return bigquery.ArrayQueryParameter("rows", "STRUCT", [
        bigquery.StructQueryParameter(None, *[
            bigquery.ScalarQueryParameter(f.name, f.type, getattr(row, f.name))
            for f in table.fields])
        for row in rows])


def merge_rows(client, target: BigQueryTarget, table: Table, rows: Sequence) -> int:
    from google.cloud import bigquery
    if not rows:
        return 0
    job = client.query(merge_sql(table, target.table_path(table.name)),
                       job_config=bigquery.QueryJobConfig(
                           query_parameters=[rows_parameter(table, rows)]))
    job.result()
    return len(rows)


def _rejected(exc: Exception) -> bool:
    """Whether BigQuery refused the rows themselves (as opposed to being unavailable)."""
    from google.api_core import exceptions
    message = str(exc).lower()
    # A MERGE that meets another job's DML on the table (the scheduled reconcile) fails with
    # a 400 too; the rows are fine, and Beam's retry writes them.
    transient = ("quota", "rate limit", "concurrent update", "could not serialize")
    return (isinstance(exc, (exceptions.BadRequest, exceptions.Forbidden))
            and not any(words in message for words in transient))


def rejected_row(table: Table, row, exc: Exception) -> DeadLetterRow:
    key = "/".join(str(getattr(row, k)) for k in table.primary_key)
    return dead_letters.dead_letter(
        STAGE, f"bigquery:{table.name}/{key}", "warehouse_rejected",
        f"BigQuery rejected the row: {exc}"[:1000],
        excerpt=json.dumps(row._asdict(), default=str)[:500])


def write_or_reject(client, target: BigQueryTarget, table: Table, rows: Sequence
                    ) -> tuple[int, list[DeadLetterRow]]:
    """Merge the rows; the rows BigQuery rejects come back as dead letters, found by
    splitting the batch in halves."""
    try:
        return merge_rows(client, target, table, rows), []
    except Exception as exc:
        if not _rejected(exc):
            raise
        if len(rows) == 1:
            return 0, [rejected_row(table, rows[0], exc)]
    middle = len(rows) // 2
    written_a, rejected_a = write_or_reject(client, target, table, rows[:middle])
    written_b, rejected_b = write_or_reject(client, target, table, rows[middle:])
    return written_a + written_b, rejected_a + rejected_b


class MergeBatchFn(beam.DoFn):
    def __init__(self, target: BigQueryTarget, table_name: str):
        self._target = target
        self._table = TABLES[table_name]

    def setup(self):
        self._client = self._target.client()

    def process(self, rows) -> Iterable:
        written, rejected = write_or_reject(self._client, self._target, self._table,
                                            latest_by_key(self._table, list(rows)))
        progress.count(f"{self._table.name}_written", written)
        for row in rejected:
            yield dead_letters.tagged(row)

    def teardown(self):
        close = getattr(getattr(self, "_client", None), "close", None)
        if close:
            close()


class WriteToBigQuery(beam.PTransform):
    """One table's rows -> MERGE batches; returns the dead letters of rejected rows."""

    def __init__(self, target: BigQueryTarget, table_name: str, batch_size: int = 200):
        super().__init__()
        self._target = target
        self._table_name = table_name
        self._batch_size = batch_size

    def expand(self, rows):
        merged = (rows
                  | "Batch" >> beam.BatchElements(min_batch_size=1,
                                                  max_batch_size=self._batch_size)
                  | "Merge" >> beam.ParDo(MergeBatchFn(self._target, self._table_name))
                  .with_outputs(dead_letters.DEAD_LETTERS, main="written"))
        return merged[dead_letters.DEAD_LETTERS]


def count_rows(target: BigQueryTarget) -> dict[str, int]:
    client = target.client()
    return {name: next(iter(client.query(
        f"SELECT COUNT(*) FROM `{target.table_path(name)}`").result()))[0] for name in TABLES}


def reconcile(target: BigQueryTarget, parameters: dict, client=None) -> dict[str, int]:
    """Runs schemas.reconcile's statements in the dataset with their parameters
    (schemas.reconcile.parameters); rows each one changed."""
    from google.cloud import bigquery
    from schemas import reconcile as reconcile_sql
    client = client or target.client()
    types = {"since": "TIMESTAMP", "until": "TIMESTAMP", "stories_since": "DATE",
             "stories_floor": "DATE"}

    def job_config(values):
        return bigquery.QueryJobConfig(
            default_dataset=f"{target.project}.{target.dataset}",
            query_parameters=[bigquery.ScalarQueryParameter(name, types[name], value)
                              for name, value in values.items()])

    floor = next(iter(client.query(reconcile_sql.STORIES_FLOOR_QUERY,
                                   job_config=job_config(parameters)).result()))[0]
    config = job_config({**parameters, "stories_floor": floor})
    changed = {}
    for statement in reconcile_sql.STATEMENTS:
        job = client.query(statement.sql, job_config=config)
        job.result()
        changed[statement.name] = int(job.num_dml_affected_rows or 0)
    return changed
