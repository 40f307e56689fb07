package e2e

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	gosmtp "github.com/emersion/go-smtp"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
	"inteqra/internal/migrants"
	"inteqra/internal/notify"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// mailbox is an SMTP server on loopback that keeps every message, read
// back as its recipient, decoded subject and plain-text part.
type mailbox struct {
	mu   sync.Mutex
	got  []letter
	more chan struct{}
}

type letter struct {
	to, subject, text string
}

func (m *mailbox) NewSession(*gosmtp.Conn) (gosmtp.Session, error) { return &mailSession{m: m}, nil }

type mailSession struct {
	m  *mailbox
	to string
}

func (s *mailSession) Mail(string, *gosmtp.MailOptions) error { return nil }
func (s *mailSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.to = to
	return nil
}
func (s *mailSession) Reset()        {}
func (s *mailSession) Logout() error { return nil }

// Data reads the message as a mail client does: the encoded subject, and
// the quoted-printable text part of the multipart/alternative body.
func (s *mailSession) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return err
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return err
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var text string
	for {
		part, err := mr.NextPart() // decodes quoted-printable itself
		if err != nil {
			break
		}
		if strings.HasPrefix(part.Header.Get("Content-Type"), "text/plain") {
			var b []byte
			if b, err = io.ReadAll(part); err != nil {
				return err
			}
			text = string(b)
		}
	}
	s.m.mu.Lock()
	s.m.got = append(s.m.got, letter{to: s.to, subject: subject, text: text})
	s.m.mu.Unlock()
	select {
	case s.m.more <- struct{}{}:
	default:
	}
	return nil
}

// serveMailbox starts a mailbox and has the app send its e-mails there.
func serveMailbox(t *testing.T, a *app.App) *mailbox {
	t.Helper()
	m := &mailbox{more: make(chan struct{}, 1)}
	srv := gosmtp.NewServer(m)
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	smtp, err := notify.NewSMTP("smtp://" + l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Notify.UseMailer(smtp, ""); err != nil {
		t.Fatal(err)
	}
	return m
}

// wait returns the first letter to addr whose subject begins with
// subject, waiting for it up to a minute.
func (m *mailbox) wait(t *testing.T, addr, subject string) letter {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		m.mu.Lock()
		for _, l := range m.got {
			if l.to == addr && strings.HasPrefix(l.subject, subject) {
				m.mu.Unlock()
				return l
			}
		}
		m.mu.Unlock()
		select {
		case <-m.more:
		case <-time.After(200 * time.Millisecond):
		case <-deadline:
			t.Fatalf("no e-mail %q to %s arrived", subject, addr)
		}
	}
}

// learnerSeed adds to the demo a running cohort with past lessons in which
// a learner (born 1990-06-02, document AZE 1122334, e-mail
// learner@example.org) has attended all lessons but one, and her
// application to the demo's first open cohort, which waits.
func learnerSeed(a *app.App) error {
	ctx := context.Background()
	if _, err := demo.Seed(ctx, a); err != nil {
		return err
	}
	sys := access.With(ctx, access.System())
	courses, err := a.Training.Courses(sys, false)
	if err != nil {
		return err
	}
	start := i18n.DayOf(time.Now()).AddDate(0, 0, -28)
	c, err := a.Training.CreateCohort(sys, training.CohortInput{CourseID: courses[0].ID, Code: "A1-RUN", Venue: "Bakı",
		StartsOn: start.Format(time.DateOnly), EndsOn: start.AddDate(0, 0, 56).Format(time.DateOnly), Capacity: "10", Language: "az",
		Slots: []training.SlotInput{{Weekday: "1", Start: "18:30", End: "20:00"}, {Weekday: "3", Start: "18:30", End: "20:00"},
			{Weekday: "5", Start: "18:30", End: "20:00"}}})
	if err != nil {
		return err
	}
	if err := a.Training.MoveCohort(sys, c.ID, training.Open, ""); err != nil {
		return err
	}
	learner := people.Input{Names: []people.Name{{Kind: people.NameAz, Surname: "Rzayeva", Given: "Səbinə"}}, BirthDate: "1990-06-02",
		Email: "learner@example.org", Sex: people.Female}
	e, err := a.Training.Apply(ctx, training.ApplicationInput{CohortID: c.ID, Person: learner, DeclaredKind: people.PermanentPermit,
		DeclaredDocument: "AZE 1122334", ConsentData: true, ConsentProgramme: true, Lang: i18n.EN})
	if err != nil {
		return err
	}
	if _, err := a.Training.Accept(sys, e.ID); err != nil {
		return err
	}
	if err := a.Training.MoveCohort(sys, c.ID, training.Running, ""); err != nil {
		return err
	}
	lessons, err := a.Training.CohortLessons(sys, c.ID)
	if err != nil {
		return err
	}
	for i, l := range lessons {
		if !l.Day.Before(i18n.DayOf(time.Now())) {
			break
		}
		mark := training.Present
		if i == 1 {
			mark = training.Absent
		}
		if err := a.Training.MarkAttendance(sys, l.ID, map[int64]string{e.ID: mark}); err != nil {
			return err
		}
	}
	open, err := a.Training.OpenCohorts(ctx)
	if err != nil || len(open) == 0 {
		return fmt.Errorf("no open cohort: %v", err)
	}
	_, err = a.Training.Apply(ctx, training.ApplicationInput{CohortID: open[0].Cohort.ID, Person: learner, DeclaredKind: people.PermanentPermit,
		DeclaredDocument: "AZE 1122334", ConsentData: true, ConsentProgramme: true, Lang: i18n.EN})
	return err
}

var mailLinkRE = regexp.MustCompile(`https?://[^/\s]+(/account/[a-z/]+\?token=[a-z0-9]+)`)

// A learner makes an account on the public site, confirms her address by
// the link the mail server received, links the account with her
// reference, birth date and document number, and sees her course with her
// attendance; a coordinator accepts her other application, and the
// e-mail and her bell tell her.
func TestMigrantAccountJourney(t *testing.T) {
	t.Parallel()
	e := newEnvSeeded(t, "en", 2*testTimeout, learnerSeed)
	box := serveMailbox(t, e.app)
	e.startJobs()
	const email, password = "learner@example.org", "a long walk by the Caspian"

	e.open("/login")
	if st := e.submit(`a[href="/account/signup"]`); st != http.StatusOK {
		t.Fatalf("sign-up page: status %d", st)
	}
	e.fill("#name", "Səbinə Rzayeva")
	e.fill("#email", email)
	e.fill("#new", password)
	e.fill("#confirm", password)
	if st := e.submit(`form[action="/account/signup"] button`); st != http.StatusOK {
		t.Fatalf("sign up: status %d", st)
	}
	if got := e.text(".usa-alert__text"); got != T(t, i18n.EN, "signup.sent", "Email", email) {
		t.Errorf("after signing up: %q", got)
	}
	confirm := box.wait(t, email, T(t, i18n.EN, "notify.account.confirm.subject"))
	m := mailLinkRE.FindStringSubmatch(confirm.text)
	if m == nil {
		t.Fatalf("no link in the confirmation e-mail: %q", confirm.text)
	}
	if st := e.open(m[1]); st != http.StatusOK || e.location().Path != "/login" {
		t.Fatalf("confirmation link: status %d at %s", st, e.location())
	}
	if st := e.signIn(email, password); st != http.StatusOK || e.location().Path != "/me" {
		t.Fatalf("sign in: status %d at %s", st, e.location())
	}

	// Linking: the reference the application e-mail gave, the birth date
	// and the document number, typed the way people type them.
	received := box.wait(t, email, strings.Split(T(t, i18n.EN, "notify.application.received.subject", "Reference", "|"), "|")[0])
	ref := regexp.MustCompile(`TTM-[0-9A-Z]{10}`).FindString(received.subject)
	if ref == "" {
		t.Fatalf("no reference in %q", received.subject)
	}
	e.fill("#reference", strings.ToLower(ref))
	e.run("birth date", chromedp.SetValue(chromedp.CSS("#birth_date"), "1990-06-02"))
	e.fill("#document_no", "aze1122334")
	if st := e.submit(`form[action="/me/link"] button`); st != http.StatusOK {
		t.Fatalf("link: status %d", st)
	}
	if e.exists(`form[action="/me/link"]`) {
		t.Fatalf("still not linked: %s", e.text("main"))
	}
	course := e.text(".self-course")
	if !strings.Contains(course, T(t, i18n.EN, "self.attendance")) || !strings.Contains(course, "%") {
		t.Errorf("the course card shows no attendance: %q", course)
	}
	e.checkPages(t, "migrant-en", "linked", "/me", "/notifications")

	// A coordinator accepts her other application: an e-mail and the bell.
	var waiting int64
	if err := e.app.DB.QueryRowContext(context.Background(), `SELECT e.id FROM enrolments e JOIN persons p ON p.id = e.person_id
		WHERE p.email = $1 AND e.state = 'applied'`, email).Scan(&waiting); err != nil {
		t.Fatal(err)
	}
	coordinator := e.otherTab()
	if st := coordinator.signIn(coordinatorEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("coordinator signs in: status %d", st)
	}
	coordinator.open("/training/applications")
	if st := coordinator.submit(fmt.Sprintf(`form[action="/training/enrolments/%d/accept"] button`, waiting)); st != http.StatusOK {
		t.Fatalf("accept: status %d", st)
	}
	accepted := strings.Split(T(t, i18n.EN, "notify.application.accepted.subject", "Course", "|"), "|")[0]
	box.wait(t, email, accepted)
	e.open("/me")
	if !e.exists(".site-bell--unread") {
		t.Error("the bell shows nothing unread")
	}
	e.open("/notifications")
	if got := e.text(".notify-list"); !strings.Contains(got, accepted) {
		t.Errorf("the notifications lack the acceptance: %q", got)
	}
}

// The account pages (sign-up, reset, a reset link's form), the migrant's
// area before linking, and the consultants' requests and a person's
// account section pass axe in each language and fit 320 px and 1280 px.
func TestAccountPagesAccessible(t *testing.T) {
	t.Parallel()
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			var request, person int64
			e := newEnvSeeded(t, string(lang), testTimeout, func(a *app.App) error {
				if err := learnerSeed(a); err != nil {
					return err
				}
				ctx := context.Background()
				var migrant int64
				if err := a.DB.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, demo.Email(access.Migrant)).Scan(&migrant); err != nil {
					return err
				}
				asks := access.With(ctx, access.Principal{UserID: migrant, Role: access.Migrant})
				if err := a.Migrants.RequestLink(asks, migrants.RequestInput{Name: "Səbinə Rzayeva", BirthDate: "1990-06-02",
					Message: "Sumqayıt ofisində qeydiyyatdan keçmişəm."}); err != nil {
					return err
				}
				r, _, err := a.Migrants.MyRequest(asks)
				request, person = r.ID, 0
				if err == nil {
					err = a.DB.QueryRowContext(ctx, `SELECT id FROM persons WHERE email = 'learner@example.org'`).Scan(&person)
				}
				return err
			})
			check := func(who string, paths ...string) { e.checkPages(t, "account-"+string(lang), who, paths...) }
			check("visitor", "/login", "/account/signup", "/account/reset")
			if st := e.signIn(demo.Email(access.Migrant), demo.Password); st != http.StatusOK {
				t.Fatalf("migrant signs in: status %d", st)
			}
			e.switchLanguage(lang)
			check("unlinked", "/me")
			e.signOut()
			if st := e.signIn(demo.Email(access.Consultant), demo.Password); st != http.StatusOK {
				t.Fatalf("consultant signs in: status %d", st)
			}
			e.switchLanguage(lang)
			check("consultant", "/link-requests", fmt.Sprintf("/link-requests/%d", request), fmt.Sprintf("/people/%d", person))
		})
	}
}
