-- +goose Up
-- The Migrant Council's proposals to the Service, and the catalogue of their topics.
-- Meetings come later: a proposal will then point to the meeting that discussed it
-- through a nullable meeting_id added by its own migration.
CREATE TABLE council_topics (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name_az  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    name_ru  TEXT NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1
);
INSERT INTO council_topics (code, name_az, name_en, name_ru) VALUES
    ('residence', 'Yaşayış və sənədlər', 'Residence and documents', 'Проживание и документы'),
    ('education', 'Dil və təhsil', 'Language and education', 'Язык и образование'),
    ('employment', 'Məşğulluq', 'Employment', 'Трудоустройство'),
    ('housing', 'Mənzil', 'Housing', 'Жильё'),
    ('health', 'Səhiyyə', 'Health', 'Здравоохранение'),
    ('community', 'İcma həyatı', 'Community life', 'Жизнь общин'),
    ('other', 'Digər', 'Other', 'Другое');

CREATE TABLE proposals (
    id              INTEGER PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    year            INTEGER NOT NULL,
    number          INTEGER NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    topic_id        INTEGER NOT NULL REFERENCES council_topics (id),
    language        TEXT NOT NULL,
    person_id       INTEGER REFERENCES persons (id),
    channel         TEXT NOT NULL,
    state           TEXT NOT NULL,
    unit_org_id     INTEGER REFERENCES organisations (id),
    unit_name       TEXT NOT NULL DEFAULT '',
    due_on          TIMESTAMP,
    outcome         TEXT NOT NULL DEFAULT '',
    answer_az       TEXT NOT NULL DEFAULT '',
    answer_en       TEXT NOT NULL DEFAULT '',
    answer_ru       TEXT NOT NULL DEFAULT '',
    done_az         TEXT NOT NULL DEFAULT '',
    done_en         TEXT NOT NULL DEFAULT '',
    done_ru         TEXT NOT NULL DEFAULT '',
    submitted_at    TIMESTAMP NOT NULL,
    reviewed_at     TIMESTAMP,
    answered_at     TIMESTAMP,
    implemented_at  TIMESTAMP,
    withdrawn_at    TIMESTAMP,
    created_by      INTEGER REFERENCES users (id),
    UNIQUE (year, number)
);
CREATE INDEX proposals_state ON proposals (state, due_on);
CREATE INDEX proposals_person ON proposals (person_id);

-- +goose Down
DROP TABLE proposals;
DROP TABLE council_topics;
