-- Every claim about each agreement or mechanism (subject: the event), oldest first: the history of what was said about it.
SELECT event_id AS subject, *
FROM rpt_event_sources
WHERE event_id IN (SELECT event_id FROM rpt_agreement_register)
ORDER BY event_id, known_from, mention_number
