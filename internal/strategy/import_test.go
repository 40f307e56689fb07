package strategy

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
	"inteqra/internal/orgs"
)

// planHeaders are the export's headers in English.
var planHeaders = []any{"Number", "Text (az)", "Text (en)", "Text (ru)", "Responsible organisation", "Partner organisations",
	"Start date", "End date", "Planned amount (manat)", "Source of funding", "Status"}

// planXLSX builds a workbook of a header row and rows, as a ministry
// would send it.
func planXLSX(t *testing.T, header []any, rows ...[]any) []byte {
	t.Helper()
	book := excelize.NewFile()
	defer book.Close()
	for i, r := range append([][]any{header}, rows...) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := book.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := book.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// samplePlan is testdata/plan.xlsx: two goals, two objectives, three
// measures of the demo's ministries; an organisation written in lower
// case, a date as Excel stores it, a status and a source by their names.
func samplePlan(t *testing.T) []byte {
	return planXLSX(t, planHeaders,
		[]any{"1", "Əmək bazarına inteqrasiya", "Integration into the labour market", "Интеграция в рынок труда"},
		[]any{"1.1", "Peşə hazırlığı", "Vocational training", "Профессиональная подготовка"},
		[]any{"1.1.1", "Peşə kursları", "Vocational courses", "Профессиональные курсы", "əmək və əhalinin sosial müdafiəsi nazirliyi",
			"Elm və Təhsil Nazirliyi; SƏHİYYƏ NAZİRLİYİ", "2026-01-01", "31.12.2027", 150000.5, "State budget", "In progress"},
		[]any{"1.1.2", "Məşğulluq yarmarkası", "Job fair", "Ярмарка вакансий", "Elm və Təhsil Nazirliyi", "", "2026-03-01", "2026-12-31"},
		[]any{"2", "Səhiyyə xidmətləri", "Health services", "Медицинские услуги"},
		[]any{"2.1", "Tibbi müayinə", "Medical check-ups", "Медицинские осмотры"},
		[]any{"2.1.1", "Səyyar klinikalar", "Mobile clinics", "Передвижные клиники", "Səhiyyə Nazirliyi", "", "2026-06-01", "2028-06-01",
			"20 000", "donor", "not_started"},
	)
}

// demoOrgs adds the organisations the sample file names.
func demoOrgs(t *testing.T, d *db.DB) {
	t.Helper()
	for _, name := range []string{"Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi", "Elm və Təhsil Nazirliyi", "Səhiyyə Nazirliyi"} {
		if _, err := orgs.NewStore(d).CreateOrganisation(system, orgs.Input{Name: name, Kind: orgs.Ministry, Active: true}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSampleFileIsCurrent(t *testing.T) {
	want := samplePlan(t)
	if os.Getenv("INTEQRA_UPDATE_TESTDATA") != "" {
		if err := os.WriteFile("testdata/plan.xlsx", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat("testdata/plan.xlsx"); err != nil {
		t.Fatalf("testdata/plan.xlsx: %v (INTEQRA_UPDATE_TESTDATA=1 writes it)", err)
	}
}

func importInput(t *testing.T, content []byte) ImportInput {
	t.Helper()
	f, err := ReadFile("plan.xlsx", content)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return ImportInput{File: f, Mapping: SuggestMapping(f.Headers), Words: Words(cat)}
}

func auditFields(t *testing.T, d *db.DB, action string) []string {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), `SELECT fields FROM audit_events WHERE action = $1 ORDER BY seq`, action)
	list, err := db.Collect(rows, err, func(r db.Scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestImportCreatesAndUpdatesByNumber(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		demoOrgs(t, d)
		st := f.strategy(t)
		content, err := os.ReadFile("testdata/plan.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		in := importInput(t, content)
		if want := (Mapping{ColNumber, ColTitleAz, ColTitleEn, ColTitleRu, ColResponsible, ColPartners, ColStartsOn, ColEndsOn,
			ColPlanned, ColSource, ColStatus}); !slices.Equal(in.Mapping, want) {
			t.Fatalf("suggested mapping %v, want %v", in.Mapping, want)
		}
		res, err := f.s.Import(f.officer, st, in)
		if err != nil || len(res.Issues) > 0 {
			t.Fatalf("import: %v %+v", err, res.Issues)
		}
		if res.Rows != 7 || len(res.Added) != 7 || len(res.Changed) != 0 {
			t.Fatalf("import: %d rows, %d added, %d changed", res.Rows, len(res.Added), len(res.Changed))
		}
		pl, err := f.s.Plan(f.officer, st)
		if err != nil {
			t.Fatal(err)
		}
		got := numbers(pl.Goals)
		if got["1.1.1"] != "Peşə kursları" || got["2.1.1"] != "Səyyar klinikalar" || len(got) != 7 {
			t.Fatalf("plan after import: %v", got)
		}
		m := pl.Goals[0].Children[0].Children[0]
		if m.Responsible.Name != "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi" || len(m.Partners) != 2 || m.Status != InProgress ||
			m.Planned != (Money{15000050, true}) || m.Source != StateBudget || m.EndsOn.Format("2006-01-02") != "2027-12-31" {
			t.Errorf("measure 1.1.1: %+v", m)
		}
		// A revised plan: 1.1.2 ends later and is completed, 1.2 and
		// 1.2.1 are new, the second goal is left out of the file.
		revised := planXLSX(t, planHeaders,
			[]any{"1", "Əmək bazarına inteqrasiya", "Integration into the labour market", "Интеграция в рынок труда"},
			[]any{"1.1", "Peşə hazırlığı", "Vocational training", "Профессиональная подготовка"},
			[]any{"1.1.1", "Peşə kursları", "Vocational courses", "Профессиональные курсы", "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi",
				"Səhiyyə Nazirliyi; Elm və Təhsil Nazirliyi", "2026-01-01", "2027-12-31", "150000.50", "Dövlət büdcəsi", "ВЫПОЛНЯЕТСЯ"},
			[]any{"1.1.2", "Məşğulluq yarmarkası", "Job fair", "Ярмарка вакансий", "Elm və Təhsil Nazirliyi", "", "2026-03-01", "2027-03-01",
				"", "", "completed"},
			[]any{"1.2", "Dil", "Language", "Язык"},
			[]any{"1.2.1", "Dil kursları", "Language courses", "Языковые курсы", "Elm və Təhsil Nazirliyi", "", "2026-09-01", "2027-06-30"},
		)
		res, err = f.s.Import(f.officer, st, importInput(t, revised))
		if err != nil || len(res.Issues) > 0 {
			t.Fatalf("re-import: %v %+v", err, res.Issues)
		}
		if len(res.Added) != 2 || len(res.Changed) != 1 || res.Unchanged != 3 || len(res.Missing) != 3 {
			t.Fatalf("re-import: added %v, changed %v, unchanged %d, missing %d", res.Added, res.Changed, res.Unchanged, len(res.Missing))
		}
		if c := res.Changed[0]; c.Number != "1.1.2" || !slices.Equal(c.Fields, []string{"dates", "status"}) {
			t.Errorf("changed %+v, want 1.1.2 dates and status", c)
		}
		if res.Missing[0].Number != "2" || res.Missing[2].Number != "2.1.1" {
			t.Errorf("missing %s…%s", res.Missing[0].Number, res.Missing[2].Number)
		}
		pl, _ = f.s.Plan(f.officer, st)
		if got := numbers(pl.Goals); got["1.2.1"] != "Dil kursları" || got["2.1.1"] != "Səyyar klinikalar" || len(got) != 9 {
			t.Errorf("plan after re-import: %v", got)
		}
		if got := auditFields(t, d, "strategy_item.update"); len(got) != 1 || !strings.Contains(got[0], "dates") || !strings.Contains(got[0], "status") {
			t.Errorf("audit of the update: %v", got)
		}
		if got := auditFields(t, d, "strategy.import"); len(got) != 2 || !strings.Contains(got[1], "changed=1") {
			t.Errorf("audit of the imports: %v", got)
		}
	})
}

func TestImportDryRunListsEveryBadRow(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		demoOrgs(t, d)
		st := f.strategy(t)
		bad := planXLSX(t, planHeaders,
			[]any{"1", "Məqsəd", "Goal", "Цель"},
			[]any{"1.1", "Vəzifə", "Objective", "Задача"},
			[]any{"1.1.1", "Tədbir", "Measure", "Мера", "Naməlum Nazirlik", "", "2026-05-01", "2026-01-01", "12,345", "budget", "finished"},
			[]any{"1.x", "Vəzifə", "Objective", "Задача"},
			[]any{"3.1", "Vəzifə", "Objective", ""},
			[]any{"1.3", strings.Repeat("a", 2001), "Objective", "Задача"},
			[]any{"1.1", "Təkrar", "Twice", "Дважды"},
		)
		in := importInput(t, bad)
		res, err := f.s.CheckImport(f.officer, st, in)
		if err != nil {
			t.Fatal(err)
		}
		type issue struct {
			line   int
			column string
			key    string
		}
		var got []issue
		for _, is := range res.Issues {
			var e *i18n.Error
			errors.As(is.Reason, &e)
			got = append(got, issue{is.Line, is.Column, e.Key})
		}
		want := []issue{
			{4, "Responsible organisation", "strategy.import.error.org_unknown"},
			{4, "End date", "strategy.error.dates_order"},
			{4, "Planned amount (manat)", "strategy.error.amount"},
			{4, "Source of funding", "error.unknown_choice"},
			{4, "Status", "error.unknown_choice"},
			{5, "Number", "strategy.import.error.number"},
			{6, "Text (ru)", "strategy.error.required"},
			{6, "", "strategy.import.error.parent_missing"},
			{7, "Text (az)", "error.too_long"},
			{7, "", "strategy.import.error.number_gap"},
			{8, "Number", "strategy.import.error.number_twice"},
		}
		if !slices.Equal(got, want) {
			t.Errorf("issues\n got %v\nwant %v", got, want)
		}
		// The import refuses the same file and writes nothing.
		res, err = f.s.Import(f.officer, st, in)
		if err != nil || len(res.Issues) != len(want) {
			t.Fatalf("import of a bad file: %v, %d issues", err, len(res.Issues))
		}
		if pl, _ := f.s.Plan(f.officer, st); len(pl.Goals) != 0 {
			t.Errorf("a refused import wrote %d goals", len(pl.Goals))
		}
		if got := auditFields(t, d, "strategy.import"); len(got) != 0 {
			t.Errorf("a refused import is audited: %v", got)
		}
		// A mapping without the number nor the titles is refused whole.
		in.Mapping = Mapping{"", ColTitleAz}
		if _, err := f.s.CheckImport(f.officer, st, in); !i18n.HasProblem(err, "strategy.import.error.column_missing") {
			t.Errorf("mapping without a number: %v", err)
		}
	})
}

func TestImportRefused(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		demoOrgs(t, d)
		st := f.strategy(t)
		in := importInput(t, samplePlan(t))
		for _, ctx := range []context.Context{f.analyst, f.labour, f.consultant} {
			if _, err := f.s.Import(ctx, st, in); !errors.Is(err, access.ErrForbidden) {
				t.Errorf("import by %v: %v, want forbidden", access.From(ctx).Role, err)
			}
			if _, err := f.s.CheckImport(ctx, st, in); !errors.Is(err, access.ErrForbidden) {
				t.Errorf("dry run by %v: %v, want forbidden", access.From(ctx).Role, err)
			}
		}
		if _, err := f.s.Import(f.officer, st, in); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Publish(f.officer, st); err != nil {
			t.Fatal(err)
		}
		if res, err := f.s.Import(f.officer, st, in); err != nil || res.Unchanged != 7 {
			t.Errorf("import into a published plan: %v, %+v", err, res)
		}
		if err := f.s.Close(f.officer, st); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Import(f.officer, st, in); !i18n.HasProblem(err, "strategy.error.state") {
			t.Errorf("import into a closed plan: %v", err)
		}
		if _, err := f.s.Import(f.officer, 999999, in); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("import into no plan: %v", err)
		}
		if _, err := ReadFile("big.csv", make([]byte, MaxImportBytes+1)); !i18n.HasProblem(err, "strategy.import.error.too_large") {
			t.Errorf("a file over the cap: %v", err)
		}
	})
}
