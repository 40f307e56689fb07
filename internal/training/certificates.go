package training

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/textcheck"
)

// CertificateState says whether a certificate still stands.
type CertificateState string

// Certificate states: a certificate is issued and may later be revoked (in
// SQL only, for now: no screen revokes one).
const (
	Issued  CertificateState = "issued"
	Revoked CertificateState = "revoked"
)

// Certificate is issued to a learner who completed a course.
type Certificate struct {
	ID            int64
	Number        string
	Code          string // the verification code in /verify/{code}
	EnrolmentID   int64
	PersonID      int64
	PersonName    string
	IssuedOn      time.Time
	State         CertificateState
	RevokedReason string
	RevokedAt     time.Time
}

// complete decides the outcome of every learner of a cohort that finishes:
// attendance at or above the course's threshold and a passed final test
// complete the course and earn a certificate; anyone else has not completed
// it. The register must be complete: every lesson taken and every learner's
// final test entered.
func (s *Store) complete(ctx context.Context, tx *db.Tx, cohortID int64) error {
	sh, err := s.sheet(ctx, tx, cohortID)
	if err != nil {
		return err
	}
	open := 0
	for _, l := range sh.Lessons {
		if !sh.Taken[l.ID] {
			open++
		}
	}
	if open > 0 {
		return i18n.Errorf("training.error.register_incomplete", "Count", open)
	}
	for _, e := range sh.Learners {
		if _, ok := sh.Result(e.ID, Final); e.State == Enrolled && !ok {
			return i18n.Errorf("training.error.results_missing", "Name", e.PersonName)
		}
	}
	for _, e := range sh.Learners {
		if e.State != Enrolled {
			continue
		}
		final, _ := sh.Result(e.ID, Final)
		if !sh.Rates[e.ID].Meets(sh.Course.AttendanceMin) || !final.Passed(sh.Course) {
			if err := s.move(ctx, tx, &e, NotCompleted, ""); err != nil {
				return err
			}
			continue
		}
		if err := s.move(ctx, tx, &e, Completed, ""); err != nil {
			return err
		}
		if err := s.issue(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// newCode returns a verification code: ten characters that are hard to guess
// and easy to type from a printed page.
func newCode() string {
	b := make([]byte, 10)
	rand.Read(b)
	for i := range b {
		b[i] = referenceAlphabet[int(b[i])%len(referenceAlphabet)]
	}
	return string(b)
}

// issue writes a certificate for a completed enrolment. Its number counts
// certificates by id, so it is known only after the insert.
func (s *Store) issue(ctx context.Context, tx *db.Tx, e Enrolment) error {
	now := s.now()
	code := newCode()
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO certificates (number, code, enrolment_id, person_id, issued_on, state)
		VALUES ($1, $1, $2, $3, $4, 'issued') RETURNING id`, code, e.ID, e.PersonID, i18n.DayOf(now)).Scan(&id)
	if err != nil {
		return fmt.Errorf("training: issue certificate %d: %w", e.ID, err)
	}
	number := fmt.Sprintf("TTM-%d-%06d", i18n.DayOf(now).Year(), id)
	if _, err := tx.ExecContext(ctx, `UPDATE certificates SET number = $1 WHERE id = $2`, number, id); err != nil {
		return fmt.Errorf("training: number certificate %d: %w", id, err)
	}
	if err := audit.Record(ctx, tx, "certificate.issue", "certificate", strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	return s.tellLearner(ctx, tx, e.ID, "certificate.issued", "/verify/"+code, "", map[string]string{"Number": number})
}

const certificateColumns = `id, number, code, enrolment_id, person_id, issued_on, state, revoked_reason, revoked_at`

func scanCertificate(row db.Scanner) (Certificate, error) {
	var c Certificate
	var revoked nullTimeValue
	err := row.Scan(&c.ID, &c.Number, &c.Code, &c.EnrolmentID, &c.PersonID, &c.IssuedOn, &c.State, &c.RevokedReason, &revoked)
	c.IssuedOn, c.RevokedAt = c.IssuedOn.UTC(), revoked.Time
	return c, err
}

// Certificates returns the certificates of a cohort's learners.
func (s *Store) Certificates(ctx context.Context, cohortID int64) ([]Certificate, error) {
	if _, err := s.Cohort(ctx, cohortID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+certificateColumns+` FROM certificates
		WHERE enrolment_id IN (SELECT id FROM enrolments WHERE cohort_id = $1) ORDER BY id`, cohortID)
	list, err := db.Collect(rows, err, scanCertificate)
	if err != nil {
		return nil, fmt.Errorf("training: certificates %d: %w", cohortID, err)
	}
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.PersonID
	}
	names, err := people.DisplayNames(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].PersonName = names[list[i].PersonID]
	}
	return list, audit.RecordRead(ctx, s.db, "cohort.certificates", "cohort", strconv.FormatInt(cohortID, 10))
}

func certificate(ctx context.Context, q db.Querier, where string, arg any) (Certificate, error) {
	c, err := scanCertificate(q.QueryRowContext(ctx, `SELECT `+certificateColumns+` FROM certificates WHERE `+where, arg))
	if err != nil {
		return c, fmt.Errorf("training: certificate: %w", db.NotFound(err))
	}
	return c, nil
}

// RevokeCertificate revokes a certificate with a reason; the verification
// page then says it is not valid.
func (s *Store) RevokeCertificate(ctx context.Context, id int64, reason string) error {
	if err := access.Require(ctx, access.DecideEnrolments); err != nil {
		return err
	}
	if err := textcheck.Field("cert.revoke_reason", reason, textcheck.Rule{Kind: textcheck.Line, Max: 500}); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return i18n.Errorf("training.error.reason_required", "Field", i18n.Key("cert.revoke_reason"))
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE certificates SET state = 'revoked', revoked_reason = $1, revoked_at = $2, revoked_by = $3
			WHERE id = $4 AND state = 'issued'`, reason, s.now(), db.NullID(access.From(ctx).UserID), id)
		if err != nil {
			return fmt.Errorf("training: revoke certificate %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := certificate(ctx, tx, `id = $1`, id); err != nil {
				return err
			}
			return ErrInvalidMove
		}
		if err := audit.Record(ctx, tx, "certificate.revoke", "certificate", strconv.FormatInt(id, 10), "reason"); err != nil {
			return err
		}
		c, err := certificate(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		return s.tellLearner(ctx, tx, c.EnrolmentID, "certificate.revoked", "/verify/"+c.Code, "",
			map[string]string{"Number": c.Number, "Reason": reason})
	})
}

// Verification is what the public verification page shows: enough to
// recognise the certificate, not enough to learn about the person.
type Verification struct {
	Number    string
	State     CertificateState
	IssuedOn  time.Time
	RevokedAt time.Time
	Holder    string // masked: first letters only
	Course    Course
	Cohort    Cohort
	Level     string
}

// Verify looks up a certificate by its verification code for anyone.
func (s *Store) Verify(ctx context.Context, code string) (Verification, error) {
	if len(code) > 64 {
		// No code is that long: what was typed or sent is not one.
		return Verification{}, fmt.Errorf("training: certificate code too long: %w", db.ErrNotFound)
	}
	c, err := certificate(ctx, s.db, `code = $1`, typedCode(code))
	if err != nil {
		return Verification{}, err
	}
	v := Verification{Number: c.Number, State: c.State, IssuedOn: c.IssuedOn, RevokedAt: c.RevokedAt}
	e, err := enrolment(ctx, s.db, c.EnrolmentID)
	if err != nil {
		return v, err
	}
	if v.Cohort, err = cohort(ctx, s.db, e.CohortID); err != nil {
		return v, err
	}
	if v.Course, err = s.Course(ctx, v.Cohort.CourseID); err != nil {
		return v, err
	}
	sum, err := people.SummaryOf(ctx, s.db, c.PersonID)
	if err != nil {
		return v, err
	}
	v.Holder = Mask(sum.DisplayName)
	if r, ok, err := s.result(ctx, c.EnrolmentID, Final); err != nil {
		return v, err
	} else if ok && v.Course.Language() {
		v.Level = levelOf(r, v.Course)
	}
	return v, nil
}

// Mask keeps the first letter of each word of a name and hides the rest:
// "Kovalenko Oksana" becomes "K******** O*****".
func Mask(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		first, size := utf8.DecodeRuneInString(w)
		words[i] = string(first) + strings.Repeat("*", utf8.RuneCountInString(w[size:]))
	}
	return strings.Join(words, " ")
}

func (s *Store) result(ctx context.Context, enrolmentID int64, kind string) (TestResult, bool, error) {
	e, err := enrolment(ctx, s.db, enrolmentID)
	if err != nil {
		return TestResult{}, false, err
	}
	all, err := results(ctx, s.db, e.CohortID)
	r, ok := all[enrolmentID][kind]
	return r, ok, err
}

// levelOf is the level a language course's final test shows: the level the
// trainer entered, or the course's own level.
func levelOf(r TestResult, c Course) string {
	if r.Level != "" {
		return r.Level
	}
	return c.Level()
}

// CertificateDocument returns what the PDF of a certificate shows, to
// coordinators and to its holder;
// verifyBase is the site's address, to which /verify/{code} is added.
func (s *Store) CertificateDocument(ctx context.Context, id int64, verifyBase string) (CertificateDoc, Certificate, error) {
	// A migrant prints their own certificates; anyone else's is missing.
	me := access.From(ctx)
	own := !me.IsSystem() && me.Can(access.SelfService)
	if err := access.Require(ctx, access.DecideEnrolments); err != nil && !own {
		return CertificateDoc{}, Certificate{}, err
	}
	c, err := certificate(ctx, s.db, `id = $1`, id)
	if err == nil && own && (me.PersonID == 0 || c.PersonID != me.PersonID) {
		err = db.ErrNotFound
	}
	if err != nil {
		return CertificateDoc{}, c, err
	}
	if c.State != Issued {
		return CertificateDoc{}, c, i18n.Errorf("training.error.certificate_revoked")
	}
	e, err := enrolment(ctx, s.db, c.EnrolmentID)
	if err != nil {
		return CertificateDoc{}, c, err
	}
	co, err := cohort(ctx, s.db, e.CohortID)
	if err != nil {
		return CertificateDoc{}, c, err
	}
	course, err := s.Course(ctx, co.CourseID)
	if err != nil {
		return CertificateDoc{}, c, err
	}
	sum, err := people.SummaryOf(ctx, s.db, c.PersonID)
	if err != nil {
		return CertificateDoc{}, c, err
	}
	doc := CertificateDoc{Number: c.Number, VerifyURL: strings.TrimRight(verifyBase, "/") + "/verify/" + c.Code,
		Holder: sum.DisplayName, BirthDate: sum.BirthDate, Course: course.Title, Hours: course.Hours,
		Start: co.StartsOn, End: co.EndsOn, Issued: c.IssuedOn}
	if r, ok, err := s.result(ctx, c.EnrolmentID, Final); err != nil {
		return doc, c, err
	} else if ok && course.Language() {
		doc.Level = levelOf(r, course)
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, "certificate.print", "certificate", strconv.FormatInt(id, 10))
	})
	return doc, c, err
}
