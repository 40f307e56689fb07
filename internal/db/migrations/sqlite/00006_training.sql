-- +goose Up
-- The Training-Education Centre: courses, their cohorts and lessons,
-- applications and enrolments, attendance, tests and certificates.
CREATE TABLE courses (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    title_az       TEXT NOT NULL,
    title_en       TEXT NOT NULL,
    title_ru       TEXT NOT NULL,
    description_az TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    description_ru TEXT NOT NULL DEFAULT '',
    hours          INTEGER NOT NULL,
    modules        TEXT NOT NULL DEFAULT '',
    pass_mark      INTEGER NOT NULL,
    attendance_min INTEGER NOT NULL DEFAULT 80,
    eligible       TEXT NOT NULL,
    state          TEXT NOT NULL DEFAULT 'active',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE cohorts (
    id            INTEGER PRIMARY KEY,
    course_id     INTEGER NOT NULL REFERENCES courses (id),
    code          TEXT NOT NULL UNIQUE,
    starts_on     DATE NOT NULL,
    ends_on       DATE NOT NULL,
    schedule      TEXT NOT NULL,
    venue         TEXT NOT NULL DEFAULT '',
    online_url    TEXT NOT NULL DEFAULT '',
    trainer_id    INTEGER REFERENCES users (id),
    capacity      INTEGER NOT NULL,
    -- seats_taken counts enrolled learners; a conditional UPDATE on it is
    -- what keeps two coordinators from filling the last place twice.
    seats_taken   INTEGER NOT NULL DEFAULT 0,
    language      TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'planned',
    cancel_reason TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    CHECK (seats_taken >= 0 AND seats_taken <= capacity)
);
CREATE INDEX cohorts_course ON cohorts (course_id);
CREATE INDEX cohorts_trainer ON cohorts (trainer_id);

CREATE TABLE lessons (
    id         INTEGER PRIMARY KEY,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id),
    day        DATE NOT NULL,
    starts     TEXT NOT NULL,
    ends       TEXT NOT NULL,
    UNIQUE (cohort_id, day, starts)
);
CREATE INDEX lessons_day ON lessons (day);

-- Coordinators' changes to the public-holiday calendar: an extra day off
-- (off = true) or a default holiday that is a working day (off = false).
CREATE TABLE days_off (
    day        DATE PRIMARY KEY,
    off        INTEGER NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);

-- One row per application; it becomes the enrolment when accepted.
CREATE TABLE enrolments (
    id                INTEGER PRIMARY KEY,
    reference         TEXT NOT NULL UNIQUE,
    person_id         INTEGER NOT NULL REFERENCES persons (id),
    cohort_id         INTEGER NOT NULL REFERENCES cohorts (id),
    state             TEXT NOT NULL,
    channel           TEXT NOT NULL,
    declared_kind     TEXT NOT NULL DEFAULT '',
    declared_document TEXT NOT NULL DEFAULT '',
    reason            TEXT NOT NULL DEFAULT '',
    transferred_to    INTEGER REFERENCES enrolments (id),
    applied_at        TIMESTAMP NOT NULL,
    waitlisted_at     TIMESTAMP,
    decided_at        TIMESTAMP,
    decided_by        INTEGER REFERENCES users (id),
    ended_at          TIMESTAMP,
    created_by        INTEGER REFERENCES users (id)
);
CREATE INDEX enrolments_cohort ON enrolments (cohort_id, state);
CREATE INDEX enrolments_person ON enrolments (person_id);
CREATE UNIQUE INDEX enrolments_live ON enrolments (person_id, cohort_id)
    WHERE state IN ('applied', 'waitlisted', 'enrolled');

CREATE TABLE attendance (
    lesson_id    INTEGER NOT NULL REFERENCES lessons (id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id),
    mark         TEXT NOT NULL,
    recorded_by  INTEGER REFERENCES users (id),
    recorded_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (lesson_id, enrolment_id)
);
CREATE INDEX attendance_enrolment ON attendance (enrolment_id);

CREATE TABLE test_results (
    id           INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id),
    kind         TEXT NOT NULL,
    score        INTEGER NOT NULL,
    level        TEXT NOT NULL DEFAULT '',
    taken_on     DATE NOT NULL,
    recorded_by  INTEGER REFERENCES users (id),
    recorded_at  TIMESTAMP NOT NULL,
    UNIQUE (enrolment_id, kind)
);

CREATE TABLE certificates (
    id             INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    code           TEXT NOT NULL UNIQUE,
    enrolment_id   INTEGER NOT NULL UNIQUE REFERENCES enrolments (id),
    person_id      INTEGER NOT NULL REFERENCES persons (id),
    issued_on      DATE NOT NULL,
    state          TEXT NOT NULL DEFAULT 'issued',
    revoked_reason TEXT NOT NULL DEFAULT '',
    revoked_at     TIMESTAMP,
    revoked_by     INTEGER REFERENCES users (id)
);
CREATE INDEX certificates_person ON certificates (person_id);

-- +goose Down
DROP TABLE certificates;
DROP TABLE test_results;
DROP TABLE attendance;
DROP TABLE enrolments;
DROP TABLE days_off;
DROP TABLE lessons;
DROP TABLE cohorts;
DROP TABLE courses;
