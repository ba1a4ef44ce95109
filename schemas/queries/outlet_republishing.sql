-- Which outlets republish whom: copies of a story on another outlet than its lead's, per
-- (original outlet, republishing outlet), with how close the copies stay to the original.
SELECT
  s.lead_outlet AS original_outlet,
  a.outlet AS republished_by,
  COUNT(*) AS copies,
  ROUND(AVG(a.similarity_to_lead), 3) AS mean_similarity
FROM articles AS a
JOIN stories AS s ON s.story_id = a.story_id
WHERE NOT a.is_story_lead AND a.outlet != s.lead_outlet
GROUP BY original_outlet, republished_by
