package mydata

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/notify"
	"inteqra/internal/people"
	"inteqra/internal/textcheck"
)

// A correction request is a migrant's request to correct what the system
// holds about them (the right to rectification): open until staff who may
// link accounts answer it; the answer goes to the migrant.

// Correction request states.
const (
	Open     = "open"
	Answered = "answered"
)

// Correction is a correction request and its answer.
type Correction struct {
	ID         int64     `json:"id"`
	PersonID   int64     `json:"-"`
	UserID     int64     `json:"-"`
	Person     string    `json:"-"` // the person's name, for staff
	Text       string    `json:"text"`
	State      string    `json:"state"`
	Answer     string    `json:"answer,omitempty"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	CreatedAt  time.Time `json:"created_at"`
}

// RecentAnswered is how many answered requests the staff list shows
// under the open ones.
const RecentAnswered = 50

// Labels of the correction forms' fields.
const (
	textLabel   = "mydata.correction.text"
	answerLabel = "mydata.correction.answer"
)

func required(label, value string) error {
	if err := textcheck.Field(label, value, textcheck.Medium); err != nil {
		return err
	}
	if strings.TrimSpace(value) == "" {
		return i18n.Errorf("mydata.error.text_required", "Field", i18n.Key(label))
	}
	return nil
}

// RequestCorrection keeps the signed-in migrant's request to correct
// their data and tells the consultants of it.
func (s *Store) RequestCorrection(ctx context.Context, text string) (Correction, error) {
	personID, err := Own(ctx)
	if err != nil {
		return Correction{}, err
	}
	if err := required(textLabel, text); err != nil {
		return Correction{}, err
	}
	c := Correction{PersonID: personID, UserID: access.From(ctx).UserID, Text: strings.TrimSpace(text), State: Open,
		CreatedAt: s.now()}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO correction_requests (person_id, user_id, text, state, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, c.PersonID, c.UserID, c.Text, c.State, c.CreatedAt).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("mydata: request correction %d: %w", personID, err)
		}
		if err := audit.Record(ctx, tx, "correction.request", "person", strconv.FormatInt(personID, 10)); err != nil {
			return err
		}
		to, err := notify.RoleUsers(ctx, tx, access.Consultant)
		if err != nil {
			return err
		}
		return s.raise(ctx, tx, notify.Event{Kind: "correction.requested", To: to,
			Link: "/people/corrections/" + strconv.FormatInt(c.ID, 10) + "/answer", Args: map[string]string{"Number": strconv.FormatInt(c.ID, 10)}})
	})
	return c, err
}

func (s *Store) raise(ctx context.Context, tx *db.Tx, e notify.Event) error {
	if s.notify == nil || len(e.To) == 0 {
		return nil
	}
	return s.notify.Raise(ctx, tx, e)
}

// MyCorrections returns the signed-in migrant's requests, newest first.
func (s *Store) MyCorrections(ctx context.Context) ([]Correction, error) {
	personID, err := Own(ctx)
	if err != nil {
		return nil, err
	}
	return corrections(ctx, s.db, `WHERE person_id = $1 ORDER BY id DESC`, personID)
}

// Corrections returns the open requests, oldest first, then the
// RecentAnswered answered last, for staff who may link accounts. The list
// names persons, so it is audited.
func (s *Store) Corrections(ctx context.Context) ([]Correction, error) {
	if err := access.Require(ctx, access.LinkAccounts); err != nil {
		return nil, err
	}
	open, err := corrections(ctx, s.db, `WHERE state = $1 ORDER BY id`, Open)
	if err != nil {
		return nil, err
	}
	done, err := corrections(ctx, s.db, `WHERE state = $1 ORDER BY answered_at DESC, id DESC LIMIT `+strconv.Itoa(RecentAnswered), Answered)
	if err != nil {
		return nil, err
	}
	list := append(open, done...)
	if err := s.name(ctx, list); err != nil {
		return nil, err
	}
	if err := audit.RecordRead(ctx, s.db, "correction.list", "correction_request", ""); err != nil {
		return nil, err
	}
	return list, nil
}

// Correction returns one request, for staff who may link accounts; the
// read is audited.
func (s *Store) Correction(ctx context.Context, id int64) (Correction, error) {
	if err := access.Require(ctx, access.LinkAccounts); err != nil {
		return Correction{}, err
	}
	list, err := corrections(ctx, s.db, `WHERE id = $1`, id)
	if err != nil {
		return Correction{}, err
	}
	if len(list) == 0 {
		return Correction{}, fmt.Errorf("mydata: correction %d: %w", id, db.ErrNotFound)
	}
	if err := s.name(ctx, list); err != nil {
		return Correction{}, err
	}
	if err := audit.RecordRead(ctx, s.db, "correction.view", "correction_request", strconv.FormatInt(id, 10)); err != nil {
		return Correction{}, err
	}
	return list[0], nil
}

func (s *Store) name(ctx context.Context, list []Correction) error {
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.PersonID
	}
	names, err := people.DisplayNames(ctx, s.db, ids)
	if err != nil {
		return err
	}
	for i := range list {
		list[i].Person = names[list[i].PersonID]
	}
	return nil
}

// ErrAnswered refuses a second answer to a request.
var ErrAnswered = i18n.Errorf("mydata.error.answered")

// AnswerCorrection answers an open request and tells the migrant who sent
// it, for staff who may link accounts.
func (s *Store) AnswerCorrection(ctx context.Context, id int64, answer string) error {
	if err := access.Require(ctx, access.LinkAccounts); err != nil {
		return err
	}
	if err := required(answerLabel, answer); err != nil {
		return err
	}
	answer = strings.TrimSpace(answer)
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		list, err := corrections(ctx, tx, `WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return fmt.Errorf("mydata: correction %d: %w", id, db.ErrNotFound)
		}
		c := list[0]
		if c.State != Open {
			return ErrAnswered
		}
		_, err = tx.ExecContext(ctx, `UPDATE correction_requests SET state = $1, answer = $2, answered_by = $3, answered_at = $4
			WHERE id = $5`, Answered, answer, db.NullID(access.From(ctx).UserID), s.now(), id)
		if err != nil {
			return fmt.Errorf("mydata: answer correction %d: %w", id, err)
		}
		if err := audit.Record(ctx, tx, "correction.answer", "person", strconv.FormatInt(c.PersonID, 10), "answer"); err != nil {
			return err
		}
		to, err := notify.User(ctx, tx, c.UserID)
		if err != nil {
			return err
		}
		for i := range to {
			to[i].PersonID = c.PersonID
		}
		return s.raise(ctx, tx, notify.Event{Kind: "correction.answered", To: to, Link: "/me/data",
			Args: map[string]string{"Answer": answer}})
	})
}

// corrections reads the requests a WHERE clause (with its ORDER BY) picks.
func corrections(ctx context.Context, q db.Querier, where string, args ...any) ([]Correction, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, person_id, user_id, text, state, answer, answered_at, created_at
		FROM correction_requests `+where, args...)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Correction, error) {
		var c Correction
		var answered sql.NullTime
		err := r.Scan(&c.ID, &c.PersonID, &c.UserID, &c.Text, &c.State, &c.Answer, &answered, &c.CreatedAt)
		c.CreatedAt = c.CreatedAt.UTC()
		if answered.Valid {
			c.AnsweredAt = answered.Time.UTC()
		}
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("mydata: corrections: %w", err)
	}
	return list, nil
}

// MovePerson gives the correction requests of a merged record to the
// record it was merged into (people.MergeHook).
func (s *Store) MovePerson(ctx context.Context, tx *db.Tx, from, to int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE correction_requests SET person_id = $1 WHERE person_id = $2`, to, from); err != nil {
		return fmt.Errorf("mydata: move corrections %d to %d: %w", from, to, err)
	}
	return nil
}

// ErasePerson erases the texts of an erased person's correction requests
// (people.EraseHook): they say who the person is.
func (s *Store) ErasePerson(ctx context.Context, tx *db.Tx, personID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE correction_requests SET text = '', answer = '' WHERE person_id = $1`, personID); err != nil {
		return fmt.Errorf("mydata: erase corrections %d: %w", personID, err)
	}
	return nil
}
