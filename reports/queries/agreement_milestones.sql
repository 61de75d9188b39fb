-- Every agreement's or mechanism's milestones (subject: the agreement), in order, with the day each happened.
SELECT event_id AS subject, * FROM rpt_status_pipeline ORDER BY event_id, step_number
