-- description: A participant, topic, link or change of label rests on a claim about the same event. Read from the staged rows, so that it sees every row whichever models a build updates in place.
WITH rested AS (
    SELECT event_id, mention_id FROM stg_event_participants
    UNION ALL
    SELECT event_id, mention_id FROM stg_event_topics
    UNION ALL
    SELECT event_id, mention_id FROM stg_event_links
    UNION ALL
    SELECT event_id, mention_id FROM stg_event_labels
),

final AS (
    SELECT
        rested.event_id,
        rested.mention_id,
        mentions.event_id AS claim_event_id
    FROM rested
    INNER JOIN int_mentions_dated AS mentions ON mentions.mention_id = rested.mention_id
    WHERE mentions.event_id <> rested.event_id
)

SELECT * FROM final
