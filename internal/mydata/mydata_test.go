package mydata_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/mydata"
	"inteqra/internal/orgs"
	"inteqra/internal/pdfdoc/pdftest"
	"inteqra/internal/people"
	"inteqra/internal/storage"
)

var system = access.With(context.Background(), access.System())

// fixture is a wired system with a consultant, two persons with a case
// each, and a migrant linked to the first person.
type fixture struct {
	a          *app.App
	consultant context.Context
	migrant    context.Context // linked to me
	unlinked   context.Context // a migrant not linked yet
	me, other  people.Person
	myCase     cases.Case
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	a, err := app.New(d, "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{a: a}
	office, err := a.Orgs.CreateOrganisation(system, orgs.Input{Name: "Bakı regional idarəsi", Kind: orgs.RegionalOffice, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	user := func(email string, role access.Role, org int64) auth.User {
		u, err := a.Users.CreateUser(system, auth.UserInput{Email: email, Name: email, Role: role, OrganisationID: org, Active: true},
			"long enough password", false)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.consultant = access.With(context.Background(), user("consultant@example.az", access.Consultant, office.ID).Principal())
	person := func(surname, given, born, phone string) (people.Person, cases.Case) {
		p, _, err := a.People.CreatePerson(f.consultant, people.Input{
			Names: []people.Name{{Kind: people.NameAz, Surname: surname, Given: given}}, BirthDate: born, Phone: phone, Citizenships: []string{"UA"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.People.GiveConsent(f.consultant, p.ID, people.ConsentInput{Purpose: people.Participation}); err != nil {
			t.Fatal(err)
		}
		c, err := a.Cases.OpenCase(f.consultant, cases.IntakeInput{PersonID: p.ID, Source: "walk_in", StatedNeeds: "İş axtarır: " + given})
		if err != nil {
			t.Fatal(err)
		}
		return p, c
	}
	f.me, f.myCase = person("Hüseynova", "Leyla", "1985-04-12", "+994501234567")
	f.other, _ = person("Petrov", "Nikolay", "1970-11-02", "+994557654321")
	mine := user("leyla@example.az", access.Migrant, 0)
	if err := d.Transact(system, func(tx *db.Tx) error { return auth.Link(system, tx, mine.ID, f.me.ID, "invitation") }); err != nil {
		t.Fatal(err)
	}
	p := mine.Principal()
	p.PersonID = f.me.ID
	f.migrant = access.With(context.Background(), p)
	f.unlinked = access.With(context.Background(), user("new@example.az", access.Migrant, 0).Principal())
	return f
}

// The download holds the migrant's own data, and nothing of anyone else.
func TestDownloadHoldsOwnDataOnly(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		data, err := f.a.MyData.Download(f.migrant, mydata.JSON)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(data)
		if err != nil {
			t.Fatal(err)
		}
		js := string(b)
		for _, want := range []string{"Hüseynova", "Leyla", "1985-04-12", "+994501234567", "participation", "İş axtarır: Leyla", "leyla@example.az", `"linked_by":"invitation"`} {
			if !strings.Contains(js, want) {
				t.Errorf("the data lacks %q: %s", want, js)
			}
		}
		for _, not := range []string{"Petrov", "Nikolay"} {
			if strings.Contains(js, not) {
				t.Errorf("the data holds another person's %q", not)
			}
		}
		if len(data.Cases) != 1 || data.Cases[0].ID != f.myCase.ID {
			t.Errorf("cases: got %+v, want case %d only", data.Cases, f.myCase.ID)
		}
		var n int
		if err := d.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_events WHERE action = 'mydata.download'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("download events: got %d, want 1", n)
		}
	})
}

// Only a linked migrant gets data: an unlinked one is told why, staff
// and visitors are refused.
func TestDownloadRefused(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		tests := []struct {
			name string
			ctx  context.Context
			want error
		}{
			{"unlinked migrant", f.unlinked, mydata.ErrNotLinked},
			{"consultant", f.consultant, access.ErrForbidden},
			{"visitor", context.Background(), access.ErrUnauthenticated},
			{"system", system, access.ErrForbidden},
		}
		for _, tt := range tests {
			if _, err := f.a.MyData.Download(tt.ctx, mydata.PDF); !errors.Is(err, tt.want) {
				t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
			}
			if _, err := f.a.MyData.RequestCorrection(tt.ctx, "Soyadım səhv yazılıb"); !errors.Is(err, tt.want) {
				t.Errorf("%s: correction: got %v, want %v", tt.name, err, tt.want)
			}
		}
	})
}

// A migrant's withdrawal has the effects of the staff's: their case
// closes with participation consent; another person's consent is missing
// to them.
func TestWithdrawOwnConsent(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		theirs, err := f.a.People.Consents(f.consultant, f.other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.a.People.WithdrawOwnConsent(f.migrant, theirs[0].ID, ""); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another person's consent: got %v, want not found", err)
		}
		if err := f.a.People.WithdrawOwnConsent(f.consultant, theirs[0].ID, ""); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a consultant: got %v, want forbidden", err)
		}
		own, err := f.a.People.OwnConsents(f.migrant)
		if err != nil {
			t.Fatal(err)
		}
		if len(own) != 1 || !own[0].InForce() {
			t.Fatalf("own consents: %+v", own)
		}
		if err := f.a.People.WithdrawOwnConsent(f.migrant, own[0].ID, strings.Repeat("x", 301)); err == nil {
			t.Error("a reason too long was taken")
		}
		if err := f.a.People.WithdrawOwnConsent(f.migrant, own[0].ID, ""); err != nil {
			t.Fatal(err)
		}
		c, err := f.a.Cases.Case(f.consultant, f.myCase.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.State != cases.Closed {
			t.Errorf("case after withdrawal: got %s, want closed", c.State)
		}
		if err := f.a.People.WithdrawOwnConsent(f.migrant, own[0].ID, ""); err == nil {
			t.Error("a consent was withdrawn twice")
		}
		other, err := f.a.People.Consents(f.consultant, f.other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !other[0].InForce() {
			t.Error("another person's consent was withdrawn")
		}
	})
}

// A correction request reaches the consultants; its answer reaches the
// migrant, once.
func TestCorrectionRequestAndAnswer(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		if _, err := f.a.MyData.RequestCorrection(f.migrant, "  \n "); !hasKey(err, "mydata.error.text_required") {
			t.Errorf("an empty request: got %v", err)
		}
		if _, err := f.a.MyData.RequestCorrection(f.migrant, strings.Repeat("ə", 2001)); !hasKey(err, "error.too_long") {
			t.Errorf("a request too long: got %v", err)
		}
		c, err := f.a.MyData.RequestCorrection(f.migrant, "Doğum tarixim 12.04.1985 deyil, 21.04.1985-dir.")
		if err != nil {
			t.Fatal(err)
		}
		told, err := f.a.Notify.Notifications(f.consultant)
		if err != nil {
			t.Fatal(err)
		}
		if len(told) != 1 || told[0].Kind != "correction.requested" || told[0].Link != "/people/corrections/"+strconv.FormatInt(c.ID, 10)+"/answer" {
			t.Fatalf("consultant's notifications: %+v", told)
		}
		if _, err := f.a.MyData.Corrections(f.migrant); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a migrant reads the staff list: %v", err)
		}
		list, err := f.a.MyData.Corrections(f.consultant)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != c.ID || list[0].State != mydata.Open || list[0].Person == "" {
			t.Fatalf("staff list: %+v", list)
		}
		if err := f.a.MyData.AnswerCorrection(f.consultant, c.ID, " "); !hasKey(err, "mydata.error.text_required") {
			t.Errorf("an empty answer: got %v", err)
		}
		if err := f.a.MyData.AnswerCorrection(f.migrant, c.ID, "Düzəldildi."); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a migrant answers: got %v", err)
		}
		if err := f.a.MyData.AnswerCorrection(f.consultant, c.ID, "Doğum tarixiniz düzəldildi."); err != nil {
			t.Fatal(err)
		}
		if err := f.a.MyData.AnswerCorrection(f.consultant, c.ID, "Yenə"); !errors.Is(err, mydata.ErrAnswered) {
			t.Errorf("a second answer: got %v", err)
		}
		told, err = f.a.Notify.Notifications(f.migrant)
		if err != nil {
			t.Fatal(err)
		}
		if len(told) != 1 || told[0].Kind != "correction.answered" || told[0].Link != "/me/data" {
			t.Fatalf("migrant's notifications: %+v", told)
		}
		mine, err := f.a.MyData.MyCorrections(f.migrant)
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 1 || mine[0].State != mydata.Answered || mine[0].Answer != "Doğum tarixiniz düzəldildi." {
			t.Errorf("the migrant's requests: %+v", mine)
		}
		data, err := f.a.MyData.Download(f.migrant, mydata.JSON)
		if err != nil {
			t.Fatal(err)
		}
		if len(data.Corrections) != 1 || len(data.Messages) != 1 {
			t.Errorf("the data: %d corrections, %d messages; want 1 and 1", len(data.Corrections), len(data.Messages))
		}
	})
}

func hasKey(err error, key string) bool {
	for _, e := range i18n.Problems(err) {
		if e.Key == key {
			return true
		}
	}
	return false
}

// The PDF reads in the migrant's language, Azerbaijani and Cyrillic
// letters included.
func TestPDFInEachLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, dbtest.SQLite(t))
	data, err := f.a.MyData.Download(f.migrant, mydata.PDF)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Langs {
		p := f.a.Catalog.Printer(l)
		var buf bytes.Buffer
		if err := mydata.WritePDF(&buf, p, data); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
			t.Fatalf("%s: not a PDF", l)
		}
		text := pdftest.Text(t, buf.Bytes())
		for _, want := range []string{p.T("mydata.pdf.title"), p.T("mydata.section.cases"), "Hüseynova Leyla", "İş axtarır: Leyla",
			people.CountryName(l, "UA"),
			p.T("people.purpose.participation")} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the PDF lacks %q: %s", l, want, text)
			}
		}
	}
}
