-- Every claim about each agreement or mechanism (subject: the event), oldest first: the history of what was said about it (only `$subjects`, when given).
SELECT event_id AS subject, *
FROM rpt_event_sources
WHERE event_id IN (SELECT event_id FROM rpt_agreement_register) AND ($subjects IS NULL OR list_contains($subjects, event_id))
ORDER BY event_id, known_from, mention_number
