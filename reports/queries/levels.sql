-- Rows of the timeline: every level, leaders first.
SELECT level, level_rank FROM rpt_levels ORDER BY level_rank
