package council

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// sitting seats n active members and plans a meeting on the fixture's day.
func (f *fixture) sitting(t *testing.T, n int) (Meeting, []CouncilMember) {
	t.Helper()
	var ms []CouncilMember
	for i := range n {
		ms = append(ms, f.member(t, fmt.Sprint("Ad", i), Member))
	}
	m, err := f.s.PlanMeeting(f.secretary, MeetingInput{StartsAt: "2027-02-10T10:00", Venue: "DMX, Bakı"})
	if err != nil {
		t.Fatal(err)
	}
	return m, ms
}

// attend records the first present of ms as present and the rest as absent.
func (f *fixture) attend(t *testing.T, meetingID int64, ms []CouncilMember, present int) {
	t.Helper()
	in := AttendanceInput{Presence: map[int64]Presence{}, Guests: "Leyla Quliyeva, BMqT QAK\n\n"}
	for i, m := range ms {
		in.Presence[m.ID] = Absent
		if i < present {
			in.Presence[m.ID] = Present
		}
	}
	if err := f.s.RecordAttendance(f.secretary, meetingID, in); err != nil {
		t.Fatal(err)
	}
}

func TestMeetingPath(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		if _, err := f.s.PlanMeeting(f.secretary, MeetingInput{StartsAt: "tomorrow", OnlineURL: "http://x"}); err == nil ||
			!hasText(err, "tarix") || !hasText(err, "keçid") {
			t.Errorf("a bad date and link: %v", err)
		}
		if _, err := f.s.PlanMeeting(f.consultant, MeetingInput{StartsAt: "2027-03-01T10:00", Venue: "Bakı"}); err == nil {
			t.Error("a consultant planned a meeting")
		}
		m, ms := f.sitting(t, 5)
		p := f.submit(t)
		item, err := f.s.AddItem(f.secretary, m.ID, ItemInput{Title: Texts{Az: "Dil kursları"}, Presenter: "Katib", ProposalIDs: []int64{p.ID}})
		if err != nil || item.Position != 1 {
			t.Fatalf("item = %+v, %v", item, err)
		}
		if got, err := f.s.Proposal(f.secretary, p.ID); err != nil || got.MeetingID != m.ID || !got.MeetingPublic {
			t.Errorf("the proposal's meeting = %d (public %v), %v; want %d", got.MeetingID, got.MeetingPublic, err, m.ID)
		}
		if _, err := f.s.AddPaper(f.secretary, m.ID, item.ID, "gündəlik.pdf", strings.NewReader(tinyPDF)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddPaper(f.secretary, m.ID, item.ID, "x.exe", strings.NewReader("MZ\x90\x00")); err == nil {
			t.Error("a program was taken as a paper")
		}
		if err := f.s.RecordReplies(f.secretary, m.ID, map[int64]Reply{ms[0].ID: Confirmed, ms[1].ID: Declined}); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.Meeting(f.consultant, m.ID)
		if err != nil || len(got.Invited) != 5 || got.ConfirmedCount() != 1 || len(got.Items[0].Papers) != 1 || len(got.Items[0].Proposals) != 1 {
			t.Fatalf("meeting = %+v, %v", got, err)
		}
		if lacks := got.Lacks(); len(lacks) != 1 || lacks[0] != "quorum" {
			t.Errorf("lacks = %v, want only the quorum of confirmed members", lacks)
		}
		if next, ok, err := f.s.NextMeeting(f.secretary); !ok || err != nil || next.ID != m.ID {
			t.Errorf("next meeting = %d %v %v", next.ID, ok, err)
		}
		// The public sees the agenda of an upcoming meeting, not its papers.
		up, past, err := f.s.PublicMeetings(f.public)
		if err != nil || len(up) != 1 || len(past) != 0 || up[0].Items[0].Title.Az != "Dil kursları" {
			t.Fatalf("public = %+v %+v, %v", up, past, err)
		}
		pub, err := f.s.PublicMeeting(f.public, m.ID)
		if err != nil || len(pub.Items[0].Papers) != 0 || len(pub.Items[0].Proposals) != 0 {
			t.Errorf("public meeting shows papers or an unpublished proposal: %+v, %v", pub.Items, err)
		}

		// A meeting is not held before its time.
		f.clock = time.Date(2027, 2, 10, 5, 0, 0, 0, time.UTC) // 09:00 in Baku
		err = f.s.RecordAttendance(f.secretary, m.ID, AttendanceInput{Presence: map[int64]Presence{}})
		if err == nil {
			t.Error("attendance recorded before the meeting")
		}
		f.clock = time.Date(2027, 2, 10, 9, 0, 0, 0, time.UTC)
		// Every member's presence is required, and all missing are named.
		err = f.s.RecordAttendance(f.secretary, m.ID, AttendanceInput{Presence: map[int64]Presence{ms[0].ID: Present}})
		if err == nil || !hasText(err, strings.ToLower(ms[1].Name)) || !hasText(err, strings.ToLower(ms[4].Name)) {
			t.Errorf("missing presences: %v", err)
		}
		f.attend(t, m.ID, ms, 3)
		got, _ = f.s.Meeting(f.secretary, m.ID)
		if got.State != Held || got.PresentCount() != 3 || !got.HasQuorum() || len(got.Guests) != 1 || got.Guests[0].Organisation != "BMqT QAK" {
			t.Fatalf("held meeting = %+v", got)
		}
		if _, err := f.s.AddItem(f.secretary, m.ID, ItemInput{Title: Texts{Az: "Gec"}}); !errors.Is(err, ErrMeetingState) {
			t.Errorf("agenda changed after the meeting: %v", err)
		}
		dec, err := f.s.AddDecision(f.secretary, m.ID, DecisionInput{Text: Texts{Az: "Axşam qrupları tövsiyə edilsin."}, For: 2, Against: 1})
		if err != nil || dec.Outcome != Adopted {
			t.Errorf("decision = %+v, %v", dec, err)
		}
		dec, err = f.s.AddDecision(f.secretary, m.ID, DecisionInput{Text: Texts{Az: "Rədd edilən."}, For: 1, Against: 1, Abstained: 1})
		if err != nil || dec.Outcome != NotAdopted {
			t.Errorf("decision = %+v, %v", dec, err)
		}
		if _, err := f.s.AddDecision(f.secretary, m.ID, DecisionInput{Text: Texts{Az: "Çox səs."}, For: 4}); err == nil {
			t.Error("more votes than members present")
		}

		// Minutes: the approval needs minutes, and a chair to approve them alone.
		if err := f.s.ApproveMinutes(f.secretary, m.ID, ApprovalInput{By: ByChair}); err == nil {
			t.Error("approved without minutes")
		}
		if err := f.s.SaveMinutes(f.secretary, m.ID, MinutesInput{Text: Texts{Az: "Protokol."}, EnTranslated: true}); err == nil {
			t.Error("an English version marked translated but empty was saved")
		}
		if err := f.s.SaveMinutes(f.secretary, m.ID, MinutesInput{Text: Texts{Az: "Protokol.", En: "Minutes."}, EnTranslated: true}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ApproveMinutes(f.secretary, m.ID, ApprovalInput{By: ByChair}); err == nil || !hasText(err, "sədr") {
			t.Errorf("approved by a chair the Council does not have: %v", err)
		}
		// The next meeting, held with quorum, approves them.
		next, err := f.s.PlanMeeting(f.secretary, MeetingInput{StartsAt: "2027-03-10T10:00", Venue: "DMX"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.ApproveMinutes(f.secretary, m.ID, ApprovalInput{By: ByCouncil, At: next.ID}); err == nil {
			t.Error("approved at a meeting not yet held")
		}
		f.clock = time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC)
		f.attend(t, next.ID, ms, 4)
		if err := f.s.ApproveMinutes(f.secretary, m.ID, ApprovalInput{By: ByCouncil, At: next.ID}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SaveMinutes(f.secretary, m.ID, MinutesInput{Text: Texts{Az: "Dəyişiklik."}}); !errors.Is(err, ErrMeetingState) {
			t.Errorf("approved minutes changed: %v", err)
		}
		if _, past, _ := f.s.PublicMeetings(f.public); len(past) != 0 {
			t.Error("minutes public before publication")
		}
		if err := f.s.PublishMinutes(f.secretary, m.ID); err != nil {
			t.Fatal(err)
		}
		// Two meetings held: 3 and 4 of 5 present.
		fig, err := f.s.CountFigures(f.secretary)
		if err != nil || fig.MeetingsHeld != 2 || fig.MembersInvited != 10 || fig.MembersPresent != 7 || fig.AttendanceRate() != 0.7 {
			t.Errorf("figures = %+v, %v", fig, err)
		}
		if waiting, err := f.s.MinutesWaiting(f.secretary); err != nil || len(waiting) != 1 || waiting[0].ID != next.ID {
			t.Errorf("minutes waiting = %+v, %v", waiting, err)
		}
		pub, err = f.s.PublicMeeting(f.public, m.ID)
		if err != nil || !pub.Published() || pub.MinutesIn("en") != "Minutes." || pub.MinutesIn("ru") != "Protokol." ||
			pub.PresentCount() != 3 || pub.Invited[0].Name != "" || pub.Guests[0].Name != "" {
			t.Errorf("published meeting = %+v, %v", pub, err)
		}
	})
}

func TestQuorum(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ invited, quorum int }{{8, 5}, {7, 4}, {5, 3}, {1, 1}} {
		if got := Quorum(tc.invited); got != tc.quorum {
			t.Errorf("Quorum(%d) = %d, want %d", tc.invited, got, tc.quorum)
		}
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		m, ms := f.sitting(t, 6)
		f.attend(t, m.ID, ms, 3) // 3 of 6: no quorum
		_, err := f.s.AddDecision(f.secretary, m.ID, DecisionInput{Text: Texts{Az: "Qərar."}, For: 3})
		if !errors.Is(err, ErrNoQuorum) || !hasText(err, "4") {
			t.Errorf("a decision without quorum: %v", err)
		}
		_, err = f.s.ElectChair(f.secretary, m.ID, ElectionInput{Tallies: map[int64]int{ms[0].ID: 3}})
		if !errors.Is(err, ErrNoQuorum) {
			t.Errorf("an election without quorum: %v", err)
		}
	})
}

func TestChairElection(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		m, ms := f.sitting(t, 7)
		f.attend(t, m.ID, ms, 5)
		a, b := ms[0].ID, ms[1].ID
		// 2 : 2 with one abstaining is a tie.
		d1, err := f.s.ElectChair(f.secretary, m.ID, ElectionInput{Tallies: map[int64]int{a: 2, b: 2}})
		if err != nil || d1.Outcome != Tie || d1.ElectedID != 0 {
			t.Errorf("tie = %+v, %v", d1, err)
		}
		// 2 : 1 of 5 present is no majority.
		d2, err := f.s.ElectChair(f.secretary, m.ID, ElectionInput{Tallies: map[int64]int{a: 2, b: 1}})
		if err != nil || d2.Outcome != NoMajority {
			t.Errorf("no majority = %+v, %v", d2, err)
		}
		// Ballots of the members present: 3 of 5 is a majority.
		d3, err := f.s.ElectChair(f.secretary, m.ID, ElectionInput{Ballots: map[int64]int64{ms[0].ID: b, ms[1].ID: b, ms[2].ID: b, ms[3].ID: a}})
		if err != nil || d3.Outcome != Elected || d3.ElectedID != b {
			t.Fatalf("elected = %+v, %v", d3, err)
		}
		// An absent member's ballot is refused.
		if _, err := f.s.ElectChair(f.secretary, m.ID, ElectionInput{Ballots: map[int64]int64{ms[6].ID: a}}); err == nil {
			t.Error("an absent member voted")
		}
		list, _ := f.s.Members(f.secretary)
		chairs := 0
		for _, x := range list {
			if x.Role == Chair {
				chairs++
				if x.ID != b {
					t.Errorf("chair = %s", x.Name)
				}
			}
		}
		if chairs != 1 {
			t.Errorf("%d chairs", chairs)
		}
		got, _ := f.s.Meeting(f.secretary, m.ID)
		if len(got.Decisions) != 3 || got.Decisions[2].Elected != ms[1].Name || got.Decisions[2].Tallies[0].Votes != 3 {
			t.Errorf("decisions = %+v", got.Decisions)
		}
		// The chair now approves the minutes alone.
		if err := f.s.SaveMinutes(f.secretary, m.ID, MinutesInput{Text: Texts{Az: "Sədr seçildi."}}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ApproveMinutes(f.secretary, m.ID, ApprovalInput{By: ByChair}); err != nil {
			t.Error(err)
		}
	})
}

func TestCancelMeeting(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		m, _ := f.sitting(t, 2)
		if err := f.s.CancelMeeting(f.secretary, m.ID, ""); err == nil {
			t.Error("cancelled without a reason")
		}
		if err := f.s.CancelMeeting(f.secretary, m.ID, "Kvorum toplanmır"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.CancelMeeting(f.secretary, m.ID, "Yenə"); !errors.Is(err, ErrMeetingState) || !hasText(err, "ləğv") {
			t.Errorf("cancelled twice: %v", err)
		}
		if _, err := f.s.PublicMeeting(f.public, m.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("a cancelled meeting is public: %v", err)
		}
	})
}

// tinyPDF is a whole one-page PDF.
const tinyPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
	"3 0 obj<</Type/Page/MediaBox[0 0 3 3]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

func TestBallotsOrTallies(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		m, ms := f.sitting(t, 3)
		f.attend(t, m.ID, ms, 3)
		_, err := f.s.ElectChair(f.secretary, m.ID, ElectionInput{Ballots: map[int64]int64{ms[0].ID: ms[1].ID}, Tallies: map[int64]int{ms[1].ID: 2}})
		if err == nil || !hasText(err, "hər ikisini") {
			t.Errorf("ballots and tallies together: %v", err)
		}
	})
}
