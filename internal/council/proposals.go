package council

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/strategy"
	"inteqra/internal/textcheck"
)

// checkProposal checks the proposal's own fields, adding every problem to l.
func (s *Store) checkProposal(ctx context.Context, l *textcheck.List, title, body *string, topicID int64) {
	*title, *body = strings.TrimSpace(*title), strings.TrimSpace(*body)
	if l.Check("council.proposal.title", *title, textcheck.Title) && *title == "" {
		l.Add(i18n.Errorf("council.error.required", "Field", i18n.Key("council.proposal.title")))
	}
	if l.Check("council.proposal.text", *body, textcheck.Long) && *body == "" {
		l.Add(i18n.Errorf("council.error.required", "Field", i18n.Key("council.proposal.text")))
	}
	if t, err := s.Topic(ctx, topicID); err != nil || !t.Active {
		l.Add(textcheck.Unknown("council.proposal.topic"))
	}
}

// checkAuthor checks the author's details, adding every problem to l. The
// birth date proves authorship when the author follows the proposal up,
// and tells namesakes apart.
func (s *Store) checkAuthor(l *textcheck.List, in *SubmitInput) {
	l.Add(in.Person.Validate(s.now()))
	l.Add(in.Person.CheckScripts())
	if strings.TrimSpace(in.Person.BirthDate) == "" {
		l.Add(i18n.Errorf("council.error.required", "Field", i18n.Key("people.birth_date")))
	}
	if !in.ConsentData {
		l.Add(i18n.Errorf("council.error.consent_required", "Field", i18n.Key("council.propose.consent")))
	}
}

// submit matches or registers the author, records their consent to the
// processing of their data and saves the proposal, in one transaction.
func (s *Store) submit(ctx context.Context, in SubmitInput, channel string) (Proposal, error) {
	var p Proposal
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		var personID int64
		if in.HasAuthor() {
			var err error
			if personID, _, err = s.people.MatchOrRegister(ctx, tx, in.Person); err != nil {
				return err
			}
			if err := s.people.RecordConsents(ctx, tx, personID, people.DataProcessing); err != nil {
				return err
			}
		}
		var err error
		p, err = s.insert(ctx, tx, personID, channel, in.Title, in.Body, in.TopicID, in.Language)
		return err
	})
	return p, err
}

// HasAuthor reports whether the input names a person: a proposal the
// secretariat records without one is the Council's own.
func (in SubmitInput) HasAuthor() bool {
	for _, n := range in.Person.Names {
		if !n.Empty() {
			return true
		}
	}
	return strings.TrimSpace(in.Person.BirthDate) != ""
}

// Submit takes a proposal from the public form: it matches or registers the
// author, records their consent to the processing of their data, and
// returns the proposal with the reference its author keeps. The author
// gives a phone number or an e-mail to be answered at. Nothing is saved
// when any step fails.
func (s *Store) Submit(ctx context.Context, in SubmitInput) (Proposal, error) {
	var l textcheck.List
	s.checkAuthor(&l, &in)
	if strings.TrimSpace(in.Person.Phone) == "" && strings.TrimSpace(in.Person.Email) == "" {
		l.Add(i18n.Errorf("training.error.contact_required", "Field", i18n.Key("people.phone")))
	}
	s.checkProposal(ctx, &l, &in.Title, &in.Body, in.TopicID)
	if err := l.Err(); err != nil {
		return Proposal{}, err
	}
	return s.submit(ctx, in, Online)
}

// SubmitFor records a proposal the secretariat takes down: the Council's
// own, when in names no author, or one on behalf of a person, matched with
// the registry or registered as the public form does, who consented to the
// processing of their data.
func (s *Store) SubmitFor(ctx context.Context, in SubmitInput) (Proposal, error) {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return Proposal{}, err
	}
	var l textcheck.List
	if in.HasAuthor() {
		s.checkAuthor(&l, &in)
	}
	s.checkProposal(ctx, &l, &in.Title, &in.Body, in.TopicID)
	if err := l.Err(); err != nil {
		return Proposal{}, err
	}
	return s.submit(ctx, in, Secretariat)
}

// insert numbers the proposal within its year ("MS-2026-000123") and saves it.
func (s *Store) insert(ctx context.Context, tx *db.Tx, personID int64, channel, title, body string, topicID int64, lang string) (Proposal, error) {
	now := s.now()
	p := Proposal{Title: title, Body: body, TopicID: topicID, Language: lang, PersonID: personID, Channel: channel,
		State: Submitted, SubmittedAt: now}
	year := i18n.DayOf(now).Year()
	var number int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM proposals WHERE year = $1`, year).Scan(&number); err != nil {
		return p, fmt.Errorf("council: number proposal: %w", err)
	}
	p.Reference = reference(year, number)
	err := tx.QueryRowContext(ctx, `INSERT INTO proposals (reference, year, number, title, body, topic_id, language, person_id,
		channel, state, submitted_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		p.Reference, year, number, title, body, topicID, lang, db.NullID(personID), channel, p.State, now,
		db.NullID(access.From(ctx).UserID)).Scan(&p.ID)
	if err != nil {
		return p, fmt.Errorf("council: insert proposal: %w", err)
	}
	return p, audit.Record(ctx, tx, "proposal.submit", "proposal", strconv.FormatInt(p.ID, 10), "channel."+channel)
}

func reference(year, number int) string { return fmt.Sprintf("MS-%d-%06d", year, number) }

// parseReference reads a reference however it was typed ("ms 2026 123",
// "MS-2026-000123"): the first four digits are the year, the rest the number.
func parseReference(typed string) (year, number int, ok bool) {
	var digits strings.Builder
	for _, r := range typed {
		if r >= '0' && r <= '9' {
			digits.WriteRune(r)
		}
	}
	d := digits.String()
	if len(d) < 5 || len(d) > 12 {
		return 0, 0, false
	}
	year, _ = strconv.Atoi(d[:4])
	number, _ = strconv.Atoi(d[4:])
	return year, number, number > 0
}

// Review assigns a submitted proposal to a unit of the Service, with the
// day its answer is due, and publishes it.
func (s *Store) Review(ctx context.Context, id int64, in ReviewInput) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	var l textcheck.List
	in.UnitName = strings.TrimSpace(in.UnitName)
	l.Check("council.review.unit_name", in.UnitName, textcheck.Title)
	if in.UnitOrgID == 0 && in.UnitName == "" {
		l.Add(i18n.Errorf("council.error.unit_required", "Field", i18n.Key("council.review.unit")))
	}
	due := i18n.DayOf(s.now()).AddDate(0, 0, DueDays)
	if d := strings.TrimSpace(in.DueOn); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil || t.Before(i18n.DayOf(s.now())) {
			l.Add(i18n.Errorf("council.error.due_date", "Field", i18n.Key("council.review.due")))
		}
		due = t
	}
	if err := l.Err(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		if in.UnitOrgID != 0 {
			name, err := orgs.ActiveName(ctx, tx, "council.review.unit", in.UnitOrgID)
			if err != nil {
				return err
			}
			in.UnitName = name
		}
		return s.move(ctx, tx, id, UnderReview, `unit_org_id = $3, unit_name = $4, due_on = $5, reviewed_at = $6`,
			[]any{db.NullID(in.UnitOrgID), in.UnitName, due, s.now()}, "unit", "due_on")
	})
}

// Answer records the Service's answer: the outcome and its reasons, which
// are published in all three languages, so all three are required.
func (s *Store) Answer(ctx context.Context, id int64, in AnswerInput) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	var l textcheck.List
	found := false
	for _, o := range Outcomes {
		found = found || o == in.Outcome
	}
	if !found {
		l.Add(i18n.Errorf("council.error.outcome_required", "Field", i18n.Key("council.answer.outcome")))
	}
	checkTexts(&l, &in.Answer, "council.answer.text_", textcheck.Long, "council.error.answer_required", allLangs...)
	if err := l.Err(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := s.move(ctx, tx, id, Answered, `outcome = $3, answer_az = $4, answer_en = $5, answer_ru = $6, answered_at = $7`,
			[]any{in.Outcome, in.Answer.Az, in.Answer.En, in.Answer.Ru, s.now()}, "outcome", "answer"); err != nil {
			return err
		}
		return s.tellAnswered(ctx, tx, id)
	})
}

// checkTexts trims and checks a text in the three languages against rule;
// the labels are prefix+az, prefix+en and prefix+ru. The languages in
// required must be there, or the missing message names them.
func checkTexts(l *textcheck.List, t *Texts, prefix string, rule textcheck.Rule, missing string, required ...string) {
	for _, f := range []struct {
		lang string
		v    *string
	}{{"az", &t.Az}, {"en", &t.En}, {"ru", &t.Ru}} {
		*f.v = strings.TrimSpace(*f.v)
		if l.Check(prefix+f.lang, *f.v, rule) && *f.v == "" && slices.Contains(required, f.lang) {
			l.Add(i18n.Errorf(missing, "Field", i18n.Key(prefix+f.lang)))
		}
	}
}

// allLangs are the languages a text published in all three must have.
var allLangs = []string{"az", "en", "ru"}

// Implement records what was done about an accepted or partly accepted
// proposal, in all three languages.
func (s *Store) Implement(ctx context.Context, id int64, done Texts) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	var l textcheck.List
	checkTexts(&l, &done, "council.implement.text_", textcheck.Long, "council.error.done_required", allLangs...)
	if err := l.Err(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		return s.move(ctx, tx, id, Implemented, `done_az = $3, done_en = $4, done_ru = $5, implemented_at = $6`,
			[]any{done.Az, done.En, done.Ru, s.now()}, "done")
	})
}

// LinkMeasure links a proposal the Service accepted to the measure of the
// published Action Plan that carries it out, or unlinks it (measureID 0).
func (s *Store) LinkMeasure(ctx context.Context, id, measureID int64) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		p, err := s.proposal(ctx, tx, `WHERE p.id = $2`, id)
		if err != nil {
			return err
		}
		if measureID != 0 {
			if !p.Linkable() {
				return i18n.Errorf("council.error.link_accepted", "Field", i18n.Key("council.link.measure"))
			}
			if err := strategy.CheckMeasure(ctx, tx, "council.link.measure", measureID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE proposals SET measure_id = $1 WHERE id = $2`, db.NullID(measureID), id); err != nil {
			return fmt.Errorf("council: link proposal %d: %w", id, err)
		}
		return audit.Record(ctx, tx, "proposal.link_measure", "proposal", strconv.FormatInt(id, 10), "measure")
	})
}

// Withdraw withdraws a proposal at its author's request, made to the
// secretariat.
func (s *Store) Withdraw(ctx context.Context, id int64) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		return s.move(ctx, tx, id, Withdrawn, `withdrawn_at = $3`, []any{s.now()}, "by_secretariat")
	})
}

// WithdrawByAuthor withdraws a proposal for the visitor who proves to be
// its author with the reference and their birth date or e-mail.
func (s *Store) WithdrawByAuthor(ctx context.Context, reference string, check Check) error {
	p, err := s.authored(ctx, reference, check)
	if err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		return s.move(ctx, tx, p.ID, Withdrawn, `withdrawn_at = $3`, []any{s.now()}, "by_author")
	})
}

// move changes a proposal's state if proposalMoves allows it and nobody
// moved it meanwhile, sets the columns of set (its arguments from $3 on),
// and records the change in the audit log with the changed fields.
func (s *Store) move(ctx context.Context, tx *db.Tx, id int64, to ProposalState, set string, args []any, fields ...string) error {
	p, err := s.proposal(ctx, tx, `WHERE p.id = $2`, id)
	if err != nil {
		return err
	}
	if !p.State.CanMove(to) || to == Implemented && p.Outcome == Rejected {
		return invalidMove(p.State)
	}
	res, err := tx.ExecContext(ctx, `UPDATE proposals SET state = $1, `+set+` WHERE id = $2 AND state = $`+strconv.Itoa(len(args)+3),
		append(append([]any{to, id}, args...), p.State)...)
	if err != nil {
		return fmt.Errorf("council: move proposal %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return invalidMove(p.State)
	}
	action := map[ProposalState]string{UnderReview: "review", Answered: "answer", Implemented: "implement", Withdrawn: "withdraw"}[to]
	return audit.Record(ctx, tx, "proposal."+action, "proposal", strconv.FormatInt(id, 10), fields...)
}
