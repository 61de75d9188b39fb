-- Meetings of dialogues and hotlines dated in the period, numbered among the meetings held by its end, as known then
-- (the first $limit by dialogue; meetings_in_period counts them all).
SELECT
    period,
    dialogue_id,
    dialogue_title,
    event_id,
    title,
    level,
    date_start,
    date_end,
    date_precision,
    meeting_number,
    is_first_meeting,
    count(*) OVER (PARTITION BY period) AS meetings_in_period
FROM rpt_period_dialogue_meetings
WHERE list_contains($periods, period) AND dated_in_period
QUALIFY row_number() OVER (PARTITION BY period ORDER BY dialogue_title, meeting_number, event_id) <= $limit
ORDER BY period, dialogue_title, meeting_number, event_id
