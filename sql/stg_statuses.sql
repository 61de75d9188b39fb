-- description: Status vocabulary with its order on the path from considered to in force.
-- grain: status
-- test: accepted_values(status_phase, 'pending', 'done', 'setback')
-- column status: Status name.
-- column status_step: Position on the path; higher is further along. Setbacks have step 0.
-- column status_track: meeting, agreement, mechanism, any, or setback.
-- column status_phase: done (happened or delivered), pending (still to come) or setback (postponed, cancelled).
-- column status_description: What the status means.
WITH statuses AS (
    SELECT * FROM raw_statuses
),

final AS (
    SELECT
        status,
        step AS status_step,
        track AS status_track,
        phase AS status_phase,
        description AS status_description
    FROM statuses
)

SELECT * FROM final
