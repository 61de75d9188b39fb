-- Meetings of one dialogue or hotline, numbered among those held, as known now.
SELECT event_id, title, level, status, date_start, date_end, date_precision, meeting_number, is_first_meeting
FROM rpt_dialogue_ladder
WHERE dialogue_id = $subject AND event_id <> $subject
ORDER BY meeting_number NULLS LAST, date_start NULLS LAST, event_id
