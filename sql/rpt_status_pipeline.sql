-- description: The status pipeline: each Japan–EU agreement, mechanism or initiative and every milestone it reached, in order, with the date each happened (not the date it was reported) and how long each step took. The milestones of rpt_milestone_states as known now.
-- grain: event_id, step_number
-- incremental: event_id
-- column step_number: 1 for the first milestone on the path, then 2, 3, … (ordered by step, then date).
-- column status: The milestone reached.
-- column party: The party that reached it alone (approved, ratified); empty when both sides did.
-- column happened_start: First day it happened; empty when no article dates it.
-- column happened_end: Last day it may have happened.
-- column happened_precision: Precision of that date.
-- column happened_text: That date as written.
-- column reported_on: Day the first claim reporting it became known.
-- column days_since_previous: Days between the happened dates of the previous milestone and this one; empty when either is not dated.
-- column is_current: True for the milestone that gives the event its current status.
WITH milestone_states AS (
    SELECT * FROM rpt_milestone_states
),

events AS (
    SELECT * FROM fct_events
),

final AS (
    SELECT
        milestones.event_id,
        events.title,
        events.event_type,
        events.level,
        milestones.step_number,
        milestones.status,
        milestones.party,
        milestones.happened_start,
        milestones.happened_end,
        milestones.happened_precision,
        milestones.happened_text,
        milestones.reported_on,
        milestones.days_since_previous,
        milestones.status = events.status AS is_current
    FROM milestone_states AS milestones
    INNER JOIN events ON events.event_id = milestones.event_id
    WHERE milestones.known_until IS NULL
)

SELECT * FROM final
