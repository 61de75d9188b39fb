-- Every person who took part in a Japan–EU or context event, as known now (only `$subjects`, when given).
SELECT
    participant_id,
    any_value(participant_name) AS participant_name,
    any_value(side) AS side,
    count(DISTINCT event_id) AS events
FROM rpt_event_participants
WHERE participant_kind = 'person' AND ($subjects IS NULL OR list_contains($subjects, participant_id))
GROUP BY participant_id
ORDER BY participant_id
