-- The register of agreements and mechanisms at the period's end: each one's milestones with the day each happened.
SELECT
    event_id,
    title,
    string_agg(
        replace(status, '_', ' ') || coalesce(' by ' || party, '') || ' ('
        || coalesce(strftime(happened_start, '%Y-%m-%d'), 'date not reported') || ')',
        ' → ' ORDER BY step_number
    ) AS milestones
FROM rpt_period_milestones
WHERE period = $period
GROUP BY event_id, title
ORDER BY title
LIMIT $limit
