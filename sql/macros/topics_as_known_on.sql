-- description: Which topics each event was known, on a given day, to touch: only topics whose claim had become known by then. Example: SELECT * FROM topics_as_known_on(DATE '2023-09-30').
-- parameters: as_of
SELECT *
FROM rpt_event_topics
WHERE known_from <= as_of
