package strategy

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/pdfdoc/pdftest"
)

// annualPlan is a small plan on the fixture's today, 1 July 2027: under
// goal 1, objective 1.1 holds the labour ministry's measures 1.1.1
// (running, its Q1 2027 report approved) and 1.1.2 (never started, ended in
// 2026, its Q4 2026 report submitted); objective 1.2 the education
// ministry's 1.2.1 (not started though begun, its Q1 2027 report returned)
// and 1.2.2 (completed in 2026).
func (f *fixture) annualPlan(t *testing.T) int64 {
	t.Helper()
	st, err := f.s.CreateStrategy(f.officer, StrategyInput{FirstYear: 2026, LastYear: 2030,
		Title: Texts{Az: "Miqrasiya strategiyası", En: "Migration strategy", Ru: "Миграционная стратегия"}})
	if err != nil {
		t.Fatal(err)
	}
	g := f.add(t, st, ItemInput{Title: Texts{Az: "İnteqrasiya", En: "Integration", Ru: "Интеграция"}})
	o1 := f.add(t, st, ItemInput{ParentID: g, Title: Texts{Az: "Dil təhsili", En: "Language learning", Ru: "Обучение языку"}})
	o2 := f.add(t, st, ItemInput{ParentID: g, Title: Texts{Az: "Məşğulluq", En: "Employment", Ru: "Занятость"}})
	m1 := f.add(t, st, ItemInput{ParentID: o1, Title: Texts{Az: "Dil kursları", En: "Language courses", Ru: "Языковые курсы"},
		ResponsibleID: f.orgLabour, StartsOn: "2027-01-01", EndsOn: "2028-12-31", Planned: "1000", Source: StateBudget, Spent: "100"})
	m2 := f.add(t, st, ItemInput{ParentID: o1, Title: Texts{Az: "Şəhər mərkəzləri", En: "City centres", Ru: "Городские центры"},
		ResponsibleID: f.orgLabour, StartsOn: "2026-01-01", EndsOn: "2026-12-31", Planned: "2000", Source: StateBudget})
	m3 := f.add(t, st, ItemInput{ParentID: o2, Title: Texts{Az: "Peşə hazırlığı", En: "Vocational training", Ru: "Профессиональная подготовка"},
		ResponsibleID: f.orgEdu, StartsOn: "2027-03-01", EndsOn: "2027-12-31", Planned: "500", Source: Donor})
	m4 := f.add(t, st, ItemInput{ParentID: o2, Title: Texts{Az: "Məsləhət xidməti", En: "Advice service", Ru: "Консультации"},
		ResponsibleID: f.orgEdu, StartsOn: "2026-01-01", EndsOn: "2026-06-30"})
	for _, s := range []struct {
		id     int64
		status Status
	}{{m1, InProgress}, {m4, Completed}} {
		if err := f.s.SetStatus(f.officer, s.id, s.status); err != nil {
			t.Fatal(err)
		}
	}
	q1 := date("2027-01-01")
	if _, err := f.s.SaveReport(f.labour, m1, q1, ReportInput{Narrative: "Kurslar başladı", Status: InProgress, Spent: "50"}, true); err != nil {
		t.Fatal(err)
	}
	if err := f.s.ApproveReport(f.officer, m1, q1); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SaveReport(f.labour, m2, date("2026-10-01"), ReportInput{Narrative: "Bina tapılmadı", Status: NotStarted}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SaveReport(f.education, m3, q1, ReportInput{Narrative: "Müəllim çatışmır", Status: NotStarted}, true); err != nil {
		t.Fatal(err)
	}
	if err := f.s.ReturnReport(f.officer, m3, q1, "Tarixləri göstərin"); err != nil {
		t.Fatal(err)
	}
	return st
}

func numbersOf(list []*AnnualMeasure) []string {
	var out []string
	for _, m := range list {
		out = append(out, m.Number)
	}
	return out
}

func TestAnnualReport(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		st := f.annualPlan(t)
		a, err := f.s.Annual(f.officer, st, 2027)
		if err != nil {
			t.Fatal(err)
		}
		// On today, 1 July 2027: 1.1.1 on track, 1.1.2 late, 1.2.1 at risk, 1.2.2 completed.
		if a.Day != date("2027-07-01") || a.Total != (Counts{OnTrack: 1, AtRisk: 1, Delayed: 1, Completed: 1}) {
			t.Fatalf("2027 on %s: %+v", a.Day, a.Total)
		}
		if len(a.Goals) != 1 || len(a.Goals[0].Objectives) != 2 || a.Goals[0].Objectives[0].Counts != (Counts{OnTrack: 1, Delayed: 1}) ||
			a.Goals[0].Objectives[1].Counts != (Counts{AtRisk: 1, Completed: 1}) || a.Goals[0].Counts != a.Total {
			t.Fatalf("counts by objective: %+v", a.Goals)
		}
		if got := numbersOf(a.Delayed); strings.Join(got, " ") != "1.1.2 1.2.1" {
			t.Fatalf("delayed %v", got)
		}
		if a.Delayed[0].Latest != nil || a.Delayed[1].Latest == nil || a.Delayed[1].Latest.Narrative != "Müəllim çatışmır" ||
			a.Delayed[1].Latest.State != Returned {
			t.Fatalf("reasons: %+v %+v", a.Delayed[0].Latest, a.Delayed[1].Latest)
		}
		// Planned 1000 + 2000 + 500; spent 100 and the 50 approved.
		if a.Budget != (Spending{Measures: 4, Planned: Money{350000, true}, Spent: Money{15000, true}}) {
			t.Fatalf("budget %+v", a.Budget)
		}
		if len(a.ByOrg) != 2 || a.ByOrg[0].Org.ID != f.orgLabour || a.ByOrg[0].Planned != (Money{300000, true}) ||
			a.ByOrg[1].Spent.Valid || a.ByOrg[1].Measures != 2 {
			t.Fatalf("by organisation %+v", a.ByOrg)
		}
		// The year's quarters; 1.1.1's first approved, its second not yet due.
		m1 := a.Goals[0].Objectives[0].Measures[0]
		if len(a.Periods) != 4 || len(m1.Slots) != 3 || m1.Slots[0].State != Approved || m1.Slots[1].State != Unwritten || m1.Slots[1].Overdue {
			t.Fatalf("periods %d, 1.1.1's slots %+v", len(a.Periods), m1.Slots)
		}

		// On 31 December 2026 the measure ending that day is at risk, not
		// late, and the one not begun had not started.
		a, err = f.s.Annual(f.officer, st, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if a.Day != date("2026-12-31") || a.Total != (Counts{OnTrack: 2, AtRisk: 1, Completed: 1}) || m1.StatusOnDay != InProgress ||
			a.Goals[0].Objectives[0].Measures[0].StatusOnDay != NotStarted {
			t.Fatalf("2026 on %s: %+v", a.Day, a.Total)
		}
		if len(a.Delayed) != 1 || a.Delayed[0].Latest == nil || a.Delayed[0].Latest.Narrative != "Bina tapılmadı" || a.Delayed[0].Latest.State != Submitted {
			t.Fatalf("2026 delayed %+v", a.Delayed)
		}
		if s := a.Delayed[0].Slots; len(s) != 4 || !s[0].Overdue || s[3].State != Submitted || s[3].Overdue {
			t.Fatalf("2026 reports of 1.1.2: %+v", s)
		}

		// A focal point reads their organisation's measures only.
		a, err = f.s.Annual(f.labour, st, 2027)
		if err != nil {
			t.Fatal(err)
		}
		if got := numbersOf(a.Measures()); strings.Join(got, " ") != "1.1.1 1.1.2" || a.Total.Total() != 2 || len(a.ByOrg) != 1 {
			t.Fatalf("labour's report: %v, %+v", got, a.ByOrg)
		}

		// A year outside the period, or not yet begun; a role without access; no such strategy.
		for _, y := range []int{2025, 2028, 2031, 0} {
			if _, err := f.s.Annual(f.officer, st, y); !i18n.HasProblem(err, "strategy.annual.error.year") {
				t.Errorf("year %d: %v", y, err)
			}
		}
		if _, err := f.s.Annual(f.consultant, st, 2027); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("consultant: %v", err)
		}
		if _, err := f.s.Annual(f.officer, st+100, 2027); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("unknown strategy: %v", err)
		}
	})
}

// TestAnnualPDF reads the report's PDF back in each language.
func TestAnnualPDF(t *testing.T) {
	t.Parallel()
	pdftest.Tool(t, "pdftotext")
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, dbtest.SQLite(t))
	st := f.annualPlan(t)
	a, err := f.s.Annual(f.officer, st, 2027)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang i18n.Lang
		want []string
	}{
		{i18n.AZ, []string{"Miqrasiya strategiyası", "Dil kursları", "Şəhər mərkəzləri", "İnteqrasiya", "01.07.2027", "1.000,00"}},
		{i18n.EN, []string{"Migration strategy", "Language courses", "City centres", "1 Jul 2027", "1,000.00"}},
		{i18n.RU, []string{"Миграционная стратегия", "Языковые курсы", "Профессиональная подготовка", "01.07.2027"}},
	} {
		p := cat.Printer(tc.lang)
		var buf bytes.Buffer
		if err := WriteAnnualPDF(&buf, p, a); err != nil {
			t.Fatal(err)
		}
		text := pdftest.Text(t, buf.Bytes())
		want := append(tc.want, "1.1.2", "1.2.1", "Müəllim çatışmır", p.T("strategy.annual.title", "Year", 2027), p.T("strategy.annual.delayed"),
			p.T("strategy.annual.no_report"), p.T("strategy.report.state.returned"), p.T("strategy.annual.budget"))
		for _, s := range want {
			if !strings.Contains(text, strings.Join(strings.Fields(s), " ")) {
				t.Errorf("%s: the PDF lacks %q\n%s", tc.lang, s, text)
			}
		}
	}
}
