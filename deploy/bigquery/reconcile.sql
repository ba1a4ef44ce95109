-- Generated from schemas/reconcile.py by `python -m schemas.export`; do not edit.
-- Keeps dataset `diplowire` true to its articles after re-coding and corrects streaming roll-ups;
-- run it hourly as a scheduled query (deploy/dataflow/RUNBOOK.md).

DECLARE since TIMESTAMP DEFAULT TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 26 HOUR);

DECLARE until TIMESTAMP DEFAULT TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 15 MINUTE);

DECLARE stories_since DATE DEFAULT DATE_SUB(CURRENT_DATE(), INTERVAL 30 DAY);

DECLARE stories_floor DATE DEFAULT (SELECT LEAST(stories_since, COALESCE(CAST((SELECT MIN(s.story_date) FROM `diplowire.stories` AS s WHERE s.story_id IN (SELECT story_id FROM (SELECT article_id, story_id, fetched_at FROM `diplowire.articles` WHERE fetched_at >= since AND fetched_at < until AND ingest_date >= CAST(since AS DATE)) AS ts)) - INTERVAL 1 DAY AS DATE), stories_since)));

BEGIN TRANSACTION;  -- all or nothing, like a local run's

-- orphan_events_removed
DELETE FROM `diplowire.events` AS e
WHERE e.event_id IN (SELECT DISTINCT am.event_id FROM `diplowire.mentions` AS am JOIN (SELECT article_id, story_id, fetched_at FROM `diplowire.articles` WHERE fetched_at >= since AND fetched_at < until AND ingest_date >= CAST(since AS DATE)) AS ta ON ta.article_id = am.article_id)
  AND NOT EXISTS (SELECT 1 FROM `diplowire.mentions` AS m
                  WHERE m.event_id = e.event_id AND NOT EXISTS (SELECT 1 FROM (SELECT article_id, story_id, fetched_at FROM `diplowire.articles` WHERE fetched_at >= since AND fetched_at < until AND ingest_date >= CAST(since AS DATE)) AS a WHERE a.article_id = m.article_id AND (m.fetched_at IS NULL OR m.fetched_at < a.fetched_at)));

-- events_recounted
UPDATE `diplowire.events` AS e
SET num_mentions = c.num_mentions, num_articles = c.num_articles, num_sources = c.num_sources
FROM (SELECT m.event_id, COUNT(*) AS num_mentions,
             COUNT(DISTINCT m.article_id) AS num_articles,
             COUNT(DISTINCT m.outlet) AS num_sources
      FROM `diplowire.mentions` AS m
      WHERE m.event_id IN (SELECT DISTINCT am.event_id FROM `diplowire.mentions` AS am JOIN (SELECT article_id, story_id, fetched_at FROM `diplowire.articles` WHERE fetched_at >= since AND fetched_at < until AND ingest_date >= CAST(since AS DATE)) AS ta ON ta.article_id = am.article_id) AND NOT EXISTS (SELECT 1 FROM (SELECT article_id, story_id, fetched_at FROM `diplowire.articles` WHERE fetched_at >= since AND fetched_at < until AND ingest_date >= CAST(since AS DATE)) AS a WHERE a.article_id = m.article_id AND (m.fetched_at IS NULL OR m.fetched_at < a.fetched_at))
      GROUP BY m.event_id) AS c
WHERE e.event_id = c.event_id
  AND (e.num_mentions != c.num_mentions OR e.num_articles != c.num_articles
       OR e.num_sources != c.num_sources);

-- stories_recounted
UPDATE `diplowire.stories` AS s
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
            FROM (SELECT * FROM `diplowire.articles` WHERE ingest_date >= stories_floor AND (ingest_date >= stories_since OR story_id IN (SELECT story_id FROM (SELECT article_id, story_id, fetched_at FROM `diplowire.articles` WHERE fetched_at >= since AND fetched_at < until AND ingest_date >= CAST(since AS DATE)) AS ts))) AS ra
            WHERE fetched_at < until
            GROUP BY story_id, outlet) AS per_outlet
      GROUP BY story_id) AS c
WHERE s.story_id = c.story_id AND s.story_date >= stories_floor
  AND (s.story_date >= stories_since OR s.story_id IN (SELECT story_id FROM (SELECT article_id, story_id, fetched_at FROM `diplowire.articles` WHERE fetched_at >= since AND fetched_at < until AND ingest_date >= CAST(since AS DATE)) AS ts))
  AND (s.num_articles != c.num_articles OR s.num_sources != c.num_sources
       OR s.first_published_at IS DISTINCT FROM c.first_published_at
       OR s.last_published_at IS DISTINCT FROM c.last_published_at);

-- empty_stories_removed
DELETE FROM `diplowire.stories` AS s
WHERE s.story_date >= stories_since AND s.story_date < CAST(until AS DATE)
  AND NOT EXISTS (SELECT 1 FROM (SELECT * FROM `diplowire.articles` WHERE ingest_date >= stories_since) AS ra WHERE ra.story_id = s.story_id);

-- stale_mentions_removed
DELETE FROM `diplowire.mentions` AS m
WHERE EXISTS (SELECT 1 FROM (SELECT article_id, story_id, fetched_at FROM `diplowire.articles` WHERE fetched_at >= since AND fetched_at < until AND ingest_date >= CAST(since AS DATE)) AS a WHERE a.article_id = m.article_id AND (m.fetched_at IS NULL OR m.fetched_at < a.fetched_at));

-- stale_entities_removed
DELETE FROM `diplowire.entities` AS m
WHERE EXISTS (SELECT 1 FROM (SELECT article_id, story_id, fetched_at FROM `diplowire.articles` WHERE fetched_at >= since AND fetched_at < until AND ingest_date >= CAST(since AS DATE)) AS a WHERE a.article_id = m.article_id AND (m.fetched_at IS NULL OR m.fetched_at < a.fetched_at));

COMMIT TRANSACTION;
