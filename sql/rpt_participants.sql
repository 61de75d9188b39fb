-- description: Each participant's record: Japan–EU events taken part in, offices held at the time, first and last appearance.
-- grain: participant_id
-- column cooperation_events: Japan–EU events the participant took part in.
-- column context_events: Context events the participant appears in.
-- column first_appearance: Date of the earliest event (as best known).
-- column last_appearance: Date of the latest event (as best known).
-- column titles: Offices held at the time of those events.
WITH participants AS (
    SELECT * FROM dim_participants
),

appearances AS (
    SELECT * FROM fct_event_participants
),

events AS (
    SELECT * FROM fct_events
),

final AS (
    SELECT
        participants.participant_id,
        participants.participant_name,
        participants.participant_kind,
        participants.side,
        count(DISTINCT events.event_id) FILTER (WHERE NOT events.is_context) AS cooperation_events,
        count(DISTINCT events.event_id) FILTER (WHERE events.is_context) AS context_events,
        min(events.date_start) AS first_appearance,
        max(events.date_end) AS last_appearance,
        string_agg(DISTINCT appearances.title_at_time, '; ' ORDER BY appearances.title_at_time) AS titles
    FROM participants
    LEFT JOIN appearances ON appearances.participant_id = participants.participant_id
    LEFT JOIN events ON events.event_id = appearances.event_id
    GROUP BY ALL
)

SELECT * FROM final
