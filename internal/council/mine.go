package council

import (
	"context"
	"errors"
	"fmt"
	"io"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/notify"
	"inteqra/internal/people"
	"inteqra/internal/textcheck"
)

// A migrant's own proposals: sent from their area as the author the
// account is linked to, followed there, withdrawn before the answer; and
// the answer told to them.

// OwnInput is the proposal form of the migrant's area.
type OwnInput struct {
	Title, Body string
	TopicID     int64
	Language    string
	ConsentData bool
}

// SubmitOwn sends a proposal from the signed-in migrant, whose person is
// its author; their consent to the processing of their data is recorded
// as the public form records it.
func (s *Store) SubmitOwn(ctx context.Context, in OwnInput) (Proposal, error) {
	person, err := access.Own(ctx)
	if err != nil {
		return Proposal{}, err
	}
	var l textcheck.List
	s.checkProposal(ctx, &l, &in.Title, &in.Body, in.TopicID)
	if !in.ConsentData {
		l.Add(i18n.Errorf("council.error.consent_required", "Field", i18n.Key("council.propose.consent")))
	}
	if err := l.Err(); err != nil {
		return Proposal{}, err
	}
	var p Proposal
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := s.people.RecordConsents(ctx, tx, person, people.DataProcessing); err != nil {
			return err
		}
		p, err = s.insert(ctx, tx, person, Online, in.Title, in.Body, in.TopicID, in.Language)
		return err
	})
	return p, err
}

// MyProposals returns the signed-in migrant's proposals, newest first.
func (s *Store) MyProposals(ctx context.Context) ([]Proposal, error) {
	person, err := access.Own(ctx)
	if err != nil {
		return nil, err
	}
	return s.proposals(ctx, `WHERE p.person_id = $2 ORDER BY p.submitted_at DESC, p.id DESC`, person)
}

// WithdrawOwn withdraws one of the signed-in migrant's proposals before it
// is answered; another's is as missing as an unknown one.
func (s *Store) WithdrawOwn(ctx context.Context, id int64) error {
	person, err := access.Own(ctx)
	if err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		p, err := s.proposal(ctx, tx, `WHERE p.id = $2`, id)
		if err != nil {
			return err
		}
		if p.PersonID != person {
			return db.ErrNotFound
		}
		return s.move(ctx, tx, p.ID, Withdrawn, `withdrawn_at = $3`, []any{s.now()}, "by_author")
	})
}

// Notify tells authors the answers to their proposals, through n.
func (s *Store) Notify(n *notify.Store) { s.notify = n }

// tellAnswered tells a proposal's author that it was answered, in tx: by
// e-mail or text message when they left an address or a phone, and in
// their area when they have an account, in the proposal's language.
func (s *Store) tellAnswered(ctx context.Context, tx *db.Tx, id int64) error {
	if s.notify == nil {
		return nil
	}
	p, err := s.proposal(ctx, tx, `WHERE p.id = $2`, id)
	if err != nil || p.PersonID == 0 {
		return err
	}
	email, phone, err := people.ContactOf(ctx, tx, p.PersonID)
	if err != nil {
		return err
	}
	lang, ok := i18n.Parse(p.Language)
	if !ok {
		lang = i18n.AZ
	}
	to := notify.Recipient{Email: email, Phone: phone, Lang: lang, PersonID: p.PersonID}
	if to.UserID, err = auth.AccountUser(ctx, tx, p.PersonID); err != nil {
		return err
	}
	link := "/council/proposals/status"
	if to.UserID != 0 {
		link = "/me/proposals"
	}
	if to.Email == "" && to.Phone == "" && to.UserID == 0 {
		return nil
	}
	return s.notify.Raise(ctx, tx, notify.Event{Kind: "proposal.answered", Link: link, To: []notify.Recipient{to},
		Args: map[string]string{"Reference": p.Reference, "Outcome": fmt.Sprintf("@council.outcome.%s", p.Outcome)}})
}

// The member's area: a Council member whose account is linked to their
// person reads the meetings to come with their agenda and papers, and the
// draft minutes of those held, before they are published.

// MemberArea is what a member reads.
type MemberArea struct {
	Upcoming []Meeting // planned, soonest first, with their agenda
	Drafts   []Meeting // held, minutes not yet approved, latest first
}

// ownMember returns the signed-in migrant's person when they serve on the
// Council (an active term); anyone else is refused.
func (s *Store) ownMember(ctx context.Context) (int64, error) {
	person, err := access.Own(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM council_members m JOIN council_terms t ON t.member_id = m.id
		WHERE m.person_id = $1 AND t.state = $2`, person, Active).Scan(&n); err != nil {
		return 0, fmt.Errorf("council: member of %d: %w", person, err)
	}
	if n == 0 {
		return 0, access.ErrForbidden
	}
	return person, nil
}

// IsMember reports whether the signed-in migrant serves on the Council.
func (s *Store) IsMember(ctx context.Context) (bool, error) {
	_, err := s.ownMember(ctx)
	if errors.Is(err, access.ErrForbidden) {
		return false, nil
	}
	return err == nil, err
}

// MemberArea returns the member's area.
func (s *Store) MemberArea(ctx context.Context) (MemberArea, error) {
	var a MemberArea
	if _, err := s.ownMember(ctx); err != nil {
		return a, err
	}
	var err error
	if a.Upcoming, err = meetings(ctx, s.db, `WHERE state = 'planned' ORDER BY starts_at, id`); err != nil {
		return a, err
	}
	for i := range a.Upcoming {
		if a.Upcoming[i].Items, err = s.agenda(ctx, a.Upcoming[i].ID); err != nil {
			return a, err
		}
	}
	a.Drafts, err = meetings(ctx, s.db, `WHERE state = 'held' ORDER BY starts_at DESC, id DESC`)
	return a, err
}

// MemberMeeting returns a planned or held meeting with its agenda, papers
// and draft minutes, for a member; others are missing.
func (s *Store) MemberMeeting(ctx context.Context, id int64) (Meeting, error) {
	if _, err := s.ownMember(ctx); err != nil {
		return Meeting{}, err
	}
	m, err := s.meeting(ctx, id)
	if err == nil && m.State != Planned && m.State != Held {
		err = fmt.Errorf("council: meeting %d: %w", id, db.ErrNotFound)
	}
	return m, err
}

// MemberPaper opens a paper of a meeting a member may read.
func (s *Store) MemberPaper(ctx context.Context, meetingID, paperID int64) (Paper, io.ReadCloser, error) {
	if _, err := s.MemberMeeting(ctx, meetingID); err != nil {
		return Paper{}, nil, err
	}
	return s.openPaper(ctx, meetingID, paperID)
}
