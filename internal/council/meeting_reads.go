package council

import (
	"context"
	"database/sql"
	"fmt"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/people"
)

const meetingQuery = `SELECT id, state, starts_at, venue, online_url, cancel_reason, minutes_az, minutes_en, minutes_ru,
	en_translated, ru_translated, held_at, approved_at, approved_by, approved_in, published_at FROM council_meetings `

func scanMeeting(r db.Scanner) (Meeting, error) {
	var m Meeting
	var held, approved, published sql.NullTime
	var in sql.NullInt64
	err := r.Scan(&m.ID, &m.State, &m.StartsAt, &m.Venue, &m.OnlineURL, &m.CancelReason, &m.Minutes.Az, &m.Minutes.En, &m.Minutes.Ru,
		&m.EnTranslated, &m.RuTranslated, &held, &approved, &m.ApprovedBy, &in, &published)
	m.StartsAt, m.HeldAt, m.ApprovedAt, m.PublishedAt = m.StartsAt.UTC(), utc(held), utc(approved), utc(published)
	m.ApprovedIn = in.Int64
	return m, err
}

func meetings(ctx context.Context, q db.Querier, where string, args ...any) ([]Meeting, error) {
	rows, err := q.QueryContext(ctx, meetingQuery+where, args...)
	list, err := db.Collect(rows, err, scanMeeting)
	if err != nil {
		return nil, fmt.Errorf("council: meetings: %w", err)
	}
	return list, nil
}

// attendees returns the members invited to a meeting, as members lists
// order them.
func attendees(ctx context.Context, q db.Querier, meetingID int64) ([]Attendee, error) {
	rows, err := q.QueryContext(ctx, `SELECT member_id, reply, presence FROM council_attendance WHERE meeting_id = $1`, meetingID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (a Attendee, err error) {
		return a, r.Scan(&a.MemberID, &a.Reply, &a.Presence)
	})
	if err != nil {
		return nil, fmt.Errorf("council: attendance of %d: %w", meetingID, err)
	}
	ms, err := members(ctx, q, ``)
	if err != nil {
		return nil, err
	}
	byID := map[int64]Attendee{}
	for _, a := range list {
		byID[a.MemberID] = a
	}
	out := make([]Attendee, 0, len(list))
	for _, m := range ms {
		if a, ok := byID[m.ID]; ok {
			a.Name, a.Role = m.Name, m.Role
			out = append(out, a)
		}
	}
	return out, nil
}

// Meeting returns a meeting with its agenda, invitations, guests and
// decisions, for the staff who read the Council's work.
func (s *Store) Meeting(ctx context.Context, id int64) (Meeting, error) {
	if err := access.Require(ctx, access.CouncilWork); err != nil {
		return Meeting{}, err
	}
	return s.meeting(ctx, id)
}

func (s *Store) meeting(ctx context.Context, id int64) (Meeting, error) {
	list, err := meetings(ctx, s.db, `WHERE id = $1`, id)
	if err != nil {
		return Meeting{}, err
	}
	if len(list) == 0 {
		return Meeting{}, fmt.Errorf("council: meeting %d: %w", id, db.ErrNotFound)
	}
	m := list[0]
	if m.Items, err = s.agenda(ctx, id); err != nil {
		return m, err
	}
	if m.Invited, err = attendees(ctx, s.db, id); err != nil {
		return m, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT name, organisation FROM council_guests WHERE meeting_id = $1 ORDER BY id`, id)
	if m.Guests, err = db.Collect(rows, err, func(r db.Scanner) (g Guest, err error) { return g, r.Scan(&g.Name, &g.Organisation) }); err != nil {
		return m, fmt.Errorf("council: guests of %d: %w", id, err)
	}
	m.Decisions, err = s.decisions(ctx, id)
	return m, err
}

// agenda reads a meeting's items with their papers and proposals.
func (s *Store) agenda(ctx context.Context, meetingID int64) ([]AgendaItem, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, position, title_az, title_en, title_ru, presenter FROM council_agenda_items
		WHERE meeting_id = $1 ORDER BY position`, meetingID)
	items, err := db.Collect(rows, err, func(r db.Scanner) (it AgendaItem, err error) {
		return it, r.Scan(&it.ID, &it.Position, &it.Title.Az, &it.Title.En, &it.Title.Ru, &it.Presenter)
	})
	if err != nil {
		return nil, fmt.Errorf("council: agenda of %d: %w", meetingID, err)
	}
	at := map[int64]int{}
	for i, it := range items {
		at[it.ID] = i
	}
	rows, err = s.db.QueryContext(ctx, `SELECT p.id, p.item_id, p.file_name, p.content_type, p.size FROM council_papers p
		JOIN council_agenda_items i ON i.id = p.item_id WHERE i.meeting_id = $1 ORDER BY p.id`, meetingID)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var p Paper
		if err := r.Scan(&p.ID, &p.ItemID, &p.Name, &p.ContentType, &p.Size); err != nil {
			return err
		}
		items[at[p.ItemID]].Papers = append(items[at[p.ItemID]].Papers, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("council: papers of %d: %w", meetingID, err)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT ip.item_id, p.id, p.reference, p.title, p.reviewed_at IS NOT NULL FROM council_item_proposals ip
		JOIN proposals p ON p.id = ip.proposal_id JOIN council_agenda_items i ON i.id = ip.item_id WHERE i.meeting_id = $1 ORDER BY p.id`, meetingID)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var item int64
		var l ProposalLink
		if err := r.Scan(&item, &l.ID, &l.Reference, &l.Title, &l.Public); err != nil {
			return err
		}
		items[at[item]].Proposals = append(items[at[item]].Proposals, l)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("council: proposals of %d: %w", meetingID, err)
	}
	return items, nil
}

// decisions reads a meeting's decisions with the elections' tallies and
// the names of the candidates.
func (s *Store) decisions(ctx context.Context, meetingID int64) ([]Decision, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, text_az, text_en, text_ru, votes_for, votes_against, abstained, present,
		outcome, elected_id FROM council_decisions WHERE meeting_id = $1 ORDER BY id`, meetingID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (d Decision, err error) {
		var elected sql.NullInt64
		err = r.Scan(&d.ID, &d.Kind, &d.Text.Az, &d.Text.En, &d.Text.Ru, &d.For, &d.Against, &d.Abstained, &d.Present, &d.Outcome, &elected)
		d.ElectedID = elected.Int64
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("council: decisions of %d: %w", meetingID, err)
	}
	at := map[int64]int{}
	for i, d := range list {
		at[d.ID] = i
	}
	var persons []int64
	candidates := map[int64]int64{} // member → person
	rows, err = s.db.QueryContext(ctx, `SELECT v.decision_id, v.candidate_id, v.votes, m.person_id FROM council_election_votes v
		JOIN council_decisions d ON d.id = v.decision_id JOIN council_members m ON m.id = v.candidate_id
		WHERE d.meeting_id = $1 ORDER BY v.votes DESC, v.candidate_id`, meetingID)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var decision, person int64
		var t Tally
		if err := r.Scan(&decision, &t.CandidateID, &t.Votes, &person); err != nil {
			return err
		}
		candidates[t.CandidateID] = person
		persons = append(persons, person)
		list[at[decision]].Tallies = append(list[at[decision]].Tallies, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("council: elections of %d: %w", meetingID, err)
	}
	names, err := people.DisplayNames(ctx, s.db, persons)
	if err != nil {
		return nil, err
	}
	for i := range list {
		for j, t := range list[i].Tallies {
			list[i].Tallies[j].Name = names[candidates[t.CandidateID]]
			if t.CandidateID == list[i].ElectedID {
				list[i].Elected = list[i].Tallies[j].Name
			}
		}
	}
	return list, nil
}

// Meetings returns every meeting, the latest first, without their details.
func (s *Store) Meetings(ctx context.Context) ([]Meeting, error) {
	if err := access.Require(ctx, access.CouncilWork); err != nil {
		return nil, err
	}
	return meetings(ctx, s.db, `ORDER BY starts_at DESC, id DESC`)
}

// PublicMeetings returns what the public sees of the Council's meetings:
// the planned ones still to come, soonest first, and those whose minutes
// are published, latest first.
func (s *Store) PublicMeetings(ctx context.Context) (upcoming, past []Meeting, err error) {
	if upcoming, err = meetings(ctx, s.db, `WHERE state = 'planned' AND starts_at >= $1 ORDER BY starts_at, id`, s.today()); err != nil {
		return nil, nil, err
	}
	for i := range upcoming {
		if upcoming[i].Items, err = s.agenda(ctx, upcoming[i].ID); err != nil {
			return nil, nil, err
		}
	}
	past, err = meetings(ctx, s.db, `WHERE published_at IS NOT NULL ORDER BY starts_at DESC, id DESC`)
	return upcoming, past, err
}

// PublicMeeting returns a meeting the public may read: a planned one still
// to come, with its agenda, or one whose minutes are published, with its
// decisions and minutes. Papers, unpublished proposals and the names of
// those who attended stay in the back office: the public reads how many
// came, and who was elected.
func (s *Store) PublicMeeting(ctx context.Context, id int64) (Meeting, error) {
	m, err := s.meeting(ctx, id)
	if err != nil {
		return Meeting{}, err
	}
	if !m.Published() && (m.State != Planned || m.StartsAt.Before(s.today())) {
		return Meeting{}, fmt.Errorf("council: meeting %d: %w", id, db.ErrNotFound)
	}
	for i := range m.Items {
		m.Items[i].Papers = nil
		var public []ProposalLink
		for _, p := range m.Items[i].Proposals {
			if p.Public {
				public = append(public, p)
			}
		}
		m.Items[i].Proposals = public
	}
	for i := range m.Invited {
		m.Invited[i] = Attendee{Presence: m.Invited[i].Presence}
	}
	for i := range m.Guests {
		m.Guests[i] = Guest{}
	}
	for i := range m.Decisions {
		for j := range m.Decisions[i].Tallies {
			if m.Decisions[i].Tallies[j].CandidateID != m.Decisions[i].ElectedID {
				m.Decisions[i].Tallies[j].Name = ""
			}
		}
	}
	return m, nil
}

// NextMeeting returns the earliest meeting still planned, with its agenda
// and invitations, and whether there is one: the one the secretariat
// prepares, or, when its time has passed, records.
func (s *Store) NextMeeting(ctx context.Context) (Meeting, bool, error) {
	if err := access.Require(ctx, access.CouncilWork); err != nil {
		return Meeting{}, false, err
	}
	list, err := meetings(ctx, s.db, `WHERE state = 'planned' ORDER BY starts_at, id LIMIT 1`)
	if err != nil || len(list) == 0 {
		return Meeting{}, false, err
	}
	m, err := s.meeting(ctx, list[0].ID)
	return m, err == nil, err
}

// MinutesWaiting returns the meetings whose minutes wait for the
// secretariat: held ones, to write and have approved, and approved ones
// not yet published, oldest first.
func (s *Store) MinutesWaiting(ctx context.Context) ([]Meeting, error) {
	if err := access.Require(ctx, access.CouncilWork); err != nil {
		return nil, err
	}
	return meetings(ctx, s.db, `WHERE state = 'held' OR state = 'approved' AND published_at IS NULL ORDER BY starts_at, id`)
}
