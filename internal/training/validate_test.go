package training

import (
	"context"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
)

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTrainingRefusesBadInput holds issue 12 items 5 and 6 for the
// Training-Education Centre: a public application with a 5,000-digit phone,
// NUL or invalid UTF-8, course texts with control characters, and a cohort
// whose trainer is unknown, negative or not a trainer, are refused with
// their messages, and nothing is written.
func TestTrainingRefusesBadInput(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 5)
		apps := []struct {
			name string
			edit func(*ApplicationInput)
			want string
		}{
			{"5,000-digit phone", func(in *ApplicationInput) { in.Person.Phone = strings.Repeat("5", 5000) }, "error.too_long"},
			{"NUL in the surname", func(in *ApplicationInput) { in.Person.Names[0].Surname = "Nul\x00Byte" }, "error.control_chars"},
			{"invalid UTF-8 in the given name", func(in *ApplicationInput) { in.Person.Names[0].Given = "\xff\xfe\x80" }, "error.invalid_utf8"},
			{"100,000-character e-mail", func(in *ApplicationInput) { in.Person.Email = strings.Repeat("a", 100000) + "@x.az" }, "error.too_long"},
			{"NUL in the document", func(in *ApplicationInput) { in.DeclaredDocument = "PRP\x00 1" }, "error.control_chars"},
		}
		persons := count(t, d, `SELECT count(*) FROM persons`)
		for _, tt := range apps {
			in := applicant(f.cohort.ID, 1)
			tt.edit(&in)
			if _, err := f.s.Apply(context.Background(), in); !i18n.HasProblem(err, tt.want) {
				t.Errorf("%s: got %v, want %s", tt.name, i18n.ProblemKeys(err), tt.want)
			}
		}
		if n := count(t, d, `SELECT count(*) FROM enrolments WHERE cohort_id = $1`, f.cohort.ID); n != 0 {
			t.Errorf("got %d applications after refused ones, want 0", n)
		}
		if n := count(t, d, `SELECT count(*) FROM persons`); n != persons {
			t.Errorf("got %d persons after refused applications, want %d", n, persons)
		}

		courses := count(t, d, `SELECT count(*) FROM courses`)
		in := courseInput()
		in.Title[i18n.EN] = "Azerbaijani\x00A1"
		in.Description[i18n.RU] = strings.Repeat("д", 4001)
		_, err := f.s.SaveCourse(f.coordinator, 0, in)
		for _, want := range []string{"error.control_chars", "error.too_long"} {
			if !i18n.HasProblem(err, want) {
				t.Errorf("course texts: got %v, want %s among them", i18n.ProblemKeys(err), want)
			}
		}
		if n := count(t, d, `SELECT count(*) FROM courses`); n != courses {
			t.Errorf("got %d courses after a refused one, want %d", n, courses)
		}

		_, consultantID := staff(t, d, access.Consultant, "consultant@example.az")
		cohorts := count(t, d, `SELECT count(*) FROM cohorts`)
		for _, trainer := range []int64{999999, -1, consultantID} {
			if _, err := f.s.CreateCohort(f.coordinator, cohortInput(f.course.ID, trainer, 5)); !i18n.HasProblem(err, "error.unknown_choice") {
				t.Errorf("trainer %d: got %v, want error.unknown_choice", trainer, i18n.ProblemKeys(err))
			}
			if _, err := f.s.UpdateCohort(f.coordinator, f.cohort.ID, cohortInput(f.course.ID, trainer, 5)); !i18n.HasProblem(err, "error.unknown_choice") {
				t.Errorf("update with trainer %d: got %v, want error.unknown_choice", trainer, i18n.ProblemKeys(err))
			}
		}
		bad := cohortInput(f.course.ID, f.trainerID, 5)
		bad.Venue = "Bakı\x1b[31m"
		if _, err := f.s.CreateCohort(f.coordinator, bad); !i18n.HasProblem(err, "error.control_chars") {
			t.Errorf("venue with an escape: got %v", i18n.ProblemKeys(err))
		}
		if n := count(t, d, `SELECT count(*) FROM cohorts`); n != cohorts {
			t.Errorf("got %d cohorts after refused ones, want %d", n, cohorts)
		}
		if c, _ := cohort(context.Background(), d, f.cohort.ID); c.TrainerID != f.trainerID {
			t.Errorf("a refused update changed the trainer to %d", c.TrainerID)
		}
	})
}
