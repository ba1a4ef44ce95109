"""What the project relies on from BigQuery, checked against the local emulator
(local-bigquery 0.3.2 on DuckDB 1.5.5; see tests/bigquery_emulator.py) with
google-cloud-bigquery, all on 127.0.0.1.

Works on the emulator, and tested here:
- a table from deploy/bigquery/events.schema.json, DAY-partitioned on event_date and
  clustered on (event_root_code, actor1_country_code, actor2_country_code): the metadata
  and INFORMATION_SCHEMA.COLUMNS report both back; types come back with their legacy names
  (INT64 -> INTEGER, FLOAT64 -> FLOAT), as BigQuery reports them;
- MERGE of a batch passed as @rows, an ARRAY of STRUCT query parameters (typed from the
  schema, NULLs, DATE and TIMESTAMP values included), with the source written
  `SELECT r.* FROM UNNEST(@rows) AS r`: idempotent, a larger row replaces, a smaller one is
  ignored, with INSERT ROW or an explicit column list; a batch with a NULL in a REQUIRED
  column, or two source rows for one key, fails as a whole with BadRequest (400);
- CREATE VIEW and queries through it; QUALIFY with window functions;
- insert_rows_json with row_ids (a resent insertId is not stored twice), with per-row
  errors for a missing REQUIRED field or an unknown field, as BigQuery returns them;
- DATE/TIMESTAMP: parameters round-trip with microseconds; TIMESTAMP_TRUNC, DATE(),
  DATE_ADD, FORMAT_TIMESTAMP, UNIX_MICROS; JSON timestamps as ISO 8601 with offset or
  "YYYY-MM-DD HH:MM:SS[.ffffff] UTC";
- dry runs: a valid query returns a DONE job with its schema, an invalid one a BadRequest;
- the Storage Read API (to_arrow) on the emulator's gRPC port;
- Beam's WriteToBigQuery (STREAMING_INSERTS) through BigQueryEmulator.beam_clients().

Does not work on the emulator, so not tested here:
- `SELECT * FROM UNNEST(@rows)` where @rows is an array-of-STRUCT *parameter* yields one
  STRUCT column named `unnest` instead of one column per field (BigQuery expands the
  fields), so `MERGE ... USING (SELECT * FROM UNNEST(@rows)) S ... S.event_id` fails with
  400 'Table "S" does not have a column named "event_id"'. local-bigquery only expands
  UNNEST of array *literals* (sql/rules/arrays.py, anonymous_structs). The form
  `SELECT r.* FROM UNNEST(@rows) AS r`, valid GoogleSQL too, works on both.
- insert_rows_json with a TIMESTAMP given as epoch seconds (a JSON number), which BigQuery
  accepts: "Cannot convert value to timestamp".
- dry runs report totalBytesProcessed 0 (BigQuery estimates the bytes).
Also different, not asserted: Table.num_rows counts rows a resent insertId deduplicated
(9 reported for 6 stored in one probe); INFORMATION_SCHEMA.PARTITIONS lists views.
"""
import datetime
import json
from pathlib import Path

import pytest
from google.api_core.exceptions import BadRequest
from google.cloud import bigquery

from tests.bigquery_emulator import bigquery_emulator, bigquery_emulator_fixture

pytestmark = pytest.mark.bigquery

ROOT = Path(__file__).resolve().parents[1]
EVENTS_SCHEMA = json.loads((ROOT / "deploy" / "bigquery" / "events.schema.json").read_text())
FIELDS = [f["name"] for f in EVENTS_SCHEMA]
CLUSTERING = ["event_root_code", "actor1_country_code", "actor2_country_code"]
UTC = datetime.timezone.utc

emulator = bigquery_emulator_fixture(scope="module")


@pytest.fixture(scope="module")
def client(emulator):
    client = emulator.client()
    yield client
    client.close()


@pytest.fixture
def dataset(emulator, client):
    return emulator.create_dataset(client=client)


def create_events_table(client, dataset: str) -> bigquery.Table:
    table = bigquery.Table(f"{dataset}.events",
                           schema=[bigquery.SchemaField.from_api_repr(f) for f in EVENTS_SCHEMA])
    table.time_partitioning = bigquery.TimePartitioning(
        type_=bigquery.TimePartitioningType.DAY, field="event_date")
    table.clustering_fields = CLUSTERING
    return client.create_table(table)


def event(event_id: str, num_mentions: int, **changes) -> dict:
    row = dict(
        event_id=event_id, event_date=datetime.date(2026, 11, 20), article_id="a1",
        story_id=None, actor1_code="RUSGOV", actor1_name="Moscow", actor1_country_code="RUS",
        actor1_type_code="GPE", actor2_code="UKRGOV", actor2_name="Kyiv",
        actor2_country_code="UKR", actor2_type_code="GPE", event_code="0231",
        event_base_code="023", event_root_code="02", quad_class=1, goldstein_scale=3.4,
        num_mentions=num_mentions, num_sources=1, num_articles=1,
        source_url="https://news.example/a1",
        first_seen_at=datetime.datetime(2026, 11, 20, 8, 30, 15, 123456, tzinfo=UTC),
        confidence=0.75)
    row.update(changes)
    return row


def as_json(row: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, (datetime.date, datetime.datetime)) else v
            for k, v in row.items()}


def rows_parameter(rows: list[dict]) -> bigquery.ArrayQueryParameter:
    """The batch as @rows, ARRAY<STRUCT<...>> typed from the JSON schema (as the sink does)."""
    return bigquery.ArrayQueryParameter("rows", "STRUCT", [
        bigquery.StructQueryParameter(None, *[
            bigquery.ScalarQueryParameter(f["name"], f["type"], row[f["name"]])
            for f in EVENTS_SCHEMA])
        for row in rows])


INSERT_ROW = "INSERT ROW"
INSERT_COLUMNS = f"INSERT ({', '.join(FIELDS)}) VALUES ({', '.join('S.' + n for n in FIELDS)})"


def merge_sql(table: str, insert: str) -> str:
    update = ", ".join(f"{n} = S.{n}" for n in FIELDS if n != "event_id")
    # Not `SELECT * FROM UNNEST(@rows)`: on the emulator that is one STRUCT column.
    return (f"MERGE `{table}` T\n"
            f"USING (SELECT r.* FROM UNNEST(@rows) AS r) S\n"
            f"ON T.event_id = S.event_id\n"
            f"WHEN MATCHED AND S.num_mentions >= T.num_mentions THEN UPDATE SET {update}\n"
            f"WHEN NOT MATCHED THEN {insert}")


def merge(client, table: str, rows: list[dict], insert: str = INSERT_ROW) -> int:
    job = client.query(merge_sql(table, insert), job_config=bigquery.QueryJobConfig(
        query_parameters=[rows_parameter(rows)]))
    job.result()
    return job.num_dml_affected_rows


def contents(client, table: str) -> list[dict]:
    return [dict(row) for row in client.query_and_wait(
        f"SELECT {', '.join(FIELDS)} FROM `{table}` ORDER BY event_id")]


def test_events_table_reports_partitioning_and_clustering(client, dataset):
    create_events_table(client, dataset)
    table = client.get_table(f"{dataset}.events")
    assert table.time_partitioning.type_ == bigquery.TimePartitioningType.DAY
    assert table.time_partitioning.field == "event_date"
    assert table.clustering_fields == CLUSTERING
    legacy = {"INT64": "INTEGER", "FLOAT64": "FLOAT", "BOOL": "BOOLEAN"}
    assert [(f.name, f.field_type, f.mode, f.description) for f in table.schema] == [
        (f["name"], legacy.get(f["type"], f["type"]), f["mode"], f["description"])
        for f in EVENTS_SCHEMA]
    project, name = dataset.split(".")
    columns = client.query_and_wait(
        f"SELECT column_name, is_partitioning_column, clustering_ordinal_position "
        f"FROM `{project}`.{name}.INFORMATION_SCHEMA.COLUMNS "
        f"WHERE table_name = 'events' ORDER BY ordinal_position")
    columns = {r.column_name: (r.is_partitioning_column, r.clustering_ordinal_position)
               for r in columns}
    assert columns["event_date"] == ("YES", None)
    assert [columns[c][1] for c in CLUSTERING] == [1, 2, 3]


@pytest.mark.parametrize("insert", [INSERT_ROW, INSERT_COLUMNS], ids=["insert_row", "columns"])
def test_merge_of_a_struct_array_parameter_is_idempotent_and_keeps_the_larger(
        client, dataset, insert):
    create_events_table(client, dataset)
    table = f"{dataset}.events"
    batch = [event("e1", 2), event("e2", 1, story_id="s2",
                                     event_date=datetime.date(2026, 11, 21))]

    assert merge(client, table, batch, insert) == 2
    assert contents(client, table) == batch
    # The same batch again (a retried bundle): matched, rewritten with equal values.
    assert merge(client, table, batch, insert) == 2
    assert contents(client, table) == batch

    larger = event("e1", 5, actor1_name="Kremlin", num_sources=3, confidence=0.9)
    assert merge(client, table, [larger], insert) == 1
    assert contents(client, table) == [larger, batch[1]]

    smaller = event("e1", 3, actor1_name="stale")  # a late, older version
    assert merge(client, table, [smaller], insert) == 0
    assert contents(client, table) == [larger, batch[1]]


def test_merge_rejects_a_bad_batch_as_a_whole(client, dataset):
    create_events_table(client, dataset)
    table = f"{dataset}.events"
    merge(client, table, [event("e1", 1)])
    with pytest.raises(BadRequest, match="NOT NULL"):  # NULL in a REQUIRED column
        merge(client, table, [event("e2", 1), event("e3", 1, article_id=None)])
    with pytest.raises(BadRequest, match="at most one source row"):
        merge(client, table, [event("e1", 2), event("e1", 3)])
    assert [r["event_id"] for r in contents(client, table)] == ["e1"]
    assert contents(client, table)[0]["num_mentions"] == 1


def test_view_and_query_through_it(client, dataset):
    create_events_table(client, dataset)
    merge(client, f"{dataset}.events",
          [event("e1", 4), event("e2", 1), event("e3", 2, actor2_country_code="USA")])
    client.query_and_wait(
        f"CREATE VIEW `{dataset}.busy_dyads` AS "
        f"SELECT actor1_country_code, actor2_country_code, SUM(num_mentions) AS mentions "
        f"FROM `{dataset}.events` WHERE num_mentions >= 2 GROUP BY 1, 2")
    view = client.get_table(f"{dataset}.busy_dyads")
    assert view.table_type == "VIEW"
    assert "SUM(num_mentions)" in view.view_query
    rows = client.query_and_wait(
        f"SELECT * FROM `{dataset}.busy_dyads` ORDER BY actor2_country_code")
    assert [tuple(r) for r in rows] == [("RUS", "UKR", 4), ("RUS", "USA", 2)]


def test_qualify_with_window_functions(client, dataset):
    create_events_table(client, dataset)
    merge(client, f"{dataset}.events", [
        event("e1", 4), event("e2", 7), event("e3", 2, event_root_code="19"),
        event("e4", 2, event_root_code="19", actor1_country_code="USA")])
    rows = client.query_and_wait(
        f"SELECT event_root_code, event_id, "
        f"SUM(num_mentions) OVER (PARTITION BY event_root_code) AS root_mentions "
        f"FROM `{dataset}.events` WHERE TRUE "
        f"QUALIFY ROW_NUMBER() OVER (PARTITION BY event_root_code "
        f"ORDER BY num_mentions DESC, event_id) = 1 ORDER BY event_root_code")
    assert [tuple(r) for r in rows] == [("02", "e2", 11), ("19", "e3", 4)]


def test_insert_rows_json_with_row_ids(client, dataset):
    create_events_table(client, dataset)
    table = f"{dataset}.events"
    rows = [as_json(event("s1", 1)), as_json(event("s2", 2))]
    assert client.insert_rows_json(table, rows, row_ids=["s1", "s2"]) == []
    assert client.insert_rows_json(table, rows, row_ids=["s1", "s2"]) == []  # a retry
    assert [(r["event_id"], r["num_mentions"]) for r in contents(client, table)] == [
        ("s1", 1), ("s2", 2)]

    missing = as_json(event("s3", 1))
    del missing["article_id"]
    unknown = dict(as_json(event("s4", 1)), nope=1)
    errors = client.insert_rows_json(table, [missing, unknown], row_ids=["s3", "s4"])
    assert [(e["index"], e["errors"][0]["reason"], e["errors"][0]["location"])
            for e in errors] == [(0, "invalid", "article_id"), (1, "invalid", "nope")]
    assert len(contents(client, table)) == 2


def test_date_and_timestamp_handling(client, dataset):
    ts = datetime.datetime(2026, 11, 20, 8, 30, 15, 123456, tzinfo=UTC)
    row = next(iter(client.query_and_wait(
        "SELECT @ts AS ts, @d AS d, TIMESTAMP_TRUNC(@ts, HOUR) AS hour, DATE(@ts) AS day, "
        "DATE_ADD(@d, INTERVAL 1 DAY) AS next_day, UNIX_MICROS(@ts) AS micros, "
        "FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E6SZ', @ts) AS text",
        job_config=bigquery.QueryJobConfig(query_parameters=[
            bigquery.ScalarQueryParameter("ts", "TIMESTAMP", ts),
            bigquery.ScalarQueryParameter("d", "DATE", datetime.date(2026, 11, 20))]))))
    assert dict(row) == {
        "ts": ts, "d": datetime.date(2026, 11, 20),
        "hour": datetime.datetime(2026, 11, 20, 8, tzinfo=UTC),
        "day": datetime.date(2026, 11, 20), "next_day": datetime.date(2026, 11, 21),
        "micros": int(ts.timestamp()) * 1_000_000 + 123456,
        "text": "2026-11-20T08:30:15.123456Z"}

    create_events_table(client, dataset)
    table = f"{dataset}.events"
    assert client.insert_rows_json(table, [
        as_json(event("t1", 1, first_seen_at="2026-11-20T09:30:15.5+01:00")),
        as_json(event("t2", 1, first_seen_at="2026-11-20 08:30:15.5 UTC")),
        as_json(event("t3", 1, event_date="2026-11-19")),
    ]) == []
    rows = client.query_and_wait(
        f"SELECT event_id, event_date, first_seen_at FROM `{table}` "
        f"WHERE event_date BETWEEN '2026-11-20' AND DATE '2026-11-21' "
        f"AND first_seen_at >= TIMESTAMP '2026-11-20 08:30:15+00' ORDER BY event_id")
    half = datetime.datetime(2026, 11, 20, 8, 30, 15, 500000, tzinfo=UTC)
    assert [tuple(r) for r in rows] == [("t1", datetime.date(2026, 11, 20), half),
                                        ("t2", datetime.date(2026, 11, 20), half)]


def test_dry_run(client, dataset):
    create_events_table(client, dataset)
    config = bigquery.QueryJobConfig(dry_run=True, use_query_cache=False)
    job = client.query(f"SELECT event_id, num_mentions FROM `{dataset}.events`",
                       job_config=config)
    assert job.dry_run and job.state == "DONE"
    assert [f.name for f in job.schema] == ["event_id", "num_mentions"]
    with pytest.raises(BadRequest, match="nope"):
        client.query(f"SELECT nope FROM `{dataset}.events`", job_config=config)
    assert contents(client, f"{dataset}.events") == []


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
def test_arrow_results_come_through_the_emulators_storage_api(emulator, dataset, monkeypatch):
    # Without the emulator's gRPC port, to_arrow() would open bigquerystorage.googleapis.com.
    opened = []
    storage_client = emulator.bqstorage_client
    monkeypatch.setattr(emulator, "bqstorage_client",
                        lambda: opened.append(1) or storage_client())
    client = emulator.client()
    client.query_and_wait(f"CREATE TABLE `{dataset}`.numbers AS "
                          f"SELECT x FROM UNNEST(GENERATE_ARRAY(1, 50000)) AS x")
    assert client.list_rows(f"{dataset}.numbers").to_arrow().num_rows == 50000
    assert opened
    table = client.query_and_wait(f"SELECT SUM(x) AS total FROM `{dataset}`.numbers").to_arrow()
    assert table.column("total").to_pylist() == [50000 * 50001 // 2]


def test_beam_write_to_bigquery_through_the_emulator(emulator, client, dataset):
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions

    client.query_and_wait(
        f"CREATE TABLE `{dataset}.t` (k STRING NOT NULL, n INT64, d DATE, ts TIMESTAMP)")
    with emulator.beam_clients():
        options = PipelineOptions(["--project", emulator.project], runner="FnApiRunner")
        with beam.Pipeline(options=options) as pipeline:
            _ = (pipeline
                 | beam.Create([{"k": "a", "n": 1, "d": "2026-11-20", "ts": "2026-11-20T08:00:00Z"},
                                {"k": "b", "n": 2, "d": "2026-11-21", "ts": "2026-11-21T08:00:00Z"}])
                 | beam.io.WriteToBigQuery(
                     dataset.replace(".", ":", 1) + ".t",
                     method=beam.io.WriteToBigQuery.Method.STREAMING_INSERTS,
                     create_disposition=beam.io.BigQueryDisposition.CREATE_NEVER,
                     write_disposition=beam.io.BigQueryDisposition.WRITE_APPEND))
    rows = client.query_and_wait(f"SELECT k, n, d, ts FROM `{dataset}.t` ORDER BY k")
    assert [tuple(r) for r in rows] == [
        ("a", 1, datetime.date(2026, 11, 20), datetime.datetime(2026, 11, 20, 8, tzinfo=UTC)),
        ("b", 2, datetime.date(2026, 11, 21), datetime.datetime(2026, 11, 21, 8, tzinfo=UTC))]


def test_the_server_is_stopped_even_when_the_test_fails():
    with pytest.raises(RuntimeError, match="a failing test"):
        with bigquery_emulator() as running:
            process = running.process
            assert running.endpoint.startswith("http://127.0.0.1:")
            assert running.client().query_and_wait("SELECT 1 AS x").total_rows == 1
            raise RuntimeError("a failing test")
    assert process.poll() is not None
    assert not running.data_dir.exists()
