package cases

import (
	"context"
	"strings"
	"testing"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
)

func problemKey(err error) string {
	if ps := i18n.Problems(err); len(ps) > 0 {
		return ps[0].Key
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// TestCaseTextIsChecked holds issue 12 item 6 for cases: NUL bytes, other
// control characters and invalid UTF-8 in notes, tasks, referrals, plan
// goals, intake and the service catalogue are refused with a message, and
// nothing is written; new lines stay allowed in a note.
func TestCaseTextIsChecked(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.consent(t)
		c := f.open(t)
		count := func(query string) int {
			var n int
			if err := d.QueryRowContext(context.Background(), query, c.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		due := f.s.today().AddDate(0, 0, 7).Format("2006-01-02")
		tests := []struct {
			name string
			do   func() error
			want string
		}{
			{"NUL in a note", func() error { _, err := f.s.AddNote(f.consultant, c.ID, "Nul\x00Byte", false); return err }, "error.control_chars"},
			{"invalid UTF-8 in a note", func() error { _, err := f.s.AddNote(f.consultant, c.ID, "\xff\xfe\x80", false); return err }, "error.invalid_utf8"},
			{"escape in a task", func() error {
				_, err := f.s.AddTask(f.consultant, c.ID, TaskInput{Title: "Zəng\x1b[2J", DueOn: due})
				return err
			}, "error.control_chars"},
			{"new line in a task title", func() error {
				_, err := f.s.AddTask(f.consultant, c.ID, TaskInput{Title: "a\nb", DueOn: due})
				return err
			}, "error.control_chars"},
			{"NUL in a referral's need", func() error {
				_, err := f.s.Refer(f.consultant, c.ID, ReferralInput{Domain: Domains[0], Need: "Nul\x00", DueOn: due})
				return err
			}, "error.control_chars"},
			{"NUL in a plan goal", func() error {
				_, err := f.s.SavePlan(f.consultant, c.ID, PlanInput{Goals: []GoalInput{{Domain: Domains[0], Action: "a\x00", DueOn: due}}})
				return err
			}, "error.control_chars"},
			{"invalid UTF-8 in a service name", func() error {
				_, err := f.s.SaveService(system, 0, ServiceInput{Code: "legal_aid2", Name: map[i18n.Lang]string{i18n.AZ: "\xff", i18n.EN: "b", i18n.RU: "c"}})
				return err
			}, "error.invalid_utf8"},
			{"201-character service name", func() error {
				_, err := f.s.SaveService(system, 0, ServiceInput{Code: "legal_aid3", Name: map[i18n.Lang]string{i18n.AZ: strings.Repeat("a", 201), i18n.EN: "b", i18n.RU: "c"}})
				return err
			}, "error.too_long"},
		}
		for _, tt := range tests {
			if got := problemKey(tt.do()); got != tt.want {
				t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
			}
		}
		for q, want := range map[string]int{
			`SELECT count(*) FROM case_notes WHERE case_id = $1`:                    0,
			`SELECT count(*) FROM case_tasks WHERE case_id = $1`:                    0,
			`SELECT count(*) FROM referrals WHERE case_id = $1`:                     0,
			`SELECT count(*) FROM plans WHERE case_id = $1`:                         0,
			`SELECT count(*) FROM services WHERE $1 > 0 AND code LIKE 'legal_aid_'`: 0,
		} {
			if n := count(q); n != want {
				t.Errorf("%s: got %d, want %d", q, n, want)
			}
		}
		if _, err := f.s.AddNote(f.consultant, c.ID, "Birinci sətir\n\tİkinci sətir", false); err != nil {
			t.Errorf("a note with a new line and a tab: %v", err)
		}
	})
}
