package council

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

// Topic is a subject a proposal is about, from the catalogue admins edit.
type Topic struct {
	ID     int64
	Code   string
	Name   Texts
	Active bool
}

// TopicInput is the topic form.
type TopicInput struct {
	Code   string
	Name   Texts
	Active bool
}

// Edit returns the input that reproduces the topic, for the edit form.
func (t Topic) Edit() TopicInput { return TopicInput{Code: t.Code, Name: t.Name, Active: t.Active} }

// Validate checks the form and returns every problem at once.
func (in *TopicInput) Validate() error {
	var l textcheck.List
	in.Code = strings.TrimSpace(in.Code)
	if l.Check("council.topic.code", in.Code, textcheck.CodeRule) && in.Code == "" {
		l.Add(i18n.Errorf("council.error.required", "Field", i18n.Key("council.topic.code")))
	}
	for _, f := range []struct {
		label string
		v     *string
	}{{"council.topic.name_az", &in.Name.Az}, {"council.topic.name_en", &in.Name.En}, {"council.topic.name_ru", &in.Name.Ru}} {
		*f.v = strings.TrimSpace(*f.v)
		if l.Check(f.label, *f.v, textcheck.Title) && *f.v == "" {
			l.Add(i18n.Errorf("council.error.required", "Field", i18n.Key(f.label)))
		}
	}
	return l.Err()
}

// Topics returns the catalogue in its order; only active topics unless all.
// Anyone may read it: the public form offers it.
func (s *Store) Topics(ctx context.Context, all bool) ([]Topic, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, code, name_az, name_en, name_ru, active FROM council_topics
		WHERE active OR $1 ORDER BY id`, all)
	list, err := db.Collect(rows, err, scanTopic)
	if err != nil {
		return nil, fmt.Errorf("council: topics: %w", err)
	}
	return list, nil
}

func scanTopic(r db.Scanner) (Topic, error) {
	var t Topic
	err := r.Scan(&t.ID, &t.Code, &t.Name.Az, &t.Name.En, &t.Name.Ru, &t.Active)
	return t, err
}

// Topic returns one topic of the catalogue.
func (s *Store) Topic(ctx context.Context, id int64) (Topic, error) {
	t, err := scanTopic(s.db.QueryRowContext(ctx, `SELECT id, code, name_az, name_en, name_ru, active FROM council_topics WHERE id = $1`, id))
	if err != nil {
		return t, fmt.Errorf("council: topic %d: %w", id, db.NotFound(err))
	}
	return t, nil
}

// SaveTopic creates a topic (id 0) or updates one. A topic is retired,
// never deleted, so the proposals about it keep their topic.
func (s *Store) SaveTopic(ctx context.Context, id int64, in TopicInput) (int64, error) {
	if err := access.Require(ctx, access.ManageCouncilCatalogue); err != nil {
		return 0, err
	}
	if err := in.Validate(); err != nil {
		return 0, err
	}
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		var err error
		action := "council_topic.update"
		if id == 0 {
			action = "council_topic.create"
			err = tx.QueryRowContext(ctx, `INSERT INTO council_topics (code, name_az, name_en, name_ru, active)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, in.Code, in.Name.Az, in.Name.En, in.Name.Ru, in.Active).Scan(&id)
		} else {
			var res sql.Result
			res, err = tx.ExecContext(ctx, `UPDATE council_topics SET code = $1, name_az = $2, name_en = $3, name_ru = $4, active = $5
				WHERE id = $6`, in.Code, in.Name.Az, in.Name.En, in.Name.Ru, in.Active, id)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					err = db.ErrNotFound
				}
			}
		}
		if db.IsUniqueViolation(err) {
			return i18n.Errorf("council.error.topic_code_taken", "Field", i18n.Key("council.topic.code"))
		}
		if err != nil {
			return fmt.Errorf("council: save topic: %w", err)
		}
		return audit.Record(ctx, tx, action, "council_topic", strconv.FormatInt(id, 10), "code", "name", "active")
	})
	return id, err
}
