-- Every agreement's or mechanism's milestones (subject: the agreement), in order, with the day each happened (only `$subjects`, when given).
SELECT event_id AS subject, *
FROM rpt_status_pipeline
WHERE $subjects IS NULL OR list_contains($subjects, event_id)
ORDER BY event_id, step_number
