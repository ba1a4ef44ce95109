"""The BigQuery warehouse against the local emulator (tests/bigquery_emulator.py): the bounded
run on the sample writes the same rows as to DuckDB, a second run duplicates nothing, the
analyst queries give the same answers on both warehouses, and rejected rows become dead
letters while the rest of their batch is written."""
import datetime
import decimal
import pathlib

import duckdb
import pytest

from pipelines import bounded
from schemas import queries
from schemas.rows import StoryRow
from schemas.tables import STORIES, TABLES
from tests.bigquery_emulator import bigquery_emulator_fixture
from transforms.bigquery_sink import BigQueryTarget, ensure_dataset_and_tables, write_or_reject
from transforms.warehouse import WarehouseSpec

pytestmark = [pytest.mark.bigquery, pytest.mark.e2e]

ROOT = pathlib.Path(__file__).resolve().parent.parent

emulator = bigquery_emulator_fixture(scope="module")


@pytest.fixture(scope="module")
def both_warehouses(emulator, tmp_path_factory):
    """The sample run into DuckDB and into a fresh BigQuery dataset, and the second run into
    BigQuery: (duckdb spec, bigquery spec, first bigquery summary, second summary)."""
    duck = WarehouseSpec.parse(f"duckdb:{tmp_path_factory.mktemp('duck') / 'w.duckdb'}")
    dataset = f"{emulator.project}.sample"
    big = WarehouseSpec.parse(f"bigquery:{dataset}", emulator.endpoint)
    bounded.run(["--warehouse", f"duckdb:{duck.location}"], report_progress=False)
    argv = ["--warehouse", f"bigquery:{dataset}", "--bigquery_endpoint", emulator.endpoint]
    first = bounded.run(argv, report_progress=False)
    second = bounded.run(argv, report_progress=False)
    return duck, big, first, second


def test_bigquery_gets_the_same_rows_as_duckdb(both_warehouses):
    duck, big, first, _ = both_warehouses
    assert first.warehouse_rows == duck.row_counts()
    assert first.warehouse_rows["articles"] == 67 and first.warehouse_rows["events"] > 300
    client = big.bigquery_target().client()
    for name, table in TABLES.items():
        keys = ", ".join(table.primary_key)
        in_bigquery = {tuple(r.values()) for r in client.query(
            f"SELECT {keys} FROM `{big.location}.{name}`").result()}
        with duckdb.connect(duck.location, read_only=True) as connection:
            in_duckdb = set(connection.execute(f"SELECT {keys} FROM {name}").fetchall())
        assert in_bigquery == in_duckdb, name


def test_a_second_run_writes_no_duplicate(both_warehouses):
    _, big, first, second = both_warehouses
    assert second.warehouse_rows == first.warehouse_rows
    client = big.bigquery_target().client()
    for name, table in TABLES.items():
        keys = ", ".join(table.primary_key)
        [row] = client.query(f"SELECT COUNT(*) AS n FROM (SELECT {keys} FROM "
                             f"`{big.location}.{name}` GROUP BY {keys} HAVING COUNT(*) > 1)"
                             ).result()
        assert row["n"] == 0, name


def test_tables_are_partitioned_and_clustered_as_schemas_say(both_warehouses):
    _, big, _, _ = both_warehouses
    client = big.bigquery_target().client()
    for name, table in TABLES.items():
        created = client.get_table(f"{big.location}.{name}")
        assert created.time_partitioning.field == table.partition_field, name
        assert list(created.clustering_fields) == list(table.clustering), name
        assert [f.name for f in created.schema] == list(table.field_names), name


def _comparable(value):
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()[:10] if not isinstance(value, datetime.datetime) or (
            value.time() == datetime.time(0)) else value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _same_rows(a, b) -> bool:
    """Equal row sets; floats within one unit of their last rounded place (0.01 for
    ROUND(x, 2)), since a value on a half, summed in another order, can round either way
    between engines (-3.425 -> -3.43 on one, -3.42 on the other)."""
    def key(row):
        return tuple(repr(v) for v in row if not isinstance(v, float))
    a = sorted((tuple(map(_comparable, r)) for r in a), key=key)
    b = sorted((tuple(map(_comparable, r)) for r in b), key=key)
    return len(a) == len(b) and all(
        len(x) == len(y) and all(v == pytest.approx(w, abs=0.0101) if isinstance(v, float)
                                 else v == w for v, w in zip(x, y))
        for x, y in zip(a, b))


@pytest.mark.parametrize("name", queries.names())
def test_each_analyst_query_answers_the_same_on_both_warehouses(both_warehouses, name):
    duck, big, _, _ = both_warehouses
    bq_columns, bq_rows = big.run_query(name)
    duck_columns, duck_rows = duck.run_query(name)
    assert bq_columns == duck_columns
    assert _same_rows(bq_rows, duck_rows)
    assert bq_rows, f"{name} returned nothing on the sample"


def story(story_id, lead_url="http://a.example/1", n=1):
    return StoryRow(story_id=story_id, story_date="2025-08-15", lead_article_id="a",
                    lead_url=lead_url, lead_outlet="a.example", title="T",
                    first_published_at="2025-08-15T10:00:00+00:00", last_published_at=None,
                    num_articles=n, num_sources=n, outlets="a.example")


def test_a_rejected_row_becomes_a_dead_letter_and_its_batch_is_still_written(emulator):
    target = BigQueryTarget(emulator.project, "rejects", emulator.endpoint)
    client = target.client()
    ensure_dataset_and_tables(target, client)
    rows = [story("s1"), story("s2"), story("bad", lead_url=None), story("s3")]
    written, rejected = write_or_reject(client, target, STORIES, rows)
    assert written == 3
    assert [(d.stage, d.error_type, d.url) for d in rejected] == [
        ("write", "warehouse_rejected", "bigquery:stories/bad")]
    stored = {r["story_id"] for r in client.query(
        f"SELECT story_id FROM `{target.table_path('stories')}`").result()}
    assert stored == {"s1", "s2", "s3"}
    # a larger version replaces, a smaller one is ignored, as in DuckDB
    write_or_reject(client, target, STORIES, [story("s1", n=3)])
    write_or_reject(client, target, STORIES, [story("s1", n=2)])
    [row] = client.query(f"SELECT num_articles FROM `{target.table_path('stories')}` "
                         "WHERE story_id = 's1'").result()
    assert row["num_articles"] == 3


def test_the_generated_views_run_on_bigquery(both_warehouses):
    _, big, _, _ = both_warehouses
    client = big.bigquery_target().client()
    ddl = (ROOT / "deploy" / "bigquery" / "views.sql").read_text()
    for statement in [s for s in ddl.replace("`diplowire.", f"`{big.location}.").split(";\n")
                      if "CREATE" in s]:
        client.query(statement).result()
    for name in queries.names():
        [row] = client.query(f"SELECT COUNT(*) AS n FROM `{big.location}.{name}`").result()
        assert row["n"] == len(big.run_query(name)[1]) > 0, name


def test_reconciling_after_a_second_coding_on_bigquery(emulator):
    """The scenario of tests/test_reconcile.py, on BigQuery: the same statements."""
    from schemas.reconcile import parameters as reconcile_parameters
    from tests import test_reconcile as scenario
    from transforms.bigquery_sink import merge_rows, reconcile
    target = BigQueryTarget(emulator.project, "reconcile", emulator.endpoint)
    client = target.client()
    ensure_dataset_and_tables(target, client)

    def write(row):
        for table, rows in scenario.coded_tables(row):
            merge_rows(client, target, table, rows)

    write(scenario.first_version())
    write(scenario.first_version()._replace(body=scenario.MEETING,
                                            fetched_at=scenario.SECOND_FETCH,
                                            ingest_date=scenario.SECOND_FETCH[:10]))
    changed = reconcile(target, reconcile_parameters(scenario.SECOND_RUN), client)
    assert changed["orphan_events_removed"] == 1 and changed["stale_mentions_removed"] == 2
    rows = [tuple(r.values()) for r in client.query(
        f"SELECT event_root_code, num_mentions FROM `{target.table_path('events')}`").result()]
    assert rows == [("04", 1)]


def test_a_story_published_long_before_the_run_is_recounted_on_bigquery(emulator):
    from schemas.reconcile import parameters as reconcile_parameters
    from schemas.tables import ARTICLES, STORIES
    from tests import test_reconcile as scenario
    from transforms.bigquery_sink import merge_rows, reconcile
    target = BigQueryTarget(emulator.project, "old_story", emulator.endpoint)
    client = target.client()
    ensure_dataset_and_tables(target, client)
    articles, stories = scenario.old_story_missing_a_copy()
    merge_rows(client, target, ARTICLES, articles)
    merge_rows(client, target, STORIES, stories)
    changed = reconcile(target, reconcile_parameters(scenario.SECOND_RUN), client)
    assert changed["stories_recounted"] == 1
    rows = [tuple(r.values()) for r in client.query(
        "SELECT num_articles, num_sources, outlets "
        f"FROM `{target.table_path('stories')}`").result()]
    assert rows == [(3, 3, "a.example,b.example,c.example")]


def test_a_dataset_from_an_older_release_gains_the_new_fields(emulator):
    from google.cloud import bigquery
    from schemas.tables import MENTIONS
    target = BigQueryTarget(emulator.project, "older", emulator.endpoint)
    client = target.client()
    client.create_dataset(bigquery.Dataset(f"{emulator.project}.older"), exists_ok=True)
    client.create_table(bigquery.Table(target.table_path("mentions"), schema=[
        bigquery.SchemaField(f.name, f.type, mode=f.mode)
        for f in MENTIONS.fields if f.name != "fetched_at"]))
    ensure_dataset_and_tables(target, client)
    upgraded = client.get_table(target.table_path("mentions"))
    assert [f.name for f in upgraded.schema] == [f.name for f in MENTIONS.fields]
    # the descriptions of schemas/ replace the older release's (here: none)
    assert [f.description for f in upgraded.schema] == [f.description for f in MENTIONS.fields]
    assert upgraded.description == MENTIONS.description


def test_the_scheduled_reconcile_script_reconciles_on_bigquery(emulator):
    """deploy/bigquery/reconcile.sql as the scheduled query runs it: the scenario of
    tests/test_reconcile.py, fetched one and two hours ago."""
    from tests import test_reconcile as scenario
    from transforms.bigquery_sink import merge_rows
    target = BigQueryTarget(emulator.project, "scheduled", emulator.endpoint)
    client = target.client()
    ensure_dataset_and_tables(target, client)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)

    def write(row):
        for table, rows in scenario.coded_tables(row):
            merge_rows(client, target, table, rows)

    def fetched(hours_ago):
        at = now - datetime.timedelta(hours=hours_ago)
        return {"fetched_at": at.isoformat(), "ingest_date": at.date().isoformat()}

    write(scenario.first_version()._replace(**fetched(2)))
    write(scenario.first_version()._replace(body=scenario.MEETING, **fetched(1)))
    script = (ROOT / "deploy" / "bigquery" / "reconcile.sql").read_text().replace(
        "`diplowire.", f"`{emulator.project}.scheduled.")
    client.query(script).result()
    rows = [tuple(r.values()) for r in client.query(
        f"SELECT event_root_code, num_mentions FROM `{target.table_path('events')}`").result()]
    assert rows == [("04", 1)]


def test_the_scheduled_reconcile_script_recounts_an_old_story_on_bigquery(emulator):
    """The script's own @stories_floor: a story published a year ago, one copy fetched an
    hour ago and two sixty days ago, whose row missed the latest copy."""
    from schemas.tables import ARTICLES, STORIES
    from tests import test_reconcile as scenario
    from transforms.bigquery_sink import merge_rows
    target = BigQueryTarget(emulator.project, "scheduled_old", emulator.endpoint)
    client = target.client()
    ensure_dataset_and_tables(target, client)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    articles, stories = scenario.old_story_missing_a_copy(
        fetched=(now - datetime.timedelta(hours=1)).isoformat(),
        fetched_before=(now - datetime.timedelta(days=60)).isoformat(),
        published=(now - datetime.timedelta(days=365)).isoformat())
    merge_rows(client, target, ARTICLES, articles)
    merge_rows(client, target, STORIES, stories)
    script = (ROOT / "deploy" / "bigquery" / "reconcile.sql").read_text().replace(
        "`diplowire.", f"`{emulator.project}.scheduled_old.")
    client.query(script).result()
    rows = [tuple(r.values()) for r in client.query(
        "SELECT num_articles, num_sources, outlets "
        f"FROM `{target.table_path('stories')}`").result()]
    assert rows == [(3, 3, "a.example,b.example,c.example")]
