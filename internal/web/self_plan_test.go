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
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
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
