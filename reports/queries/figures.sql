-- The headline figures of each period: the same row the index shows for it.
SELECT * FROM rpt_period_summary WHERE list_contains($periods, period)
