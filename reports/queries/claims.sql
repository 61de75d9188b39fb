-- Every claim about one event, oldest first: the history of what was said about it.
SELECT * FROM rpt_event_sources WHERE event_id = $subject ORDER BY known_from, mention_number
