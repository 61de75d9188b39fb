-- Every milestone each agreement or mechanism had reached by the period's end, with the date it happened as known then.
SELECT * FROM rpt_period_milestones
WHERE period = $period
ORDER BY title, step_number
LIMIT $limit
