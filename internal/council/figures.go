package council

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"inteqra/internal/access"
	"inteqra/internal/db"
)

// Figures are the Council's proposals counted for monitoring, with no
// names: they feed the statistics and the Action Plan's indicators.
type Figures struct {
	Total       int
	ByState     map[ProposalState]int
	ByTopic     map[int64]int
	ByYear      map[int]int
	ByOutcome   map[Outcome]int
	Answered    int     // answered, and implemented since
	OnTime      int     // of those, answered by the due day
	MedianDays  float64 // days from submission to answer, over those answered
	Published   int
	Overdue     int // under review past the due day
	Implemented int
	// The meetings held (minutes approved or not) and, over them, the
	// members invited and present: the attendance rate.
	MeetingsHeld   int
	MembersInvited int
	MembersPresent int
}

// AttendanceRate is the share of invited members present at the meetings
// held, 0 to 1.
func (f Figures) AttendanceRate() float64 { return share(f.MembersPresent, f.MembersInvited) }

// ShareOnTime is the share of answered proposals answered by their due
// day, 0 to 1.
func (f Figures) ShareOnTime() float64 { return share(f.OnTime, f.Answered) }

// Accepted counts the answers that accepted a proposal wholly or in part.
func (f Figures) Accepted() int { return f.ByOutcome[Accepted] + f.ByOutcome[PartlyAccepted] }

// ShareAccepted is the share of answered proposals accepted wholly or in
// part, 0 to 1.
func (f Figures) ShareAccepted() float64 {
	return share(f.Accepted(), f.Answered)
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// CountFigures counts every proposal for the secretariat and analysts.
func (s *Store) CountFigures(ctx context.Context) (Figures, error) {
	if err := access.Require(ctx, access.CouncilFigures); err != nil {
		return Figures{}, err
	}
	fig, err := s.count(ctx, Filter{}, false)
	if err != nil {
		return fig, err
	}
	err = s.db.QueryRowContext(ctx, `SELECT count(DISTINCT m.id), count(a.member_id),
		coalesce(sum(CASE WHEN a.presence = 'present' THEN 1 ELSE 0 END), 0)
		FROM council_meetings m LEFT JOIN council_attendance a ON a.meeting_id = m.id WHERE m.state IN ('held', 'approved')`).
		Scan(&fig.MeetingsHeld, &fig.MembersInvited, &fig.MembersPresent)
	if err != nil {
		return fig, fmt.Errorf("council: meeting figures: %w", err)
	}
	return fig, nil
}

// PublicFigures counts the published proposals that f selects, for the
// public list's summary.
func (s *Store) PublicFigures(ctx context.Context, f Filter) (Figures, error) {
	f.Overdue = false
	return s.count(ctx, f, true)
}

// count reads the rows and counts in Go, so that the days between two
// times need no dialect's date arithmetic.
func (s *Store) count(ctx context.Context, f Filter, public bool) (Figures, error) {
	where, args := f.where(public)
	rows, err := s.db.QueryContext(ctx, `SELECT p.state, p.topic_id, p.year, p.outcome, p.submitted_at, p.answered_at, p.due_on,
		p.reviewed_at IS NOT NULL, (p.state = 'under_review' AND p.due_on < $1) FROM proposals p `+where, append([]any{s.today()}, args...)...)
	fig := Figures{ByState: map[ProposalState]int{}, ByTopic: map[int64]int{}, ByYear: map[int]int{}, ByOutcome: map[Outcome]int{}}
	var days []float64
	err = db.Each(rows, err, func(r db.Scanner) error {
		var p Proposal
		var year int
		var answered, due sql.NullTime
		var published bool
		if err := r.Scan(&p.State, &p.TopicID, &year, &p.Outcome, &p.SubmittedAt, &answered, &due, &published, &p.Overdue); err != nil {
			return err
		}
		p.AnsweredAt, p.DueOn = utc(answered), utc(due)
		fig.Total++
		fig.ByState[p.State]++
		fig.ByTopic[p.TopicID]++
		fig.ByYear[year]++
		if published {
			fig.Published++
		}
		if p.Overdue {
			fig.Overdue++
		}
		if p.State == Implemented {
			fig.Implemented++
		}
		if !p.AnsweredAt.IsZero() {
			fig.Answered++
			fig.ByOutcome[p.Outcome]++
			if p.OnTime() {
				fig.OnTime++
			}
			days = append(days, p.AnsweredAt.Sub(p.SubmittedAt).Hours()/24)
		}
		return nil
	})
	if err != nil {
		return fig, fmt.Errorf("council: figures: %w", err)
	}
	fig.MedianDays = median(days)
	return fig, nil
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	if n := len(v); n%2 == 1 {
		return v[n/2]
	} else {
		return (v[n/2-1] + v[n/2]) / 2
	}
}
