package stats

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// randomData is a registry and facts that a test changes at random between
// refreshes.
type randomData struct {
	r       *rand.Rand
	persons []Person
	facts   []Fact
}

func (d *randomData) sources() (Persons, Source) {
	persons := func(_ context.Context, _ time.Time, visit func(Person) error) error {
		for _, p := range d.persons {
			if err := visit(p); err != nil {
				return err
			}
		}
		return nil
	}
	facts := func(_ context.Context, _ db.Querier, _ time.Time, emit func(Fact) error) error {
		for _, f := range d.facts {
			if err := emit(f); err != nil {
				return err
			}
		}
		return nil
	}
	return persons, facts
}

// change adds, removes and moves facts and changes persons' categories.
func (d *randomData) change() {
	pick := func(list []string) string { return list[d.r.IntN(len(list))] }
	for range 30 {
		id := int64(len(d.persons) + 1)
		d.persons = append(d.persons, Person{ID: id, Sex: pick([]string{"f", "m", ""}), Birth: on("1950-01-01").AddDate(0, 0, d.r.IntN(25000)),
			Citizenship: pick([]string{"UA", "AF", "GE", Stateless, ""}), Residence: pick([]string{"trp", "prp", ""}), Region: pick([]string{"1", "2", ""})})
	}
	for range 300 {
		f := Fact{Kind: Kind(pick([]string{string(Registered), string(Reached), string(Assessed), string(CaseOpened), string(ReferralClosed)})),
			Day: on("2025-01-01").AddDate(0, 0, d.r.IntN(730)), PersonID: int64(d.r.IntN(len(d.persons) + 1))}
		switch f.Kind {
		case Assessed:
			f.Days, f.HasDays = d.r.IntN(60), true
		case CaseOpened:
			f.Outcome = pick(caseStates)
		case ReferralClosed:
			f.Outcome, f.Unit = pick(referralOutcomes), pick([]string{"7", "8"})
		}
		d.facts = append(d.facts, f)
	}
	for range 50 {
		i := d.r.IntN(len(d.facts))
		d.facts = slices.Delete(d.facts, i, i+1)
	}
	for range 20 {
		d.persons[d.r.IntN(len(d.persons))].Region = pick([]string{"1", "2", "3"})
	}
}

// randomQuery is a query a dashboard could ask.
func (d *randomData) query() Query {
	kinds := []Kind{Registered, Reached, Assessed, CaseOpened, ReferralClosed}
	q := Query{Kind: kinds[d.r.IntN(len(kinds))]}
	switch d.r.IntN(5) {
	case 0:
		q.From, q.To = MonthOf(2025+d.r.IntN(2), time.Month(1+d.r.IntN(12))).From, MonthOf(2025+d.r.IntN(2), time.Month(1+d.r.IntN(12))).To
		if q.To.Before(q.From) {
			q.From, q.To = q.To, q.From
		}
	case 1:
		p := QuarterOf(2025+d.r.IntN(2), 1+d.r.IntN(4))
		q.From, q.To = p.From, p.To
	case 2:
		p := YearOf(2025 + d.r.IntN(2))
		q.From, q.To = p.From, p.To
	case 3:
		q.From = on("2025-01-01").AddDate(0, 0, d.r.IntN(700))
		q.To = q.From.AddDate(0, 0, d.r.IntN(200))
	default:
		q.To = on("2025-01-01").AddDate(0, 0, d.r.IntN(800)) // a stock
	}
	q.Persons = q.Kind == Reached && d.r.IntN(2) == 0 && !q.From.IsZero()
	if c := d.r.IntN(len(Categories) + 1); c < len(Categories) {
		q.By = append(q.By, Categories[c])
		// Crossed with another, as a figure of the registry by a category.
		if c2 := d.r.IntN(len(Categories)); c2 != c && d.r.IntN(3) == 0 {
			q.By = append(q.By, Categories[c2])
		}
	}
	if d.r.IntN(3) > 0 {
		q.By = append(q.By, Outcome)
	}
	if d.r.IntN(4) == 0 {
		q.By = append(q.By, Unit)
	}
	if d.r.IntN(2) == 0 {
		q.By = append(q.By, ByMonth)
	}
	q.By = q.By[:min(len(q.By), maxBy)]
	if d.r.IntN(6) == 0 {
		q.Where = map[Category]string{Sex: "f"}
	}
	return q
}

// TestCountsMatchFacts holds the counts by month to a plain count over the
// facts, for random queries after each of a random series of changes.
func TestCountsMatchFacts(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		data := &randomData{r: rand.New(rand.NewPCG(7, 7))}
		persons, facts := data.sources()
		s := NewStore(d, nil, persons, facts)
		ctx := context.Background()
		fromCounts, crossedN := 0, 0
		for round := range 5 {
			data.change()
			if _, err := s.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
			for range 200 {
				q, err := s.pin(ctx, data.query())
				if err != nil {
					t.Fatal(err)
				}
				got, err := s.Count(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				want, err := s.countFacts(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if !equalCounts(got, want) {
					t.Fatalf("round %d: %+v: counts %v, facts %v", round, q, got, want)
				}
				if p, ok := q.plan(); ok {
					fromCounts++
					if p.pair[0] != "" {
						crossedN++
					}
				}
				if q.Kind != Assessed || q.Persons {
					continue
				}
				days, err := s.Durations(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				plain, err := s.durationsOfFacts(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(days, plain) {
					t.Fatalf("round %d: %+v: durations %v, facts %v", round, q, days, plain)
				}
			}
		}
		if fromCounts < 300 || crossedN < 10 {
			t.Errorf("only %d of 1000 queries read the counts, %d of them two categories crossed", fromCounts, crossedN)
		}
	})
}
