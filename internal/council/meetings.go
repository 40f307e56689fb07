package council

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

// MeetingState is where a meeting stands.
type MeetingState string

// Meeting states: a meeting is planned, held, and its minutes approved; a
// planned meeting may be cancelled.
const (
	Planned   MeetingState = "planned"
	Held      MeetingState = "held"
	Approved  MeetingState = "approved"
	Cancelled MeetingState = "cancelled"
)

// MeetingStates lists the states in their order.
var MeetingStates = []MeetingState{Planned, Held, Approved, Cancelled}

var meetingMoves = map[MeetingState][]MeetingState{
	Planned: {Held, Cancelled},
	Held:    {Approved},
}

// CanMove reports whether a meeting in state st may move to state to.
func (st MeetingState) CanMove(to MeetingState) bool { return slices.Contains(meetingMoves[st], to) }

// ErrMeetingState is returned for a change the meeting's state does not
// allow; its "State" argument names the state the meeting is in.
var ErrMeetingState = i18n.Errorf("council.error.meeting_state")

func meetingState(st MeetingState) error {
	return i18n.Errorf("council.error.meeting_state", "State", i18n.Key("council.meeting.state."+string(st)))
}

// Meeting is a meeting of the Council with everything recorded about it.
type Meeting struct {
	ID           int64
	State        MeetingState
	StartsAt     time.Time
	Venue        string
	OnlineURL    string
	CancelReason string
	Minutes      Texts
	EnTranslated bool
	RuTranslated bool
	HeldAt       time.Time
	ApprovedAt   time.Time
	ApprovedBy   string // Council or Chair
	ApprovedIn   int64  // the meeting that approved the minutes, when the Council did
	PublishedAt  time.Time
	Items        []AgendaItem
	Invited      []Attendee
	Guests       []Guest
	Decisions    []Decision
}

// Lacks lists what a planned meeting still lacks, as codes: "agenda" (no
// items), "papers" (items without any paper) and "quorum" (fewer members
// have confirmed than the quorum needs).
func (m Meeting) Lacks() []string {
	var out []string
	if len(m.Items) == 0 {
		out = append(out, "agenda")
	}
	papers := false
	for _, it := range m.Items {
		papers = papers || len(it.Papers) > 0
	}
	if len(m.Items) > 0 && !papers {
		out = append(out, "papers")
	}
	if m.ConfirmedCount() < m.Quorum() {
		out = append(out, "quorum")
	}
	return out
}

// Edit returns the meeting's time and place as its form shows them.
func (m Meeting) Edit() MeetingInput {
	return MeetingInput{StartsAt: m.StartsAt.In(i18n.Baku).Format(StartsAtLayout), Venue: m.Venue, OnlineURL: m.OnlineURL}
}

// Who approves minutes.
const (
	ByCouncil = "council"
	ByChair   = "chair"
)

// Published reports whether the minutes are public.
func (m Meeting) Published() bool { return !m.PublishedAt.IsZero() }

// Translated reports whether the minutes are translated into lang.
func (m Meeting) Translated(lang i18n.Lang) bool {
	switch lang {
	case i18n.EN:
		return m.EnTranslated
	case i18n.RU:
		return m.RuTranslated
	}
	return m.Minutes.Az != ""
}

// MinutesIn returns the minutes in lang when translated, and the
// Azerbaijani original otherwise.
func (m Meeting) MinutesIn(lang i18n.Lang) string {
	if m.Translated(lang) {
		return m.Minutes.In(lang)
	}
	return m.Minutes.Az
}

// AgendaItem is one point of a meeting's agenda.
type AgendaItem struct {
	ID        int64
	Position  int
	Title     Texts
	Presenter string
	Papers    []Paper
	Proposals []ProposalLink
}

// Paper is a document put before the Council for an agenda item.
type Paper struct {
	ID          int64
	ItemID      int64
	Name        string
	ContentType string
	Size        int64
	key         string
}

// ProposalLink names a proposal an agenda item discusses.
type ProposalLink struct {
	ID        int64
	Reference string
	Title     string
	Public    bool
}

// StartsAtLayout is how a datetime-local field gives a date and time.
const StartsAtLayout = "2006-01-02T15:04"

// MeetingInput is the form for a meeting's time and place. StartsAt is a
// date and time in Baku, as a datetime-local field gives it.
type MeetingInput struct {
	StartsAt  string // StartsAtLayout
	Venue     string
	OnlineURL string
}

// ItemInput is the form for an agenda item: a title required in
// Azerbaijani, its translations, the presenter and the proposals it takes up.
type ItemInput struct {
	Title       Texts
	Presenter   string
	ProposalIDs []int64
}

// checkMeeting checks and trims a meeting's time and place.
func checkMeeting(in *MeetingInput) (time.Time, error) {
	var l textcheck.List
	in.Venue, in.OnlineURL = strings.TrimSpace(in.Venue), strings.TrimSpace(in.OnlineURL)
	at, err := time.ParseInLocation(StartsAtLayout, strings.TrimSpace(in.StartsAt), i18n.Baku)
	if err != nil {
		l.Add(i18n.Errorf("council.error.date", "Field", i18n.Key("council.meeting.starts_at")))
	}
	l.Check("council.meeting.venue", in.Venue, textcheck.Title)
	if l.Check("council.meeting.online_url", in.OnlineURL, textcheck.Short) && in.OnlineURL != "" {
		if u, err := url.Parse(in.OnlineURL); err != nil || u.Scheme != "https" || u.Host == "" {
			l.Add(i18n.Errorf("council.error.link", "Field", i18n.Key("council.meeting.online_url")))
		}
	}
	if in.Venue == "" && in.OnlineURL == "" {
		l.Add(i18n.Errorf("council.error.place_required", "Field", i18n.Key("council.meeting.venue")))
	}
	return at.UTC(), l.Err()
}

// PlanMeeting plans a meeting and invites every active member to it.
func (s *Store) PlanMeeting(ctx context.Context, in MeetingInput) (Meeting, error) {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return Meeting{}, err
	}
	at, err := checkMeeting(&in)
	if err != nil {
		return Meeting{}, err
	}
	m := Meeting{State: Planned, StartsAt: at, Venue: in.Venue, OnlineURL: in.OnlineURL}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO council_meetings (state, starts_at, venue, online_url, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, m.State, at, m.Venue, m.OnlineURL, s.now()).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("council: plan meeting: %w", err)
		}
		if err := invite(ctx, tx, m.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "meeting.plan", "meeting", strconv.FormatInt(m.ID, 10), "starts_at", "venue")
	})
	return m, err
}

// invite invites to a planned meeting the active members not yet invited,
// and withdraws the invitations of members no longer active, so that the
// invited are the Council the quorum counts.
func invite(ctx context.Context, tx *db.Tx, meetingID int64) error {
	active, err := activeMembers(ctx, tx)
	if err != nil {
		return err
	}
	ids := make([]any, 0, len(active))
	for _, m := range active {
		ids = append(ids, m.ID)
		_, err := tx.ExecContext(ctx, `INSERT INTO council_attendance (meeting_id, member_id) VALUES ($1, $2)
			ON CONFLICT (meeting_id, member_id) DO NOTHING`, meetingID, m.ID)
		if err != nil {
			return fmt.Errorf("council: invite: %w", err)
		}
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM council_attendance WHERE meeting_id = $1 AND member_id NOT IN
		(SELECT member_id FROM council_terms WHERE state = 'active')`, meetingID)
	if err != nil {
		return fmt.Errorf("council: withdraw invitations: %w", err)
	}
	return nil
}

// EditMeeting changes a planned meeting's time and place, and brings its
// invitations up to date with the Council's active members.
func (s *Store) EditMeeting(ctx context.Context, id int64, in MeetingInput) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	at, err := checkMeeting(&in)
	if err != nil {
		return err
	}
	return s.changeMeeting(ctx, id, []MeetingState{Planned}, func(tx *db.Tx, _ Meeting) error {
		_, err := tx.ExecContext(ctx, `UPDATE council_meetings SET starts_at = $1, venue = $2, online_url = $3 WHERE id = $4`,
			at, in.Venue, in.OnlineURL, id)
		if err != nil {
			return fmt.Errorf("council: edit meeting %d: %w", id, err)
		}
		if err := invite(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "meeting.update", "meeting", strconv.FormatInt(id, 10), "starts_at", "venue")
	})
}

// CancelMeeting cancels a planned meeting, with the reason.
func (s *Store) CancelMeeting(ctx context.Context, id int64, reason string) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	var l textcheck.List
	if l.Check("council.meeting.cancel_reason", reason, textcheck.Short) && reason == "" {
		l.Add(i18n.Errorf("council.error.required", "Field", i18n.Key("council.meeting.cancel_reason")))
	}
	if err := l.Err(); err != nil {
		return err
	}
	return s.changeMeeting(ctx, id, []MeetingState{Planned}, func(tx *db.Tx, _ Meeting) error {
		return s.moveMeeting(ctx, tx, id, Planned, Cancelled, `cancel_reason = $4`, reason)
	})
}

// changeMeeting runs change in a transaction on a meeting locked for it,
// when the meeting is in one of the states given.
func (s *Store) changeMeeting(ctx context.Context, id int64, states []MeetingState, change func(*db.Tx, Meeting) error) error {
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		m, err := lockMeeting(ctx, tx, id)
		if err != nil {
			return err
		}
		if !slices.Contains(states, m.State) {
			return meetingState(m.State)
		}
		return change(tx, m)
	})
}

// lockMeeting reads a meeting's state for a change; transactions are
// serializable, so two changes never interleave.
func lockMeeting(ctx context.Context, tx *db.Tx, id int64) (Meeting, error) {
	m := Meeting{ID: id}
	err := tx.QueryRowContext(ctx, `SELECT state, starts_at FROM council_meetings WHERE id = $1`, id).Scan(&m.State, &m.StartsAt)
	if err != nil {
		return m, fmt.Errorf("council: meeting %d: %w", id, db.NotFound(err))
	}
	m.StartsAt = m.StartsAt.UTC()
	return m, nil
}

// moveMeeting moves a meeting from one state to another, setting the
// columns of set (its arguments from $4 on), and records the move.
func (s *Store) moveMeeting(ctx context.Context, tx *db.Tx, id int64, from, to MeetingState, set string, args ...any) error {
	if !from.CanMove(to) {
		return meetingState(from)
	}
	if set != "" {
		set = ", " + set
	}
	res, err := tx.ExecContext(ctx, `UPDATE council_meetings SET state = $1`+set+` WHERE id = $2 AND state = $3`,
		append([]any{to, id, from}, args...)...)
	if err != nil {
		return fmt.Errorf("council: move meeting %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return meetingState(from)
	}
	return audit.Record(ctx, tx, "meeting."+string(to), "meeting", strconv.FormatInt(id, 10), "state")
}

// checkItem checks an agenda item: the Azerbaijani title is required, the
// translations may follow.
func checkItem(in *ItemInput) error {
	var l textcheck.List
	checkTexts(&l, &in.Title, "council.item.title_", textcheck.Title, "council.error.required", "az")
	in.Presenter = strings.TrimSpace(in.Presenter)
	l.Check("council.item.presenter", in.Presenter, textcheck.Title)
	return l.Err()
}

// AddItem adds an item at the end of a planned meeting's agenda. The
// proposals it takes up are marked as discussed at the meeting.
func (s *Store) AddItem(ctx context.Context, meetingID int64, in ItemInput) (AgendaItem, error) {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return AgendaItem{}, err
	}
	if err := checkItem(&in); err != nil {
		return AgendaItem{}, err
	}
	it := AgendaItem{Title: in.Title, Presenter: in.Presenter}
	err := s.changeMeeting(ctx, meetingID, []MeetingState{Planned}, func(tx *db.Tx, _ Meeting) error {
		err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), 0) + 1 FROM council_agenda_items WHERE meeting_id = $1`,
			meetingID).Scan(&it.Position)
		if err != nil {
			return fmt.Errorf("council: agenda position: %w", err)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO council_agenda_items (meeting_id, position, title_az, title_en, title_ru, presenter)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, meetingID, it.Position, in.Title.Az, in.Title.En, in.Title.Ru, in.Presenter).Scan(&it.ID)
		if err != nil {
			return fmt.Errorf("council: add agenda item: %w", err)
		}
		for _, pid := range slices.Compact(slices.Sorted(slices.Values(in.ProposalIDs))) {
			if err := linkProposal(ctx, tx, meetingID, it.ID, pid); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "meeting.agenda", "meeting", strconv.FormatInt(meetingID, 10), "agenda")
	})
	return it, err
}

// linkProposal records that an agenda item takes up a proposal that is not
// withdrawn, and that the proposal was discussed at the meeting.
func linkProposal(ctx context.Context, tx *db.Tx, meetingID, itemID, proposalID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE proposals SET meeting_id = $1 WHERE id = $2 AND state <> 'withdrawn'`, meetingID, proposalID)
	if err != nil {
		return fmt.Errorf("council: link proposal: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return textcheck.Unknown("council.item.proposals")
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO council_item_proposals (item_id, proposal_id) VALUES ($1, $2)`, itemID, proposalID)
	if err != nil {
		return fmt.Errorf("council: link proposal: %w", err)
	}
	return nil
}

// RemoveItem takes an item, its papers and its links to proposals off a
// planned meeting's agenda; the items after it move up.
func (s *Store) RemoveItem(ctx context.Context, meetingID, itemID int64) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	var keys []string
	err := s.changeMeeting(ctx, meetingID, []MeetingState{Planned}, func(tx *db.Tx, _ Meeting) error {
		var pos int
		err := tx.QueryRowContext(ctx, `SELECT position FROM council_agenda_items WHERE id = $1 AND meeting_id = $2`, itemID, meetingID).Scan(&pos)
		if err != nil {
			return fmt.Errorf("council: agenda item %d: %w", itemID, db.NotFound(err))
		}
		rows, err := tx.QueryContext(ctx, `SELECT storage_key FROM council_papers WHERE item_id = $1`, itemID)
		if keys, err = db.Collect(rows, err, func(r db.Scanner) (k string, err error) { return k, r.Scan(&k) }); err != nil {
			return fmt.Errorf("council: papers of item %d: %w", itemID, err)
		}
		for _, q := range []string{
			`UPDATE proposals SET meeting_id = NULL WHERE meeting_id = $2 AND id IN (SELECT proposal_id FROM council_item_proposals WHERE item_id = $1)`,
			`DELETE FROM council_item_proposals WHERE item_id = $1 AND $2 = $2`,
			`DELETE FROM council_papers WHERE item_id = $1 AND $2 = $2`,
			`DELETE FROM council_agenda_items WHERE id = $1 AND meeting_id = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, itemID, meetingID); err != nil {
				return fmt.Errorf("council: remove agenda item %d: %w", itemID, err)
			}
		}
		// Positions are unique within a meeting: move the later items up one
		// by one, in order.
		rows, err = tx.QueryContext(ctx, `SELECT id FROM council_agenda_items WHERE meeting_id = $1 AND position > $2 ORDER BY position`, meetingID, pos)
		later, err := db.Collect(rows, err, func(r db.Scanner) (id int64, err error) { return id, r.Scan(&id) })
		if err != nil {
			return fmt.Errorf("council: agenda of %d: %w", meetingID, err)
		}
		for i, id := range later {
			if _, err := tx.ExecContext(ctx, `UPDATE council_agenda_items SET position = $1 WHERE id = $2`, pos+i, id); err != nil {
				return fmt.Errorf("council: renumber agenda: %w", err)
			}
		}
		return audit.Record(ctx, tx, "meeting.agenda", "meeting", strconv.FormatInt(meetingID, 10), "agenda")
	})
	if err == nil {
		s.deleteFiles(ctx, keys)
	}
	return err
}
