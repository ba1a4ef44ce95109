"""SQL that keeps the derived tables true to the articles after a run.

Coding an article again (a re-fetch, a replay, a newer coder) upserts the rows it produces
now, but rows it no longer produces would stay: a mention of an event the coder has since
dropped, an entity it no longer finds. Every such row carries the fetch time of the article
version it was coded from (`fetched_at`); after a run these statements remove the rows older
than their article, remove the events left without any mention, and recount the events whose
mentions changed from the mentions themselves, and the stories of the run's articles (however
old) and of the last 30 days from the articles: copies, outlets and publication span (which
also corrects a streaming roll-up row that missed a copy, and a recent story a copy left).
Rows are judged by the articles fetched since the run started; a story is recounted from
all of its copies fetched before the run's writes ended (`@until`). An older story that a
copy left keeps its counts: nothing records which story an article left.

Written once in BigQuery SQL, which DuckDB also runs; `@since` is the run's start (TIMESTAMP).
"""
from __future__ import annotations

import datetime
from typing import NamedTuple, Optional


class Statement(NamedTuple):
    name: str   # what the summary calls the rows it changes
    sql: str


def statements(table=lambda name: name) -> tuple[Statement, ...]:
    """The statements, in order; `table` spells a table's name (e.g. dataset-qualified).
    Events are judged on the mentions that stay before stale ones are deleted.

    Parameters: @since and @until (TIMESTAMP) bound the fetch times of the articles looked
    at (a scheduled run leaves the last minutes alone: a streaming job may still be writing
    their rows); @stories_since (DATE) is how far back stories are recounted besides those
    of the run's articles, since an article coded again may have left an older story for a
    new one; @stories_floor (DATE) is what `stories_floor_query` gives."""
    articles, stories, events, mentions, entities = map(
        table, ("articles", "stories", "events", "mentions", "entities"))
    touched = _run_articles(articles)
    # A row coded from an article is stale when the article was fetched (and coded) again.
    stale = (f"EXISTS (SELECT 1 FROM ({touched}) AS a WHERE a.article_id = m.article_id "
             "AND (m.fetched_at IS NULL OR m.fetched_at < a.fetched_at))")
    # Events with a mention of an article of this run: those whose counts may have changed.
    affected = (f"SELECT DISTINCT am.event_id FROM {mentions} AS am "
                f"JOIN ({touched}) AS ta ON ta.article_id = am.article_id")
    # The stories recounted: the recent ones, which an article coded again may have left,
    # and those of the run's articles, however old (an archive replayed). Copies of a story
    # are fetched on or after its date, so a recent story's articles are all recent, and an
    # old story's are all on or after @stories_floor: BigQuery reads those partitions only.
    run_stories = _run_stories(touched)
    recent_articles = f"SELECT * FROM {articles} WHERE ingest_date >= @stories_since"
    story_articles = (f"SELECT * FROM {articles} WHERE ingest_date >= @stories_floor "
                      f"AND (ingest_date >= @stories_since OR story_id IN ({run_stories}))")
    return (
        Statement("orphan_events_removed", f"""
DELETE FROM {events} AS e
WHERE e.event_id IN ({affected})
  AND NOT EXISTS (SELECT 1 FROM {mentions} AS m
                  WHERE m.event_id = e.event_id AND NOT {stale})"""),
        Statement("events_recounted", f"""
UPDATE {events} AS e
SET num_mentions = c.num_mentions, num_articles = c.num_articles, num_sources = c.num_sources
FROM (SELECT m.event_id, COUNT(*) AS num_mentions,
             COUNT(DISTINCT m.article_id) AS num_articles,
             COUNT(DISTINCT m.outlet) AS num_sources
      FROM {mentions} AS m
      WHERE m.event_id IN ({affected}) AND NOT {stale}
      GROUP BY m.event_id) AS c
WHERE e.event_id = c.event_id
  AND (e.num_mentions != c.num_mentions OR e.num_articles != c.num_articles
       OR e.num_sources != c.num_sources)"""),
        Statement("stories_recounted", f"""
UPDATE {stories} AS s
SET num_articles = c.num_articles, num_sources = c.num_sources, outlets = c.outlets,
    first_published_at = c.first_published_at, last_published_at = c.last_published_at
FROM (SELECT story_id, SUM(copies) AS num_articles, COUNT(*) AS num_sources,
             STRING_AGG(outlet, ',' ORDER BY first_seen, outlet) AS outlets,
             MIN(first_published_at) AS first_published_at,
             MAX(last_published_at) AS last_published_at
      FROM (SELECT story_id, outlet, COUNT(*) AS copies,
                   MIN(COALESCE(published_at, fetched_at)) AS first_seen,
                   MIN(published_at) AS first_published_at,
                   MAX(published_at) AS last_published_at
            FROM ({story_articles}) AS ra
            WHERE fetched_at < @until
            GROUP BY story_id, outlet) AS per_outlet
      GROUP BY story_id) AS c
WHERE s.story_id = c.story_id AND s.story_date >= @stories_floor
  AND (s.story_date >= @stories_since OR s.story_id IN ({run_stories}))
  AND (s.num_articles != c.num_articles OR s.num_sources != c.num_sources
       OR s.first_published_at IS DISTINCT FROM c.first_published_at
       OR s.last_published_at IS DISTINCT FROM c.last_published_at)"""),
        # A story all of whose copies moved to other stories; today's are left to the
        # next run while a stream may still be writing their articles.
        Statement("empty_stories_removed", f"""
DELETE FROM {stories} AS s
WHERE s.story_date >= @stories_since AND s.story_date < CAST(@until AS DATE)
  AND NOT EXISTS (SELECT 1 FROM ({recent_articles}) AS ra WHERE ra.story_id = s.story_id)"""),
        Statement("stale_mentions_removed", f"""
DELETE FROM {mentions} AS m
WHERE {stale}"""),
        Statement("stale_entities_removed", f"""
DELETE FROM {entities} AS m
WHERE {stale}"""),
    )


def _run_articles(articles: str) -> str:
    """The run's articles; partition-pruned on BigQuery by ingest_date."""
    return (f"SELECT article_id, story_id, fetched_at FROM {articles} "
            "WHERE fetched_at >= @since AND fetched_at < @until "
            "AND ingest_date >= CAST(@since AS DATE)")


def _run_stories(run_articles: str) -> str:
    return f"SELECT story_id FROM ({run_articles}) AS ts"


def stories_floor_query(table=lambda name: name) -> str:
    """The query whose one value is @stories_floor, run before the statements: the earliest
    date they read stories and articles from. That is @stories_since, or a day before the
    oldest story of the run's articles (a page may give a publication time up to a day
    ahead, and so a story a date after its first copy was fetched). It reads the id and
    date of every story, a few bytes each; ZetaSQL, and so the BigQuery emulator, takes
    DATE - INTERVAL as DuckDB does."""
    articles, stories = map(table, ("articles", "stories"))
    oldest = (f"SELECT MIN(s.story_date) FROM {stories} AS s "
              f"WHERE s.story_id IN ({_run_stories(_run_articles(articles))})")
    return (f"SELECT LEAST(@stories_since, "
            f"COALESCE(CAST(({oldest}) - INTERVAL 1 DAY AS DATE), @stories_since))")


# How far back stories are recounted after a run.
STORY_LOOKBACK_DAYS = 30


def parameters(since: datetime.datetime, until: Optional[datetime.datetime] = None) -> dict:
    """The statements' parameters for a run that started at `since` (a whole second
    earlier: fetch times are stored to the second) and whose writes all ended by `until`
    (default: a day on, i.e. everything)."""
    since = since.astimezone(datetime.timezone.utc).replace(microsecond=0) - \
        datetime.timedelta(seconds=1)
    until = (until or since + datetime.timedelta(days=1)).astimezone(datetime.timezone.utc)
    return {"since": since, "until": until,
            "stories_since": since.date() - datetime.timedelta(days=STORY_LOOKBACK_DAYS)}


STATEMENTS = statements()
STORIES_FLOOR_QUERY = stories_floor_query()


def duckdb_sql(sql: str) -> str:
    """DuckDB spells query parameters $name."""
    return sql.replace("@", "$")


# A streaming job never ends, so on Dataflow the statements run as a BigQuery scheduled
# query instead (deploy/bigquery/reconcile.sql): every hour, over the articles of the last
# day (which also covers an hour the schedule missed), leaving the last minutes alone.
SCHEDULED_LOOKBACK_HOURS = 26
SCHEDULED_SETTLE_MINUTES = 15


def scheduled_script(dataset: str) -> str:
    """The statements as one BigQuery script for a scheduled query on `dataset`."""
    script = [
        "DECLARE since TIMESTAMP DEFAULT TIMESTAMP_SUB(CURRENT_TIMESTAMP(), "
        f"INTERVAL {SCHEDULED_LOOKBACK_HOURS} HOUR);",
        "DECLARE until TIMESTAMP DEFAULT TIMESTAMP_SUB(CURRENT_TIMESTAMP(), "
        f"INTERVAL {SCHEDULED_SETTLE_MINUTES} MINUTE);",
        "DECLARE stories_since DATE DEFAULT DATE_SUB(CURRENT_DATE(), "
        f"INTERVAL {STORY_LOOKBACK_DAYS} DAY);",
        "DECLARE stories_floor DATE DEFAULT ("
        + stories_floor_query(lambda name: f"`{dataset}.{name}`").replace("@", "") + ");"]
    script.append("BEGIN TRANSACTION;  -- all or nothing, like a local run's")
    for statement in statements(lambda name: f"`{dataset}.{name}`"):
        script.append(f"-- {statement.name}\n{statement.sql.strip().replace('@', '')};")
    script.append("COMMIT TRANSACTION;")
    return "\n\n".join(script) + "\n"
