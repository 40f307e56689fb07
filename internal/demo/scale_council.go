package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"inteqra/internal/council"
	"inteqra/internal/db"
)

// council writes sc.Proposals proposals to the Council, numbered by year
// in the order they came, most of them reviewed and answered within the
// weeks the Council has, a few withdrawn.
func (g *scaleGen) council(ctx context.Context, tx *db.Tx, sc Scale, out *ScaleCounts) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM council_topics ORDER BY id`)
	topics, err := db.Collect(rows, err, func(r db.Scanner) (id int64, err error) { return id, r.Scan(&id) })
	if err != nil {
		return err
	}
	type draw struct {
		person int64
		at     time.Time
	}
	draws := make([]draw, sc.Proposals)
	for i := range draws {
		draws[i].person, draws[i].at = g.person()
	}
	slices.SortStableFunc(draws, func(a, b draw) int { return a.at.Compare(b.at) })
	b := newBulkRows(tx)
	b.table("proposals", "reference", "year", "number", "title", "body", "topic_id", "language", "person_id", "channel",
		"state", "due_on", "outcome", "answer_az", "answer_en", "answer_ru", "submitted_at", "reviewed_at", "answered_at", "withdrawn_at")
	numbers := map[int]int{}
	for _, d := range draws {
		if err := b.spill(ctx); err != nil {
			return err
		}
		year := d.at.Year()
		numbers[year]++
		n := numbers[year]
		state := council.Submitted
		var due, reviewed, answered, withdrawn any
		var outcome council.Outcome
		var answer string
		var person any = d.person
		if g.chance(0.1) {
			person = nil // the Council's own
		}
		if at := g.after(d.at, 14); g.past(at) && g.chance(0.95) {
			state, reviewed, due = council.UnderReview, at, dayOnly(at).AddDate(0, 0, council.DueDays)
			if ans := g.after(at, council.DueDays); g.past(ans) && g.chance(0.9) {
				state, answered, outcome = council.Answered, ans, one(g, council.Outcomes)
				answer = "Cavab"
			}
		} else if g.chance(0.3) {
			state, withdrawn = council.Withdrawn, g.after(d.at, 5)
		}
		if err := b.add(ctx, "proposals", fmt.Sprintf("MS-%d-%06d", year, n), year, n, "Təklif", "Təklifin mətni",
			one(g, topics), "az", person, council.Online, string(state), due, string(outcome), answer, answer, answer,
			d.at, reviewed, answered, withdrawn); err != nil {
			return err
		}
		out.Props++
	}
	return b.flush(ctx)
}
