-- The status vocabulary: what each status counts as (the colour of its label) and its step (the pipeline's axis).
SELECT status, status_step, status_phase FROM rpt_statuses ORDER BY status_step, status
