package training

import (
	"context"
	"fmt"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/notify"
)

// Notify writes to applicants, by e-mail in the language they applied in,
// when their application is received and decided, through n.
func (s *Store) Notify(n *notify.Store) { s.notify = n }

// told names the event of each state an applicant is written about.
var told = map[EnrolmentState]string{Applied: "application.received", Enrolled: "application.accepted",
	Waitlisted: "application.waitlisted", Rejected: "application.rejected"}

// tell raises the event of the state e has come to from the state from,
// in tx: the applicant with an e-mail address is written to. A place
// taken from the waitlist is an event of its own.
func (s *Store) tell(ctx context.Context, tx *db.Tx, e *Enrolment, from EnrolmentState) error {
	kind, ok := told[e.State]
	if !ok || s.notify == nil {
		return nil
	}
	if from == Waitlisted && e.State == Enrolled {
		kind = "application.promoted"
	}
	var email, lang string
	var title i18n.Texts
	err := tx.QueryRowContext(ctx, `SELECT p.email, e.language, c.title_az, c.title_en, c.title_ru FROM enrolments e
		JOIN persons p ON p.id = e.person_id JOIN cohorts h ON h.id = e.cohort_id JOIN courses c ON c.id = h.course_id
		WHERE e.id = $1`, e.ID).Scan(&email, &lang, &title.Az, &title.En, &title.Ru)
	if err != nil {
		return fmt.Errorf("training: applicant of %d: %w", e.ID, err)
	}
	if email == "" {
		return nil
	}
	l, ok := i18n.Parse(lang)
	if !ok {
		l = i18n.AZ
	}
	return s.notify.Raise(ctx, tx, notify.Event{Kind: kind, Link: "/applications",
		Args: map[string]string{"Reference": e.Reference, "Course": title.In(l), "Reason": e.Reason},
		To:   []notify.Recipient{{Email: email, Lang: l, PersonID: e.PersonID}}})
}
