package cases

import (
	"errors"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// TestApprovals lists, for the team's supervisor only, the agreed plans and
// the closures asked for, and nothing else.
func TestApprovals(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.consent(t)
		planned := f.open(t)
		if _, err := f.s.SaveAssessment(f.consultant, planned.ID, fullAssessment(true)); err != nil {
			t.Fatal(err)
		}
		p, err := f.s.SavePlan(f.consultant, planned.ID, planWith("2031-03-01"))
		if err != nil {
			t.Fatal(err)
		}
		if list, err := f.s.Approvals(f.supervisor); err != nil || len(list) != 0 {
			t.Fatalf("with a draft plan only: %+v, %v; want nothing to approve", list, err)
		}
		if err := f.s.AgreePlan(f.consultant, p.ID, "2026-01-15"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RequestClosure(f.consultant, planned.ID, "completed", ""); err != nil {
			t.Fatal(err)
		}
		list, err := f.s.Approvals(f.supervisor)
		if err != nil || len(list) != 1 || list[0].ID != planned.ID || list[0].PlanID != p.ID || list[0].PersonName == "" {
			t.Fatalf("Approvals = %+v, %v; want the case with its agreed plan", list, err)
		}
		if _, err := f.s.Approvals(f.consultant); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a consultant lists approvals: %v", err)
		}
	})
}
