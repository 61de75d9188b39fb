-- Every person's record, as known now (subject: the participant): the first $limit events, oldest first, with the role and office
-- held then and how many events there are in all (only `$subjects`, when given).
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
    people.known_from,
    count(*) OVER (PARTITION BY people.participant_id) AS events_in_all
FROM rpt_event_participants AS people
INNER JOIN rpt_event_knowledge AS knowledge ON knowledge.event_id = people.event_id AND knowledge.known_until IS NULL
WHERE people.participant_kind = 'person' AND ($subjects IS NULL OR list_contains($subjects, people.participant_id))
QUALIFY row_number() OVER (PARTITION BY people.participant_id ORDER BY knowledge.date_start NULLS LAST, knowledge.title, people.event_id) <= $limit
ORDER BY subject, knowledge.date_start NULLS LAST, knowledge.title, people.event_id
