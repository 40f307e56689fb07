package training

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
)

// TestCourseToCertificate runs a cohort from its first lesson to the
// certificates: attendance, the final test, completion, verification and
// revocation, with the invalid steps on the way refused.
func TestCourseToCertificate(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, 5)
		var learners []Enrolment
		for n := range 3 {
			e := f.apply(t, n)
			if _, err := f.s.Accept(f.coordinator, e.ID); err != nil {
				t.Fatal(err)
			}
			learners = append(learners, e)
		}
		lessons, err := f.s.CohortLessons(f.coordinator, f.cohort.ID)
		if err != nil {
			t.Fatal(err)
		}
		first := lessons[0].ID
		all := func(mark string) map[int64]string {
			m := map[int64]string{}
			for _, e := range learners {
				m[e.ID] = mark
			}
			return m
		}
		if err := f.s.MarkAttendance(f.trainer, first, all(Present)); errKey(err) != "training.error.cohort_not_running" {
			t.Errorf("attendance before the start: %v", err)
		}
		if err := f.s.MoveCohort(f.coordinator, f.cohort.ID, Running, ""); err != nil {
			t.Fatal(err)
		}
		if err := f.s.MarkAttendance(f.trainer, first, all(Present)); errKey(err) != "training.error.lesson_future" {
			t.Errorf("attendance of a lesson still to come: %v", err)
		}
		f.s.now = func() time.Time { return time.Date(2027, 5, 3, 9, 0, 0, 0, time.UTC) }
		today := func() []LessonToday {
			t.Helper()
			list, err := f.s.LessonsOn(f.trainer, lessons[0].Day)
			if err != nil {
				t.Fatal(err)
			}
			return list
		}
		if got := today(); len(got) != 1 || got[0].ID != first || got[0].Taken {
			t.Errorf("the trainer's day before attendance: %+v", got)
		}
		if err := f.s.MarkAttendance(f.trainer, first, map[int64]string{learners[0].ID: "asleep"}); errKey(err) != "training.error.mark" {
			t.Errorf("unknown mark: %v", err)
		}
		if err := f.s.MarkAttendance(f.trainer, first, map[int64]string{999: Present}); errKey(err) != "training.error.not_enrolled" {
			t.Errorf("someone not in the cohort: %v", err)
		}
		other, _ := staff(t, d, "trainer", "other.trainer@example.az")
		if err := f.s.MarkAttendance(other, first, all(Present)); err == nil {
			t.Error("another trainer marked this cohort's attendance")
		}
		// Learner 0 attends everything, learner 1 misses four lessons
		// (10 of 14 is 71 %, under 80 %), learner 2 is late twice and
		// excused once, and fails the final test.
		for i, l := range lessons {
			marks := all(Present)
			if i < 4 {
				marks[learners[1].ID] = Absent
			}
			if i == 5 || i == 6 {
				marks[learners[2].ID] = Late
			}
			if i == 7 {
				marks[learners[2].ID] = Excused
			}
			if i == len(lessons)-1 {
				if err := f.s.MoveCohort(f.coordinator, f.cohort.ID, Finished, ""); errKey(err) != "training.error.register_incomplete" {
					t.Errorf("finish with a lesson not taken: %v", err)
				}
			}
			if err := f.s.MarkAttendance(f.trainer, l.ID, marks); err != nil {
				t.Fatal(err)
			}
		}
		if got := today(); len(got) != 1 || !got[0].Taken {
			t.Errorf("the trainer's day after attendance: %+v", got)
		}
		if list, _ := f.s.LessonsOn(other, lessons[0].Day); len(list) != 0 {
			t.Errorf("another trainer's day shows %d lessons of this cohort", len(list))
		}
		sh, err := f.s.Register(f.trainer, f.cohort.ID)
		if err != nil {
			t.Fatal(err)
		}
		rates := []int{100, 71, 100}
		for i, e := range learners {
			if got := sh.Rates[e.ID].Percent(); got != rates[i] {
				t.Errorf("learner %d: rate %d %%, want %d %%", i, got, rates[i])
			}
		}
		if err := f.s.MoveCohort(f.coordinator, f.cohort.ID, Finished, ""); errKey(err) != "training.error.results_missing" {
			t.Errorf("finish without final tests: %v", err)
		}
		if err := f.s.RecordResults(f.trainer, f.cohort.ID, Final, "2027-04-28", []ResultInput{{EnrolmentID: learners[0].ID, Score: "101"}}); errKey(err) != "training.error.score" {
			t.Errorf("score over 100: %v", err)
		}
		if err := f.s.RecordResults(f.trainer, f.cohort.ID, Final, "2027-04-28", []ResultInput{{EnrolmentID: learners[0].ID, Score: "80", Level: "Z9"}}); errKey(err) != "training.error.level" {
			t.Errorf("unknown level: %v", err)
		}
		err = f.s.RecordResults(f.trainer, f.cohort.ID, Final, "2027-04-28", []ResultInput{
			{EnrolmentID: learners[0].ID, Score: "85", Level: "a1"}, {EnrolmentID: learners[1].ID, Score: "90"},
			{EnrolmentID: learners[2].ID, Score: "40"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.MoveCohort(f.coordinator, f.cohort.ID, Finished, ""); err != nil {
			t.Fatal(err)
		}
		want := []EnrolmentState{Completed, NotCompleted, NotCompleted}
		for i, e := range learners {
			if got, _ := enrolment(context.Background(), d, e.ID); got.State != want[i] {
				t.Errorf("learner %d: %s, want %s", i, got.State, want[i])
			}
		}
		certs, err := f.s.Certificates(f.coordinator, f.cohort.ID)
		if err != nil || len(certs) != 1 || certs[0].EnrolmentID != learners[0].ID || certs[0].Number != "TTM-2027-000001" {
			t.Fatalf("certificates: %+v, %v", certs, err)
		}
		v, err := f.s.Verify(context.Background(), " "+certs[0].Code+" ")
		if err != nil || v.State != Issued || v.Holder != "T****** R****" || v.Level != "A1" || v.Course.ID != f.course.ID {
			t.Errorf("verify: %+v, %v", v, err)
		}
		typed := strings.ToLower(certs[0].Code[:5] + "-" + certs[0].Code[5:])
		if v, err := f.s.Verify(context.Background(), typed); err != nil || v.Number != certs[0].Number {
			t.Errorf("verify %q as typed: %+v, %v", typed, v, err)
		}
		doc, _, err := f.s.CertificateDocument(f.coordinator, certs[0].ID, "https://inteqra.example.az/")
		if err != nil || doc.VerifyURL != "https://inteqra.example.az/verify/"+certs[0].Code || doc.Level != "A1" {
			t.Fatalf("certificate document: %+v, %v", doc, err)
		}
		cat, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		var pdf bytes.Buffer
		if err := WriteCertificatePDF(&pdf, cat, doc); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
			t.Errorf("certificate PDF: %d bytes, %v", pdf.Len(), err)
		}
		if err := f.s.RevokeCertificate(f.coordinator, certs[0].ID, ""); errKey(err) != "training.error.reason_required" {
			t.Errorf("revoke without a reason: %v", err)
		}
		if err := f.s.RevokeCertificate(f.trainer, certs[0].ID, "x"); err == nil {
			t.Error("a trainer revoked a certificate")
		}
		if err := f.s.RevokeCertificate(f.coordinator, certs[0].ID, "Sənəd saxtadır"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RevokeCertificate(f.coordinator, certs[0].ID, "again"); !errors.Is(err, ErrInvalidMove) {
			t.Errorf("revoke twice: %v", err)
		}
		if v, _ := f.s.Verify(context.Background(), certs[0].Code); v.State != Revoked || v.RevokedAt.IsZero() {
			t.Errorf("verify after revoking: %+v", v)
		}
		if _, _, err := f.s.CertificateDocument(f.coordinator, certs[0].ID, "https://x"); errKey(err) != "training.error.certificate_revoked" {
			t.Errorf("PDF of a revoked certificate: %v", err)
		}
		if _, err := f.s.Verify(context.Background(), "NOSUCHCODE"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unknown code: %v", err)
		}
	})
}
