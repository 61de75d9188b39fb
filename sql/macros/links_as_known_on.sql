-- description: The links between events known on a given day: only links whose claim had become known by then. Example: SELECT * FROM links_as_known_on(DATE '2024-09-30').
-- parameters: as_of
SELECT *
FROM rpt_event_links
WHERE known_from <= as_of
