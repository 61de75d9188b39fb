-- Every person's record, as known now (subject: the participant): every event, the role and office held then, oldest first (only `$subjects`, when given).
SELECT
    people.participant_id AS subject,
    people.event_id,
    knowledge.title,
    knowledge.status,
    knowledge.status_phase,
    knowledge.date_start,
    knowledge.date_end,
    knowledge.date_precision,
    knowledge.location,
    knowledge.is_context,
    people.role,
    people.title_at_time,
    people.organisation_name,
    people.basis,
    people.known_from
FROM rpt_event_participants AS people
INNER JOIN rpt_event_knowledge AS knowledge ON knowledge.event_id = people.event_id AND knowledge.known_until IS NULL
WHERE people.participant_kind = 'person' AND ($subjects IS NULL OR list_contains($subjects, people.participant_id))
ORDER BY subject, knowledge.date_start NULLS LAST, knowledge.title
