-- Cooperation-conflict index per week and country pair (either direction): the Goldstein
-- values of the pair's events, weighted by how many outlets reported each (-10 conflict,
-- +10 cooperation), with the counts of cooperative and conflictual events.
SELECT
  CAST(DATE_TRUNC(event_date, WEEK(MONDAY)) AS DATE) AS week,
  LEAST(actor1_country_code, actor2_country_code) AS country_a,
  GREATEST(actor1_country_code, actor2_country_code) AS country_b,
  COUNT(*) AS events,
  ROUND(SUM(goldstein_scale * num_sources) / SUM(num_sources), 2) AS goldstein_index,
  COUNTIF(quad_class IN (1, 2)) AS cooperative_events,
  COUNTIF(quad_class IN (3, 4)) AS conflictual_events
FROM events
WHERE actor1_country_code IS NOT NULL AND actor2_country_code IS NOT NULL
  AND actor1_country_code != actor2_country_code
GROUP BY week, country_a, country_b
