package strategy

import (
	"cmp"
	"context"
	"slices"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
)

// AnnualReport is the Action Plan's monitoring report for one year of its
// strategy's period: the measures by objective with their traffic lights on
// the day Day (31 December of the year, or today in the current year), the
// budget, the measures late or at risk with the reasons their reports give,
// and which of the year's reports were written. A focal point's holds only
// the measures of their organisation; the numbers stay those of the whole
// plan.
type AnnualReport struct {
	Strategy
	Year      int
	Day       time.Time // the day the lights are read on
	Today     time.Time // the day the report was made, for the reports overdue
	Goals     []AnnualGoal
	Total     Counts
	Budget    Spending   // the whole plan's
	ByOrg     []Spending // by responsible organisation, the largest planned first
	Delayed   []*AnnualMeasure
	Periods   []Period // the year's reporting periods, in order
	Generated time.Time
	// The indicators of the objectives and measures with their values for
	// the year, protected at Threshold.
	Indicators []AnnualIndicator
	Threshold  int
}

// AnnualIndicator is an indicator with its value and target for the
// report's year.
type AnnualIndicator struct {
	Item      *Item
	Indicator *Indicator
	Value     Shown
	Target    Money
}

// AnnualGoal is a strategic goal with its objectives and the counts of
// their measures.
type AnnualGoal struct {
	*Item
	Counts
	Objectives []AnnualObjective
}

// AnnualObjective is an objective with its measures and their counts.
type AnnualObjective struct {
	*Item
	Counts
	Measures []*AnnualMeasure
}

// AnnualMeasure is a measure as it stood on the report's day.
type AnnualMeasure struct {
	*Item
	StatusOnDay Status
	Light       Light
	Slots       []Slot  // the year's periods begun by today, in order
	Latest      *Report // the latest report written for a period of the year, or nil
}

// Spending is the money of some measures: planned and spent, in qəpik.
type Spending struct {
	Org      Org // none for the whole plan
	Measures int
	Planned  Money
	Spent    Money
}

func (s *Spending) add(m *Item) {
	s.Measures++
	s.Planned, s.Spent = s.Planned.plus(m.Planned), s.Spent.plus(m.Spent)
}

// plus returns the sum of two amounts; none added to an amount leaves it.
func (m Money) plus(n Money) Money {
	if !n.Valid {
		return m
	}
	return Money{m.Qepik + n.Qepik, true}
}

// AnnualYears returns the years of the strategy's period that have begun by
// today, the latest first: the years it has an annual report for.
func (s Strategy) AnnualYears(today time.Time) []int {
	var out []int
	for y := min(s.LastYear, today.Year()); y >= s.FirstYear; y-- {
		out = append(out, y)
	}
	return out
}

// Annual returns a strategy's monitoring report for year. A year outside
// the strategy's period, or one not yet begun, is refused with a message.
func (s *Store) Annual(ctx context.Context, strategyID int64, year int) (AnnualReport, error) {
	if err := access.Require(ctx, access.ReadStrategy); err != nil {
		return AnnualReport{}, err
	}
	st, err := strategyOn(ctx, s.db, strategyID)
	if err != nil {
		return AnnualReport{}, err
	}
	today := s.today()
	years := st.AnnualYears(today)
	if len(years) == 0 {
		return AnnualReport{}, i18n.Errorf("strategy.annual.error.not_begun", "First", st.FirstYear)
	}
	if !slices.Contains(years, year) {
		return AnnualReport{}, i18n.Errorf("strategy.annual.error.year", "First", st.FirstYear, "Last", years[0])
	}
	goals, _, err := tree(ctx, s.db, st.ID)
	if err != nil {
		return AnnualReport{}, err
	}
	p := access.From(ctx)
	if _, limited := scope(p); limited {
		goals = prune(goals, func(it *Item) bool { return mayReport(p, it) })
	}
	reports, err := reportsOf(ctx, s.db, st.ID)
	if err != nil {
		return AnnualReport{}, err
	}
	a := AnnualReport{Strategy: st, Year: year, Day: time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC), Today: today, Generated: s.now()}
	if year == today.Year() {
		a.Day = today
	}
	for p := periodOf(st.Reporting, time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)); p.Year() == year; p = periodOf(st.Reporting, p.End.AddDate(0, 0, 1)) {
		a.Periods = append(a.Periods, p)
	}
	orgs := map[int64]*Spending{}
	for _, g := range goals {
		ag := AnnualGoal{Item: g}
		for _, o := range g.Children {
			ao := AnnualObjective{Item: o}
			for _, m := range o.Children {
				am := a.measure(m, reports[m.ID])
				ao.add(am.Light)
				ag.add(am.Light)
				a.Total.add(am.Light)
				a.Budget.add(m)
				if orgs[m.Responsible.ID] == nil {
					orgs[m.Responsible.ID] = &Spending{Org: m.Responsible}
				}
				orgs[m.Responsible.ID].add(m)
				if am.Light == Late || am.Light == AtRisk {
					a.Delayed = append(a.Delayed, am)
				}
				ao.Measures = append(ao.Measures, am)
			}
			ag.Objectives = append(ag.Objectives, ao)
		}
		a.Goals = append(a.Goals, ag)
	}
	for _, o := range orgs {
		a.ByOrg = append(a.ByOrg, *o)
	}
	if a.Threshold, err = s.threshold(ctx); err != nil {
		return AnnualReport{}, err
	}
	for _, g := range goals {
		for _, o := range g.Children {
			for _, it := range append([]*Item{o}, o.Children...) {
				if err := s.annualIndicators(ctx, &a, it); err != nil {
					return AnnualReport{}, err
				}
			}
		}
	}
	slices.SortFunc(a.ByOrg, func(x, y Spending) int {
		return cmp.Or(cmp.Compare(y.Planned.Qepik, x.Planned.Qepik), i18n.Compare(x.Org.Name, y.Org.Name))
	})
	return a, nil
}

// measure reads a measure on the report's day: its status then, its
// reports of the year and the latest one written.
func (a *AnnualReport) measure(m *Item, reports map[string]Report) *AnnualMeasure {
	am := &AnnualMeasure{Item: m}
	for _, sl := range slots(a.Strategy, m, reports, a.Today) {
		if sl.Period.Year() == a.Year {
			am.Slots = append(am.Slots, sl)
			if sl.ID != 0 {
				am.Latest = &sl.Report
			}
		}
	}
	// The plan keeps only a measure's present status. On a past day, a
	// measure not begun had not started, and approval sets the status, so
	// the report approved last for a period begun by then says best where it
	// stood.
	then := *m
	switch {
	case m.StartsOn.After(a.Day) && m.Status != Cancelled:
		then.Status = NotStarted
	case a.Day.Before(a.Today):
		var latest time.Time
		for _, r := range reports {
			if r.State == Approved && !r.Period.Start.After(a.Day) && r.Period.Start.After(latest) {
				then.Status, latest = r.Status, r.Period.Start
			}
		}
	}
	am.StatusOnDay, am.Light = then.StatusOn(a.Day), then.LightOn(a.Day)
	return am
}

// Measures returns the report's measures in the plan's order.
func (a AnnualReport) Measures() []*AnnualMeasure {
	var out []*AnnualMeasure
	for _, g := range a.Goals {
		for _, o := range g.Objectives {
			out = append(out, o.Measures...)
		}
	}
	return out
}

// annualIndicators adds an item's indicators with their values for the
// report's year.
func (s *Store) annualIndicators(ctx context.Context, a *AnnualReport, it *Item) error {
	for _, ind := range it.Indicators {
		years, err := s.Progress(ctx, a.Strategy, ind)
		if err != nil {
			return err
		}
		ai := AnnualIndicator{Item: it, Indicator: ind}
		ai.Target, _ = ind.TargetOf(a.Year)
		for _, y := range years {
			if y.Year == a.Year {
				ai.Value = y.Total
			}
		}
		a.Indicators = append(a.Indicators, ai)
	}
	return nil
}
