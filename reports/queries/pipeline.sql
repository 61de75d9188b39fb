-- Every status each agreement or mechanism reached by the period's end.
SELECT
    pipeline.event_id,
    pipeline.title,
    pipeline.status,
    pipeline.reached_on,
    pipeline.step_number,
    statuses.status_step
FROM rpt_status_pipeline AS pipeline
INNER JOIN rpt_statuses AS statuses ON statuses.status = pipeline.status
CROSS JOIN (SELECT * FROM rpt_periods WHERE period = $period) AS period
WHERE pipeline.reached_on <= period.period_end
ORDER BY pipeline.title, pipeline.step_number
LIMIT $limit
