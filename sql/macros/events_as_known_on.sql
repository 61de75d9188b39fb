-- description: Every event as it was known on a given day: status, dates, place, mode and labels from the claims that had become known by then — the definition every "as known at the end of the period" report uses. known_from is the day this knowledge became known; when it will change is left out, since that was not known on the day. Example: SELECT * FROM events_as_known_on(DATE '2023-09-30').
-- parameters: as_of
SELECT * EXCLUDE (known_until)
FROM rpt_event_knowledge
WHERE known_from <= as_of
  AND (known_until IS NULL OR known_until > as_of)
