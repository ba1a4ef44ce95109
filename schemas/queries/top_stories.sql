-- The stories carried by the most outlets.
SELECT story_id, story_date, title, lead_outlet, num_sources, num_articles, outlets
FROM stories
ORDER BY num_sources DESC, num_articles DESC, story_date DESC, story_id
LIMIT 100
