-- One agreement's or mechanism's milestones, in order, with the day each happened.
SELECT * FROM rpt_status_pipeline WHERE event_id = $subject ORDER BY step_number
