-- description: Every milestone each Japan–EU agreement, mechanism or initiative had reached by the end of each period, with the date it happened as known then: the status pipeline of each period page.
-- grain: period, event_id, status, party_key
-- column period: The period (see rpt_periods).
-- column status: The milestone reached.
-- column party: The party that reached it alone; empty when both sides did.
-- column status_step: Step of the milestone on the path.
-- column step_number: Order of the milestone in the event's pipeline at the period's end.
-- column happened_start: First day it happened, as known at the period's end.
-- column happened_text: That date as written.
-- column reported_on: Day the first claim reporting it became known.
-- column days_since_previous: Days between the happened dates of the previous milestone and this one.
WITH milestone_knowledge AS (
    SELECT * FROM rpt_period_milestone_knowledge
),

events AS (
    SELECT * FROM fct_events
),

known_at_end AS (
    SELECT milestones.*
    FROM milestone_knowledge AS milestones
    INNER JOIN events ON events.event_id = milestones.event_id
    WHERE milestones.is_reached
      AND milestones.status_phase <> 'setback'
      AND NOT events.is_context
      AND events.event_type NOT IN ('meeting', 'summit', 'visit', 'port_call')
),

ordered AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY period, event_id ORDER BY status_step, happened_start NULLS LAST, party_key) AS step_number
    FROM known_at_end
),

final AS (
    SELECT
        ordered.period,
        ordered.event_id,
        events.curated_title AS title,
        ordered.status,
        ordered.party_key,
        ordered.party,
        ordered.status_step,
        CAST(ordered.step_number AS BIGINT) AS step_number,
        ordered.happened_start,
        ordered.happened_end,
        ordered.happened_precision,
        ordered.happened_text,
        ordered.reported_on,
        date_diff('day', lag(ordered.happened_start) OVER (PARTITION BY ordered.period, ordered.event_id ORDER BY ordered.step_number), ordered.happened_start) AS days_since_previous
    FROM ordered
    INNER JOIN events ON events.event_id = ordered.event_id
)

SELECT * FROM final
