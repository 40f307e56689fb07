package strategy

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/imports"
	"inteqra/internal/orgs"
	"inteqra/internal/textcheck"
)

// MaxImportBytes bounds a plan file: a plan of a few hundred items is a
// few dozen kilobytes.
const MaxImportBytes = 512 << 10

// Column is a field of a plan file's row: one row per item, its level
// following from its number (1 a goal, 1.2 an objective, 1.2.3 a measure).
type Column string

// The columns of a plan file, in the order the export writes them.
const (
	ColNumber      Column = "number"
	ColTitleAz     Column = "title_az"
	ColTitleEn     Column = "title_en"
	ColTitleRu     Column = "title_ru"
	ColResponsible Column = "responsible"
	ColPartners    Column = "partners" // separated by ";"
	ColStartsOn    Column = "starts_on"
	ColEndsOn      Column = "ends_on"
	ColPlanned     Column = "planned" // manat
	ColSource      Column = "source"
	ColStatus      Column = "status"
)

// Columns lists the columns in the order the export writes them and the
// mapping form offers them.
var Columns = []Column{ColNumber, ColTitleAz, ColTitleEn, ColTitleRu, ColResponsible, ColPartners, ColStartsOn, ColEndsOn,
	ColPlanned, ColSource, ColStatus}

// required are the columns a mapping must fill.
var required = []Column{ColNumber, ColTitleAz, ColTitleEn, ColTitleRu}

// columnPhrases are what the columns are called in az, en and ru, folded
// as imports.Column says; the export's headers are among them.
var columnPhrases = []imports.Column{
	{Field: string(ColNumber), Phrases: []string{"nomre", "number", "no", "nr", "номер"}},
	{Field: string(ColTitleAz), Phrases: []string{"metn az", "ad az", "adi az", "text az", "title az", "текст az", "название az", "azerbaycanca"}},
	{Field: string(ColTitleEn), Phrases: []string{"metn en", "ad en", "adi en", "text en", "title en", "текст en", "название en", "ingilisce", "english"}},
	{Field: string(ColTitleRu), Phrases: []string{"metn ru", "ad ru", "adi ru", "text ru", "title ru", "текст ru", "название ru", "rusca", "russian"}},
	{Field: string(ColResponsible), Phrases: []string{"mesul qurum", "mesul", "icraci", "responsible", "responsible organisation",
		"responsible organization", "ответственная организация", "ответственный", "исполнитель"}},
	{Field: string(ColPartners), Phrases: []string{"terefdas qurumlar", "terefdaslar", "terefdas", "partners", "partner",
		"partner organisations", "partner organizations", "организации партнеры", "партнеры", "соисполнители"}},
	{Field: string(ColStartsOn), Phrases: []string{"baslama tarixi", "baslama", "start", "start date", "starts on", "дата начала", "начало"}},
	{Field: string(ColEndsOn), Phrases: []string{"bitme tarixi", "bitme", "end", "end date", "ends on", "дата окончания", "окончание"}},
	{Field: string(ColPlanned), Phrases: []string{"planlasdirilan mebleg", "mebleg", "budce", "planned amount", "planned budget",
		"budget", "amount", "плановая сумма", "сумма", "бюджет"}},
	{Field: string(ColSource), Phrases: []string{"maliyye menbeyi", "menbe", "budce menbeyi", "source of funding", "budget source",
		"source", "источник финансирования", "источник"}},
	{Field: string(ColStatus), Phrases: []string{"status", "statusu", "veziyyet", "статус", "состояние"}},
}

// Mapping says which column of a plan file fills which field, by the
// file's column index; "" leaves a column out.
type Mapping []Column

// SuggestMapping guesses the field of each column of a plan file from
// its header in az, en or ru.
func SuggestMapping(headers []string) Mapping {
	m := make(Mapping, len(headers))
	for i, f := range imports.SuggestColumns(headers, columnPhrases) {
		m[i] = Column(f)
	}
	return m
}

// check returns every problem of the mapping for a file with headers: an
// unknown field, a field from two columns, a required field from none.
func (m Mapping) check(headers []string) error {
	var l textcheck.List
	if len(m) > len(headers) {
		l.Add(i18n.Errorf("import.error.mapping_columns"))
	}
	first := map[Column]int{}
	for i, c := range m {
		switch _, twice := first[c]; {
		case c == "":
		case !slices.Contains(Columns, c):
			l.Add(i18n.Errorf("import.error.field_unknown", "Field", textcheck.Excerpt(string(c))))
		case twice:
			l.Add(i18n.Errorf("import.error.field_twice", "First", imports.ColumnName(headers, first[c]), "Second", imports.ColumnName(headers, i)))
		default:
			first[c] = i
		}
	}
	for _, c := range required {
		if _, ok := first[c]; !ok {
			l.Add(i18n.Errorf("strategy.import.error.column_missing", "Field", i18n.Key("strategy.import.column."+string(c))))
		}
	}
	return l.Err()
}

// ReadFile reads a plan file, CSV or XLSX, through the person import's
// reader; a file over MaxImportBytes is refused. The caller closes it.
func ReadFile(name string, content []byte) (*imports.File, error) {
	if len(content) > MaxImportBytes {
		return nil, i18n.Errorf("strategy.import.error.too_large", "KB", MaxImportBytes>>10)
	}
	if len(content) == 0 {
		return nil, i18n.Errorf("import.error.no_file")
	}
	return imports.ReadFile(name, content)
}

// ImportInput is a plan file and its mapping. Words are the statuses' and
// the budget sources' names in the three languages, folded (i18n.Fold), by
// which a file may name them besides their codes.
type ImportInput struct {
	File    *imports.File
	Mapping Mapping
	Words   map[string]string
}

// Issue is a problem with one cell or row of a plan file.
type Issue struct {
	Line   int
	Column string // the column's header; "" when no column holds it
	Reason error  // an *i18n.Error
}

// Change is an item an import adds or changes, with the fields it changes.
type Change struct {
	Number string
	Kind   Kind
	Title  Texts
	Fields []string
}

// ImportResult is what a dry run finds or an import did. An import with
// Issues writes nothing.
type ImportResult struct {
	Rows      int
	Issues    []Issue
	Added     []Change
	Changed   []Change
	Unchanged int
	Missing   []*Item // items of the plan the file does not hold; kept
}

// CheckImport reads the file and reports what importing it would do and
// every problem of its rows, all at once; it writes nothing.
func (s *Store) CheckImport(ctx context.Context, strategyID int64, in ImportInput) (ImportResult, error) {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return ImportResult{}, err
	}
	if err := s.open(ctx, s.db, strategyID); err != nil {
		return ImportResult{}, err
	}
	p, err := readPlanFile(ctx, s.db, strategyID, in)
	if err != nil {
		return ImportResult{}, err
	}
	return p.result, nil
}

// Import imports the file into the strategy's plan in one transaction: a
// row whose number the plan has updates that item, another adds one. A
// file with any problem writes nothing and comes back with its issues.
func (s *Store) Import(ctx context.Context, strategyID int64, in ImportInput) (ImportResult, error) {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := s.open(ctx, tx, strategyID); err != nil {
			return err
		}
		p, err := readPlanFile(ctx, tx, strategyID, in)
		if err != nil {
			return err
		}
		res = p.result
		if len(res.Issues) > 0 {
			return nil
		}
		if err := p.apply(ctx, tx, strategyID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "strategy.import", "strategy", strconv.FormatInt(strategyID, 10),
			"rows="+strconv.Itoa(res.Rows), "added="+strconv.Itoa(len(res.Added)), "changed="+strconv.Itoa(len(res.Changed)),
			"unchanged="+strconv.Itoa(res.Unchanged))
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// planRow is a row of a plan file read into values.
type planRow struct {
	line   int
	number string
	kind   Kind
	in     ItemInput
	m      measure
	status Status
	old    *Item // the item of the same number, or nil for a new one
	fields []string
}

// planFile is a plan file read against the plan it goes into.
type planFile struct {
	rows   []*planRow
	byNum  map[string]*Item
	result ImportResult
}

func readPlanFile(ctx context.Context, q db.Querier, strategyID int64, in ImportInput) (*planFile, error) {
	f := in.File
	if err := in.Mapping.check(f.Headers); err != nil {
		return nil, err
	}
	_, byID, err := tree(ctx, q, strategyID)
	if err != nil {
		return nil, err
	}
	p := &planFile{byNum: map[string]*Item{}}
	for _, it := range byID {
		p.byNum[it.Number] = it
	}
	names, err := orgs.Names(ctx, q)
	if err != nil {
		return nil, err
	}
	orgByName := map[string]int64{}
	for id, name := range names {
		key := orgKey(name)
		if _, twice := orgByName[key]; twice {
			orgByName[key] = -1 // two organisations of one name: neither is meant
		} else {
			orgByName[key] = id
		}
	}
	col := map[Column]int{}
	for i, c := range in.Mapping {
		if c != "" {
			col[c] = i
		}
	}
	seen := map[string]int{} // number → line
	active := map[int64]bool{}
	err = f.Rows(func(line int, cells []string) error {
		p.result.Rows++
		r := &planRow{line: line}
		var issues []Issue
		add := func(c Column, err error) {
			if err == nil {
				return
			}
			is := Issue{Line: line, Reason: err}
			if i, ok := col[c]; ok {
				is.Column = imports.ColumnName(f.Headers, i)
			}
			for _, e := range i18n.Problems(err) {
				is.Reason = e
				issues = append(issues, is)
			}
		}
		cell := func(c Column) (string, bool) {
			i, ok := col[c]
			if !ok {
				return "", false
			}
			if i < len(cells) {
				return strings.TrimSpace(cells[i]), true
			}
			return "", true
		}
		number, _ := cell(ColNumber)
		number = strings.TrimSuffix(number, ".")
		parts, ok := splitNumber(number)
		switch {
		case !ok:
			add(ColNumber, i18n.Errorf("strategy.import.error.number", "Number", textcheck.Excerpt(number)))
		case seen[number] != 0:
			add(ColNumber, i18n.Errorf("strategy.import.error.number_twice", "Number", number, "Line", seen[number]))
		default:
			seen[number] = line
			r.number, r.kind = number, []Kind{Goal, Objective, Measure}[len(parts)-1]
			r.old = p.byNum[number]
		}
		r.in.Title.Az, _ = cell(ColTitleAz)
		r.in.Title.En, _ = cell(ColTitleEn)
		r.in.Title.Ru, _ = cell(ColTitleRu)
		for _, t := range []struct {
			c Column
			v string
		}{{ColTitleAz, r.in.Title.Az}, {ColTitleEn, r.in.Title.En}, {ColTitleRu, r.in.Title.Ru}} {
			label := "strategy.item." + string(t.c)
			if err := textcheck.Field(label, t.v, textcheck.Medium); err != nil {
				add(t.c, err)
			} else if t.v == "" {
				add(t.c, i18n.Errorf("strategy.error.required", "Field", i18n.Key(label)))
			}
		}
		if r.kind == Measure {
			p.readMeasure(ctx, q, r, in, cell, add, orgByName, active)
		}
		p.rows = append(p.rows, r)
		p.result.Issues = append(p.result.Issues, issues...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	p.checkTree()
	slices.SortStableFunc(p.result.Issues, func(a, b Issue) int { return a.Line - b.Line })
	p.compare()
	return p, nil
}

// orgKey is an organisation's name for matching a file's cell: spaces
// collapsed, folded (i18n.Fold), and the dotless ı as i, since a name
// typed in capitals without an Azerbaijani keyboard has I for İ.
func orgKey(name string) string {
	return strings.ReplaceAll(i18n.Fold(strings.Join(strings.Fields(name), " ")), "ı", "i")
}

// splitNumber reads 1, 1.2 or 1.2.3 into its parts, each from 1 on.
func splitNumber(number string) ([]int, bool) {
	var parts []int
	for s := range strings.SplitSeq(number, ".") {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 999 || s != strconv.Itoa(n) {
			return nil, false
		}
		parts = append(parts, n)
	}
	return parts, len(parts) >= 1 && len(parts) <= 3
}

// readMeasure reads a measure's cells; a column the mapping leaves out
// keeps the existing measure's value.
func (p *planFile) readMeasure(ctx context.Context, q db.Querier, r *planRow, in ImportInput,
	cell func(Column) (string, bool), add func(Column, error), orgByName map[string]int64, active map[int64]bool) {
	old := r.old
	if old == nil {
		old = &Item{Status: NotStarted}
	} else {
		r.in = ItemInput{Title: r.in.Title, ResponsibleID: old.Responsible.ID, Source: old.Source}
		for _, o := range old.Partners {
			r.in.PartnerIDs = append(r.in.PartnerIDs, o.ID)
		}
		r.m = measure{startsOn: old.StartsOn, endsOn: old.EndsOn, planned: old.Planned}
	}
	r.m.spent = old.Spent
	r.status = old.Status
	had := map[int64]bool{old.Responsible.ID: true}
	for _, o := range old.Partners {
		had[o.ID] = true
	}
	org := func(c Column, name string) int64 {
		id := orgByName[orgKey(name)]
		if id > 0 && !had[id] {
			ok, seen := active[id]
			if !seen {
				ok = orgs.CheckActive(ctx, q, "", id) == nil
				active[id] = ok
			}
			if !ok {
				id = 0
			}
		}
		if id <= 0 {
			add(c, i18n.Errorf("strategy.import.error.org_unknown", "Name", textcheck.Excerpt(name)))
			return 0
		}
		return id
	}
	named := false
	if v, ok := cell(ColResponsible); ok {
		r.in.ResponsibleID = 0
		if v != "" {
			r.in.ResponsibleID, named = org(ColResponsible, v), true
		}
	}
	if r.in.ResponsibleID == 0 && !named {
		add(ColResponsible, i18n.Errorf("strategy.error.required", "Field", i18n.Key("strategy.measure.responsible")))
	}
	if v, ok := cell(ColPartners); ok {
		r.in.PartnerIDs = nil
		for name := range strings.SplitSeq(v, ";") {
			if name = strings.TrimSpace(name); name != "" {
				if id := org(ColPartners, name); id != 0 {
					r.in.PartnerIDs = append(r.in.PartnerIDs, id)
				}
			}
		}
	}
	date := func(c Column, label string, into *time.Time) {
		v, ok := cell(c)
		if !ok {
			if r.old == nil {
				add(c, i18n.Errorf("strategy.error.required", "Field", i18n.Key(label)))
			}
			return
		}
		if d, ok := in.File.CellDate(v); ok {
			v = d
		}
		t, err := day(v, label)
		add(c, err)
		*into = t
	}
	date(ColStartsOn, "strategy.measure.starts_on", &r.m.startsOn)
	date(ColEndsOn, "strategy.measure.ends_on", &r.m.endsOn)
	if !r.m.startsOn.IsZero() && !r.m.endsOn.IsZero() && r.m.endsOn.Before(r.m.startsOn) {
		add(ColEndsOn, i18n.Errorf("strategy.error.dates_order", "Field", i18n.Key("strategy.measure.ends_on")))
	}
	if v, ok := cell(ColPlanned); ok {
		m, err := amount(v, "strategy.measure.planned")
		add(ColPlanned, err)
		r.m.planned = m
	}
	sourceBad := false
	if v, ok := cell(ColSource); ok {
		r.in.Source = ""
		if v != "" {
			r.in.Source = Source(word(v, in.Words, Sources))
			if sourceBad = r.in.Source == ""; sourceBad {
				add(ColSource, textcheck.Unknown("strategy.measure.source"))
			}
		}
	}
	if r.in.Source == "" && r.m.planned.Valid && !sourceBad {
		add(ColSource, i18n.Errorf("strategy.error.source", "Field", i18n.Key("strategy.measure.source")))
	}
	if v, ok := cell(ColStatus); ok && v != "" {
		r.status = Status(word(v, in.Words, Statuses))
		if r.status == "" {
			add(ColStatus, textcheck.Unknown("strategy.measure.status"))
		}
	}
	r.in.Planned, r.in.Spent = r.m.planned.Form(), r.m.spent.Form()
}

// word reads a status or a budget source: its code, or its name in one of
// the three languages.
func word[T ~string](v string, words map[string]string, codes []T) string {
	key := i18n.Fold(strings.Join(strings.Fields(v), " "))
	code := words[key]
	if code == "" {
		code = strings.ReplaceAll(key, " ", "_")
	}
	if slices.Contains(codes, T(code)) {
		return code
	}
	return ""
}

// checkTree finds the rows whose parent is neither in the plan nor in the
// file, and new numbers that leave a gap among their siblings.
func (p *planFile) checkTree() {
	inFile := map[string]bool{}
	for _, r := range p.rows {
		if r.number != "" {
			inFile[r.number] = true
		}
	}
	has := func(n string) bool { return inFile[n] || p.byNum[n] != nil }
	for _, r := range p.rows {
		if r.number == "" || r.old != nil {
			continue
		}
		parent, last := "", r.number
		if i := strings.LastIndex(r.number, "."); i >= 0 {
			parent, last = r.number[:i], r.number[i+1:]
		}
		if parent != "" && !has(parent) {
			p.result.Issues = append(p.result.Issues, Issue{Line: r.line, Column: "",
				Reason: i18n.Errorf("strategy.import.error.parent_missing", "Number", r.number, "Parent", parent)})
			continue
		}
		n, _ := strconv.Atoi(last)
		prefix := parent + "."
		if parent == "" {
			prefix = ""
		}
		for i := 1; i < n; i++ {
			if !has(prefix + strconv.Itoa(i)) {
				p.result.Issues = append(p.result.Issues, Issue{Line: r.line,
					Reason: i18n.Errorf("strategy.import.error.number_gap", "Number", r.number, "Missing", prefix+strconv.Itoa(i))})
				break
			}
		}
	}
}

// compare sorts the rows into added, changed and unchanged items, and
// lists the plan's items the file does not hold.
func (p *planFile) compare() {
	inFile := map[string]bool{}
	for _, r := range p.rows {
		if r.number == "" {
			continue
		}
		inFile[r.number] = true
		c := Change{Number: r.number, Kind: r.kind, Title: r.in.Title}
		switch {
		case r.old == nil:
			r.fields = []string{"title"}
			if r.kind == Measure {
				r.fields = append(r.fields, "responsible", "partners", "dates", "budget", "status")
			}
			c.Fields = r.fields
			p.result.Added = append(p.result.Added, c)
		default:
			if r.kind == Measure {
				r.fields = changes(r.old, r.in, r.m)
				if r.status != r.old.Status {
					r.fields = append(r.fields, "status")
				}
			} else if r.old.Title != r.in.Title {
				r.fields = []string{"title"}
			}
			if len(r.fields) == 0 {
				p.result.Unchanged++
				continue
			}
			c.Fields = r.fields
			p.result.Changed = append(p.result.Changed, c)
		}
	}
	for _, it := range p.byNum {
		if !inFile[it.Number] {
			p.result.Missing = append(p.result.Missing, it)
		}
	}
	slices.SortFunc(p.result.Missing, func(a, b *Item) int { return compareNumbers(a.Number, b.Number) })
}

// compareNumbers orders 1.2 before 1.10.
func compareNumbers(a, b string) int {
	pa, _ := splitNumber(a)
	pb, _ := splitNumber(b)
	return slices.Compare(pa, pb)
}

// apply writes the rows: parents before their children, each audited.
func (p *planFile) apply(ctx context.Context, tx *db.Tx, strategyID int64) error {
	rows := slices.Clone(p.rows)
	slices.SortStableFunc(rows, func(a, b *planRow) int { return compareNumbers(a.number, b.number) })
	ids := map[string]int64{}
	for n, it := range p.byNum {
		ids[n] = it.ID
	}
	now := db.Now()
	for _, r := range rows {
		if len(r.fields) == 0 {
			continue
		}
		in, m := r.in, r.m
		var status any
		if r.kind == Measure {
			status = r.status
		} else {
			status, in, m = "", ItemInput{Title: in.Title}, measure{}
		}
		if r.old == nil {
			parent, last := "", r.number
			if i := strings.LastIndex(r.number, "."); i >= 0 {
				parent, last = r.number[:i], r.number[i+1:]
			}
			position, _ := strconv.Atoi(last)
			in.ParentID = ids[parent]
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO strategy_items (strategy_id, parent_id, kind, position, title_az, title_en, title_ru,
				responsible_org_id, starts_on, ends_on, budget_planned, budget_source, budget_spent, status, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
				strategyID, db.NullID(in.ParentID), r.kind, position, in.Title.Az, in.Title.En, in.Title.Ru,
				db.NullID(in.ResponsibleID), nullDay(m.startsOn), nullDay(m.endsOn), m.planned.value(), in.Source, m.spent.value(), status, now).Scan(&id)
			if err != nil {
				return fmt.Errorf("strategy: import %s: %w", r.number, err)
			}
			ids[r.number] = id
			if r.kind == Measure {
				if err := setPartners(ctx, tx, id, in); err != nil {
					return err
				}
			}
			if err := audit.Record(ctx, tx, "strategy_item.create", "strategy_item", strconv.FormatInt(id, 10), r.fields...); err != nil {
				return err
			}
			continue
		}
		id := r.old.ID
		if _, err := tx.ExecContext(ctx, `UPDATE strategy_items SET title_az = $1, title_en = $2, title_ru = $3, responsible_org_id = $4,
			starts_on = $5, ends_on = $6, budget_planned = $7, budget_source = $8, status = $9, updated_at = $10 WHERE id = $11`,
			in.Title.Az, in.Title.En, in.Title.Ru, db.NullID(in.ResponsibleID), nullDay(m.startsOn), nullDay(m.endsOn),
			m.planned.value(), in.Source, status, now, id); err != nil {
			return fmt.Errorf("strategy: import %s: %w", r.number, err)
		}
		if slices.Contains(r.fields, "partners") {
			if _, err := tx.ExecContext(ctx, `DELETE FROM strategy_partners WHERE item_id = $1`, id); err != nil {
				return fmt.Errorf("strategy: import %s: %w", r.number, err)
			}
			if err := setPartners(ctx, tx, id, in); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, "strategy_item.update", "strategy_item", strconv.FormatInt(id, 10), r.fields...); err != nil {
			return err
		}
	}
	return nil
}

// Words returns the names of the statuses and the budget sources in the
// three languages, folded, by which ImportInput.Words reads a file's cells.
func Words(c *i18n.Catalog) map[string]string {
	words := map[string]string{}
	for _, l := range i18n.Langs {
		p := c.Printer(l)
		for _, st := range Statuses {
			words[i18n.Fold(p.T("strategy.status."+string(st)))] = string(st)
		}
		for _, src := range Sources {
			words[i18n.Fold(p.T("strategy.source."+string(src)))] = string(src)
		}
	}
	return words
}
