-- Meetings of dialogues and hotlines dated in the period, numbered among the meetings held by its end, as known then.
SELECT period, dialogue_id, dialogue_title, event_id, title, level, date_start, date_end, date_precision, meeting_number, is_first_meeting
FROM rpt_period_dialogue_meetings
WHERE period IN (SELECT unnest($periods)) AND dated_in_period
ORDER BY period, dialogue_title, meeting_number
