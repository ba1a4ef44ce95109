-- Events with their counts recomputed from the mentions table ("live" counts, as GDELT's
-- Mentions table gives them): the events table holds the counts as last written.
SELECT
  e.event_id, e.event_date, e.story_id,
  e.actor1_code, e.actor1_country_code, e.actor2_code, e.actor2_country_code,
  e.event_code, e.event_root_code, e.quad_class, e.goldstein_scale,
  COUNT(*) AS num_mentions,
  COUNT(DISTINCT m.article_id) AS num_articles,
  COUNT(DISTINCT m.outlet) AS num_sources
FROM events AS e
JOIN mentions AS m ON m.event_id = e.event_id
GROUP BY
  e.event_id, e.event_date, e.story_id,
  e.actor1_code, e.actor1_country_code, e.actor2_code, e.actor2_country_code,
  e.event_code, e.event_root_code, e.quad_class, e.goldstein_scale
