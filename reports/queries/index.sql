-- Every period with something to report, in order, with its headline figures; all comes last.
SELECT * FROM rpt_period_summary
WHERE has_events OR period_kind = 'all'
ORDER BY period_kind = 'all', period_start, period_kind DESC
