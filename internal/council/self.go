package council

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"inteqra/internal/db"
)

// OwnProposal is a proposal the person sent to the Council, and its
// answer.
type OwnProposal struct {
	Reference   string            `json:"reference"`
	Title       string            `json:"title"`
	Body        string            `json:"body"`
	Topic       map[string]string `json:"topic"`
	State       ProposalState     `json:"state"`
	SubmittedAt time.Time         `json:"submitted_at"`
	Outcome     string            `json:"outcome,omitempty"`
	Answer      map[string]string `json:"answer,omitempty"`
	AnsweredAt  time.Time         `json:"answered_at,omitzero"`
}

// SelfRecord reads the proposals personID authored, for the person
// themselves. It checks no permission: the caller (mydata) has made sure
// that personID is the signed-in migrant's own.
func SelfRecord(ctx context.Context, q db.Querier, personID int64) ([]OwnProposal, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT p.reference, p.title, p.body, t.name_az, t.name_en, t.name_ru, p.state, p.submitted_at, p.outcome,
			p.answer_az, p.answer_en, p.answer_ru, p.answered_at
		FROM proposals p JOIN council_topics t ON t.id = p.topic_id
		WHERE p.person_id = $1 ORDER BY p.submitted_at DESC, p.id DESC`, personID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (OwnProposal, error) {
		var p OwnProposal
		var taz, ten, tru, aaz, aen, aru string
		var answered sql.NullTime
		err := r.Scan(&p.Reference, &p.Title, &p.Body, &taz, &ten, &tru, &p.State, &p.SubmittedAt, &p.Outcome,
			&aaz, &aen, &aru, &answered)
		p.Topic, p.SubmittedAt = map[string]string{"az": taz, "en": ten, "ru": tru}, p.SubmittedAt.UTC()
		if aaz+aen+aru != "" {
			p.Answer = map[string]string{"az": aaz, "en": aen, "ru": aru}
		}
		if answered.Valid {
			p.AnsweredAt = answered.Time.UTC()
		}
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("council: own proposals %d: %w", personID, err)
	}
	return list, nil
}
