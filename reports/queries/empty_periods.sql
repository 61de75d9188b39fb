-- Periods with nothing to say about Japan–EU cooperation (no event dated in them or reported during them, as known at their end): no page is made.
SELECT period FROM rpt_period_summary
WHERE NOT has_events AND period_kind <> 'all'
ORDER BY period_start, period_kind DESC
