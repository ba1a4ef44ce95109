-- Events per day, country pair (source -> target) and CAMEO root, each story counted once,
-- with the outlets and sentences behind them.
SELECT
  event_date,
  actor1_country_code AS source_country,
  actor2_country_code AS target_country,
  event_root_code,
  COUNT(*) AS events,
  SUM(num_sources) AS sources,
  SUM(num_mentions) AS mentions
FROM events
WHERE actor1_country_code IS NOT NULL AND actor2_country_code IS NOT NULL
GROUP BY event_date, source_country, target_country, event_root_code
