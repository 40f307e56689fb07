package demo

import (
	"context"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/storage"
)

// TestGenerateStatistics writes a small programme around a small registry
// on both databases and checks that its rows are ones the features could
// have made: nothing happens to a person before their registration or
// after today, plans follow assessments, ended learners have ended, and
// the statistics refresh over it.
func TestGenerateStatistics(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, err := app.New(d, "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := GenerateStatistics(ctx, a, Scale{Cases: 10, Years: 1}); err == nil {
			t.Error("an empty registry was filled")
		}
		if _, _, err := SeedPeople(ctx, a, 60, 1); err != nil {
			t.Fatal(err)
		}
		n, err := GenerateStatistics(ctx, a, Scale{Cases: 300, Cohorts: 30, Proposals: 40, Years: 2, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		if n.Cases != 300 || n.Cohorts != 30 || n.Props != 40 || n.Plans == 0 || n.Referrals == 0 || n.Marks == 0 || n.Certificates == 0 {
			t.Errorf("counts %+v", n)
		}
		for what, query := range map[string]string{
			"case before its person":   `SELECT count(*) FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.opened_at < p.created_at`,
			"plan before assessment":   `SELECT count(*) FROM plans p JOIN assessments a ON a.case_id = p.case_id WHERE p.created_at < a.created_at OR a.completed_at > p.decided_at`,
			"plan without assessment":  `SELECT count(*) FROM plans p LEFT JOIN assessments a ON a.case_id = p.case_id WHERE a.id IS NULL`,
			"referral before the plan": `SELECT count(*) FROM referrals r JOIN plans p ON p.case_id = r.case_id WHERE r.sent_at < p.decided_at`,
			"ended without an end":     `SELECT count(*) FROM enrolments WHERE state IN ('completed', 'not_completed', 'dropped') AND ended_at IS NULL`,
			"certificate not earned":   `SELECT count(*) FROM certificates c JOIN enrolments e ON e.id = c.enrolment_id WHERE e.state <> 'completed'`,
			"answer without a review":  `SELECT count(*) FROM proposals WHERE answered_at IS NOT NULL AND (reviewed_at IS NULL OR answered_at < reviewed_at)`,
			"seats over capacity":      `SELECT count(*) FROM cohorts WHERE seats_taken > capacity`,
		} {
			if got := dbtest.Count(t, d, query); got != 0 {
				t.Errorf("%s: %d rows", what, got)
			}
		}
		st, err := a.Stats.Refresh(access.With(ctx, access.System()))
		if err != nil || st.Facts == 0 {
			t.Fatalf("refresh: %+v %v", st, err)
		}
	})
}
