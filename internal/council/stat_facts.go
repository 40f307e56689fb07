package council

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/stats"
)

// StatFacts gives the statistics the Council's facts: each proposal
// received (with its state today) and each answer (with its outcome), under
// their authors (none for the Council's own), and each member's presence at
// the meetings held.
func (s *Store) StatFacts(ctx context.Context, q db.Querier, _ time.Time, emit func(stats.Fact) error) error {
	rows, err := q.QueryContext(ctx, `SELECT person_id, submitted_at, state, answered_at, outcome FROM proposals`)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var person sql.NullInt64
		var answered sql.NullTime
		var outcome string
		f := stats.Fact{Kind: stats.ProposalReceived}
		if err := r.Scan(&person, &f.Day, &f.Outcome, &answered, &outcome); err != nil {
			return err
		}
		f.PersonID = person.Int64
		if err := emit(f); err != nil || !answered.Valid {
			return err
		}
		return emit(stats.Fact{Kind: stats.ProposalAnswered, Day: answered.Time, PersonID: f.PersonID, Outcome: outcome})
	})
	if err != nil {
		return fmt.Errorf("council: statistics: proposals: %w", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT m.person_id, mt.starts_at, a.presence FROM council_attendance a
		JOIN council_meetings mt ON mt.id = a.meeting_id JOIN council_members m ON m.id = a.member_id
		WHERE mt.state IN ($1, $2) AND a.presence <> ''`, Held, Approved)
	err = db.Each(rows, err, func(r db.Scanner) error {
		f := stats.Fact{Kind: stats.Attendance}
		if err := r.Scan(&f.PersonID, &f.Day, &f.Outcome); err != nil {
			return err
		}
		return emit(f)
	})
	if err != nil {
		return fmt.Errorf("council: statistics: attendance: %w", err)
	}
	return nil
}
