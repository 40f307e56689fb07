package council

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

// Reply is a member's answer to an invitation.
type Reply string

// Replies to an invitation; none is recorded until the member answers.
const (
	Confirmed Reply = "confirmed"
	Declined  Reply = "declined"
)

// Presence is whether an invited member came to the meeting.
type Presence string

// The values of Presence.
const (
	Present Presence = "present"
	Excused Presence = "excused"
	Absent  Presence = "absent"
)

// Presences lists the values in the order forms show them.
var Presences = []Presence{Present, Excused, Absent}

// Attendee is a member invited to a meeting.
type Attendee struct {
	MemberID int64
	Name     string
	Role     Role
	Reply    Reply
	Presence Presence
}

// Guest is someone not on the Council who attended a meeting.
type Guest struct {
	Name         string
	Organisation string
}

// Quorum is how many of the invited members must be present for the
// Council to decide: more than half.
func Quorum(invited int) int { return invited/2 + 1 }

// Count returns how many of the invited have replied or attended as given.
func (m Meeting) count(match func(Attendee) bool) int {
	n := 0
	for _, a := range m.Invited {
		if match(a) {
			n++
		}
	}
	return n
}

// PresentCount is how many members were present.
func (m Meeting) PresentCount() int {
	return m.count(func(a Attendee) bool { return a.Presence == Present })
}

// ConfirmedCount is how many members confirmed they will come.
func (m Meeting) ConfirmedCount() int {
	return m.count(func(a Attendee) bool { return a.Reply == Confirmed })
}

// Quorum is how many members must be present at this meeting.
func (m Meeting) Quorum() int { return Quorum(len(m.Invited)) }

// HasQuorum reports whether enough members are present to decide.
func (m Meeting) HasQuorum() bool { return len(m.Invited) > 0 && m.PresentCount() >= m.Quorum() }

// ErrNoQuorum is returned for a decision at a meeting without quorum.
var ErrNoQuorum = i18n.Errorf("council.error.no_quorum")

// RecordReplies records the members' answers to the invitation to a
// planned meeting, by member; an empty reply means none yet.
func (s *Store) RecordReplies(ctx context.Context, meetingID int64, replies map[int64]Reply) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	for _, reply := range replies {
		if reply != Confirmed && reply != Declined && reply != "" {
			return textcheck.Unknown("council.invitation.reply")
		}
	}
	return s.changeMeeting(ctx, meetingID, []MeetingState{Planned}, func(tx *db.Tx, _ Meeting) error {
		for member, reply := range replies {
			res, err := tx.ExecContext(ctx, `UPDATE council_attendance SET reply = $1 WHERE meeting_id = $2 AND member_id = $3`,
				reply, meetingID, member)
			if err != nil {
				return fmt.Errorf("council: reply: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return textcheck.Unknown("council.invitation.reply")
			}
		}
		return audit.Record(ctx, tx, "meeting.reply", "meeting", strconv.FormatInt(meetingID, 10), "reply")
	})
}

// AttendanceInput is the attendance list: each invited member's presence,
// and the guests, one per line as "name, organisation".
type AttendanceInput struct {
	Presence map[int64]Presence
	Guests   string
}

// parseGuests reads the guests' lines.
func parseGuests(l *textcheck.List, text string) []Guest {
	var out []Guest
	for line := range strings.Lines(text) {
		name, org, _ := strings.Cut(line, ",")
		name, org = strings.TrimSpace(name), strings.TrimSpace(org)
		if name == "" {
			continue
		}
		if !l.Check("council.attendance.guests", name, textcheck.Title) || !l.Check("council.attendance.guests", org, textcheck.Title) {
			return nil
		}
		out = append(out, Guest{Name: name, Organisation: org})
	}
	if len(out) > 100 {
		l.Add(i18n.Errorf("council.error.too_many_guests", "Field", i18n.Key("council.attendance.guests")))
	}
	return out
}

// RecordAttendance records who attended: on the day of the meeting or after
// it, a planned meeting is then held; a held meeting's list may be
// corrected until its minutes are approved. Every invited member's
// presence is required.
func (s *Store) RecordAttendance(ctx context.Context, meetingID int64, in AttendanceInput) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	var l textcheck.List
	guests := parseGuests(&l, in.Guests)
	if err := l.Err(); err != nil {
		return err
	}
	return s.changeMeeting(ctx, meetingID, []MeetingState{Planned, Held}, func(tx *db.Tx, m Meeting) error {
		if m.StartsAt.After(s.now()) {
			return i18n.Errorf("council.error.not_yet_held")
		}
		invited, err := attendees(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		for _, a := range invited {
			p := in.Presence[a.MemberID]
			if !slices.Contains(Presences, p) {
				l.Add(i18n.Errorf("council.error.presence_required", "Name", a.Name, "Field", i18n.Key("council.attendance.presence")))
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE council_attendance SET presence = $1 WHERE meeting_id = $2 AND member_id = $3`,
				p, meetingID, a.MemberID); err != nil {
				return fmt.Errorf("council: attendance: %w", err)
			}
		}
		if err := l.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM council_guests WHERE meeting_id = $1`, meetingID); err != nil {
			return fmt.Errorf("council: guests: %w", err)
		}
		for _, g := range guests {
			if _, err := tx.ExecContext(ctx, `INSERT INTO council_guests (meeting_id, name, organisation) VALUES ($1, $2, $3)`,
				meetingID, g.Name, g.Organisation); err != nil {
				return fmt.Errorf("council: guests: %w", err)
			}
		}
		if m.State == Planned {
			return s.moveMeeting(ctx, tx, meetingID, Planned, Held, `held_at = $4`, s.now())
		}
		return audit.Record(ctx, tx, "meeting.attendance", "meeting", strconv.FormatInt(meetingID, 10), "attendance")
	})
}

// DecisionKind tells a decision from an election.
type DecisionKind string

// Kinds of decision.
const (
	Resolution DecisionKind = "decision"
	Election   DecisionKind = "chair_election"
)

// Outcomes of a vote.
const (
	Adopted    = "adopted"
	NotAdopted = "rejected"
	Elected    = "elected"
	Tie        = "tie"
	NoMajority = "no_majority"
)

// Decision is what the Council decided at a meeting, with the vote.
type Decision struct {
	ID        int64
	Kind      DecisionKind
	Text      Texts
	For       int
	Against   int
	Abstained int
	Present   int
	Outcome   string
	ElectedID int64
	Elected   string
	Tallies   []Tally
}

// Tally is a candidate's votes in an election.
type Tally struct {
	CandidateID int64
	Name        string
	Votes       int
}

// DecisionInput is a decision with its vote. The text is required in
// Azerbaijani, the language of the minutes.
type DecisionInput struct {
	Text      Texts
	For       int
	Against   int
	Abstained int
}

// Majority reports whether votes are more than half of those present.
func Majority(votes, present int) bool { return votes*2 > present }

// decide checks that a held meeting has quorum and that the votes fit the
// members present; it returns the number present.
func decide(ctx context.Context, tx *db.Tx, l *textcheck.List, meetingID int64, votes int) (int, error) {
	invited, err := attendees(ctx, tx, meetingID)
	if err != nil {
		return 0, err
	}
	m := Meeting{Invited: invited}
	if !m.HasQuorum() {
		return 0, i18n.Errorf("council.error.no_quorum", "Present", m.PresentCount(), "Quorum", m.Quorum())
	}
	if votes > m.PresentCount() {
		l.Add(i18n.Errorf("council.error.too_many_votes", "Present", m.PresentCount(), "Field", i18n.Key("council.decision.votes_for")))
	}
	return m.PresentCount(), l.Err()
}

// AddDecision records a decision of a held meeting. It is adopted when more
// than half of the members present vote for it; without quorum the Council
// cannot decide.
func (s *Store) AddDecision(ctx context.Context, meetingID int64, in DecisionInput) (Decision, error) {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return Decision{}, err
	}
	var l textcheck.List
	checkTexts(&l, &in.Text, "council.decision.text_", textcheck.Medium, "council.error.required", "az")
	for _, v := range []struct {
		label string
		n     int
	}{{"council.decision.votes_for", in.For}, {"council.decision.votes_against", in.Against}, {"council.decision.abstained", in.Abstained}} {
		if v.n < 0 {
			l.Add(i18n.Errorf("council.error.votes", "Field", i18n.Key(v.label)))
		}
	}
	d := Decision{Kind: Resolution, Text: in.Text, For: in.For, Against: in.Against, Abstained: in.Abstained}
	err := s.changeMeeting(ctx, meetingID, []MeetingState{Held}, func(tx *db.Tx, _ Meeting) error {
		var err error
		if d.Present, err = decide(ctx, tx, &l, meetingID, in.For+in.Against+in.Abstained); err != nil {
			return err
		}
		d.Outcome = NotAdopted
		if Majority(in.For, d.Present) {
			d.Outcome = Adopted
		}
		return s.insertDecision(ctx, tx, meetingID, &d)
	})
	return d, err
}

func (s *Store) insertDecision(ctx context.Context, tx *db.Tx, meetingID int64, d *Decision) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO council_decisions (meeting_id, kind, text_az, text_en, text_ru, votes_for, votes_against,
		abstained, present, outcome, elected_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		meetingID, d.Kind, d.Text.Az, d.Text.En, d.Text.Ru, d.For, d.Against, d.Abstained, d.Present, d.Outcome,
		db.NullID(d.ElectedID), s.now()).Scan(&d.ID)
	if err != nil {
		return fmt.Errorf("council: decision: %w", err)
	}
	return audit.Record(ctx, tx, "meeting."+string(d.Kind), "meeting", strconv.FormatInt(meetingID, 10), "outcome."+d.Outcome)
}

// ElectionInput is the vote for the chair: either each present member's
// ballot (voter → candidate) or the tallies (candidate → votes).
type ElectionInput struct {
	Ballots map[int64]int64
	Tallies map[int64]int
}

// ElectChair records the election of the chair at a held meeting with
// quorum. The candidate with the votes of more than half of the members
// present becomes chair, and the former chair an ordinary member; a tie
// for the most votes, or no majority, is recorded as such and changes
// nobody's role.
func (s *Store) ElectChair(ctx context.Context, meetingID int64, in ElectionInput) (Decision, error) {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return Decision{}, err
	}
	d := Decision{Kind: Election}
	if len(in.Ballots) > 0 && len(in.Tallies) > 0 {
		return d, i18n.Errorf("council.error.ballots_or_tallies", "Field", i18n.Key("council.election.votes"))
	}
	err := s.changeMeeting(ctx, meetingID, []MeetingState{Held}, func(tx *db.Tx, _ Meeting) error {
		var l textcheck.List
		invited, err := attendees(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		present := map[int64]bool{}
		for _, a := range invited {
			present[a.MemberID] = a.Presence == Present
		}
		tallies := map[int64]int{}
		for voter, candidate := range in.Ballots {
			if !present[voter] {
				l.Add(textcheck.Unknown("council.election.voter"))
				break
			}
			if candidate != 0 {
				tallies[candidate]++
			}
		}
		for candidate, n := range in.Tallies {
			if n < 0 {
				l.Add(i18n.Errorf("council.error.votes", "Field", i18n.Key("council.election.votes")))
				break
			}
			tallies[candidate] += n
		}
		total := 0
		for candidate, n := range tallies {
			if _, ok := present[candidate]; !ok {
				l.Add(textcheck.Unknown("council.election.candidate"))
				break
			}
			total += n
		}
		if total == 0 {
			l.Add(i18n.Errorf("council.error.no_votes", "Field", i18n.Key("council.election.votes")))
		}
		if d.Present, err = decide(ctx, tx, &l, meetingID, total); err != nil {
			return err
		}
		d.Outcome, d.ElectedID = electionOutcome(tallies, d.Present)
		for candidate, n := range tallies {
			d.Tallies = append(d.Tallies, Tally{CandidateID: candidate, Votes: n})
		}
		if err := s.insertDecision(ctx, tx, meetingID, &d); err != nil {
			return err
		}
		for _, t := range d.Tallies {
			if _, err := tx.ExecContext(ctx, `INSERT INTO council_election_votes (decision_id, candidate_id, votes) VALUES ($1, $2, $3)`,
				d.ID, t.CandidateID, t.Votes); err != nil {
				return fmt.Errorf("council: election votes: %w", err)
			}
		}
		if d.Outcome != Elected {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE council_members SET role = $1 WHERE role = $2 AND id <> $3`, Member, Chair, d.ElectedID); err != nil {
			return fmt.Errorf("council: former chair: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE council_members SET role = $1 WHERE id = $2`, Chair, d.ElectedID); err != nil {
			return fmt.Errorf("council: new chair: %w", err)
		}
		return audit.Record(ctx, tx, "council_member.elected_chair", "council_member", strconv.FormatInt(d.ElectedID, 10), "role")
	})
	return d, err
}

// electionOutcome names the winner of an election: the candidate with the
// votes of more than half of those present; a shared highest count is a tie.
func electionOutcome(tallies map[int64]int, present int) (string, int64) {
	best, winners := 0, []int64{}
	for candidate, n := range tallies {
		switch {
		case n > best:
			best, winners = n, []int64{candidate}
		case n == best:
			winners = append(winners, candidate)
		}
	}
	switch {
	case len(winners) > 1:
		return Tie, 0
	case len(winners) == 1 && Majority(best, present):
		return Elected, winners[0]
	}
	return NoMajority, 0
}
