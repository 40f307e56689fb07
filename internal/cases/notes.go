package cases

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

// noteEvents are the timeline kinds of notes. A note's event carries no
// text, only the note's id, so the timeline never shows a restricted note to
// someone who may not read it.
var noteEvents = []string{"note"}

// Note is a consultant's note on a case.
type Note struct {
	ID         int64
	CaseID     int64
	Body       string
	Restricted bool // seen only by its author, the case's consultant and supervisors
	AuthorID   int64
	CreatedAt  time.Time
}

// MaxNote is the longest note, in characters.
const MaxNote = 10000

// AddNote writes a note on a case the principal works on.
func (s *Store) AddNote(ctx context.Context, caseID int64, body string, restricted bool) (Note, error) {
	if err := access.Require(ctx, access.WorkCases); err != nil {
		return Note{}, err
	}
	if err := textcheck.Field("note.body", body, textcheck.Rule{Kind: textcheck.Text}); err != nil { // the length: note.error.too_long below
		return Note{}, err
	}
	body = strings.TrimSpace(body)
	if body == "" {
		return Note{}, i18n.Errorf("note.error.required", "Field", i18n.Key("note.body"))
	}
	if utf8.RuneCountInString(body) > MaxNote {
		return Note{}, i18n.Errorf("note.error.too_long", "Max", MaxNote, "Field", i18n.Key("note.body"))
	}
	n := Note{CaseID: caseID, Body: body, Restricted: restricted, AuthorID: access.From(ctx).UserID, CreatedAt: s.now()}
	err := s.change(ctx, caseID, func(tx *db.Tx, c *Case) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO case_notes (case_id, body, restricted, author_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			caseID, n.Body, n.Restricted, db.NullID(n.AuthorID), n.CreatedAt).Scan(&n.ID)
		if err != nil {
			return fmt.Errorf("cases: note on %d: %w", caseID, err)
		}
		return s.event(ctx, tx, caseID, "note", "", n.ID)
	})
	return n, err
}

// Notes returns a case's notes, the latest first. A restricted note is left
// out unless the principal wrote it, is the case's consultant or supervises.
func (s *Store) Notes(ctx context.Context, caseID int64) ([]Note, error) {
	c, err := s.caseFor(ctx, s.db, caseID)
	if err != nil {
		return nil, err
	}
	p := access.From(ctx)
	all := p.UserID == c.ConsultantID || p.Can(access.SuperviseCases)
	rows, err := s.db.QueryContext(ctx, `SELECT id, case_id, body, restricted, author_id, created_at FROM case_notes
		WHERE case_id = $1 AND (NOT restricted OR author_id = $2 OR $3) ORDER BY created_at DESC, id DESC`, caseID, p.UserID, all)
	list, err := db.Collect(rows, err, func(row db.Scanner) (Note, error) {
		var n Note
		var author sql.NullInt64
		err := row.Scan(&n.ID, &n.CaseID, &n.Body, &n.Restricted, &author, &n.CreatedAt)
		n.AuthorID = author.Int64
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: notes of %d: %w", caseID, err)
	}
	return list, nil
}
