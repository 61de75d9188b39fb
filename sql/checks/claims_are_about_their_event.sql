-- description: A participant, topic or link rests on a claim about the same event.
SELECT
    event_id,
    mention_id,
    claim_event_id
FROM fct_event_participants
WHERE claim_event_id <> event_id
UNION ALL
SELECT
    event_id,
    mention_id,
    claim_event_id
FROM fct_event_topics
WHERE claim_event_id <> event_id
UNION ALL
SELECT
    event_id,
    mention_id,
    claim_event_id
FROM fct_event_links
WHERE claim_event_id <> event_id
