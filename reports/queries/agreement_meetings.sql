-- Events linked to each agreement or mechanism (subject: the agreement; its meetings, its statement, what came out of it), as known now (only `$subjects`, when given).
SELECT
    links.linked_event_id AS subject,
    links.event_id,
    links.link_type,
    knowledge.title,
    knowledge.status,
    knowledge.date_start,
    knowledge.date_end,
    knowledge.date_precision,
    links.known_from
FROM rpt_event_links AS links
INNER JOIN rpt_event_knowledge AS knowledge ON knowledge.event_id = links.event_id AND knowledge.known_until IS NULL
WHERE $subjects IS NULL OR list_contains($subjects, links.linked_event_id)
ORDER BY subject, knowledge.date_start NULLS LAST, knowledge.title
