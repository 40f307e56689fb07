package strategy

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// reportPlan returns a measure of the labour ministry running from
// 2027-01-01, so that on 1 July 2027 (the fixture's today) it has three
// quarters begun: Q1 (due 30 April, overdue), Q2 (due 30 July, not yet
// due within two weeks) and Q3.
func (f *fixture) reportPlan(t *testing.T) (st, m int64) {
	t.Helper()
	st = f.strategy(t)
	g := f.add(t, st, ItemInput{Title: texts("G")})
	o := f.add(t, st, ItemInput{ParentID: g, Title: texts("O")})
	m = f.add(t, st, ItemInput{ParentID: o, Title: texts("M"), ResponsibleID: f.orgLabour, StartsOn: "2027-01-01", EndsOn: "2028-12-31",
		Planned: "1000", Source: StateBudget, Spent: "100"})
	return st, m
}

func wantState(t *testing.T, err error, state ReportState) {
	t.Helper()
	var e *i18n.Error
	if !errors.As(err, &e) || e.Key != "strategy.error.report_state" {
		t.Fatalf("want the state refused, got %v", err)
	}
	if len(e.Args) != 2 || e.Args[1] != i18n.Key("strategy.report.state."+string(state)) {
		t.Fatalf("refusal names %v, want %s", e.Args, state)
	}
}

func TestReportPeriodsAndDue(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		st, m := f.reportPlan(t)
		slots, err := f.s.Slots(f.labour, m)
		if err != nil {
			t.Fatal(err)
		}
		if len(slots) != 3 || slots[0].Period.Key() != "2027-07-01" || slots[2].Period.Key() != "2027-01-01" {
			t.Fatalf("slots %+v", slots)
		}
		if !slots[2].Overdue || slots[2].Due || slots[1].Due || slots[1].Overdue || slots[0].Due || slots[0].Overdue {
			t.Fatalf("due/overdue: %+v", slots)
		}
		if slots[1].Period.Due != date("2027-07-30") || slots[1].Period.N() != 2 || slots[1].State != Unwritten {
			t.Fatalf("Q2: %+v", slots[1].Period)
		}
		due, err := f.s.DueReports(f.labour)
		if err != nil || len(due) != 1 || due[0].Period.Key() != "2027-01-01" {
			t.Fatalf("due %+v, %v", due, err)
		}
		if due, err := f.s.DueReports(f.education); err != nil || len(due) != 0 {
			t.Fatalf("education's due %+v, %v", due, err)
		}
		if due, err := f.s.DueReports(f.officer); err != nil || len(due) != 1 {
			t.Fatalf("officer's due %+v, %v", due, err)
		}
		flags, err := f.s.ReportFlags(f.officer, st)
		if err != nil || flags[m] != (Flags{Overdue: 1}) {
			t.Fatalf("flags %+v, %v", flags, err)
		}
		// Half-yearly, 10 days: H1 is due 10 July.
		if err := f.s.SetReporting(f.officer, st, ReportingInput{Period: HalfYearly, DueDays: 10}); err != nil {
			t.Fatal(err)
		}
		slots, err = f.s.Slots(f.labour, m)
		if err != nil || len(slots) != 2 || slots[1].Period.Due != date("2027-07-10") || !slots[1].Due || slots[0].Period.N() != 2 {
			t.Fatalf("half-yearly slots %+v, %v", slots, err)
		}
		if flags, err := f.s.ReportFlags(f.labour, st); err != nil || flags[m] != (Flags{Due: 1}) {
			t.Fatalf("half-yearly flags %+v, %v", flags, err)
		}
		if err := f.s.SetReporting(f.officer, st, ReportingInput{Period: "month", DueDays: -1}); len(i18n.Problems(err)) != 2 {
			t.Fatalf("bad setting: %v", err)
		}
		if err := f.s.SetReporting(f.labour, st, ReportingInput{Period: Quarterly, DueDays: 30}); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("focal point's setting: %v", err)
		}
	})
}

func TestReportStates(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, m := f.reportPlan(t)
		q2 := date("2027-04-01")
		in := ReportInput{Narrative: "Kurslar başladı", Status: InProgress, Spent: "250,50"}

		// Nothing to approve or return before a submission.
		wantState(t, f.s.ApproveReport(f.officer, m, q2), Unwritten)
		wantState(t, f.s.ReturnReport(f.officer, m, q2, "x"), Unwritten)
		// Every problem at once.
		if _, err := f.s.SaveReport(f.labour, m, q2, ReportInput{Status: "done", Spent: "abc"}, true); len(i18n.Problems(err)) != 3 {
			t.Fatalf("bad report: %v", err)
		}
		// Another organisation's measure, an analyst, a period not begun.
		if _, err := f.s.SaveReport(f.education, m, q2, in, false); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("education's report: %v", err)
		}
		if _, err := f.s.Report(f.education, m, q2); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("education reads: %v", err)
		}
		if _, err := f.s.SaveReport(f.analyst, m, q2, in, false); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("analyst's report: %v", err)
		}
		if _, err := f.s.SaveReport(f.labour, m, date("2027-10-01"), in, false); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("Q4 report: %v", err)
		}

		id, err := f.s.SaveReport(f.labour, m, q2, in, false)
		if err != nil {
			t.Fatal(err)
		}
		wantState(t, f.s.ApproveReport(f.officer, m, q2), Drafted)
		if _, err := f.s.SaveReport(f.labour, m, q2, in, true); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SaveReport(f.labour, m, q2, in, false); err == nil {
			t.Fatal("a submitted report changed")
		} else {
			wantState(t, err, Submitted)
		}
		if err := f.s.ApproveReport(f.labour, m, q2); !errors.Is(err, access.ErrForbidden) {
			t.Fatalf("focal point approves: %v", err)
		}
		if err := f.s.ReturnReport(f.officer, m, q2, "  "); len(i18n.Problems(err)) != 1 {
			t.Fatalf("return without comment: %v", err)
		}
		if err := f.s.ReturnReport(f.officer, m, q2, "Xərcləri göstərin"); err != nil {
			t.Fatal(err)
		}
		wantState(t, f.s.ApproveReport(f.officer, m, q2), Returned)
		wantState(t, f.s.ReturnReport(f.officer, m, q2, "x"), Returned)
		v, err := f.s.Report(f.labour, m, q2)
		if err != nil || v.State != Returned || v.Comment != "Xərcləri göstərin" || v.ID != id {
			t.Fatalf("returned %+v, %v", v, err)
		}
		// Corrected, kept as returned until submitted again.
		in.Narrative, in.Status = "Kurslar bitdi", Completed
		if _, err := f.s.SaveReport(f.labour, m, q2, in, false); err != nil {
			t.Fatal(err)
		}
		if v, _ := f.s.Report(f.labour, m, q2); v.State != Returned || v.Narrative != "Kurslar bitdi" {
			t.Fatalf("corrected %+v", v)
		}
		if _, err := f.s.SaveReport(f.labour, m, q2, in, true); err != nil {
			t.Fatal(err)
		}
		queue, err := f.s.SubmittedReports(f.officer)
		if err != nil || len(queue) != 1 || queue[0].ID != id {
			t.Fatalf("queue %+v, %v", queue, err)
		}
		if err := f.s.ApproveReport(f.officer, m, q2); err != nil {
			t.Fatal(err)
		}
		wantState(t, f.s.ApproveReport(f.officer, m, q2), Approved)
		wantState(t, f.s.ReturnReport(f.officer, m, q2, "x"), Approved)
		if _, err := f.s.SaveReport(f.labour, m, q2, in, true); err == nil {
			t.Fatal("an approved report changed")
		} else {
			wantState(t, err, Approved)
		}
		// The approval set the measure's status and added the money.
		loc, err := f.s.Item(f.officer, m)
		if err != nil || loc.Status != Completed || loc.Spent != (Money{35050, true}) {
			t.Fatalf("measure after approval: %+v %+v, %v", loc.Status, loc.Spent, err)
		}
		// The history, latest first, with the values as submitted.
		v, err = f.s.Report(f.officer, m, q2)
		if err != nil {
			t.Fatal(err)
		}
		var states []ReportState
		for _, e := range v.Events {
			states = append(states, e.State)
		}
		if len(states) != 4 || states[0] != Approved || states[1] != Submitted || states[2] != Returned || states[3] != Submitted {
			t.Fatalf("history %v", states)
		}
		if v.Events[3].Narrative != "Kurslar başladı" || v.Events[3].Status != InProgress || v.Events[1].Narrative != "Kurslar bitdi" ||
			v.Events[2].Comment != "Xərcləri göstərin" || v.Events[3].By != "Focal" {
			t.Fatalf("history %+v", v.Events)
		}
		if queue, err := f.s.SubmittedReports(f.officer); err != nil || len(queue) != 0 {
			t.Fatalf("queue after approval %+v, %v", queue, err)
		}
		// With reports written, the periods stay; the due days may change.
		st := loc.StrategyID
		if err := f.s.SetReporting(f.officer, st, ReportingInput{Period: HalfYearly, DueDays: 30}); !hasKey(err, "strategy.error.reporting_locked") {
			t.Fatalf("change the periods with reports written: %v", err)
		}
		if err := f.s.SetReporting(f.officer, st, ReportingInput{Period: Quarterly, DueDays: 45}); err != nil {
			t.Fatal(err)
		}
		// A report without money leaves the measure's alone.
		q1 := date("2027-01-01")
		if _, err := f.s.SaveReport(f.labour, m, q1, ReportInput{Narrative: "Hazırlıq", Status: InProgress}, true); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ApproveReport(f.officer, m, q1); err != nil {
			t.Fatal(err)
		}
		if loc, _ := f.s.Item(f.officer, m); loc.Spent != (Money{35050, true}) || loc.Status != InProgress {
			t.Fatalf("measure after a report without money: %+v %+v", loc.Status, loc.Spent)
		}
		if due, err := f.s.DueReports(f.labour); err != nil || len(due) != 0 {
			t.Fatalf("due after the reports: %+v, %v", due, err)
		}
	})
}

func TestReportEvidence(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, m := f.reportPlan(t)
		q2 := date("2027-04-01")
		pdf := func() EvidenceInput {
			return EvidenceInput{Name: "iştirakçılar.pdf", Body: strings.NewReader("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")}
		}
		if _, err := f.s.AddEvidence(f.labour, m, q2, pdf()); !hasKey(err, "strategy.error.save_first") {
			t.Fatalf("evidence before the report: %v", err)
		}
		if _, err := f.s.SaveReport(f.labour, m, q2, ReportInput{Narrative: "Kurslar", Status: InProgress}, false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddEvidence(f.education, m, q2, pdf()); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("evidence on another organisation's measure: %v", err)
		}
		if _, err := f.s.AddEvidence(f.labour, m, q2, EvidenceInput{Name: "x.exe", Body: strings.NewReader("MZ\x90\x00binary")}); !hasKey(err, "attachment.error.type") {
			t.Fatalf("an executable: %v", err)
		}
		if _, err := f.s.AddEvidence(f.labour, m, q2, EvidenceInput{Name: "big.pdf", Body: strings.NewReader("%PDF-" + strings.Repeat("x", MaxEvidence))}); !hasKey(err, "attachment.error.too_large") {
			t.Fatalf("a file too large: %v", err)
		}
		id, err := f.s.AddEvidence(f.labour, m, q2, pdf())
		if err != nil {
			t.Fatal(err)
		}
		v, err := f.s.Report(f.analyst, m, q2)
		if err != nil || len(v.Evidence) != 1 || v.Evidence[0].Name != "iştirakçılar.pdf" || v.Evidence[0].ContentType != "application/pdf" {
			t.Fatalf("the report's evidence %+v, %v", v.Evidence, err)
		}
		e, body, err := f.s.OpenEvidence(f.analyst, m, q2, id)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(body)
		body.Close()
		if e.ID != id || !strings.HasPrefix(string(data), "%PDF") {
			t.Fatalf("opened %+v: %q", e, data)
		}
		if n := dbtest.Count(t, d, `SELECT count(*) FROM audit_events WHERE action = 'strategy_report.download'`); n != 1 {
			t.Errorf("downloads audited: %d", n)
		}
		if _, _, err := f.s.OpenEvidence(f.education, m, q2, id); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("education opens the evidence: %v", err)
		}
		if _, _, err := f.s.OpenEvidence(f.analyst, m, q2, id+1000); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unknown evidence: %v", err)
		}
		if _, err := f.s.SaveReport(f.labour, m, q2, ReportInput{Narrative: "Kurslar", Status: InProgress}, true); err != nil {
			t.Fatal(err)
		}
		_, err = f.s.AddEvidence(f.labour, m, q2, pdf())
		wantState(t, err, Submitted)
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
