package training

import (
	"context"
	"errors"
	"fmt"
	"time"

	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/notify"
)

// Notify writes to applicants, by e-mail (by text message when they left
// only a phone number) in the language they applied in, when their
// application is received and decided, through n.
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
	return s.tellLearner(ctx, tx, e.ID, kind, "/applications", "", map[string]string{"Reference": e.Reference, "Reason": e.Reason})
}

// learner is whom training writes to about a person: their address (or
// phone), in the language they applied in, and their own account when
// they have one, so that it shows in their area too.
func learner(ctx context.Context, q db.Querier, personID int64, email, phone, lang string) (notify.Recipient, error) {
	l, ok := i18n.Parse(lang)
	if !ok {
		l = i18n.AZ
	}
	to := notify.Recipient{Email: email, Phone: phone, Lang: l, PersonID: personID}
	a, err := auth.AccountOf(ctx, q, personID)
	switch {
	case err == nil:
		to.UserID = a.UserID
	case !errors.Is(err, db.ErrNotFound):
		return to, err
	}
	return to, nil
}

// tellLearner raises an event about an enrolment to its learner, in tx:
// the course's title and the given arguments, in the learner's language.
// A learner with an account is sent to their area, anyone else to the
// public page link. Once, when set, raises it once only.
func (s *Store) tellLearner(ctx context.Context, tx *db.Tx, enrolmentID int64, kind, link, once string, args map[string]string) error {
	if s.notify == nil {
		return nil
	}
	var person int64
	var email, phone, lang string
	var title i18n.Texts
	err := tx.QueryRowContext(ctx, `SELECT e.person_id, p.email, p.phone, e.language, c.title_az, c.title_en, c.title_ru FROM enrolments e
		JOIN persons p ON p.id = e.person_id JOIN cohorts h ON h.id = e.cohort_id JOIN courses c ON c.id = h.course_id
		WHERE e.id = $1`, enrolmentID).Scan(&person, &email, &phone, &lang, &title.Az, &title.En, &title.Ru)
	if err != nil {
		return fmt.Errorf("training: learner of %d: %w", enrolmentID, err)
	}
	to, err := learner(ctx, tx, person, email, phone, lang)
	if err != nil || email == "" && phone == "" && to.UserID == 0 {
		return err
	}
	if args == nil {
		args = map[string]string{}
	}
	args["Course"] = title.In(to.Lang)
	if to.UserID != 0 {
		link = "/me"
	}
	return s.notify.Raise(ctx, tx, notify.Event{Kind: kind, Link: link, Once: once, Args: args, To: []notify.Recipient{to}})
}

// RemindLessons writes to each learner enrolled in a cohort with a lesson
// tomorrow (the day after today), once per lesson and learner, in the
// language they applied in: a notify.Reminder.
func (s *Store) RemindLessons(ctx context.Context, today time.Time) error {
	if s.notify == nil {
		return nil
	}
	tomorrow := today.AddDate(0, 0, 1)
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT l.id, e.id, e.person_id, p.email, e.language, l.starts, h.venue, h.online_url,
			c.title_az, c.title_en, c.title_ru
			FROM lessons l JOIN cohorts h ON h.id = l.cohort_id JOIN courses c ON c.id = h.course_id
			JOIN enrolments e ON e.cohort_id = h.id JOIN persons p ON p.id = e.person_id
			WHERE l.day = $1 AND h.state IN ($2, $3) AND e.state = $4 AND p.email <> '' ORDER BY l.id, e.id`,
			tomorrow, Open, Running, Enrolled)
		type reminder struct {
			lesson, enrolment, person  int64
			email, lang, starts, venue string
			title                      i18n.Texts
		}
		list, err := db.Collect(rows, err, func(r db.Scanner) (reminder, error) {
			var m reminder
			var online string
			err := r.Scan(&m.lesson, &m.enrolment, &m.person, &m.email, &m.lang, &m.starts, &m.venue, &online,
				&m.title.Az, &m.title.En, &m.title.Ru)
			if m.venue == "" {
				m.venue = online
			}
			return m, err
		})
		if err != nil {
			return fmt.Errorf("training: lessons of %s: %w", tomorrow.Format(time.DateOnly), err)
		}
		for _, m := range list {
			to, err := learner(ctx, tx, m.person, m.email, "", m.lang)
			if err != nil {
				return err
			}
			if err := s.notify.Raise(ctx, tx, notify.Event{Kind: "lesson.tomorrow", Link: "/courses",
				Once: fmt.Sprintf("%d/%d", m.lesson, m.enrolment),
				Args: map[string]string{"Course": m.title.In(to.Lang), "Time": m.starts, "Venue": m.venue},
				To:   []notify.Recipient{to}}); err != nil {
				return err
			}
		}
		return nil
	})
}
