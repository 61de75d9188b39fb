-- Meetings of each dialogue or hotline (subject: the dialogue), numbered among those held, as known now (only `$subjects`, when given).
SELECT dialogue_id AS subject, event_id, title, level, status, date_start, date_end, date_precision, meeting_number, is_first_meeting
FROM rpt_dialogue_ladder
WHERE event_id <> dialogue_id AND ($subjects IS NULL OR list_contains($subjects, dialogue_id))
ORDER BY subject, meeting_number NULLS LAST, date_start NULLS LAST, event_id
