-- +goose Up
-- The Migrant Council's members and their terms, its settings, and its meetings:
-- the agenda with papers and the proposals discussed, invitations and attendance,
-- decisions with their votes (a chair election is a decision with a tally per
-- candidate), and the minutes in three languages.
CREATE TABLE council_settings (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    size        INTEGER NOT NULL,
    term_months INTEGER NOT NULL,
    max_terms   INTEGER NOT NULL
);
INSERT INTO council_settings (id, size, term_months, max_terms) VALUES (1, 8, 24, 2);

CREATE TABLE council_members (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL UNIQUE REFERENCES persons (id),
    origin      TEXT NOT NULL DEFAULT '',
    community   TEXT NOT NULL DEFAULT '',
    languages   TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL,
    photo_key   TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE council_terms (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES council_members (id),
    state       TEXT NOT NULL,
    starts_on   TIMESTAMP NOT NULL,
    ends_on     TIMESTAMP NOT NULL,
    ended_on    TIMESTAMP,
    end_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX council_terms_member ON council_terms (member_id, starts_on);
CREATE INDEX council_terms_state ON council_terms (state, ends_on);

CREATE TABLE council_meetings (
    id              INTEGER PRIMARY KEY,
    state           TEXT NOT NULL,
    starts_at       TIMESTAMP NOT NULL,
    venue           TEXT NOT NULL DEFAULT '',
    online_url      TEXT NOT NULL DEFAULT '',
    cancel_reason   TEXT NOT NULL DEFAULT '',
    minutes_az      TEXT NOT NULL DEFAULT '',
    minutes_en      TEXT NOT NULL DEFAULT '',
    minutes_ru      TEXT NOT NULL DEFAULT '',
    en_translated   INTEGER NOT NULL DEFAULT 0,
    ru_translated   INTEGER NOT NULL DEFAULT 0,
    held_at         TIMESTAMP,
    approved_at     TIMESTAMP,
    approved_by     TEXT NOT NULL DEFAULT '',
    approved_in     INTEGER REFERENCES council_meetings (id),
    published_at    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX council_meetings_starts ON council_meetings (starts_at);

CREATE TABLE council_agenda_items (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES council_meetings (id),
    position    INTEGER NOT NULL,
    title_az    TEXT NOT NULL,
    title_en    TEXT NOT NULL DEFAULT '',
    title_ru    TEXT NOT NULL DEFAULT '',
    presenter   TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, position)
);

CREATE TABLE council_papers (
    id            INTEGER PRIMARY KEY,
    item_id       INTEGER NOT NULL REFERENCES council_agenda_items (id),
    storage_key   TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX council_papers_item ON council_papers (item_id);

CREATE TABLE council_item_proposals (
    item_id      INTEGER NOT NULL REFERENCES council_agenda_items (id),
    proposal_id  INTEGER NOT NULL REFERENCES proposals (id),
    PRIMARY KEY (item_id, proposal_id)
);
CREATE INDEX council_item_proposals_proposal ON council_item_proposals (proposal_id);

-- One row per member invited: the reply to the invitation, then attendance.
CREATE TABLE council_attendance (
    meeting_id  INTEGER NOT NULL REFERENCES council_meetings (id),
    member_id   INTEGER NOT NULL REFERENCES council_members (id),
    reply       TEXT NOT NULL DEFAULT '',
    presence    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX council_attendance_member ON council_attendance (member_id);

CREATE TABLE council_guests (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES council_meetings (id),
    name          TEXT NOT NULL,
    organisation  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX council_guests_meeting ON council_guests (meeting_id);

CREATE TABLE council_decisions (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES council_meetings (id),
    kind           TEXT NOT NULL,
    text_az        TEXT NOT NULL,
    text_en        TEXT NOT NULL DEFAULT '',
    text_ru        TEXT NOT NULL DEFAULT '',
    votes_for      INTEGER NOT NULL DEFAULT 0,
    votes_against  INTEGER NOT NULL DEFAULT 0,
    abstained      INTEGER NOT NULL DEFAULT 0,
    present        INTEGER NOT NULL,
    outcome        TEXT NOT NULL,
    elected_id     INTEGER REFERENCES council_members (id),
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX council_decisions_meeting ON council_decisions (meeting_id);

CREATE TABLE council_election_votes (
    decision_id   INTEGER NOT NULL REFERENCES council_decisions (id),
    candidate_id  INTEGER NOT NULL REFERENCES council_members (id),
    votes         INTEGER NOT NULL,
    PRIMARY KEY (decision_id, candidate_id)
);

ALTER TABLE proposals ADD COLUMN meeting_id INTEGER REFERENCES council_meetings (id);

-- +goose Down
ALTER TABLE proposals DROP COLUMN meeting_id;
DROP TABLE council_election_votes;
DROP TABLE council_decisions;
DROP TABLE council_guests;
DROP TABLE council_attendance;
DROP TABLE council_item_proposals;
DROP TABLE council_papers;
DROP TABLE council_agenda_items;
DROP TABLE council_meetings;
DROP TABLE council_terms;
DROP TABLE council_members;
DROP TABLE council_settings;
