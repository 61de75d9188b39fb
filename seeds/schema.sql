-- The contract of the seeds: one CREATE TABLE raw_<seed> per seeds/<seed>.csv, with types, keys,
-- references and rules, and a COMMENT on every table and column. Only CREATE TABLE and COMMENT ON
-- statements belong here. DuckDB enforces every rule when the seeds load.
--
-- Vocabularies are seeds too (statuses, levels, event_types, roles, participant_kinds, link_types,
-- modes): every value with its meaning; a wrong value is an error that lists the allowed ones.
-- Facts come from claims: an event's status, dates, place, participants, topics and links are each
-- tied to a claim (event_mentions.csv) and known from the publication date of its article.

CREATE TABLE raw_statuses (
    status      VARCHAR PRIMARY KEY CHECK (regexp_full_match(status, '[a-z_]+')),
    step        INTEGER NOT NULL CHECK (step BETWEEN 0 AND 100),
    track       VARCHAR NOT NULL CHECK (track IN ('any', 'meeting', 'agreement', 'mechanism', 'setback')),
    phase       VARCHAR NOT NULL CHECK (phase IN ('pending', 'done', 'setback')),
    description VARCHAR NOT NULL
);
COMMENT ON TABLE raw_statuses IS 'Status vocabulary: the milestones an event moves through, ordered by step (considered → proposed → negotiating → planned → held | agreed → signed → approved → ratified → provisionally_applied → in_force | established), and the setbacks.';
COMMENT ON COLUMN raw_statuses.status IS 'Status name as used in claims.';
COMMENT ON COLUMN raw_statuses.step IS 'Position on the path; an event''s status is the furthest step its claims report, unless a later setback is reported.';
COMMENT ON COLUMN raw_statuses.track IS 'Which kind of event the status belongs to: meeting, agreement, mechanism, any, or setback.';
COMMENT ON COLUMN raw_statuses.phase IS 'What the status means for counting: done (happened or delivered: counted as happened), pending (still to come: counted as announced), setback (postponed, cancelled, suspended, ended). Reports and their colours read it from here.';
COMMENT ON COLUMN raw_statuses.description IS 'What the status means.';

CREATE TABLE raw_levels (
    level       VARCHAR PRIMARY KEY CHECK (regexp_full_match(level, '[a-z-]+')),
    rank        INTEGER NOT NULL UNIQUE CHECK (rank BETWEEN 1 AND 9),
    description VARCHAR NOT NULL
);
COMMENT ON TABLE raw_levels IS 'Level vocabulary: the rank of the highest principals of an event, 1 = leaders.';
COMMENT ON COLUMN raw_levels.level IS 'Level name as used in events.';
COMMENT ON COLUMN raw_levels.rank IS 'Rank on the ladder of dialogue, 1 (leaders) to 6 (operational), 7 for an institution acting alone.';
COMMENT ON COLUMN raw_levels.description IS 'Who the principals are at this level.';

CREATE TABLE raw_event_types (
    event_type  VARCHAR PRIMARY KEY CHECK (regexp_full_match(event_type, '[a-z_]+')),
    description VARCHAR NOT NULL
);
COMMENT ON TABLE raw_event_types IS 'Event type vocabulary.';
COMMENT ON COLUMN raw_event_types.event_type IS 'Type name as used in events.';
COMMENT ON COLUMN raw_event_types.description IS 'What events of this type are.';

CREATE TABLE raw_roles (
    role        VARCHAR PRIMARY KEY CHECK (regexp_full_match(role, '[a-z_]+')),
    description VARCHAR NOT NULL
);
COMMENT ON TABLE raw_roles IS 'Vocabulary of the roles participants play in an event.';
COMMENT ON COLUMN raw_roles.role IS 'Role name as used in event_participants.';
COMMENT ON COLUMN raw_roles.description IS 'What the role means.';

CREATE TABLE raw_participant_kinds (
    kind        VARCHAR PRIMARY KEY CHECK (regexp_full_match(kind, '[a-z_]+')),
    description VARCHAR NOT NULL
);
COMMENT ON TABLE raw_participant_kinds IS 'Vocabulary of the kinds of participant.';
COMMENT ON COLUMN raw_participant_kinds.kind IS 'Kind name as used in participants.';
COMMENT ON COLUMN raw_participant_kinds.description IS 'What the kind covers.';

CREATE TABLE raw_link_types (
    link_type   VARCHAR PRIMARY KEY CHECK (regexp_full_match(link_type, '[a-z_]+')),
    description VARCHAR NOT NULL
);
COMMENT ON TABLE raw_link_types IS 'Vocabulary of the typed links between events.';
COMMENT ON COLUMN raw_link_types.link_type IS 'Link type as used in event_links.';
COMMENT ON COLUMN raw_link_types.description IS 'What the link says about the two events.';

CREATE TABLE raw_modes (
    mode        VARCHAR PRIMARY KEY CHECK (regexp_full_match(mode, '[a-z_]+')),
    description VARCHAR NOT NULL
);
COMMENT ON TABLE raw_modes IS 'Vocabulary of how a meeting takes place.';
COMMENT ON COLUMN raw_modes.mode IS 'Mode as used in claims.';
COMMENT ON COLUMN raw_modes.description IS 'What the mode means.';

CREATE TABLE raw_articles (
    article_id          VARCHAR PRIMARY KEY CHECK (regexp_full_match(article_id, '[0-9]{3}_[0-9a-f]{16}')),
    outlet              VARCHAR,
    wire                VARCHAR,
    story_id            VARCHAR CHECK (regexp_full_match(story_id, '[a-z0-9-]+')),
    url                 VARCHAR CHECK (regexp_full_match(url, 'https?://\S+')),
    language            VARCHAR NOT NULL CHECK (regexp_full_match(language, '[a-z]{2}')),
    published_date      DATE NOT NULL CHECK (published_date BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'),
    published_precision VARCHAR NOT NULL CHECK (published_precision IN ('day', 'month', 'year')),
    date_basis          VARCHAR NOT NULL,
    dateline            VARCHAR,
    headline            VARCHAR,
    note                VARCHAR,
    opening             VARCHAR,
    CHECK (published_precision = 'day' OR day(published_date) = 1),
    CHECK (published_precision <> 'year' OR month(published_date) = 1)
);
COMMENT ON TABLE raw_articles IS 'One row per source article (id = file stem of its text under sources/).';
COMMENT ON COLUMN raw_articles.article_id IS 'Source file stem, e.g. 000_c5158528375a78ba.';
COMMENT ON COLUMN raw_articles.outlet IS 'Outlet that carried the story, as the file says; empty when the file does not name it.';
COMMENT ON COLUMN raw_articles.wire IS 'News agency the story comes from, when the file says so.';
COMMENT ON COLUMN raw_articles.story_id IS 'Syndication: articles that carry the same wire story share a story_id and count once; empty for a story carried once.';
COMMENT ON COLUMN raw_articles.url IS 'Web address of the article, when known.';
COMMENT ON COLUMN raw_articles.language IS 'Language of the article (ISO 639-1, e.g. en, ja).';
COMMENT ON COLUMN raw_articles.published_date IS 'Publication date: every relative date in the article is resolved against it. For a month or a year, its first day.';
COMMENT ON COLUMN raw_articles.published_precision IS 'day, month or year: how precisely the publication date is known. What the article says counts as known from the last day of that span.';
COMMENT ON COLUMN raw_articles.date_basis IS 'How the publication date is known (in the text, from the web address, from weekday references).';
COMMENT ON COLUMN raw_articles.dateline IS 'Place in the dateline, when there is one.';
COMMENT ON COLUMN raw_articles.headline IS 'Headline as printed in the file; empty when the file carries none.';
COMMENT ON COLUMN raw_articles.note IS 'What a reader of the file should know (e.g. unrelated website text at the end).';
COMMENT ON COLUMN raw_articles.opening IS 'First words of the story, copied exactly from its text (checked), cited in place of a headline when the file has none.';

CREATE TABLE raw_participants (
    participant_id VARCHAR PRIMARY KEY CHECK (regexp_full_match(participant_id, '[a-z0-9-]+')),
    name           VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL REFERENCES raw_participant_kinds (kind),
    side           VARCHAR NOT NULL CHECK (side IN ('Japan', 'EU', 'third')),
    description    VARCHAR
);
COMMENT ON TABLE raw_participants IS 'People, organisations, states, territories and military units named in the articles. Unnamed officials are not invented.';
COMMENT ON COLUMN raw_participants.participant_id IS 'Stable slug, e.g. kishida-fumio.';
COMMENT ON COLUMN raw_participants.name IS 'Name as the articles give it.';
COMMENT ON COLUMN raw_participants.kind IS 'person, organisation, state, territory or military_unit (participant_kinds.csv).';
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
    event_id    VARCHAR PRIMARY KEY CHECK (regexp_full_match(event_id, '[a-z0-9-]+')),
    title       VARCHAR NOT NULL,
    event_type  VARCHAR NOT NULL REFERENCES raw_event_types (event_type),
    level       VARCHAR REFERENCES raw_levels (level),
    is_context  BOOLEAN NOT NULL,
    description VARCHAR
);
COMMENT ON TABLE raw_events IS 'One row per real-world event, agreement or mechanism: its identity and the labels curators give it. Everything else about it (status, dates, place, participants, topics, links) comes from claims. Context events (is_context) explain Japan–EU moves but are not Japan–EU cooperation.';
COMMENT ON COLUMN raw_events.event_id IS 'Stable slug, e.g. summit-2023-07-brussels.';
COMMENT ON COLUMN raw_events.title IS 'Short title (a curated label, shown from the first claim about the event).';
COMMENT ON COLUMN raw_events.event_type IS 'Kind of event (event_types.csv).';
COMMENT ON COLUMN raw_events.level IS 'Level of the highest principals (levels.csv); empty when none applies or the articles do not say.';
COMMENT ON COLUMN raw_events.is_context IS 'True for context events (a NATO summit, a missile test): never counted as Japan–EU cooperation.';
COMMENT ON COLUMN raw_events.description IS 'What happened or is planned, and caveats of the sources (curated, for readers).';

CREATE TABLE raw_event_mentions (
    mention_id     VARCHAR PRIMARY KEY CHECK (regexp_full_match(mention_id, 'm[0-9]{3,9}')),
    event_id       VARCHAR NOT NULL REFERENCES raw_events (event_id),
    article_id     VARCHAR NOT NULL REFERENCES raw_articles (article_id),
    claimed_status VARCHAR NOT NULL REFERENCES raw_statuses (status),
    expected       BOOLEAN NOT NULL,
    party          VARCHAR,
    date_text      VARCHAR,
    date_start     DATE CHECK (date_start BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'),
    date_end       DATE CHECK (date_end BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'),
    date_precision VARCHAR NOT NULL CHECK (date_precision IN ('day', 'range', 'month', 'quarter', 'year', 'unknown')),
    location       VARCHAR,
    mode           VARCHAR REFERENCES raw_modes (mode),
    cited_source   VARCHAR,
    quote          VARCHAR NOT NULL CHECK (length(quote) BETWEEN 10 AND 400),
    CHECK (date_end >= date_start),
    CHECK (date_precision <> 'day' OR date_start = date_end),
    CHECK ((date_precision = 'unknown') = (date_start IS NULL AND date_end IS NULL))
);
COMMENT ON TABLE raw_event_mentions IS 'One row per claim an article makes about an event: the milestone it reports (done or expected), when and where it happened or is to happen as written and as resolved, who is cited, and a short quote.';
COMMENT ON COLUMN raw_event_mentions.mention_id IS 'Claim id, m001, m002, … (m and 3 to 9 digits: its number orders the claims)';
COMMENT ON COLUMN raw_event_mentions.event_id IS 'The event the claim is about.';
COMMENT ON COLUMN raw_event_mentions.article_id IS 'The article that makes the claim.';
COMMENT ON COLUMN raw_event_mentions.claimed_status IS 'The milestone the claim reports (statuses.csv): held, agreed, signed, ratified, …';
COMMENT ON COLUMN raw_event_mentions.expected IS 'True when the article says the milestone is still to come ("will sign on Tuesday", "scheduled for July 13"); false when it happened or holds now.';
COMMENT ON COLUMN raw_event_mentions.party IS 'For a milestone one party reaches alone (approved, ratified): which party (Japan, EU); empty otherwise.';
COMMENT ON COLUMN raw_event_mentions.date_text IS 'The date as written in the article ("as early as Wednesday").';
COMMENT ON COLUMN raw_event_mentions.date_start IS 'When the milestone happened (or is to happen): the written date resolved against the publication date, first possible day.';
COMMENT ON COLUMN raw_event_mentions.date_end IS 'The written date resolved: last possible day.';
COMMENT ON COLUMN raw_event_mentions.date_precision IS 'day, range, month, quarter, year or unknown.';
COMMENT ON COLUMN raw_event_mentions.location IS 'Place of the event as the article gives it; empty when it does not.';
COMMENT ON COLUMN raw_event_mentions.mode IS 'How the meeting takes place (modes.csv): in_person, phone, video, sidelines, written; empty when the article does not say.';
COMMENT ON COLUMN raw_event_mentions.cited_source IS 'Who the article cites for the claim, as it words it ("a senior EU official"); empty when uncited.';
COMMENT ON COLUMN raw_event_mentions.quote IS 'Short quote from the article supporting the claim; fragments of one sentence are joined by …';

CREATE TABLE raw_event_participants (
    event_id        VARCHAR NOT NULL REFERENCES raw_events (event_id),
    participant_id  VARCHAR NOT NULL REFERENCES raw_participants (participant_id),
    mention_id      VARCHAR NOT NULL REFERENCES raw_event_mentions (mention_id),
    role            VARCHAR NOT NULL REFERENCES raw_roles (role),
    title_at_time   VARCHAR,
    organisation_id VARCHAR REFERENCES raw_participants (participant_id),
    basis           VARCHAR NOT NULL CHECK (basis IN ('stated', 'curated')),
    PRIMARY KEY (event_id, participant_id)
);
COMMENT ON TABLE raw_event_participants IS 'Who took part in an event, in which role and office at the time, each resting on a claim: known from the publication date of that claim''s article.';
COMMENT ON COLUMN raw_event_participants.event_id IS 'The event.';
COMMENT ON COLUMN raw_event_participants.participant_id IS 'The participant.';
COMMENT ON COLUMN raw_event_participants.mention_id IS 'The claim (about the same event) that names the participant, or that a curated link rests on.';
COMMENT ON COLUMN raw_event_participants.role IS 'Role in the event (roles.csv).';
COMMENT ON COLUMN raw_event_participants.title_at_time IS 'Office held at the time of the event, as the articles give it.';
COMMENT ON COLUMN raw_event_participants.organisation_id IS 'Organisation the participant represented at the time.';
COMMENT ON COLUMN raw_event_participants.basis IS 'stated: the article names the participant; curated: a curator''s judgement resting on the claim (shown as curated).';

CREATE TABLE raw_event_topics (
    event_id   VARCHAR NOT NULL REFERENCES raw_events (event_id),
    topic_id   VARCHAR NOT NULL REFERENCES raw_topics (topic_id),
    mention_id VARCHAR NOT NULL REFERENCES raw_event_mentions (mention_id),
    basis      VARCHAR NOT NULL CHECK (basis IN ('stated', 'curated')),
    PRIMARY KEY (event_id, topic_id)
);
COMMENT ON TABLE raw_event_topics IS 'Topics an event touches, each resting on a claim: known from the publication date of that claim''s article.';
COMMENT ON COLUMN raw_event_topics.event_id IS 'The event.';
COMMENT ON COLUMN raw_event_topics.topic_id IS 'A topic, usually a second-level one.';
COMMENT ON COLUMN raw_event_topics.mention_id IS 'The claim (about the same event) whose article links the event to the topic.';
COMMENT ON COLUMN raw_event_topics.basis IS 'stated: the article names the topic; curated: a curator''s reading of the article (shown as curated).';

CREATE TABLE raw_event_links (
    event_id        VARCHAR NOT NULL REFERENCES raw_events (event_id),
    link_type       VARCHAR NOT NULL REFERENCES raw_link_types (link_type),
    linked_event_id VARCHAR NOT NULL REFERENCES raw_events (event_id),
    mention_id      VARCHAR NOT NULL REFERENCES raw_event_mentions (mention_id),
    basis           VARCHAR NOT NULL CHECK (basis IN ('stated', 'curated')),
    PRIMARY KEY (event_id, link_type, linked_event_id),
    CHECK (linked_event_id <> event_id)
);
COMMENT ON TABLE raw_event_links IS 'Typed links between events (part_of, outcome_of, follow_up_of, on_sidelines_of, rescheduled_as, same_as), as many as needed, each resting on a claim.';
COMMENT ON COLUMN raw_event_links.event_id IS 'The event the link starts from.';
COMMENT ON COLUMN raw_event_links.link_type IS 'What the link says (link_types.csv).';
COMMENT ON COLUMN raw_event_links.linked_event_id IS 'The event linked to.';
COMMENT ON COLUMN raw_event_links.mention_id IS 'The claim (about event_id) whose article makes the link.';
COMMENT ON COLUMN raw_event_links.basis IS 'stated: the article makes the link; curated: a curator''s judgement resting on the claim.';

CREATE TABLE raw_event_labels (
    event_id   VARCHAR NOT NULL REFERENCES raw_events (event_id),
    mention_id VARCHAR NOT NULL REFERENCES raw_event_mentions (mention_id),
    title      VARCHAR,
    event_type VARCHAR REFERENCES raw_event_types (event_type),
    level      VARCHAR REFERENCES raw_levels (level),
    basis      VARCHAR NOT NULL CHECK (basis IN ('stated', 'curated')),
    PRIMARY KEY (event_id, mention_id),
    CHECK (title IS NOT NULL OR event_type IS NOT NULL OR level IS NOT NULL)
);
COMMENT ON TABLE raw_event_labels IS 'A change of an event''s title, type or level that a later claim brings (an agreement renamed, talks raised to ministerial level): known from that claim''s day. Until then the labels of events.csv hold.';
COMMENT ON COLUMN raw_event_labels.event_id IS 'The event relabelled.';
COMMENT ON COLUMN raw_event_labels.mention_id IS 'The claim (about the same event) that brings the change.';
COMMENT ON COLUMN raw_event_labels.title IS 'The new title; empty when it does not change.';
COMMENT ON COLUMN raw_event_labels.event_type IS 'The new type (event_types.csv); empty when it does not change.';
COMMENT ON COLUMN raw_event_labels.level IS 'The new level (levels.csv); empty when it does not change.';
COMMENT ON COLUMN raw_event_labels.basis IS 'stated: the article gives the new label; curated: a curator''s reading of it.';
