package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/people"
)

// linkDemoMigrant links the demo migrant's account to a person, as a
// confirmed request would.
func (s *site) linkDemoMigrant(personID int64) {
	s.t.Helper()
	sys := access.With(context.Background(), access.System())
	err := s.app.DB.Transact(sys, func(tx *db.Tx) error {
		var id int64
		if err := tx.QueryRowContext(sys, `SELECT id FROM users WHERE role = 'migrant' ORDER BY id LIMIT 1`).Scan(&id); err != nil {
			return err
		}
		return auth.Link(sys, tx, id, personID, "request")
	})
	if err != nil {
		s.t.Fatal(err)
	}
}

// TestOwnPlan: a migrant reads their plan and referrals and agrees to a
// draft online; the supervisors are told, the timeline keeps it, and the
// approval comes back to the migrant. Staff have no such page, and
// another's plan is missing.
func TestOwnPlan(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	casePath, planPath := planRoutesFixture(t, s)
	var caseID, personID, planID int64
	fmt.Sscanf(casePath, "/cases/%d", &caseID)
	fmt.Sscanf(planPath, casePath+"/plan/%d", &planID)
	if err := s.app.DB.QueryRowContext(context.Background(), `SELECT person_id FROM cases WHERE id = $1`, caseID).Scan(&personID); err != nil {
		t.Fatal(err)
	}
	migrant := s.client()
	migrant.signIn(access.Migrant)
	if r := migrant.get("/me/plan"); r.status != http.StatusForbidden {
		t.Errorf("an unlinked account's plan: status %d, want 403", r.status)
	}
	s.linkDemoMigrant(personID)
	page := migrant.get("/me/plan")
	if page.status != http.StatusOK || !strings.Contains(page.body, "CV") || !strings.Contains(page.body, fmt.Sprintf(`action="/me/plan/%d/agree"`, planID)) {
		t.Fatalf("own plan: status %d", page.status)
	}
	if r := migrant.post(fmt.Sprintf("/me/plan/%d/agree", planID), url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("agree: status %d", r.status)
	}
	if r := migrant.post(fmt.Sprintf("/me/plan/%d/agree", planID), url.Values{}); r.status < 400 || r.status >= 500 {
		t.Errorf("agreeing twice: status %d, want a refusal", r.status)
	}
	d := s.app.DB
	if n := dbtest.Count(t, d, `SELECT count(*) FROM plans WHERE id = $1 AND state = 'agreed' AND agreed_on IS NOT NULL`, planID); n != 1 {
		t.Error("the plan is not agreed")
	}
	if n := dbtest.Count(t, d, `SELECT count(*) FROM case_events WHERE case_id = $1 AND kind = 'plan_agreed_online'`, caseID); n != 1 {
		t.Error("the timeline does not keep the online agreement")
	}
	if n := dbtest.Count(t, d, `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'plan.agreed' AND u.role = 'supervisor'`); n == 0 {
		t.Error("no supervisor was told that the plan waits")
	}
	if err := s.app.Cases.ApprovePlan(planStaff(t, s, access.Supervisor), planID); err != nil {
		t.Fatal(err)
	}
	if page := migrant.get("/notifications").body; !strings.Contains(page, htmlEscape(s.app.Catalog.Printer("ru").T("notify.plan.approved_own.subject"))) {
		t.Error("the migrant was not told of the approval")
	}
	if n := dbtest.Count(t, d, `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'plan.approved' AND u.role = 'consultant'`); n == 0 {
		t.Error("the consultant was not told of the approval")
	}
	// Staff have no own plan; another migrant's account finds none of this.
	consultant := s.client()
	consultant.signIn(access.Consultant)
	if r := consultant.get("/me/plan"); r.status != http.StatusForbidden {
		t.Errorf("a consultant's own plan: status %d, want 403", r.status)
	}
	other := s.client()
	s.signUp(other, "other@example.org")
	if r := other.post(fmt.Sprintf("/me/plan/%d/agree", planID), url.Values{}); r.status != http.StatusForbidden {
		t.Errorf("an unlinked account agrees: status %d, want 403", r.status)
	}
}

// TestOwnProposals: a linked migrant sends a proposal to the Council from
// their area (all of a bad form's errors at once, nothing saved), follows
// it, is told when it is answered and reads the answer; they withdraw
// only their own.
func TestOwnProposals(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sys := access.With(context.Background(), access.System())
	person, _, err := s.app.People.CreatePerson(sys, people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Əliyeva", Given: "Nigar"}},
		BirthDate: "1990-01-01", Email: "nigar@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	s.linkDemoMigrant(person.ID)
	migrant := s.client()
	migrant.signIn(access.Migrant)
	topics, err := s.app.Council.Topics(sys, false)
	if err != nil || len(topics) == 0 {
		t.Fatalf("topics: %v", err)
	}
	r := migrant.post("/me/proposals", url.Values{"title": {""}, "text": {""}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `href="#title"`) || !strings.Contains(r.body, `href="#consent_data"`) {
		t.Errorf("a bad proposal: status %d", r.status)
	}
	form := url.Values{"topic": {fmt.Sprint(topics[0].ID)}, "title": {"Kurslar axşam olsun"}, "text": {"İşləyənlər üçün axşam kursları açın."}, "consent_data": {"on"}}
	if r := migrant.post("/me/proposals", form); r.status != http.StatusSeeOther {
		t.Fatalf("propose: status %d", r.status)
	}
	mine, err := s.app.Council.MyProposals(access.With(context.Background(), access.Principal{UserID: 1, Role: access.Migrant, PersonID: person.ID}))
	if err != nil || len(mine) != 1 || mine[0].PersonID != person.ID {
		t.Fatalf("own proposals: %v, %v", mine, err)
	}
	secretary := planStaff(t, s, access.CouncilSecretary)
	if err := s.app.Council.Review(secretary, mine[0].ID, council.ReviewInput{UnitName: "Təlim-tədris mərkəzi"}); err != nil {
		t.Fatal(err)
	}
	answer := council.AnswerInput{Outcome: council.Accepted, Answer: council.Texts{Az: "Yaz semestrindən açılır.", En: "From the spring term.", Ru: "С весеннего семестра."}}
	if err := s.app.Council.Answer(secretary, mine[0].ID, answer); err != nil {
		t.Fatal(err)
	}
	page := migrant.get("/me/proposals")
	if page.status != http.StatusOK || !strings.Contains(page.body, mine[0].Reference) || !strings.Contains(page.body, "С весеннего семестра.") {
		t.Errorf("own proposals page: status %d", page.status)
	}
	if n := dbtest.Count(t, s.app.DB, `SELECT count(*) FROM notifications WHERE kind = 'proposal.answered'`); n != 1 {
		t.Errorf("the author was told %d times in the app, want once", n)
	}
	if n := dbtest.Count(t, s.app.DB, `SELECT count(*) FROM outbox WHERE kind = 'proposal.answered' AND to_address = 'nigar@example.org'`); n != 1 {
		t.Errorf("the author was written to %d times, want once", n)
	}
	// Someone else's proposal is missing to the migrant.
	other, err := s.app.Council.SubmitFor(secretary, council.SubmitInput{Title: "Şuranın öz təklifi", Body: "Mətn", TopicID: topics[0].ID, Language: "az"})
	if err != nil {
		t.Fatal(err)
	}
	if r := migrant.post(fmt.Sprintf("/me/proposals/%d/withdraw", other.ID), url.Values{}); r.status != http.StatusNotFound {
		t.Errorf("withdrawing another's proposal: status %d, want 404", r.status)
	}
}

// TestMemberArea: a Council member whose account is linked to their person
// reads the meetings to come with their agenda and papers, and the draft
// minutes of one held; a cancelled meeting is missing; a linked migrant
// who does not serve on the Council, and staff, are refused.
func TestMemberArea(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	sys := access.With(context.Background(), access.System())
	m, err := s.app.Council.AddMember(sys, council.MemberInput{Person: people.Input{
		Names: []people.Name{{Kind: people.NameAz, Surname: "Mirzəyeva", Given: "Lalə"}}, BirthDate: "1979-09-09"},
		Role: council.Member, StartsOn: "2026-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	migrant := s.client()
	migrant.signIn(access.Migrant)
	s.linkDemoMigrant(m.PersonID)
	if r := migrant.get("/me/council"); r.status != http.StatusForbidden {
		t.Errorf("a candidate's area: status %d, want 403", r.status)
	}
	if err := s.app.Council.ActivateTerm(sys, m.Term.ID); err != nil {
		t.Fatal(err)
	}
	planned, cancelled, held := meetingRoutesFixture(t, s)
	if err := s.app.Council.CancelMeeting(sys, idOf(cancelled.path), "Yetərsay yoxdur"); err != nil {
		t.Fatal(err)
	}
	if page := migrant.get("/me").body; !strings.Contains(page, `href="/me/council"`) {
		t.Error("the member's home does not lead to the member's area")
	}
	area := migrant.get("/me/council")
	own := func(f meetingFixture) string { return fmt.Sprintf("/me/council/meetings/%d", idOf(f.path)) }
	if area.status != http.StatusOK || !strings.Contains(area.body, own(planned)) || !strings.Contains(area.body, own(held)) {
		t.Fatalf("member's area: status %d", area.status)
	}
	page := migrant.get(own(planned))
	paper := own(planned) + "/papers/" + planned.paper[strings.LastIndex(planned.paper, "/")+1:]
	if page.status != http.StatusOK || !strings.Contains(page.body, "Dil kursları") || !strings.Contains(page.body, paper) {
		t.Errorf("planned meeting: status %d", page.status)
	}
	if r := migrant.get(paper); r.status != http.StatusOK || !strings.HasPrefix(r.body, "%PDF") {
		t.Errorf("paper: status %d", r.status)
	}
	if r := migrant.get(own(held)); r.status != http.StatusOK || !strings.Contains(r.body, "Protokol") {
		t.Errorf("held meeting's draft minutes: status %d", r.status)
	}
	if r := migrant.get(own(cancelled)); r.status != http.StatusNotFound {
		t.Errorf("cancelled meeting: status %d, want 404", r.status)
	}
	consultant := s.client()
	consultant.signIn(access.Consultant)
	if r := consultant.get("/me/council"); r.status != http.StatusForbidden {
		t.Errorf("staff in the member's area: status %d, want 403", r.status)
	}
	// The member's term ends: the area closes.
	if err := s.app.Council.EndTerm(sys, m.Term.ID, council.Resigned); err != nil {
		t.Fatal(err)
	}
	if r := migrant.get(own(planned)); r.status != http.StatusForbidden {
		t.Errorf("a former member reads a meeting: status %d, want 403", r.status)
	}
}

// idOf is the number at the end of a path.
func idOf(path string) int64 {
	var id int64
	fmt.Sscanf(path[strings.LastIndex(path, "/")+1:], "%d", &id)
	return id
}
