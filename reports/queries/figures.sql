-- The headline figures of one period: the same row the index shows for it.
SELECT * FROM rpt_period_summary WHERE period = $period
