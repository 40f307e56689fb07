package webhooks_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/storage"
	"inteqra/internal/webhooks"
)

var system = access.With(context.Background(), access.System())

// fixture is the app on a database with a consultant's open case and a
// partner organisation with an officer, and another organisation's officer.
type fixture struct {
	a                   *app.App
	consultant, officer context.Context
	stranger            context.Context
	partner             orgs.Organisation
	c                   cases.Case
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	a, err := app.New(d, "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{a: a}
	org := func(name string, kind orgs.Kind) orgs.Organisation {
		o, err := a.Orgs.CreateOrganisation(system, orgs.Input{Name: name, Kind: kind, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	user := func(email string, role access.Role, org int64) context.Context {
		u, err := a.Users.CreateUser(system, auth.UserInput{Email: email, Name: email, Role: role, OrganisationID: org, Active: true},
			"long enough password", false)
		if err != nil {
			t.Fatal(err)
		}
		return access.With(context.Background(), u.Principal())
	}
	office := org("Bakı regional idarəsi", orgs.RegionalOffice)
	f.partner = org("Əmək Nazirliyi", orgs.Ministry)
	f.consultant = user("consultant@example.az", access.Consultant, office.ID)
	f.officer = user("officer@labour.example.az", access.PartnerOfficer, f.partner.ID)
	f.stranger = user("officer@ngo.example.az", access.PartnerOfficer, org("QHT", orgs.NGO).ID)
	p, _, err := a.People.CreatePerson(f.consultant, people.Input{
		Names: []people.Name{{Kind: people.NameAz, Surname: "Əhmədi", Given: "Mürtəza"}}, BirthDate: "1979-09-30"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.People.GiveConsent(f.consultant, p.ID, people.ConsentInput{Purpose: people.Participation}); err != nil {
		t.Fatal(err)
	}
	f.c, err = a.Cases.OpenCase(f.consultant, cases.IntakeInput{PersonID: p.ID, Source: "walk_in", StatedNeeds: "İş", Language: "fa"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) refer(t *testing.T) cases.Referral {
	t.Helper()
	r, err := f.a.Cases.Refer(f.consultant, f.c.ID, cases.ReferralInput{OrganisationID: f.partner.ID, Domain: "work",
		Need: "İş axtarışında məsləhət", DueOn: i18n.DayOf(time.Now()).Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// receiver is a partner's system on loopback: it checks each delivery's
// signature and answers with the statuses given, then 200.
type receiver struct {
	*httptest.Server
	secret   string
	mu       sync.Mutex
	statuses []int
	got      []string // the event types received with a valid signature
	bad      int      // deliveries whose signature did not verify
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	rc := &receiver{statuses: statuses}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if err := webhooks.Verify(rc.secret, r.Header.Get(webhooks.SignatureHeader), body, time.Now(), webhooks.Tolerance); err != nil {
			rc.bad++
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		rc.got = append(rc.got, r.Header.Get("Inteqra-Event-Type"))
		if len(rc.statuses) > 0 {
			w.WriteHeader(rc.statuses[0])
			rc.statuses = rc.statuses[1:]
		}
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (f *fixture) endpoint(t *testing.T, rc *receiver, events ...string) webhooks.Endpoint {
	t.Helper()
	e, err := f.a.Webhooks.CreateEndpoint(f.officer, webhooks.EndpointInput{URL: rc.URL + "/hook", Events: events})
	if err != nil {
		t.Fatal(err)
	}
	rc.secret = e.Secret
	return e
}

func deliveries(t *testing.T, f *fixture, endpointID int64) []webhooks.Delivery {
	t.Helper()
	list, err := f.a.Webhooks.Deliveries(f.officer, endpointID, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestDeliveryRetried(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rc := newReceiver(t, 500, 503)
		e := f.endpoint(t, rc, webhooks.Events...)
		f.refer(t)
		list := deliveries(t, f, e.ID)
		if len(list) != 1 || list[0].EventType != cases.EventReferralSent || list[0].State != webhooks.Pending {
			t.Fatalf("got %+v, want one pending referral.sent", list)
		}
		var jobs int
		if err := d.QueryRowContext(system, `SELECT count(*) FROM river_job WHERE kind = 'webhook_deliver'`).Scan(&jobs); err != nil || jobs != 1 {
			t.Fatalf("got %d delivery jobs (%v), want 1 queued with the referral", jobs, err)
		}
		for i, wantErr := range []bool{true, true, false} {
			if err := f.a.Webhooks.Deliver(system, list[0].ID); (err != nil) != wantErr {
				t.Fatalf("attempt %d: got %v, want error %t", i+1, err, wantErr)
			}
		}
		got := deliveries(t, f, e.ID)[0]
		if got.State != webhooks.Delivered || got.Attempts != 3 || got.LastStatus != 200 || got.DeliveredAt.IsZero() {
			t.Fatalf("got %+v, want delivered at the third attempt", got)
		}
		if len(got.Tries) != 3 || got.Tries[0].Status != 500 || got.Tries[1].Status != 503 || got.Tries[2].Status != 200 ||
			got.Tries[0].Error != "HTTP 500" || got.Tries[2].Error != "" {
			t.Fatalf("got attempts %+v, want 500, 503, 200", got.Tries)
		}
		if rc.bad != 0 || len(rc.got) != 3 {
			t.Fatalf("receiver: %d bad signatures, %d good, want 0 and 3", rc.bad, len(rc.got))
		}
		// Done is done: another run sends nothing.
		if err := f.a.Webhooks.Deliver(system, list[0].ID); err != nil || len(rc.got) != 3 {
			t.Fatalf("got %v and %d deliveries, want nothing sent again", err, len(rc.got))
		}
	})
}

func TestEvents(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		all := f.endpoint(t, newReceiver(t), webhooks.Events...)
		sentOnly := f.endpoint(t, newReceiver(t), cases.EventReferralSent)
		r := f.refer(t)
		if err := f.a.Cases.Accept(f.officer, r.ID); err != nil {
			t.Fatal(err)
		}
		// The reminders run every evening; the overdue event goes once.
		for range 2 {
			if err := f.a.Cases.RemindCases(system, i18n.DayOf(time.Now()).AddDate(0, 0, 2)); err != nil {
				t.Fatal(err)
			}
		}
		var types []string
		for _, dl := range deliveries(t, f, all.ID) {
			types = append(types, dl.EventType)
		}
		want := []string{cases.EventReferralOverdue, cases.EventReferralUpdated, cases.EventReferralSent}
		if len(types) != 3 || types[0] != want[0] || types[1] != want[1] || types[2] != want[2] {
			t.Fatalf("got %v, want %v (newest first)", types, want)
		}
		if n := len(deliveries(t, f, sentOnly.ID)); n != 1 {
			t.Fatalf("got %d deliveries to the endpoint of referral.sent only, want 1", n)
		}
		// Another organisation neither sees the endpoint nor its deliveries.
		if _, err := f.a.Webhooks.Deliveries(f.stranger, all.ID, 0, 10); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("stranger: got %v, want not found", err)
		}
		if list, err := f.a.Webhooks.Endpoints(f.stranger, false); err != nil || len(list) != 0 {
			t.Fatalf("stranger: got %v, %v, want no endpoints", list, err)
		}
		if _, err := f.a.Webhooks.Endpoints(f.consultant, false); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("consultant: got %v, want forbidden", err)
		}
	})
}

func TestRemovedEndpoint(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rc := newReceiver(t)
		e := f.endpoint(t, rc, webhooks.Events...)
		f.refer(t)
		pending := deliveries(t, f, e.ID)[0]
		if err := f.a.Webhooks.RemoveEndpoint(f.stranger, e.ID); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("stranger removes: got %v, want not found", err)
		}
		if err := f.a.Webhooks.RemoveEndpoint(f.officer, e.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.a.Webhooks.Deliver(system, pending.ID); err != nil || len(rc.got) != 0 {
			t.Fatalf("got %v, %d sent, want nothing sent to a removed endpoint", err, len(rc.got))
		}
		list, err := f.a.Webhooks.Endpoints(f.officer, false)
		if err != nil || len(list) != 0 {
			t.Fatalf("got %v, %v, want no active endpoints", list, err)
		}
		f.refer(t) // raises nothing for the removed endpoint
		admin := access.With(context.Background(), access.Principal{UserID: 1, Role: access.Admin})
		eps, ds, err := f.a.Webhooks.RecentDeliveries(admin, 10)
		if err != nil || len(eps) != 1 || eps[0].Active || len(ds[e.ID]) != 1 || ds[e.ID][0].State != webhooks.Cancelled {
			t.Fatalf("admin: got %+v %+v %v, want the removed endpoint with its cancelled delivery", eps, ds, err)
		}
	})
}

func TestGiveUp(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		statuses := make([]int, webhooks.MaxAttempts+1)
		for i := range statuses {
			statuses[i] = http.StatusBadGateway
		}
		rc := newReceiver(t, statuses...)
		e := f.endpoint(t, rc, cases.EventReferralSent)
		f.refer(t)
		id := deliveries(t, f, e.ID)[0].ID
		for range webhooks.MaxAttempts + 1 {
			_ = f.a.Webhooks.Deliver(system, id)
		}
		got := deliveries(t, f, e.ID)[0]
		if got.State != webhooks.Failed || got.Attempts != webhooks.MaxAttempts || len(got.Tries) != webhooks.MaxAttempts ||
			!got.NextAttempt.IsZero() {
			t.Fatalf("got %s after %d attempts (%d recorded), want failed after %d", got.State, got.Attempts, len(got.Tries), webhooks.MaxAttempts)
		}
	})
}

func TestCreateEndpointChecks(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	f := newFixture(t, d)
	sealer, err := auth.NewSealer(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	prod := webhooks.NewStore(webhooks.Config{DB: d, Queue: f.a.Jobs, Sealer: sealer})
	all := []string{cases.EventReferralSent}
	for _, tc := range []struct {
		url    string
		events []string
		want   string
	}{
		{"https://partner.example.az/hooks", all, ""},
		{"http://partner.example.az/hooks", all, "webhooks.error.url"},
		{"https://localhost/hooks", all, "webhooks.error.url"},
		{"https://127.0.0.1/hooks", all, "webhooks.error.url"},
		{"https://10.1.2.3/hooks", all, "webhooks.error.url"},
		{"https://[::1]/hooks", all, "webhooks.error.url"},
		{"ftp://partner.example.az/", all, "webhooks.error.url"},
		{"https://user:pw@partner.example.az/", all, "webhooks.error.url"},
		{"partner.example.az/hooks", all, "webhooks.error.url"},
		{"https://partner.example.az/hooks", nil, "webhooks.error.events"},
		{"https://partner.example.az/hooks", []string{"person.created"}, "webhooks.error.events"},
	} {
		_, err := prod.CreateEndpoint(f.officer, webhooks.EndpointInput{URL: tc.url, Events: tc.events})
		var ie *i18n.Error
		got := ""
		if errors.As(err, &ie) {
			got = ie.Key
		} else if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%s %v: got %q, want %q", tc.url, tc.events, got, tc.want)
		}
	}
	if _, err := prod.CreateEndpoint(f.consultant, webhooks.EndpointInput{URL: "https://partner.example.az/", Events: all}); !errors.Is(err, access.ErrForbidden) {
		t.Errorf("consultant: got %v, want forbidden", err)
	}
}

// Erasing a person empties the payloads that name them and cancels what
// is still to be sent.
func TestErasePerson(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		e := f.endpoint(t, newReceiver(t), webhooks.Events...)
		f.refer(t)
		if !strings.Contains(deliveries(t, f, e.ID)[0].Payload, "Mürtəza") {
			t.Fatal("the payload does not name the person")
		}
		if err := f.a.People.Erase(system, f.c.PersonID, "Sorğu əsasında"); err != nil {
			t.Fatal(err)
		}
		if got := deliveries(t, f, e.ID)[0]; got.Payload != "{}" || got.State != webhooks.Cancelled {
			t.Fatalf("got %s %s, want an empty cancelled delivery", got.State, got.Payload)
		}
	})
}

// The queue delivers on its own: the job enqueued with the referral runs.
func TestQueueDelivers(t *testing.T) {
	t.Parallel()
	f := newFixture(t, dbtest.SQLite(t))
	e := f.endpoint(t, newReceiver(t), webhooks.Events...)
	if err := f.a.Jobs.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = f.a.Jobs.Stop(ctx)
	})
	f.refer(t)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if deliveries(t, f, e.ID)[0].State == webhooks.Delivered {
			return
		}
	}
	t.Fatalf("not delivered: %+v", deliveries(t, f, e.ID)[0])
}
