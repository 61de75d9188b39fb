-- description: Who was known, on a given day, to take part in each event, in which role and office: only participations whose claim had become known by then. Example: SELECT * FROM participants_as_known_on(DATE '2024-09-30').
-- parameters: as_of
SELECT *
FROM rpt_event_participants
WHERE known_from <= as_of
