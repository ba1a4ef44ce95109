"""The warehouse after an article is coded again: stale rows go, events are recounted."""
import datetime

import duckdb

from schemas.tables import ARTICLES, ENTITIES, EVENTS, MENTIONS
from tests.test_stories import article
from transforms.events import code_article
from transforms.warehouse import WarehouseSpec, ensure_tables, upsert_rows

MEETING = "President Donald Trump met Russian President Vladimir Putin in Alaska."
CRITICISM = "Russia criticized Ukraine on Monday."
FIRST_FETCH = "2025-08-15T10:00:00+00:00"
SECOND_FETCH = "2025-08-16T10:00:00+00:00"
SECOND_RUN = datetime.datetime(2025, 8, 16, 9, 0, tzinfo=datetime.timezone.utc)


def coded_tables(row):
    """The article's row and the rows coding it gives, by table."""
    events, mentions, entities = code_article(row)
    return ((ARTICLES, [row]), (EVENTS, events), (MENTIONS, mentions), (ENTITIES, entities))


def write(path, row):
    tables = coded_tables(row)
    for table, rows in tables:
        upsert_rows(path, table, rows)
    return tables[1][1]  # the events


def first_version():
    return article("a1", "a.example", f"{CRITICISM}\n{MEETING}", "Talks", FIRST_FETCH)


def codes(path):
    with duckdb.connect(path, read_only=True) as connection:
        return {table: connection.execute(query).fetchall() for table, query in (
            ("events", "SELECT event_root_code, num_mentions FROM events ORDER BY 1"),
            ("mentions", "SELECT sentence_index FROM mentions ORDER BY 1"),
            ("entities", "SELECT code FROM entities ORDER BY 1"))}


def test_rows_the_new_coding_no_longer_produces_are_removed(tmp_path):
    path = str(tmp_path / "w.duckdb")
    ensure_tables(path)
    write(path, first_version())
    assert [root for root, _ in codes(path)["events"]] == ["04", "11"]
    assert ("UKR",) in codes(path)["entities"]
    # Fetched again a day later, the article has lost its first sentence.
    write(path, first_version()._replace(body=MEETING, fetched_at=SECOND_FETCH,
                                         ingest_date=SECOND_FETCH[:10]))
    assert len(codes(path)["mentions"]) == 3  # the old two and the new one
    changed = WarehouseSpec.parse(f"duckdb:{path}").reconcile(SECOND_RUN)
    assert changed["orphan_events_removed"] == 1 and changed["stale_mentions_removed"] == 2
    assert changed["stale_entities_removed"] >= 1
    after = codes(path)
    assert after["events"] == [("04", 1)] and after["mentions"] == [(0,)]
    assert ("UKR",) not in after["entities"] and len(after["entities"]) >= 2


def test_an_event_row_is_recounted_from_its_mentions(tmp_path):
    path = str(tmp_path / "w.duckdb")
    ensure_tables(path)
    row = first_version()._replace(fetched_at=SECOND_FETCH, ingest_date=SECOND_FETCH[:10])
    [meeting] = [e for e in write(path, row) if e.event_root_code == "04"]
    upsert_rows(path, EVENTS, [meeting._replace(num_mentions=5, num_articles=2)])
    changed = WarehouseSpec.parse(f"duckdb:{path}").reconcile(SECOND_RUN)
    assert changed["events_recounted"] == 1 and changed["orphan_events_removed"] == 0
    assert ("04", 1) in codes(path)["events"]


def test_a_run_touches_only_its_own_articles(tmp_path):
    path = str(tmp_path / "w.duckdb")
    ensure_tables(path)
    write(path, first_version())
    later = datetime.datetime(2025, 8, 20, tzinfo=datetime.timezone.utc)
    assert not any(WarehouseSpec.parse(f"duckdb:{path}").reconcile(later).values())


def test_a_warehouse_from_an_older_release_gains_the_new_fields(tmp_path):
    path = str(tmp_path / "w.duckdb")
    ensure_tables(path)
    with duckdb.connect(path) as connection:
        connection.execute("ALTER TABLE mentions DROP COLUMN fetched_at")
    ensure_tables(path)
    with duckdb.connect(path, read_only=True) as connection:
        columns = {r[0] for r in connection.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'mentions'").fetchall()}
    assert "fetched_at" in columns


def test_a_story_row_is_recounted_from_its_articles(tmp_path):
    from schemas.tables import STORIES
    from transforms.stories import fold_in_memory
    path = str(tmp_path / "w.duckdb")
    ensure_tables(path)
    copies = [article(f"a{i}", outlet, MEETING + " Both sides called the talks useful.",
                      "Talks", SECOND_FETCH) for i, outlet in enumerate(
                          ["a.example", "b.example", "b.example"])]
    stamped, [story] = fold_in_memory(copies)
    upsert_rows(path, ARTICLES, stamped)
    upsert_rows(path, STORIES, [story._replace(num_articles=2, num_sources=1,
                                               outlets="a.example")])  # a copy missed
    changed = WarehouseSpec.parse(f"duckdb:{path}").reconcile(SECOND_RUN)
    assert changed["stories_recounted"] == 1
    with duckdb.connect(path, read_only=True) as connection:
        assert connection.execute(
            "SELECT num_articles, num_sources, outlets FROM stories").fetchall() == [
            (3, 2, "a.example,b.example")]


def old_story_missing_a_copy(fetched=SECOND_FETCH, fetched_before="2025-07-10T10:00:00+00:00",
                             published="2024-08-15T08:00:00+00:00"):
    """Copies of a story published a year before the run (an archive replayed, a feed that
    lists old stories), two fetched more than the lookback before the run and one in it,
    and the story's row as a streaming roll-up that missed the last copy left it:
    (articles, stories) to write."""
    from transforms.stories import fold_in_memory
    copies = [article(f"a{i}", outlet, MEETING + " Both sides called the talks useful.",
                      "Talks", published, fetched=fetched_at)
              for i, (outlet, fetched_at) in enumerate([("a.example", fetched_before),
                                                        ("b.example", fetched_before),
                                                        ("c.example", fetched)])]
    stamped, [story] = fold_in_memory(copies)
    return stamped, [story._replace(num_articles=2, num_sources=2,
                                    outlets="a.example,b.example")]


def test_a_story_published_long_before_the_run_is_recounted_all_the_same(tmp_path):
    from schemas.tables import STORIES
    path = str(tmp_path / "w.duckdb")
    ensure_tables(path)
    articles, stories = old_story_missing_a_copy()
    upsert_rows(path, ARTICLES, articles)
    upsert_rows(path, STORIES, stories)
    changed = WarehouseSpec.parse(f"duckdb:{path}").reconcile(SECOND_RUN)
    assert changed["stories_recounted"] == 1
    assert _stories(path) == [(3, 3, "a.example,b.example,c.example")]


def test_stories_are_read_back_to_the_oldest_story_of_the_run_only(tmp_path):
    """BigQuery reads the partitions of articles and stories from @stories_floor on: the
    lookback, or a day before the oldest story an article of the run belongs to."""
    import datetime as dt
    from schemas import reconcile as reconcile_sql
    from schemas.tables import STORIES
    path = str(tmp_path / "w.duckdb")
    ensure_tables(path)

    def floor():
        parameters = reconcile_sql.parameters(SECOND_RUN)
        sql = reconcile_sql.duckdb_sql(reconcile_sql.STORIES_FLOOR_QUERY)
        with duckdb.connect(path, read_only=True) as connection:
            return connection.execute(sql, {k: v for k, v in parameters.items()
                                            if f"${k}" in sql}).fetchone()[0]

    lookback = SECOND_RUN.date() - dt.timedelta(days=reconcile_sql.STORY_LOOKBACK_DAYS)
    assert floor() == lookback  # a run without articles
    write(path, first_version()._replace(fetched_at=SECOND_FETCH, ingest_date=SECOND_FETCH[:10]))
    assert floor() == lookback  # an article of no story yet
    articles, stories = old_story_missing_a_copy()
    upsert_rows(path, ARTICLES, articles)
    upsert_rows(path, STORIES, stories)
    assert floor() == dt.date(2024, 8, 14)
    # an old story none of whose copies the run fetched is no reason to read back
    upsert_rows(path, ARTICLES, [a._replace(fetched_at=FIRST_FETCH, ingest_date=FIRST_FETCH[:10])
                                 for a in articles])
    assert floor() == lookback


def test_reconciling_uses_utc_dates_whatever_the_machines_time_zone(tmp_path, monkeypatch):
    import time
    # 20:00 and 21:00 UTC are already the next day in Tokyo.
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        path = str(tmp_path / "w.duckdb")
        ensure_tables(path)
        first = first_version()._replace(fetched_at="2025-08-16T19:00:00+00:00",
                                         ingest_date="2025-08-16")
        write(path, first)
        write(path, first._replace(body=MEETING, fetched_at="2025-08-16T21:00:00+00:00"))
        run = datetime.datetime(2025, 8, 16, 20, 0, tzinfo=datetime.timezone.utc)
        changed = WarehouseSpec.parse(f"duckdb:{path}").reconcile(run)
        assert changed["stale_mentions_removed"] == 2
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def _story_of(path, copies, fetched):
    from schemas.tables import STORIES
    from transforms.stories import fold_in_memory
    stamped, stories = fold_in_memory([c._replace(fetched_at=fetched,
                                                  ingest_date=fetched[:10]) for c in copies])
    upsert_rows(path, ARTICLES, stamped)
    upsert_rows(path, STORIES, stories)
    return stories


def _stories(path):
    with duckdb.connect(path, read_only=True) as connection:
        return sorted(connection.execute(
            "SELECT num_articles, num_sources, outlets FROM stories").fetchall())


def test_the_story_an_article_left_is_recounted_and_an_empty_one_removed(tmp_path):
    path = str(tmp_path / "w.duckdb")
    ensure_tables(path)
    body = MEETING + " Both sides called the talks useful."
    copies = [article(f"a{i}", outlet, body, "Talks", FIRST_FETCH)
              for i, outlet in enumerate(["a.example", "b.example", "c.example"])]
    _story_of(path, copies, FIRST_FETCH)
    assert [(n, s) for n, s, _ in _stories(path)] == [(3, 3)]
    # The next day only the c.example copy is fetched again, and folds into a story alone.
    [moved] = _story_of(path, copies[2:], SECOND_FETCH)
    changed = WarehouseSpec.parse(f"duckdb:{path}").reconcile(SECOND_RUN)
    assert changed["stories_recounted"] == 1
    assert _stories(path) == [(1, 1, "c.example"), (2, 2, "a.example,b.example")]
    # Later the other two are fetched with an earlier copy, which leads their story now:
    # the first story has no copies left and goes.
    earlier = article("z", "z.example", body, "Talks", "2025-08-14T08:00:00+00:00")
    _story_of(path, [earlier] + copies[:2], "2025-08-18T10:00:00+00:00")
    changed = WarehouseSpec.parse(f"duckdb:{path}").reconcile(
        datetime.datetime(2025, 8, 18, 9, 0, tzinfo=datetime.timezone.utc))
    assert changed["empty_stories_removed"] == 1
    assert [(n, s) for n, s, _ in _stories(path)] == [(1, 1), (3, 3)]


def test_a_story_that_lost_its_latest_copy_gets_its_publication_span_back(tmp_path):
    path = str(tmp_path / "w.duckdb")
    ensure_tables(path)
    body = MEETING + " Both sides called the talks useful."
    copies = [article(f"a{i}", outlet, body, "Talks", f"2025-08-15T0{8 + i}:00:00+00:00",
                      fetched=FIRST_FETCH)
              for i, outlet in enumerate(["a.example", "b.example", "c.example"])]
    _story_of(path, copies, FIRST_FETCH)
    _story_of(path, copies[2:], SECOND_FETCH)  # the latest copy leaves for a story alone
    WarehouseSpec.parse(f"duckdb:{path}").reconcile(SECOND_RUN)
    with duckdb.connect(path, read_only=True) as connection:
        spans = connection.execute(
            "SELECT outlets, strftime(first_published_at, '%H:%M'), "
            "strftime(last_published_at, '%H:%M') FROM stories ORDER BY outlets").fetchall()
    assert spans == [("a.example,b.example", "08:00", "09:00"), ("c.example", "10:00", "10:00")]


def test_a_story_row_that_gives_a_span_its_undated_copies_lack_loses_it(tmp_path):
    from schemas.tables import STORIES
    from transforms.stories import fold_in_memory
    path = str(tmp_path / "w.duckdb")
    ensure_tables(path)
    copies = [article(f"a{i}", outlet, MEETING, "Talks", SECOND_FETCH)._replace(
        published_at=None) for i, outlet in enumerate(["a.example", "b.example"])]
    stamped, [story] = fold_in_memory(copies)
    upsert_rows(path, ARTICLES, stamped)
    # a row written when a copy still carried a date the page has since dropped
    upsert_rows(path, STORIES, [story._replace(first_published_at="2025-08-15T08:00:00+00:00",
                                               last_published_at="2025-08-15T08:00:00+00:00")])
    changed = WarehouseSpec.parse(f"duckdb:{path}").reconcile(SECOND_RUN)
    assert changed["stories_recounted"] == 1
    with duckdb.connect(path, read_only=True) as connection:
        assert connection.execute("SELECT first_published_at, last_published_at "
                                  "FROM stories").fetchall() == [(None, None)]


def test_a_bigquery_conflict_with_another_dml_job_is_retried_not_a_rejection():
    from google.api_core import exceptions
    from transforms.bigquery_sink import _rejected
    assert not _rejected(exceptions.BadRequest(
        "Could not serialize access to table p:d.events due to concurrent update"))
    assert _rejected(exceptions.BadRequest("Invalid value for field lead_url: NULL"))


def test_an_attacker_no_one_names_leaves_the_source_columns_empty():
    row = article("a9", "a.example", "Three car bombs were detonated in Baghdad on Sunday.",
                  "Blasts", FIRST_FETCH)
    [event], [mention], _ = code_article(row)
    assert (event.actor1_code, event.actor1_name, event.actor1_country_code,
            event.actor1_type_code) == (None, None, None, None)
    assert (event.actor2_code, event.event_root_code) == ("IRQ", "18")
    assert (mention.actor1_char_offset, mention.actor1_char_end) == (None, None)
