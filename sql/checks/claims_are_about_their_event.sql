-- description: A participant, topic, link or change of label rests on a claim about the same event.
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
UNION ALL
SELECT
    labels.event_id,
    labels.mention_id,
    mentions.event_id AS claim_event_id
FROM stg_event_labels AS labels
INNER JOIN int_mentions_dated AS mentions ON mentions.mention_id = labels.mention_id
WHERE mentions.event_id <> labels.event_id
