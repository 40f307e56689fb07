package council

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// Every read of proposals passes the start of today as $1, so that the
// database flags the overdue ones: under review with the due day past.
const proposalQuery = `SELECT p.id, p.reference, p.title, p.body, p.topic_id, t.name_az, t.name_en, t.name_ru, p.language,
	p.person_id, p.channel, p.state, p.unit_org_id, p.unit_name, p.due_on, p.outcome, p.answer_az, p.answer_en, p.answer_ru,
	p.done_az, p.done_en, p.done_ru, p.submitted_at, p.reviewed_at, p.answered_at, p.implemented_at, p.withdrawn_at,
	(p.state = 'under_review' AND p.due_on < $1) AS overdue, p.meeting_id, m.starts_at,
	coalesce(m.published_at IS NOT NULL OR m.state = 'planned' AND m.starts_at >= $1, false), coalesce(p.measure_id, 0)
	FROM proposals p JOIN council_topics t ON t.id = p.topic_id LEFT JOIN council_meetings m ON m.id = p.meeting_id `

func scanProposal(r db.Scanner) (Proposal, error) {
	var p Proposal
	var person, org sql.NullInt64
	var meeting sql.NullInt64
	var due, reviewed, answered, implemented, withdrawn, meetingAt sql.NullTime
	err := r.Scan(&p.ID, &p.Reference, &p.Title, &p.Body, &p.TopicID, &p.Topic.Az, &p.Topic.En, &p.Topic.Ru, &p.Language,
		&person, &p.Channel, &p.State, &org, &p.UnitName, &due, &p.Outcome, &p.Answer.Az, &p.Answer.En, &p.Answer.Ru,
		&p.Done.Az, &p.Done.En, &p.Done.Ru, &p.SubmittedAt, &reviewed, &answered, &implemented, &withdrawn, &p.Overdue,
		&meeting, &meetingAt, &p.MeetingPublic, &p.MeasureID)
	p.PersonID, p.UnitOrgID, p.MeetingID, p.MeetingAt = person.Int64, org.Int64, meeting.Int64, utc(meetingAt)
	p.DueOn, p.ReviewedAt, p.AnsweredAt = utc(due), utc(reviewed), utc(answered)
	p.ImplementedAt, p.WithdrawnAt = utc(implemented), utc(withdrawn)
	p.SubmittedAt = p.SubmittedAt.UTC()
	return p, err
}

func utc(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// proposal reads one proposal; where's arguments start at $2.
func (s *Store) proposal(ctx context.Context, q db.Querier, where string, args ...any) (Proposal, error) {
	p, err := scanProposal(q.QueryRowContext(ctx, proposalQuery+where, append([]any{s.today()}, args...)...))
	if err != nil {
		return p, fmt.Errorf("council: proposal: %w", db.NotFound(err))
	}
	return p, nil
}

func (s *Store) proposals(ctx context.Context, where string, args ...any) ([]Proposal, error) {
	rows, err := s.db.QueryContext(ctx, proposalQuery+where, append([]any{s.today()}, args...)...)
	list, err := db.Collect(rows, err, scanProposal)
	if err != nil {
		return nil, fmt.Errorf("council: proposals: %w", err)
	}
	return list, nil
}

func (s *Store) today() time.Time { return i18n.DayOf(s.now()) }

// Filter narrows a list of proposals; zero values match everything.
type Filter struct {
	TopicID int64
	State   ProposalState
	Year    int
	Overdue bool // the secretariat's list only
}

func (f Filter) where(public bool) (string, []any) {
	w, args := `WHERE 1 = 1`, []any{}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)+1) }
	if public {
		w += ` AND p.reviewed_at IS NOT NULL`
	}
	if f.TopicID != 0 {
		w += ` AND p.topic_id = ` + arg(f.TopicID)
	}
	if f.State != "" {
		w += ` AND p.state = ` + arg(string(f.State))
	}
	if f.Year != 0 {
		w += ` AND p.year = ` + arg(f.Year)
	}
	if f.Overdue {
		w += ` AND p.state = 'under_review' AND p.due_on < $1`
	}
	return w + ` ORDER BY p.submitted_at DESC, p.id DESC`, args
}

// Published returns the proposals the public may read, newest first,
// without anything about their authors.
func (s *Store) Published(ctx context.Context, f Filter) ([]Proposal, error) {
	f.Overdue = false
	where, args := f.where(true)
	list, err := s.proposals(ctx, where, args...)
	for i := range list {
		list[i] = list[i].anonymous()
	}
	return list, err
}

// anonymous returns the proposal without the link to its author, for
// readers who may not see who wrote it.
func (p Proposal) anonymous() Proposal {
	p.PersonID, p.Author = 0, ""
	return p
}

// PublishedProposal returns a published proposal by its reference, without
// anything about its author; any other is not found.
func (s *Store) PublishedProposal(ctx context.Context, reference string) (Proposal, error) {
	year, number, ok := parseReference(reference)
	if !ok {
		return Proposal{}, db.ErrNotFound
	}
	p, err := s.proposal(ctx, s.db, `WHERE p.year = $2 AND p.number = $3 AND p.reviewed_at IS NOT NULL`, year, number)
	return p.anonymous(), err
}

// Linked returns the published proposals linked to Action Plan measures,
// by measure, oldest first, without anything about their authors: the
// plan's pages name them.
func (s *Store) Linked(ctx context.Context) (map[int64][]Proposal, error) {
	list, err := s.proposals(ctx, `WHERE p.measure_id IS NOT NULL AND p.reviewed_at IS NOT NULL ORDER BY p.submitted_at, p.id`)
	if err != nil {
		return nil, err
	}
	out := map[int64][]Proposal{}
	for _, p := range list {
		out[p.MeasureID] = append(out[p.MeasureID], p.anonymous())
	}
	return out, nil
}

// Proposals returns the secretariat's list with the authors' names; the
// read is audited.
func (s *Store) Proposals(ctx context.Context, f Filter) ([]Proposal, error) {
	if err := access.Require(ctx, access.ReadCouncil); err != nil {
		return nil, err
	}
	where, args := f.where(false)
	list, err := s.proposals(ctx, where, args...)
	if err != nil {
		return nil, err
	}
	if err := s.withAuthors(ctx, list); err != nil {
		return nil, err
	}
	return list, audit.RecordRead(ctx, s.db, "proposal.list", "proposal", "")
}

// Proposal returns one proposal with its author's name, for the
// secretariat; the read is audited.
func (s *Store) Proposal(ctx context.Context, id int64) (Proposal, error) {
	if err := access.Require(ctx, access.ReadCouncil); err != nil {
		return Proposal{}, err
	}
	p, err := s.proposal(ctx, s.db, `WHERE p.id = $2`, id)
	if err != nil {
		return p, err
	}
	list := []Proposal{p}
	if err := s.withAuthors(ctx, list); err != nil {
		return p, err
	}
	return list[0], audit.RecordRead(ctx, s.db, "proposal.view", "proposal", strconv.FormatInt(id, 10))
}

func (s *Store) withAuthors(ctx context.Context, list []Proposal) error {
	ids := make([]int64, 0, len(list))
	for _, p := range list {
		if p.PersonID != 0 {
			ids = append(ids, p.PersonID)
		}
	}
	names, err := people.DisplayNames(ctx, s.db, ids)
	if err != nil {
		return err
	}
	for i := range list {
		list[i].Author = names[list[i].PersonID]
	}
	return nil
}

// Check is what a visitor gives to prove they wrote a proposal: the birth
// date or the e-mail they gave with it.
type Check struct {
	BirthDate string // 2006-01-02
	Email     string
}

// ErrNotAuthor is the one answer for an unknown reference and for a check
// that does not fit, so the lookup tells a stranger nothing.
var ErrNotAuthor = i18n.Errorf("council.error.lookup_failed", "Field", i18n.Key("council.lookup.reference"))

// Lookup finds a proposal for its author, who gives its reference and
// their birth date or e-mail. It shows no personal data either.
func (s *Store) Lookup(ctx context.Context, reference string, check Check) (Proposal, error) {
	p, err := s.authored(ctx, reference, check)
	return p.anonymous(), err
}

func (s *Store) authored(ctx context.Context, reference string, check Check) (Proposal, error) {
	year, number, ok := parseReference(reference)
	if !ok || check.BirthDate == "" && check.Email == "" {
		return Proposal{}, ErrNotAuthor
	}
	p, err := s.proposal(ctx, s.db, `WHERE p.year = $2 AND p.number = $3`, year, number)
	if err != nil || p.PersonID == 0 {
		return Proposal{}, ErrNotAuthor
	}
	if check.BirthDate != "" {
		sm, err := people.SummaryOf(ctx, s.db, p.PersonID)
		if err == nil && !sm.BirthDate.IsZero() && sm.BirthDate.Format(time.DateOnly) == check.BirthDate {
			return p, nil
		}
	}
	if check.Email != "" {
		if ok, err := people.EmailIs(ctx, s.db, p.PersonID, check.Email); err != nil {
			return Proposal{}, err
		} else if ok {
			return p, nil
		}
	}
	return Proposal{}, ErrNotAuthor
}

// MovePerson hands a merged person's proposals and seat on the Council to
// the surviving record, inside the merge's transaction (a people.MergeHook).
func (s *Store) MovePerson(ctx context.Context, tx *db.Tx, from, to int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE proposals SET person_id = $1 WHERE person_id = $2`, to, from); err != nil {
		return err
	}
	return moveMember(ctx, tx, from, to)
}
