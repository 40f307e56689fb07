package notify

import (
	"context"
	"errors"
	"mime"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/jobs"
)

// recorder is a mailer that keeps what it is given and answers with err.
type recorder struct {
	mu   sync.Mutex
	sent []Message
	err  error
}

func (r *recorder) Send(_ context.Context, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m)
	return r.err
}

// signedIn adds a user of role and returns a context signed in as them
// (the auth package, which tells users through notify, is not used here).
func signedIn(t *testing.T, d *db.DB, role access.Role, email string) context.Context {
	t.Helper()
	now := db.Now()
	var id int64
	if err := d.Transact(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), `INSERT INTO users (email, name, password_hash, role, active, language, created_at, updated_at)
			VALUES ($1, $2, '', $3, $4, 'en', $5, $5) RETURNING id`, email, "Test "+string(role), role, true, now).Scan(&id)
	}); err != nil {
		t.Fatal(err)
	}
	return access.With(context.Background(), access.Principal{UserID: id, Email: email, Role: role})
}

func newTestStore(t *testing.T, d *db.DB) *Store {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	workers := river.NewWorkers()
	q, err := jobs.New(d, jobs.Config{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	s := NewStore(d, q, cat, "https://inteqra.example.az/")
	river.AddWorker(workers, &SendWorker{Store: s}) // the queue is not started: the tests run the sends
	return s
}

func accepted(to ...Recipient) Event {
	return Event{Kind: "application.accepted", Link: "/applications", To: to,
		Args: map[string]string{"Reference": "TTM-7K3QX9PA2M", "Course": "Azərbaycan dili", "Reason": ""}}
}

// raiseTo raises an acceptance to r in a committed transaction and
// returns the id of the latest message of channel in the outbox.
func raiseTo(t *testing.T, s *Store, d *db.DB, r Recipient, channel string) int64 {
	t.Helper()
	ctx := context.Background()
	if err := d.Transact(ctx, func(tx *db.Tx) error { return s.Raise(ctx, tx, accepted(r)) }); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := d.QueryRowContext(ctx, `SELECT max(id) FROM outbox WHERE channel = $1`, channel).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRaiseOnlyWithTheChange: what a rolled-back change raised leaves no
// notification, no e-mail and no job; a committed one leaves each, the
// e-mail written in its recipient's language.
func TestRaiseOnlyWithTheChange(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newTestStore(t, d)
		user := access.From(signedIn(t, d, access.Coordinator, "coordinator@example.az")).UserID
		ctx := context.Background()
		to := []Recipient{{UserID: user}, {Email: "olena@example.org", Lang: i18n.RU}}
		rollback := errors.New("the change fails")
		if err := d.Transact(ctx, func(tx *db.Tx) error {
			if err := s.Raise(ctx, tx, accepted(to...)); err != nil {
				return err
			}
			return rollback
		}); !errors.Is(err, rollback) {
			t.Fatal(err)
		}
		for _, table := range []string{"notifications", "outbox", "river_job"} {
			if n := count(t, d, `SELECT count(*) FROM `+table); n != 0 {
				t.Fatalf("%d rows in %s after a rollback", n, table)
			}
		}
		if err := d.Transact(ctx, func(tx *db.Tx) error { return s.Raise(ctx, tx, accepted(to...)) }); err != nil {
			t.Fatal(err)
		}
		if count(t, d, `SELECT count(*) FROM notifications WHERE user_id = $1`, user) != 1 ||
			count(t, d, `SELECT count(*) FROM river_job WHERE kind = 'notify_send'`) != 1 {
			t.Fatal("the committed change left no notification or no job")
		}
		var subject, lang, text, html string
		if err := d.QueryRowContext(ctx, `SELECT subject, lang, text_body, html_body FROM outbox`).Scan(&subject, &lang, &text, &html); err != nil {
			t.Fatal(err)
		}
		if subject != "Вы зачислены на курс: Azərbaycan dili" || lang != "ru" ||
			!strings.Contains(text, "https://inteqra.example.az/applications") || !strings.Contains(html, `lang="ru"`) {
			t.Fatalf("e-mail %q (%s):\n%s\n%s", subject, lang, text, html)
		}
	})
}

// TestSendOnce: without a mail server an e-mail is held; with one it is
// sent once, every attempt recorded; a temporary refusal is retried, a
// refusal for good fails it.
func TestSendOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newTestStore(t, d)
		ctx := context.Background()
		raise := func() int64 { return raiseTo(t, s, d, Recipient{Email: "ali@example.az", Lang: i18n.AZ}, ByEmail) }
		state := func(id int64) (State, int) {
			t.Helper()
			var st State
			var attempts int
			if err := d.QueryRowContext(ctx, `SELECT state, attempts FROM outbox WHERE id = $1`, id).Scan(&st, &attempts); err != nil {
				t.Fatal(err)
			}
			return st, attempts
		}

		held := raise()
		if err := s.send(ctx, held, false); err != nil {
			t.Fatal(err)
		}
		if st, n := state(held); st != Held || n != 0 {
			t.Fatalf("without a mailer: %s after %d attempts", st, n)
		}

		r := &recorder{}
		if err := s.UseMailer(r, "inteqra <no-reply@migration.gov.az>"); err != nil {
			t.Fatal(err)
		}
		id := raise()
		for range 2 { // a job run twice sends once
			if err := s.send(ctx, id, false); err != nil {
				t.Fatal(err)
			}
		}
		if st, n := state(id); st != Sent || n != 1 || len(r.sent) != 1 || r.sent[0].ID == "" || r.sent[0].To != "ali@example.az" {
			t.Fatalf("sent: %s after %d attempts, %d messages", st, n, len(r.sent))
		}

		r.err = &textproto.Error{Code: 451, Msg: "try later"}
		later := raise()
		if err := s.send(ctx, later, false); err == nil {
			t.Fatal("a temporary refusal was not retried")
		}
		if st, n := state(later); st != Queued || n != 1 {
			t.Fatalf("temporary refusal: %s after %d attempts", st, n)
		}
		r.err = &textproto.Error{Code: 550, Msg: "no such mailbox"}
		if err := s.send(ctx, later, false); err == nil {
			t.Fatal("a refusal for good returned no error")
		}
		if st, n := state(later); st != Failed || n != 2 || count(t, d, `SELECT count(*) FROM outbox_attempts WHERE outbox_id = $1`, later) != 2 {
			t.Fatalf("refusal for good: %s after %d attempts", st, n)
		}

		if _, err := s.Outbox(signedIn(t, d, access.Consultant, "consultant@example.az")); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("a consultant reads the outbox: %v", err)
		}
		list, err := s.Outbox(signedIn(t, d, access.Admin, "admin@example.az"))
		if err != nil || len(list) != 3 || list[0].ID != later || list[0].LastError == "" {
			t.Fatalf("outbox %+v, %v", list, err)
		}
	})
}

// TestSendOverSMTP: the outbox's e-mail goes over a real SMTP server and
// arrives readable, in Azerbaijani.
func TestSendOverSMTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newTestStore(t, d)
		b := &backend{}
		if err := s.UseMailer(newSMTP(t, "smtp://"+serve(t, b, nil, false)), ""); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if err := d.Transact(ctx, func(tx *db.Tx) error {
			return s.Raise(ctx, tx, accepted(Recipient{Email: "leyla@example.az", Lang: i18n.AZ}))
		}); err != nil {
			t.Fatal(err)
		}
		var id int64
		if err := d.QueryRowContext(ctx, `SELECT id FROM outbox`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if err := s.send(ctx, id, false); err != nil {
			t.Fatal(err)
		}
		r := <-b.got
		msg, err := mail.ReadMessage(strings.NewReader(string(r.data)))
		if err != nil {
			t.Fatal(err)
		}
		subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || subject != "Kursa qəbul olundunuz: Azərbaycan dili" || r.to != "leyla@example.az" {
			t.Fatalf("subject %q to %s, %v", subject, r.to, err)
		}
		if !strings.Contains(msg.Header.Get("Message-Id"), "outbox-") {
			t.Errorf("Message-ID %q", msg.Header.Get("Message-Id"))
		}
	})
}

// TestInbox: a user reads and marks their own notifications only.
func TestInbox(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newTestStore(t, d)
		ctx := context.Background()
		me := signedIn(t, d, access.Coordinator, "me@example.az")
		other := signedIn(t, d, access.Consultant, "other@example.az")
		if err := d.Transact(ctx, func(tx *db.Tx) error {
			for range 2 {
				if err := s.Raise(ctx, tx, accepted(Recipient{UserID: access.From(me).UserID})); err != nil {
					return err
				}
			}
			return s.Raise(ctx, tx, accepted(Recipient{UserID: access.From(other).UserID}))
		}); err != nil {
			t.Fatal(err)
		}
		if n, err := s.Unread(me); err != nil || n != 2 {
			t.Fatalf("unread %d, %v", n, err)
		}
		if n, err := s.Unread(context.Background()); err != nil || n != 0 {
			t.Fatalf("a visitor's unread %d, %v", n, err)
		}
		list, err := s.Notifications(me)
		if err != nil || len(list) != 2 || list[0].Read || list[0].Args["Course"] != "Azərbaycan dili" {
			t.Fatalf("list %+v, %v", list, err)
		}
		if _, err := s.MarkRead(other, list[0].ID); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("another's notification: %v", err)
		}
		n, err := s.MarkRead(me, list[0].ID)
		if err != nil || n.Link != "/applications" {
			t.Fatalf("mark read %+v, %v", n, err)
		}
		if n, _ := s.Unread(me); n != 1 {
			t.Fatalf("unread after one read: %d", n)
		}
		if err := s.MarkAllRead(me); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.Unread(me); n != 0 {
			t.Fatalf("unread after all read: %d", n)
		}
		if n, _ := s.Unread(other); n != 1 {
			t.Fatalf("the other's unread: %d", n)
		}
	})
}

// TestPreferences: a user chooses the events of their role told by e-mail;
// a security message is e-mailed whatever they choose, and every event
// still shows in the app.
func TestPreferences(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newTestStore(t, d)
		ctx := context.Background()
		partner := signedIn(t, d, access.PartnerOfficer, "partner@example.az")
		prefs, err := s.Preferences(partner)
		if err != nil || len(prefs) != 2 || prefs[0] != (Preference{Kind: "referral.sent", Email: true}) ||
			prefs[1] != (Preference{Kind: "password.changed", Email: true, Locked: true}) {
			t.Fatalf("preferences %+v, %v", prefs, err)
		}
		if err := s.SetPreferences(partner, nil); err != nil { // everything off
			t.Fatal(err)
		}
		if prefs, _ := s.Preferences(partner); prefs[0].Email || !prefs[1].Email {
			t.Fatalf("after turning off: %+v", prefs)
		}
		to := Recipient{UserID: access.From(partner).UserID, Email: "partner@example.az", Lang: i18n.EN}
		if err := d.Transact(ctx, func(tx *db.Tx) error {
			for _, kind := range []string{"referral.sent", "password.changed"} {
				if err := s.Raise(ctx, tx, Event{Kind: kind, Link: "/", To: []Recipient{to},
					Args: map[string]string{"Domain": "@domain.work", "Organisation": "Birlik", "Time": "2026-12-03 10:00"}}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, `SELECT count(*) FROM notifications WHERE user_id = $1`, to.UserID); n != 2 {
			t.Fatalf("%d notifications, want both", n)
		}
		var kind string
		if err := d.QueryRowContext(ctx, `SELECT kind FROM outbox`).Scan(&kind); err != nil || kind != "password.changed" ||
			count(t, d, `SELECT count(*) FROM outbox`) != 1 {
			t.Fatalf("e-mailed %q, %v; want only the security message", kind, err)
		}
		if err := s.SetPreferences(partner, []string{"referral.sent"}); err != nil {
			t.Fatal(err)
		}
		if prefs, _ := s.Preferences(partner); !prefs[0].Email {
			t.Fatalf("after turning on: %+v", prefs)
		}
		if _, err := s.Preferences(context.Background()); !errors.Is(err, access.ErrUnauthenticated) {
			t.Fatalf("a visitor's preferences: %v", err)
		}
	})
}

// TestOnce: an event with a Once key is raised once, however often its
// reminder runs; the reminders run as the system, each whatever the
// others do.
func TestOnce(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newTestStore(t, d)
		user := access.From(signedIn(t, d, access.FocalPoint, "focal@example.az")).UserID
		failing := errors.New("a feature's reminder fails")
		s.OnRemind(func(context.Context, time.Time) error { return failing })
		s.OnRemind(func(ctx context.Context, _ time.Time) error {
			if !access.From(ctx).IsSystem() {
				return errors.New("not run as the system")
			}
			return d.Transact(ctx, func(tx *db.Tx) error {
				e := accepted(Recipient{UserID: user, Email: "focal@example.az", Lang: i18n.AZ})
				e.Once = "7/2026-04-01"
				return s.Raise(ctx, tx, e)
			})
		})
		for range 3 {
			if err := s.Remind(context.Background(), time.Now()); !errors.Is(err, failing) || strings.Contains(err.Error(), "system") {
				t.Fatalf("remind: %v", err)
			}
		}
		if n := count(t, d, `SELECT count(*) FROM notifications`); n != 1 {
			t.Fatalf("%d notifications, want 1", n)
		}
		if n := count(t, d, `SELECT count(*) FROM outbox`); n != 1 {
			t.Fatalf("%d e-mails, want 1", n)
		}
	})
}

// texter is an SMS provider that keeps what it is given.
type texter struct{ sent []string }

func (x *texter) Send(_ context.Context, phone, text string) error {
	x.sent = append(x.sent, phone+": "+text)
	return nil
}

// TestTextMessage: a recipient with a phone number and no address gets a
// text message, held until a provider is wired, then sent through it.
func TestTextMessage(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newTestStore(t, d)
		ctx := context.Background()
		raise := func() int64 { return raiseTo(t, s, d, Recipient{Phone: "+994 50 123 45 67", Lang: i18n.AZ}, BySMS) }
		held := raise()
		if err := s.send(ctx, held, false); err != nil {
			t.Fatal(err)
		}
		x := &texter{}
		s.UseSMS(x)
		sent := raise()
		if err := s.send(ctx, sent, false); err != nil {
			t.Fatal(err)
		}
		want := "+994 50 123 45 67: Kursa qəbul olundunuz: Azərbaycan dili https://inteqra.example.az/applications"
		if len(x.sent) != 1 || x.sent[0] != want {
			t.Fatalf("sent %q, want %q", x.sent, want)
		}
		list, err := s.Outbox(signedIn(t, d, access.Admin, "admin@example.az"))
		if err != nil || len(list) != 2 || list[0].State != Sent || list[1].State != Held || list[0].Channel != BySMS || list[0].Subject != "" {
			t.Fatalf("outbox %+v, %v", list, err)
		}
	})
}

// stopping is a mailer whose server takes the e-mail just as the node is
// told to stop: the job's context is cancelled before the send returns.
type stopping struct {
	recorder
	stop context.CancelFunc
}

func (m *stopping) Send(ctx context.Context, msg Message) error {
	m.stop()
	return m.recorder.Send(ctx, msg)
}

// TestSendWhileStopping: an e-mail the server took while the node was
// stopping is recorded as sent, so the job's next run, on any node, does
// not send it again; a change rolled back raises no e-mail at all.
func TestSendWhileStopping(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newTestStore(t, d)
		ctx := context.Background()
		if err := d.Transact(ctx, func(tx *db.Tx) error {
			if err := s.Raise(ctx, tx, accepted(Recipient{Email: "rolled@example.az", Lang: i18n.AZ})); err != nil {
				return err
			}
			return errors.New("the change fails")
		}); err == nil {
			t.Fatal("the change did not fail")
		}
		if err := d.Transact(ctx, func(tx *db.Tx) error {
			return s.Raise(ctx, tx, accepted(Recipient{Email: "ali@example.az", Lang: i18n.AZ}))
		}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, `SELECT count(*) FROM outbox`); n != 1 {
			t.Fatalf("%d e-mails in the outbox, want only the committed change's", n)
		}
		var id int64
		d.QueryRowContext(ctx, `SELECT id FROM outbox`).Scan(&id)
		jobCtx, stop := context.WithCancel(ctx)
		m := &stopping{stop: stop}
		if err := s.UseMailer(m, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.send(jobCtx, id, false); err != nil {
			t.Fatalf("send while stopping: %v", err)
		}
		if err := s.send(ctx, id, false); err != nil { // the job run again, as after a restart
			t.Fatal(err)
		}
		if len(m.sent) != 1 || count(t, d, `SELECT count(*) FROM outbox WHERE id = $1 AND state = 'sent' AND attempts = 1`, id) != 1 {
			t.Errorf("sent %d times; the outbox row: %d sent", len(m.sent), count(t, d, `SELECT count(*) FROM outbox WHERE state = 'sent'`))
		}
	})
}
