-- Generated from schemas/tables.py by `python -m schemas.export`; do not edit.
-- The analyst queries of schemas/queries as views of dataset `diplowire`.

CREATE OR REPLACE VIEW `diplowire.country_pair_goldstein` AS
/* Cooperation-conflict index per week and country pair (either direction): the Goldstein */
/* values of the pair's events, weighted by how many outlets reported each (-10 conflict, */
/* +10 cooperation), with the counts of cooperative and conflictual events. */
SELECT
  CAST(DATE_TRUNC(event_date, WEEK(MONDAY)) AS DATE) AS week,
  LEAST(actor1_country_code, actor2_country_code) AS country_a,
  GREATEST(actor1_country_code, actor2_country_code) AS country_b,
  COUNT(*) AS events,
  ROUND(SUM(goldstein_scale * num_sources) / SUM(num_sources), 2) AS goldstein_index,
  COUNTIF(quad_class IN (1, 2)) AS cooperative_events,
  COUNTIF(quad_class IN (3, 4)) AS conflictual_events
FROM `diplowire.events`
WHERE
  NOT actor1_country_code IS NULL
  AND NOT actor2_country_code IS NULL
  AND actor1_country_code <> actor2_country_code
GROUP BY
  week,
  country_a,
  country_b;

CREATE OR REPLACE VIEW `diplowire.daily_dyad_counts` AS
/* Events per day, country pair (source -> target) and CAMEO root, each story counted once, */
/* with the outlets and sentences behind them. */
SELECT
  event_date,
  actor1_country_code AS source_country,
  actor2_country_code AS target_country,
  event_root_code,
  COUNT(*) AS events,
  SUM(num_sources) AS sources,
  SUM(num_mentions) AS mentions
FROM `diplowire.events`
WHERE
  NOT actor1_country_code IS NULL AND NOT actor2_country_code IS NULL
GROUP BY
  event_date,
  source_country,
  target_country,
  event_root_code;

CREATE OR REPLACE VIEW `diplowire.events_live` AS
/* Events with their counts recomputed from the mentions table ("live" counts, as GDELT's */
/* Mentions table gives them): the events table holds the counts as last written. */
SELECT
  e.event_id,
  e.event_date,
  e.story_id,
  e.actor1_code,
  e.actor1_country_code,
  e.actor2_code,
  e.actor2_country_code,
  e.event_code,
  e.event_root_code,
  e.quad_class,
  e.goldstein_scale,
  COUNT(*) AS num_mentions,
  COUNT(DISTINCT m.article_id) AS num_articles,
  COUNT(DISTINCT m.outlet) AS num_sources
FROM `diplowire.events` AS e
JOIN `diplowire.mentions` AS m
  ON m.event_id = e.event_id
GROUP BY
  e.event_id,
  e.event_date,
  e.story_id,
  e.actor1_code,
  e.actor1_country_code,
  e.actor2_code,
  e.actor2_country_code,
  e.event_code,
  e.event_root_code,
  e.quad_class,
  e.goldstein_scale;

CREATE OR REPLACE VIEW `diplowire.outlet_republishing` AS
/* Which outlets republish whom: copies of a story on another outlet than its lead's, per */
/* (original outlet, republishing outlet), with how close the copies stay to the original. */
SELECT
  s.lead_outlet AS original_outlet,
  a.outlet AS republished_by,
  COUNT(*) AS copies,
  ROUND(AVG(a.similarity_to_lead), 3) AS mean_similarity
FROM `diplowire.articles` AS a
JOIN `diplowire.stories` AS s
  ON s.story_id = a.story_id
WHERE
  NOT a.is_story_lead AND a.outlet <> s.lead_outlet
GROUP BY
  original_outlet,
  republished_by;

CREATE OR REPLACE VIEW `diplowire.top_stories` AS
/* The stories carried by the most outlets. */
SELECT
  story_id,
  story_date,
  title,
  lead_outlet,
  num_sources,
  num_articles,
  outlets
FROM `diplowire.stories`
ORDER BY
  num_sources DESC,
  num_articles DESC,
  story_date DESC,
  story_id
LIMIT 100;
