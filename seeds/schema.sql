-- The contract of the seeds: one CREATE TABLE per seeds/<name>.csv, loaded as raw_<name>.
-- Column order here is the column order of the CSV header. DuckDB evaluates every rule below on
-- load (types, NOT NULL, PRIMARY KEY, UNIQUE, REFERENCES, CHECK); a row that breaks one is reported
-- as seeds/<file>.csv:<line>:<column> and nothing is published.

CREATE TABLE raw_statuses (
    status      VARCHAR PRIMARY KEY CHECK (status IN (
                    'considered', 'proposed', 'negotiating', 'planned', 'held', 'agreed',
                    'signed', 'ratified', 'in_force', 'established', 'postponed', 'cancelled')),
    step        INTEGER NOT NULL CHECK (step BETWEEN 0 AND 100),
    track       VARCHAR NOT NULL CHECK (track IN ('any', 'meeting', 'agreement', 'mechanism', 'setback')),
    phase       VARCHAR NOT NULL CHECK (phase IN ('pending', 'done', 'setback')),
    description VARCHAR NOT NULL
);
COMMENT ON TABLE raw_statuses IS 'Status vocabulary, ordered by step: considered → proposed → negotiating → planned → held | agreed → signed → ratified → in_force | established; postponed and cancelled are setbacks.';
COMMENT ON COLUMN raw_statuses.status IS 'Status name as used in events and mentions.';
COMMENT ON COLUMN raw_statuses.step IS 'Position on the path; a status never moves to a lower step unless a source reports a setback.';
COMMENT ON COLUMN raw_statuses.track IS 'Which kind of event the status belongs to: meeting, agreement, mechanism, any, or setback.';
COMMENT ON COLUMN raw_statuses.phase IS 'What the status means for counting: done (happened or delivered: counted as happened), pending (still to come: counted as announced), setback (postponed or cancelled). Reports and their colours read it from here.';
COMMENT ON COLUMN raw_statuses.description IS 'What the status means.';

CREATE TABLE raw_levels (
    level       VARCHAR PRIMARY KEY CHECK (level IN (
                    'leaders', 'ministerial', 'vice-ministerial', 'director-general', 'working', 'operational')),
    rank        INTEGER NOT NULL UNIQUE CHECK (rank BETWEEN 1 AND 9),
    description VARCHAR NOT NULL
);
COMMENT ON TABLE raw_levels IS 'Level vocabulary: the rank of the highest principals of an event, 1 = leaders.';
COMMENT ON COLUMN raw_levels.level IS 'Level name as used in events.';
COMMENT ON COLUMN raw_levels.rank IS 'Rank on the ladder of dialogue, 1 (leaders) to 6 (operational).';
COMMENT ON COLUMN raw_levels.description IS 'Who the principals are at this level.';

CREATE TABLE raw_articles (
    article_id     VARCHAR PRIMARY KEY CHECK (regexp_full_match(article_id, '[0-9]{3}_[0-9a-f]{16}')),
    outlet         VARCHAR,
    wire           VARCHAR,
    published_date DATE NOT NULL CHECK (published_date BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'),
    date_basis     VARCHAR NOT NULL,
    dateline       VARCHAR,
    headline       VARCHAR,
    note           VARCHAR
);
COMMENT ON TABLE raw_articles IS 'One row per source article in shared/sources/ (id = file stem).';
COMMENT ON COLUMN raw_articles.article_id IS 'Source file stem, e.g. 000_c5158528375a78ba.';
COMMENT ON COLUMN raw_articles.outlet IS 'Outlet that carried the story, as the file says; empty when the file does not name it.';
COMMENT ON COLUMN raw_articles.wire IS 'News agency the story comes from, when the file says so.';
COMMENT ON COLUMN raw_articles.published_date IS 'Publication date: every relative date in the article is resolved against it.';
COMMENT ON COLUMN raw_articles.date_basis IS 'How the publication date is known (in the text, from the web address, from weekday references).';
COMMENT ON COLUMN raw_articles.dateline IS 'Place in the dateline, when there is one.';
COMMENT ON COLUMN raw_articles.headline IS 'Headline as printed in the file; empty when the file carries none.';
COMMENT ON COLUMN raw_articles.note IS 'What a reader of the file should know (e.g. unrelated website text at the end).';

CREATE TABLE raw_participants (
    participant_id VARCHAR PRIMARY KEY CHECK (regexp_full_match(participant_id, '[a-z0-9-]+')),
    name           VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL CHECK (kind IN ('person', 'organisation', 'state', 'military_unit')),
    side           VARCHAR NOT NULL CHECK (side IN ('Japan', 'EU', 'third')),
    description    VARCHAR
);
COMMENT ON TABLE raw_participants IS 'People, organisations, states and military units named in the articles. Unnamed officials are not invented.';
COMMENT ON COLUMN raw_participants.participant_id IS 'Stable slug, e.g. kishida-fumio.';
COMMENT ON COLUMN raw_participants.name IS 'Name as the articles give it.';
COMMENT ON COLUMN raw_participants.kind IS 'person, organisation, state or military_unit.';
COMMENT ON COLUMN raw_participants.side IS 'Japan, EU (institutions and member states) or third.';
COMMENT ON COLUMN raw_participants.description IS 'Short description from the articles.';

CREATE TABLE raw_topics (
    topic_id        VARCHAR PRIMARY KEY CHECK (regexp_full_match(topic_id, '[a-z0-9-]+')),
    label           VARCHAR NOT NULL,
    parent_topic_id VARCHAR REFERENCES raw_topics (topic_id),
    description     VARCHAR,
    CHECK (parent_topic_id IS NULL OR parent_topic_id <> topic_id)
);
COMMENT ON TABLE raw_topics IS 'Two-level topic taxonomy: top-level topics have no parent.';
COMMENT ON COLUMN raw_topics.topic_id IS 'Stable slug, e.g. maritime-security.';
COMMENT ON COLUMN raw_topics.label IS 'Label shown in reports.';
COMMENT ON COLUMN raw_topics.parent_topic_id IS 'Top-level topic this topic belongs to; empty for a top-level topic.';
COMMENT ON COLUMN raw_topics.description IS 'What the topic covers.';

CREATE TABLE raw_events (
    event_id         VARCHAR PRIMARY KEY CHECK (regexp_full_match(event_id, '[a-z0-9-]+')),
    title            VARCHAR NOT NULL,
    event_type       VARCHAR NOT NULL CHECK (event_type IN (
                         'meeting', 'visit', 'summit', 'dialogue', 'hotline', 'agreement', 'memorandum',
                         'statement', 'exercise', 'policy', 'programme', 'military_activity',
                         'missile_test', 'leadership_change')),
    level            VARCHAR REFERENCES raw_levels (level),
    status           VARCHAR NOT NULL REFERENCES raw_statuses (status),
    date_start       DATE CHECK (date_start BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'),
    date_end         DATE CHECK (date_end BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'),
    date_precision   VARCHAR NOT NULL CHECK (date_precision IN ('day', 'range', 'month', 'quarter', 'year', 'unknown')),
    location         VARCHAR,
    is_context       BOOLEAN NOT NULL,
    part_of_event_id VARCHAR REFERENCES raw_events (event_id),
    description      VARCHAR,
    CHECK (date_end >= date_start),
    CHECK (date_precision <> 'day' OR date_start = date_end),
    CHECK ((date_precision = 'unknown') = (date_start IS NULL AND date_end IS NULL)),
    CHECK (part_of_event_id IS NULL OR part_of_event_id <> event_id)
);
COMMENT ON TABLE raw_events IS 'One row per real-world event or milestone. Context events (is_context) explain Japan–EU moves but are not Japan–EU cooperation.';
COMMENT ON COLUMN raw_events.event_id IS 'Stable slug, e.g. summit-2023-07-brussels.';
COMMENT ON COLUMN raw_events.title IS 'Short title.';
COMMENT ON COLUMN raw_events.event_type IS 'meeting, visit, summit, dialogue, hotline, agreement, memorandum, statement, exercise, policy, programme, military_activity, missile_test or leadership_change.';
COMMENT ON COLUMN raw_events.level IS 'Level of the highest principals; empty when none applies or the articles do not say.';
COMMENT ON COLUMN raw_events.status IS 'Status as of the latest source; must equal the status derived from the mentions (a data test checks it).';
COMMENT ON COLUMN raw_events.date_start IS 'First day the event (best known date) may fall on.';
COMMENT ON COLUMN raw_events.date_end IS 'Last day the event may fall on; equal to date_start for a known day.';
COMMENT ON COLUMN raw_events.date_precision IS 'day, range, month, quarter, year or unknown.';
COMMENT ON COLUMN raw_events.location IS 'Place as the articles give it.';
COMMENT ON COLUMN raw_events.is_context IS 'True for context events (a NATO summit, a missile test): never counted as Japan–EU cooperation.';
COMMENT ON COLUMN raw_events.part_of_event_id IS 'The dialogue, summit or agreement this event belongs to (a meeting of a dialogue series, a dialogue set up by an agreement).';
COMMENT ON COLUMN raw_events.description IS 'What happened or is planned, and caveats of the sources.';

CREATE TABLE raw_event_mentions (
    mention_id     VARCHAR PRIMARY KEY CHECK (regexp_full_match(mention_id, 'm[0-9]{3,}')),
    event_id       VARCHAR NOT NULL REFERENCES raw_events (event_id),
    article_id     VARCHAR NOT NULL REFERENCES raw_articles (article_id),
    claimed_status VARCHAR NOT NULL REFERENCES raw_statuses (status),
    date_text      VARCHAR,
    date_start     DATE CHECK (date_start BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'),
    date_end       DATE CHECK (date_end BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'),
    date_precision VARCHAR NOT NULL CHECK (date_precision IN ('day', 'range', 'month', 'quarter', 'year', 'unknown')),
    cited_source   VARCHAR,
    quote          VARCHAR NOT NULL CHECK (length(quote) BETWEEN 10 AND 400),
    CHECK (date_end >= date_start),
    CHECK (date_precision <> 'day' OR date_start = date_end),
    CHECK ((date_precision = 'unknown') = (date_start IS NULL AND date_end IS NULL))
);
COMMENT ON TABLE raw_event_mentions IS 'One row per claim an article makes about an event: the status it reports, the date as written and as resolved, who is cited, and a short quote.';
COMMENT ON COLUMN raw_event_mentions.mention_id IS 'Claim id, m001, m002, …';
COMMENT ON COLUMN raw_event_mentions.event_id IS 'The event the claim is about.';
COMMENT ON COLUMN raw_event_mentions.article_id IS 'The article that makes the claim.';
COMMENT ON COLUMN raw_event_mentions.claimed_status IS 'Status of the event as the article reports it.';
COMMENT ON COLUMN raw_event_mentions.date_text IS 'The date as written in the article ("as early as Wednesday").';
COMMENT ON COLUMN raw_event_mentions.date_start IS 'The written date resolved against the publication date: first possible day.';
COMMENT ON COLUMN raw_event_mentions.date_end IS 'The written date resolved: last possible day.';
COMMENT ON COLUMN raw_event_mentions.date_precision IS 'day, range, month, quarter, year or unknown.';
COMMENT ON COLUMN raw_event_mentions.cited_source IS 'Who the article cites for the claim, as it words it ("a senior EU official"); empty when uncited.';
COMMENT ON COLUMN raw_event_mentions.quote IS 'Short quote from the article supporting the claim.';

CREATE TABLE raw_event_participants (
    event_id        VARCHAR NOT NULL REFERENCES raw_events (event_id),
    participant_id  VARCHAR NOT NULL REFERENCES raw_participants (participant_id),
    role            VARCHAR NOT NULL CHECK (role IN ('principal', 'party', 'host', 'attendee')),
    title_at_time   VARCHAR,
    organisation_id VARCHAR REFERENCES raw_participants (participant_id),
    PRIMARY KEY (event_id, participant_id)
);
COMMENT ON TABLE raw_event_participants IS 'Who took part in (or is a party to) each event, with role and office at the time of the event.';
COMMENT ON COLUMN raw_event_participants.event_id IS 'The event.';
COMMENT ON COLUMN raw_event_participants.participant_id IS 'The participant.';
COMMENT ON COLUMN raw_event_participants.role IS 'principal (a named person leading), party (a state or body taking part), host, or attendee.';
COMMENT ON COLUMN raw_event_participants.title_at_time IS 'Office or title at the time of the event, as the article gives it.';
COMMENT ON COLUMN raw_event_participants.organisation_id IS 'Organisation the person served at the time of the event.';

CREATE TABLE raw_event_topics (
    event_id VARCHAR NOT NULL REFERENCES raw_events (event_id),
    topic_id VARCHAR NOT NULL REFERENCES raw_topics (topic_id),
    PRIMARY KEY (event_id, topic_id)
);
COMMENT ON TABLE raw_event_topics IS 'Which topics each event touches, as the articles describe it.';
COMMENT ON COLUMN raw_event_topics.event_id IS 'The event.';
COMMENT ON COLUMN raw_event_topics.topic_id IS 'The topic (leaf or top level).';
