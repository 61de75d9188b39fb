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

-- One row per event and participant (the grain of fct_event_participants): events are counted without DISTINCT.
records AS (
    SELECT
        appearances.participant_id,
        count(events.event_id) FILTER (WHERE NOT events.is_context) AS cooperation_events,
        count(events.event_id) FILTER (WHERE events.is_context) AS context_events,
        min(events.date_start) AS first_appearance,
        max(events.date_end) AS last_appearance,
        string_agg(DISTINCT appearances.title_at_time, '; ' ORDER BY appearances.title_at_time) AS titles
    FROM appearances
    LEFT JOIN events ON events.event_id = appearances.event_id
    GROUP BY appearances.participant_id
),

final AS (
    SELECT
        participants.participant_id,
        participants.participant_name,
        participants.participant_kind,
        participants.side,
        coalesce(records.cooperation_events, 0) AS cooperation_events,
        coalesce(records.context_events, 0) AS context_events,
        records.first_appearance,
        records.last_appearance,
        records.titles
    FROM participants
    LEFT JOIN records ON records.participant_id = participants.participant_id
)

SELECT * FROM final
