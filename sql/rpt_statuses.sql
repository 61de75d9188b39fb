-- description: The status vocabulary as reports show it: order, track and what each status counts as.
-- grain: status
-- column status: Status name.
-- column status_step: Position on the path; higher is further along.
-- column status_track: meeting, agreement, mechanism, any, or setback.
-- column status_phase: done, pending or setback: what the status counts as, and its colour in reports.
-- column status_description: What the status means.
WITH statuses AS (
    SELECT * FROM stg_statuses
),

final AS (
    SELECT
        status,
        status_step,
        status_track,
        status_phase,
        status_description
    FROM statuses
)

SELECT * FROM final
