-- +goose Up
-- Integration services: cases and everything that happens in them.
CREATE TABLE services (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    name_az  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    name_ru  TEXT NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1
);
INSERT INTO services (code, name_az, name_en, name_ru) VALUES
    ('counselling', 'Məsləhət', 'Counselling', 'Консультирование'),
    ('orientation', 'Oriyentasiya görüşü', 'Orientation session', 'Ориентационная встреча'),
    ('legal_advice', 'Hüquqi məsləhət', 'Legal advice', 'Юридическая консультация'),
    ('employment', 'Məşğulluğa dəstək', 'Employment support', 'Содействие в трудоустройстве'),
    ('psychosocial', 'Psixososial dəstək', 'Psychosocial support', 'Психосоциальная поддержка'),
    ('interpretation', 'Tərcümə', 'Interpretation', 'Устный перевод'),
    ('housing', 'Mənzil məsələlərində dəstək', 'Housing support', 'Помощь с жильём'),
    ('documents', 'Sənədlərlə bağlı köməklik', 'Help with documents', 'Помощь с документами'),
    ('course_referral', 'Kursa yönləndirmə', 'Course referral', 'Направление на курс');

CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY,
    person_id          INTEGER NOT NULL REFERENCES persons (id),
    consultant_id      INTEGER NOT NULL REFERENCES users (id),
    organisation_id    INTEGER REFERENCES organisations (id),
    source             TEXT NOT NULL,
    stated_needs       TEXT NOT NULL DEFAULT '',
    language           TEXT NOT NULL DEFAULT '',
    interpreter        INTEGER NOT NULL DEFAULT 0,
    state              TEXT NOT NULL,
    outcome            TEXT NOT NULL DEFAULT '',
    closure_requested  TEXT NOT NULL DEFAULT '',
    opened_at          TIMESTAMP NOT NULL,
    closed_at          TIMESTAMP,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX cases_person ON cases (person_id);
CREATE INDEX cases_consultant ON cases (consultant_id, state);
CREATE INDEX cases_organisation ON cases (organisation_id, state);

-- The case's timeline: every change, in order.
CREATE TABLE case_events (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    at        TIMESTAMP NOT NULL,
    actor_id  INTEGER REFERENCES users (id),
    kind      TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '',
    ref_id    INTEGER
);
CREATE INDEX case_events_case ON case_events (case_id, at);

CREATE TABLE assessments (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    state           TEXT NOT NULL,
    strengths       TEXT NOT NULL DEFAULT '',
    vulnerabilities TEXT NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    completed_at    TIMESTAMP
);
CREATE INDEX assessments_case ON assessments (case_id);
-- A case has at most one draft and one completed (current) assessment.
CREATE UNIQUE INDEX assessments_current ON assessments (case_id, state) WHERE state IN ('draft', 'completed');

CREATE TABLE assessment_domains (
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id),
    domain         TEXT NOT NULL,
    level          INTEGER NOT NULL,
    priority       TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, domain)
);

CREATE TABLE plans (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    version         INTEGER NOT NULL,
    state           TEXT NOT NULL,
    agreed_on       DATE,
    decided_by      INTEGER REFERENCES users (id),
    decided_at      TIMESTAMP,
    comment         TEXT NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (case_id, version)
);

CREATE TABLE plan_goals (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans (id),
    domain         TEXT NOT NULL,
    action         TEXT NOT NULL,
    responsible    TEXT NOT NULL DEFAULT '',
    due_on         DATE,
    progress       TEXT NOT NULL DEFAULT 'not_started'
);
CREATE INDEX plan_goals_plan ON plan_goals (plan_id);

CREATE TABLE plan_reviews (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans (id),
    note        TEXT NOT NULL,
    progress    TEXT NOT NULL DEFAULT '', -- each goal's progress at the review: goal_id:progress,…
    created_by  INTEGER REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE service_contacts (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    service_id  INTEGER NOT NULL REFERENCES services (id),
    held_on     DATE NOT NULL,
    minutes     INTEGER NOT NULL,
    group_work  INTEGER NOT NULL DEFAULT 0,
    language    TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL DEFAULT '',
    staff_id    INTEGER REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX service_contacts_case ON service_contacts (case_id);

CREATE TABLE referrals (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases (id),
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    domain           TEXT NOT NULL,
    need             TEXT NOT NULL,
    due_on           DATE NOT NULL,
    state            TEXT NOT NULL,
    answer           TEXT NOT NULL DEFAULT '',
    sent_by          INTEGER REFERENCES users (id),
    sent_at          TIMESTAMP NOT NULL,
    answered_by      INTEGER REFERENCES users (id),
    answered_at      TIMESTAMP,
    closed_at        TIMESTAMP,
    enrolment_id     INTEGER
);
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_organisation ON referrals (organisation_id, state);

CREATE TABLE case_notes (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    body        TEXT NOT NULL,
    restricted  INTEGER NOT NULL DEFAULT 0,
    author_id   INTEGER REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id);

CREATE TABLE case_tasks (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    assignee_id  INTEGER NOT NULL REFERENCES users (id),
    title        TEXT NOT NULL,
    due_on       DATE NOT NULL,
    done_at      TIMESTAMP,
    created_by   INTEGER REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX case_tasks_assignee ON case_tasks (assignee_id, done_at);

-- +goose Down
DROP TABLE case_tasks;
DROP TABLE case_notes;
DROP TABLE referrals;
DROP TABLE service_contacts;
DROP TABLE plan_reviews;
DROP TABLE plan_goals;
DROP TABLE plans;
DROP TABLE assessment_domains;
DROP TABLE assessments;
DROP TABLE case_events;
DROP TABLE cases;
DROP TABLE services;
