package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/storage"
)

// TestSeedPeople seeds 120 people and checks what a reviewer of the demo
// would: the counts, names in several scripts, planted duplicates the
// registry's search finds from the other spelling, and residence statuses
// and consents of every kind.
func TestSeedPeople(t *testing.T) {
	t.Parallel()
	a, err := app.New(dbtest.SQLite(t), "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	ctx := access.With(context.Background(), access.System())
	// With a partner NGO in the catalogue, refugees consent to sharing with it.
	if _, err := a.Orgs.CreateOrganisation(ctx, orgs.Input{Name: "Qaçqınlara Yardım İctimai Birliyi", Kind: orgs.NGO, Active: true}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	s, err := seedPeople(ctx, a, 120, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %d records in %v; %d planted pairs, %d namesakes, %d warnings on fresh people",
		len(s.records), time.Since(start).Round(time.Millisecond), len(s.pairs), len(s.namesakes), s.flagged)

	if len(s.records) != 120 || len(s.pairs) != 6 {
		t.Errorf("got %d records and %d pairs, want 120 and 6", len(s.records), len(s.pairs))
	}
	var stored int
	if err := a.DB.QueryRowContext(ctx, `SELECT count(*) FROM persons`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != 120 {
		t.Errorf("persons table has %d rows, want 120", stored)
	}

	t.Run("spellings", func(t *testing.T) {
		multi := 0
		seen := map[string]bool{}
		for _, r := range s.records {
			if r.Input.RegionID == 0 {
				t.Errorf("%s: no region for %q", displayOf(r.Input), r.Input.Address)
			}
			scripts := map[string]bool{}
			for _, n := range r.Input.Names {
				sc := scriptOf(n.Full())
				scripts[sc], seen[sc] = true, true
			}
			if len(scripts) >= 2 {
				multi++
			}
		}
		if multi < len(s.records)/2 {
			t.Errorf("%d of %d persons have spellings in two scripts or more, want at least half", multi, len(s.records))
		}
		for _, sc := range []string{"latin", "cyrillic", "georgian", "arabic", "han"} {
			if !seen[sc] {
				t.Errorf("no name written in %s script", sc)
			}
		}
	})

	// Every planted duplicate must be findable: by searching the name as
	// the second office wrote it, or by the warning CreatePerson gave.
	// Search alone misses spellings the name keys do not join yet (a
	// leading Ə typed as E: Eliyeva for Əliyeva); the log names them.
	t.Run("planted duplicates", func(t *testing.T) {
		found := 0
		for _, p := range s.pairs {
			dup := p.Duplicate.Input.Names[0]
			ok := searchFinds(t, a, ctx, dup.Full(), p.Original.ID)
			if ok {
				found++
			}
			if !ok && !p.Flagged {
				t.Errorf("planted %s %q: neither search nor CreatePerson finds the original %v", p.Variant, dup.Full(), p.Original.Input.Names)
			}
			t.Logf("%-24s %-36q found by search=%-5v flagged=%-5v original=%v", p.Variant, dup.Full(), ok, p.Flagged, p.Original.Input.Names)
		}
		if found < len(s.pairs)*2/3 {
			t.Errorf("search finds %d of %d planted duplicates from their second spelling, want at least two thirds", found, len(s.pairs))
		}
		for _, p := range s.namesakes {
			t.Logf("namesake %-10s %q (%d) of %q (%d), flagged=%v", p.Variant, p.Duplicate.Input.Names[0].Full(),
				p.Duplicate.d.birth.Year(), p.Original.Input.Names[0].Full(), p.Original.d.birth.Year(), p.Flagged)
		}
	})

	t.Run("statuses and consents", func(t *testing.T) {
		kinds := map[people.StatusKind]int{}
		conditions := map[string]int{}
		withHistory, withdrawn, noConsent, current := 0, 0, 0, 0
		today := time.Now()
		for _, r := range s.records {
			sts, err := a.People.Statuses(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range sts {
				kinds[st.Kind]++
				conditions[string(st.Kind)+" "+st.Condition(today)]++
			}
			if len(sts) >= 2 {
				withHistory++
			}
			if slices.ContainsFunc(sts, func(st people.ResidenceStatus) bool { return st.CurrentOn(today) }) {
				current++
			}
			cs, err := a.People.Consents(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) == 0 {
				noConsent++
			}
			for _, c := range cs {
				if !c.InForce() {
					withdrawn++
					if c.WithdrawalReason == "" {
						t.Errorf("person %d: consent withdrawn without a reason", r.ID)
					}
				}
			}
		}
		t.Logf("statuses %v; conditions %v; %d persons with a current status, %d with history, %d withdrawn consents, %d without consent",
			kinds, conditions, current, withHistory, withdrawn, noConsent)
		if current < len(s.records)*2/3 {
			t.Errorf("%d of %d persons hold a current status, want most", current, len(s.records))
		}
		for _, k := range []people.StatusKind{people.TemporaryPermit, people.PermanentPermit, people.Refugee, people.AsylumSeeker, people.StatelessPerson} {
			if kinds[k] == 0 {
				t.Errorf("no %s status", k)
			}
		}
		for _, c := range []string{"trp current", "trp expired", "prp current", "asylum_seeker pending"} {
			if conditions[c] == 0 {
				t.Errorf("no status in condition %q", c)
			}
		}
		if withHistory == 0 || withdrawn == 0 || noConsent == 0 {
			t.Errorf("got %d persons with a status history, %d withdrawn consents, %d without consent; want some of each",
				withHistory, withdrawn, noConsent)
		}
	})

	if testing.Verbose() {
		logSamples(t, a, ctx, s, "az-ru", "ua", "ge", "ir", "cn", "af")
	}
}

// logSamples logs the first person of each origin with everything recorded.
func logSamples(t *testing.T, a *app.App, ctx context.Context, s demoSeed, keys ...string) {
	for _, key := range keys {
		for _, r := range s.records {
			if r.d.o.key != key {
				continue
			}
			in := r.Input
			var b strings.Builder
			for _, n := range in.Names {
				fmt.Fprintf(&b, "\n    %-9s %s", n.Kind, n.Full())
			}
			fmt.Fprintf(&b, "\n    sex %s, born %s%s, citizenship %v stateless=%v, languages %v, script %s, education %s",
				in.Sex, in.BirthDate, yearText(in.BirthYear), in.Citizenships, in.Stateless, in.Languages, in.Script, in.Education)
			fmt.Fprintf(&b, "\n    %s | %s | %s", in.Phone, in.Email, in.Address)
			sts, _ := a.People.Statuses(ctx, r.ID)
			for _, st := range slices.Backward(sts) {
				fmt.Fprintf(&b, "\n    status %s %s %s %s..%s %s", st.Kind, st.Ground, st.DocumentNo, day(st.ValidFrom), day(st.ValidTo), st.Condition(time.Now()))
			}
			cs, _ := a.People.Consents(ctx, r.ID)
			for _, c := range cs {
				fmt.Fprintf(&b, "\n    consent %s given %s withdrawn %s %s", c.Purpose, day(c.GivenOn), day(c.WithdrawnOn), c.WithdrawalReason)
			}
			t.Logf("sample %s:%s", key, b.String())
			break
		}
	}
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return fmt.Sprint(y)
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateOnly)
}

// TestSeedPeopleCounts checks the exported wrapper on a small registry.
func TestSeedPeopleCounts(t *testing.T) {
	t.Parallel()
	a, err := app.New(dbtest.SQLite(t), "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	persons, dups, err := SeedPeople(context.Background(), a, 20, 7)
	if err != nil || persons != 20 || dups != 1 {
		t.Errorf("SeedPeople(20) = %d, %d, %v; want 20, 1, nil", persons, dups, err)
	}
	if persons, dups, err := SeedPeople(context.Background(), a, 0, 7); persons != 0 || dups != 0 || err != nil {
		t.Errorf("SeedPeople(0) = %d, %d, %v; want 0, 0, nil", persons, dups, err)
	}
}

// TestDemoPeopleDeterministic draws the same people twice from one seed and
// different people from another.
func TestDemoPeopleDeterministic(t *testing.T) {
	t.Parallel()
	draw := func(seed uint64) []people.Input {
		g := &demoGen{r: rand.New(rand.NewPCG(seed, seed)), today: time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC),
			regions: map[string]int64{}, used: map[string]bool{}}
		var list []people.Input
		for _, o := range g.originQuotas(50) {
			list = append(list, g.person(o).input())
		}
		return list
	}
	if a, b := draw(1), draw(1); !reflect.DeepEqual(a, b) {
		t.Error("seed 1 drew different people twice")
	}
	if a, b := draw(1), draw(2); reflect.DeepEqual(a, b) {
		t.Error("seeds 1 and 2 drew the same people")
	}
}

// TestPassportSpellings checks the transliteration rules against spellings
// printed in real passports.
func TestPassportSpellings(t *testing.T) {
	t.Parallel()
	tests := []struct{ got, want string }{
		{icaoCyrillic("Юлия"), "IULIIA"},
		{icaoCyrillic("Сергей"), "SERGEI"},
		{icaoCyrillic("Наталья"), "NATALIA"},
		{icaoCyrillic("Мамедов"), "MAMEDOV"},
		{icaoCyrillic("Джафаров"), "DZHAFAROV"},
		{icaoAzerbaijani("Məmmədov"), "MAMMADOV"},
		{icaoAzerbaijani("Cəfər"), "JAFAR"},
		{icaoAzerbaijani("Quliyeva"), "GULIYEVA"},
		{icaoAzerbaijani("Xədicə"), "KHADIJA"},
		{icaoAzerbaijani("İsmayıl"), "ISMAYIL"},
		{icaoTurkish("Öztürk"), "OZTURK"},
		{icaoTurkish("Büşra"), "BUSRA"},
		{azName("Məmmədov", "Мамедов").feminine().cyr, "Мамедова"},
		{caName("Сүлейменов", "Сулейменов", "Suleimenov", "").feminine().nat, "Сүлейменова"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// searchFinds reports whether searching text lists the person id on any page.
func searchFinds(t *testing.T, a *app.App, ctx context.Context, text string, id int64) bool {
	t.Helper()
	for page := 1; ; page++ {
		res, err := a.People.Search(ctx, text, page)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(res.Hits, func(h people.Hit) bool { return h.ID == id }) {
			return true
		}
		if page >= res.Pages() {
			return false
		}
	}
}

// scriptOf names the script of a name's letters, "latin" for mixed input.
func scriptOf(s string) string {
	for _, sc := range []struct {
		name  string
		table *unicode.RangeTable
	}{{"cyrillic", unicode.Cyrillic}, {"georgian", unicode.Georgian}, {"arabic", unicode.Arabic},
		{"han", unicode.Han}, {"devanagari", unicode.Devanagari}} {
		if strings.IndexFunc(s, func(r rune) bool { return unicode.Is(sc.table, r) }) >= 0 {
			return sc.name
		}
	}
	return "latin"
}
