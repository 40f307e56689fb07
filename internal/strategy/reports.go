package strategy

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/stats"
	"inteqra/internal/textcheck"
)

// Cadence is how often a strategy's measures are reported on.
type Cadence string

// Cadences: each quarter (the default) or each half-year.
const (
	Quarterly  Cadence = "quarter"
	HalfYearly Cadence = "half"
)

// Cadences lists the cadences in the order forms show them.
var Cadences = []Cadence{Quarterly, HalfYearly}

// Reporting is a strategy's reporting setting: how often, and how many
// days after a period's end its report is due.
type Reporting struct {
	Period  Cadence
	DueDays int
}

// DefaultDueDays is the days a report is due after its period's end
// unless the strategy says otherwise.
const DefaultDueDays = 30

// maxDueDays bounds the reporting setting's days.
const maxDueDays = 366

// dueSoon is how close a due day must be for a report to be listed as due.
const dueSoon = 14

// ReportState is where a progress report stands.
type ReportState string

// Report states: a period without a report is unwritten; the focal point
// drafts and submits; the strategy officer approves or returns it, and a
// returned report is corrected and submitted again.
const (
	Unwritten ReportState = "unwritten"
	Drafted   ReportState = "draft"
	Submitted ReportState = "submitted"
	Returned  ReportState = "returned"
	Approved  ReportState = "approved"
)

// Period is one reporting period: its first and last day and the day its
// report is due.
type Period struct {
	Cadence Cadence
	Start   time.Time
	End     time.Time
	Due     time.Time
}

// Year returns the period's year.
func (p Period) Year() int { return p.Start.Year() }

// N returns the period's number in its year: the quarter (1–4) or the
// half (1–2).
func (p Period) N() int {
	if p.Cadence == HalfYearly {
		return (int(p.Start.Month())-1)/6 + 1
	}
	return (int(p.Start.Month())-1)/3 + 1
}

// Key names the period in a path: its first day.
func (p Period) Key() string { return p.Start.Format(time.DateOnly) }

// LabelKey is the message that names the period, with Year and N.
func (p Period) LabelKey() string { return "strategy.report.period_" + string(p.Cadence) }

// periodOf returns the period of r that holds the day d.
func periodOf(r Reporting, d time.Time) Period {
	months := 3
	if r.Period == HalfYearly {
		months = 6
	}
	m := (int(d.Month())-1)/months*months + 1
	start := time.Date(d.Year(), time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, months, -1)
	return Period{Cadence: r.Period, Start: start, End: end, Due: end.AddDate(0, 0, r.DueDays)}
}

// periods returns the periods of a measure that have begun by today.
func periods(r Reporting, m *Item, today time.Time) []Period {
	if m.StartsOn.IsZero() {
		return nil
	}
	last := today
	if !m.EndsOn.IsZero() && m.EndsOn.Before(last) {
		last = m.EndsOn
	}
	var out []Period
	for p := periodOf(r, m.StartsOn); !p.Start.After(last); p = periodOf(r, p.End.AddDate(0, 0, 1)) {
		out = append(out, p)
	}
	return out
}

// Report is a measure's progress report for one period. An unwritten one
// (ID 0) holds the measure's status, for its form.
type Report struct {
	ID        int64
	ItemID    int64
	Period    Period
	State     ReportState
	Narrative string
	Status    Status
	Spent     Money
	UpdatedAt time.Time
	Comment   string // the officer's comment when it was returned last
	Events    []Event
	Evidence  []Evidence
	Entries   []Entry       // the indicators' values
	Changes   []EntryChange // their history, the latest first
}

// Pending reports whether the report still waits for its focal point:
// not submitted, or returned.
func (r *Report) Pending() bool { return r.State != Submitted && r.State != Approved }

// Editable reports whether the focal point may change the report.
func (r *Report) Editable() bool { return r.Pending() }

// Event is one move of a report, with its values as they stood.
type Event struct {
	State     ReportState
	By        string
	At        time.Time
	Comment   string
	Narrative string
	Status    Status
	Spent     Money
}

// Slot is a measure's period with its report and where it stands on the
// day the store reads it.
type Slot struct {
	Report
	Today   time.Time
	Due     bool // due within two weeks and not submitted
	Overdue bool // due day passed and not submitted
}

func slot(rep Report, today time.Time) Slot {
	s := Slot{Report: rep, Today: today}
	if rep.Pending() {
		s.Overdue = today.After(rep.Period.Due)
		s.Due = !s.Overdue && !rep.Period.Due.After(today.AddDate(0, 0, dueSoon))
	}
	return s
}

// ReportInput is the report form.
type ReportInput struct {
	Narrative string
	Status    Status
	Spent     string // manat, as typed
	Entries   []EntryInput
}

// Edit returns the input that reproduces the report, for its form.
func (r *Report) Edit() ReportInput {
	in := ReportInput{Narrative: r.Narrative, Status: r.Status, Spent: r.Spent.Form()}
	for _, e := range r.Entries {
		in.Entries = append(in.Entries, EntryInput{IndicatorID: e.IndicatorID, Category: e.Category, Key: e.Key, Value: e.Value.Form()})
	}
	return in
}

// Typed returns the value the form holds for an indicator's total (cat
// "") or a cell of its breakdown.
func (in ReportInput) Typed(indicatorID int64, cat stats.Category, key string) string {
	for _, e := range in.Entries {
		if e.IndicatorID == indicatorID && e.Category == cat && (cat == "" || e.Key == key) {
			return e.Value
		}
	}
	return ""
}

func (in *ReportInput) validate() (Money, error) {
	var l textcheck.List
	in.Narrative = strings.TrimSpace(in.Narrative)
	if l.Check("strategy.report.narrative", in.Narrative, textcheck.Long) && in.Narrative == "" {
		l.Add(i18n.Errorf("strategy.error.required", "Field", i18n.Key("strategy.report.narrative")))
	}
	if !slices.Contains(Statuses, in.Status) {
		l.Add(textcheck.Unknown("strategy.report.status"))
	}
	spent, err := amount(in.Spent, "strategy.report.spent")
	l.Add(err)
	return spent, l.Err()
}

// ReportingInput is the strategy's reporting setting as a form holds it.
type ReportingInput struct {
	Period  Cadence
	DueDays int // a form's unreadable number is -1
}

// SetReporting sets how often a strategy's measures are reported on and
// how many days after a period's end a report is due. How often is set
// before the first report is written; the days may change at any time.
func (s *Store) SetReporting(ctx context.Context, id int64, in ReportingInput) error {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return err
	}
	var l textcheck.List
	if !slices.Contains(Cadences, in.Period) {
		l.Add(textcheck.Unknown("strategy.reporting.period"))
	}
	if in.DueDays < 0 || in.DueDays > maxDueDays {
		l.Add(i18n.Errorf("strategy.error.due_days", "Field", i18n.Key("strategy.reporting.due_days"), "Max", maxDueDays))
	}
	if err := l.Err(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		st, err := strategyOn(ctx, tx, id)
		if err != nil {
			return err
		}
		if st.State == Closed {
			return stateError(st.State)
		}
		if st.Reporting.Period != in.Period {
			// The reports written are for the periods they name: the
			// periods change only while there are none.
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM strategy_reports r JOIN strategy_items i ON i.id = r.item_id
				WHERE i.strategy_id = $1`, id).Scan(&n); err != nil {
				return fmt.Errorf("strategy: reporting of %d: %w", id, err)
			}
			if n > 0 {
				return i18n.Errorf("strategy.error.reporting_locked", "Field", i18n.Key("strategy.reporting.period"))
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE strategies SET report_period = $1, report_due_days = $2, updated_at = $3
			WHERE id = $4 AND (report_period <> $1 OR report_due_days <> $2)`, in.Period, in.DueDays, db.Now(), id)
		if err != nil {
			return fmt.Errorf("strategy: reporting of %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit.Record(ctx, tx, "strategy.update", "strategy", strconv.FormatInt(id, 10), "reporting")
	})
}

const reportColumns = `id, item_id, period_start, state, narrative, status, spent, updated_at`

func scanReport(r db.Scanner) (Report, error) {
	var rep Report
	var spent sql.NullInt64
	err := r.Scan(&rep.ID, &rep.ItemID, &rep.Period.Start, &rep.State, &rep.Narrative, &rep.Status, &spent, &rep.UpdatedAt)
	rep.Spent = Money{spent.Int64, spent.Valid}
	rep.Period.Start = rep.Period.Start.UTC()
	return rep, db.NotFound(err)
}

// reportsOf returns a strategy's reports by measure and period's first day.
func reportsOf(ctx context.Context, q db.Querier, strategyID int64) (map[int64]map[string]Report, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+prefixed("r.", reportColumns)+` FROM strategy_reports r
		JOIN strategy_items i ON i.id = r.item_id WHERE i.strategy_id = $1`, strategyID)
	list, err := db.Collect(rows, err, scanReport)
	if err != nil {
		return nil, fmt.Errorf("strategy: reports of %d: %w", strategyID, err)
	}
	out := map[int64]map[string]Report{}
	for _, r := range list {
		if out[r.ItemID] == nil {
			out[r.ItemID] = map[string]Report{}
		}
		out[r.ItemID][r.Period.Key()] = r
	}
	return out, nil
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}

// slots returns a measure's periods with their reports.
func slots(st Strategy, m *Item, reports map[string]Report, today time.Time) []Slot {
	var out []Slot
	for _, p := range periods(st.Reporting, m, today) {
		rep, ok := reports[p.Key()]
		if !ok {
			rep = Report{ItemID: m.ID, State: Unwritten, Status: m.Status}
		}
		rep.Period = p
		out = append(out, slot(rep, today))
	}
	return out
}

// Slots returns a measure's reporting periods that have begun, the latest
// first, each with its report. A focal point reads only their
// organisation's measures.
func (s *Store) Slots(ctx context.Context, itemID int64) ([]Slot, error) {
	loc, err := s.Item(ctx, itemID)
	if err != nil {
		return nil, err
	}
	if loc.Kind != Measure {
		return nil, nil
	}
	reports, err := reportsOf(ctx, s.db, loc.StrategyID)
	if err != nil {
		return nil, err
	}
	out := slots(loc.Strategy, loc.Item, reports[itemID], loc.Today)
	slices.Reverse(out)
	return out, nil
}

// ReportView is one report with its measure and its history.
type ReportView struct {
	Measure Located
	Slot
}

// Report returns a measure's report for the period that begins on start,
// with its history; a period the measure has not reached, or a measure the
// principal may not read, answers as a missing report.
func (s *Store) Report(ctx context.Context, itemID int64, start time.Time) (ReportView, error) {
	loc, err := s.Item(ctx, itemID)
	if err != nil {
		return ReportView{}, err
	}
	sl, err := s.slotOn(ctx, s.db, loc, start)
	if err != nil {
		return ReportView{}, err
	}
	if sl.ID != 0 {
		if sl.Events, err = events(ctx, s.db, sl.ID); err != nil {
			return ReportView{}, err
		}
		if sl.Evidence, err = evidenceOf(ctx, s.db, sl.ID); err != nil {
			return ReportView{}, err
		}
		if sl.Entries, err = entriesOf(ctx, s.db, sl.ID); err != nil {
			return ReportView{}, err
		}
		if sl.Changes, err = changesOf(ctx, s.db, sl.ID); err != nil {
			return ReportView{}, err
		}
	}
	return ReportView{Measure: loc, Slot: sl}, nil
}

// slotOn returns the measure's slot of the period that begins on start.
func (s *Store) slotOn(ctx context.Context, q db.Querier, loc Located, start time.Time) (Slot, error) {
	if loc.Kind != Measure {
		return Slot{}, fmt.Errorf("strategy: report of %d: %w", loc.ID, db.ErrNotFound)
	}
	for _, p := range periods(loc.Strategy.Reporting, loc.Item, loc.Today) {
		if !p.Start.Equal(start) {
			continue
		}
		rep, err := scanReport(q.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM strategy_reports WHERE item_id = $1 AND period_start = $2`,
			loc.ID, p.Start))
		switch {
		case err == nil:
		case errors.Is(err, db.ErrNotFound):
			rep = Report{ItemID: loc.ID, State: Unwritten, Status: loc.Status}
		default:
			return Slot{}, fmt.Errorf("strategy: report of %d: %w", loc.ID, err)
		}
		rep.Period = p
		if rep.State == Returned {
			if err := q.QueryRowContext(ctx, `SELECT comment FROM strategy_report_events WHERE report_id = $1 ORDER BY id DESC LIMIT 1`,
				rep.ID).Scan(&rep.Comment); err != nil {
				return Slot{}, fmt.Errorf("strategy: report %d: %w", rep.ID, err)
			}
		}
		return slot(rep, loc.Today), nil
	}
	return Slot{}, fmt.Errorf("strategy: report of %d for %s: %w", loc.ID, start.Format(time.DateOnly), db.ErrNotFound)
}

func events(ctx context.Context, q db.Querier, id int64) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT e.state, coalesce(u.name, ''), e.at, e.comment, e.narrative, e.status, e.spent
		FROM strategy_report_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.report_id = $1 ORDER BY e.id DESC`, id)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Event, error) {
		var e Event
		var spent sql.NullInt64
		err := r.Scan(&e.State, &e.By, &e.At, &e.Comment, &e.Narrative, &e.Status, &spent)
		e.Spent = Money{spent.Int64, spent.Valid}
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("strategy: history of report %d: %w", id, err)
	}
	return list, nil
}

func reportStateError(st ReportState) error {
	return i18n.Errorf("strategy.error.report_state", "State", i18n.Key("strategy.report.state."+string(st)))
}

// SaveReport writes a measure's report for the period that begins on
// start, as a draft, or submits it when submit is set. The focal point of
// the measure's organisation writes it: any other measure answers as a
// missing one does. A submitted or approved report is not changed.
func (s *Store) SaveReport(ctx context.Context, itemID int64, start time.Time, in ReportInput, submit bool) (int64, error) {
	if err := access.Require(ctx, access.ReportStrategy); err != nil {
		return 0, err
	}
	var id int64
	err := s.reportTx(ctx, itemID, start, func(tx *db.Tx, loc Located, sl Slot) error {
		if !sl.Editable() {
			return reportStateError(sl.State)
		}
		spent, err := in.validate()
		entries, err2 := readEntries(ctx, tx, loc.Item, in.Entries, submit)
		if err := errors.Join(err, err2); err != nil {
			return err
		}
		state := sl.State
		if state == Unwritten {
			state = Drafted
		}
		if submit {
			state = Submitted
		}
		now := db.Now()
		id = sl.ID
		if id == 0 {
			err = tx.QueryRowContext(ctx, `INSERT INTO strategy_reports (item_id, period_start, period_end, state, narrative, status, spent,
				created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
				itemID, sl.Period.Start, sl.Period.End, state, in.Narrative, in.Status, spent.value(), now).Scan(&id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE strategy_reports SET state = $1, narrative = $2, status = $3, spent = $4, updated_at = $5
				WHERE id = $6`, state, in.Narrative, in.Status, spent.value(), now, id)
		}
		if err != nil {
			return fmt.Errorf("strategy: report of %d: %w", itemID, err)
		}
		fields := []string{"narrative", "status", "spent"}
		changed, err := saveEntries(ctx, tx, id, entries)
		if err != nil {
			return err
		}
		if changed {
			fields = append(fields, "values")
		}
		if !submit {
			return audit.Record(ctx, tx, "strategy_report.save", "strategy_report", strconv.FormatInt(id, 10), fields...)
		}
		if err := addEvent(ctx, tx, id, Submitted, "", in.Narrative, in.Status, spent); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "strategy_report.submit", "strategy_report", strconv.FormatInt(id, 10), append(fields, "state")...)
	})
	return id, err
}

// ApproveReport approves a submitted report: the measure takes the status
// the report gives and the money it spent is added to the measure's.
func (s *Store) ApproveReport(ctx context.Context, itemID int64, start time.Time) error {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return err
	}
	return s.reportTx(ctx, itemID, start, func(tx *db.Tx, loc Located, sl Slot) error {
		if sl.State != Submitted {
			return reportStateError(sl.State)
		}
		now := db.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE strategy_reports SET state = $1, updated_at = $2 WHERE id = $3`, Approved, now, sl.ID); err != nil {
			return fmt.Errorf("strategy: approve report %d: %w", sl.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE strategy_items SET status = $1, budget_spent = coalesce(budget_spent + $2, budget_spent, $3),
			updated_at = $4 WHERE id = $5`, sl.Status, sl.Spent.Qepik, sl.Spent.value(), now, itemID); err != nil {
			return fmt.Errorf("strategy: approve report %d: %w", sl.ID, err)
		}
		if err := addEvent(ctx, tx, sl.ID, Approved, "", sl.Narrative, sl.Status, sl.Spent); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, "strategy_item.status", "strategy_item", strconv.FormatInt(itemID, 10), "status", "budget"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "strategy_report.approve", "strategy_report", strconv.FormatInt(sl.ID, 10), "state")
	})
}

// ReturnReport returns a submitted report to its focal point with a
// comment that says what to correct.
func (s *Store) ReturnReport(ctx context.Context, itemID int64, start time.Time, comment string) error {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return err
	}
	comment = strings.TrimSpace(comment)
	return s.reportTx(ctx, itemID, start, func(tx *db.Tx, loc Located, sl Slot) error {
		if sl.State != Submitted {
			return reportStateError(sl.State)
		}
		var l textcheck.List
		if l.Check("strategy.report.comment", comment, textcheck.Long) && comment == "" {
			l.Add(i18n.Errorf("strategy.error.required", "Field", i18n.Key("strategy.report.comment")))
		}
		if err := l.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE strategy_reports SET state = $1, updated_at = $2 WHERE id = $3`, Returned, db.Now(), sl.ID); err != nil {
			return fmt.Errorf("strategy: return report %d: %w", sl.ID, err)
		}
		if err := addEvent(ctx, tx, sl.ID, Returned, comment, sl.Narrative, sl.Status, sl.Spent); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "strategy_report.return", "strategy_report", strconv.FormatInt(sl.ID, 10), "state", "comment")
	})
}

// reportTx runs fn in one transaction on the measure's slot of the period
// that begins on start, in a strategy not closed.
func (s *Store) reportTx(ctx context.Context, itemID int64, start time.Time, fn func(*db.Tx, Located, Slot) error) error {
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		it, err := itemOn(ctx, tx, itemID)
		if err != nil {
			return err
		}
		st, err := strategyOn(ctx, tx, it.StrategyID)
		if err != nil {
			return err
		}
		if it.Kind != Measure || !mayReport(access.From(ctx), it) {
			return fmt.Errorf("strategy: report of %d: %w", itemID, db.ErrNotFound)
		}
		if st.State == Closed {
			return stateError(st.State)
		}
		if err := indicatorsOf(ctx, tx, st.ID, map[int64]*Item{it.ID: it}); err != nil {
			return err
		}
		loc := Located{Item: it, Strategy: st, Today: s.today()}
		sl, err := s.slotOn(ctx, tx, loc, start)
		if err != nil {
			return err
		}
		return fn(tx, loc, sl)
	})
}

func addEvent(ctx context.Context, tx *db.Tx, id int64, state ReportState, comment, narrative string, status Status, spent Money) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO strategy_report_events (report_id, state, user_id, at, comment, narrative, status, spent)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, state, db.NullID(access.From(ctx).UserID), db.Now(), comment, narrative, status,
		spent.value()); err != nil {
		return fmt.Errorf("strategy: history of report %d: %w", id, err)
	}
	return nil
}

// Listed is a report in a list, with its measure.
type Listed struct {
	Measure Located
	Slot
}

// SubmittedReports returns the reports waiting for the strategy officer,
// the oldest submission first.
func (s *Store) SubmittedReports(ctx context.Context) ([]Listed, error) {
	if err := access.Require(ctx, access.ManageStrategy); err != nil {
		return nil, err
	}
	list, err := s.listReports(ctx, func(m Located, sl Slot) bool { return sl.State == Submitted })
	slices.SortStableFunc(list, func(a, b Listed) int { return a.UpdatedAt.Compare(b.UpdatedAt) })
	return list, err
}

// DueReports returns the reports due within two weeks and those overdue,
// of the measures the principal reports on (a focal point's organisation's;
// every measure for the strategy officer), the earliest due first.
func (s *Store) DueReports(ctx context.Context) ([]Listed, error) {
	if err := access.Require(ctx, access.ReportStrategy); err != nil {
		return nil, err
	}
	p := access.From(ctx)
	list, err := s.listReports(ctx, func(m Located, sl Slot) bool { return mayReport(p, m.Item) && (sl.Due || sl.Overdue) })
	slices.SortStableFunc(list, func(a, b Listed) int { return a.Period.Due.Compare(b.Period.Due) })
	return list, err
}

// listReports returns the slots keep accepts of every measure in every
// strategy not closed.
func (s *Store) listReports(ctx context.Context, keep func(Located, Slot) bool) ([]Listed, error) {
	measures, err := s.measures(ctx, func(*Item) bool { return true })
	if err != nil {
		return nil, err
	}
	var out []Listed
	reports := map[int64]map[int64]map[string]Report{}
	for _, m := range measures {
		if reports[m.StrategyID] == nil {
			if reports[m.StrategyID], err = reportsOf(ctx, s.db, m.StrategyID); err != nil {
				return nil, err
			}
		}
		for _, sl := range slots(m.Strategy, m.Item, reports[m.StrategyID][m.ID], m.Today) {
			if keep(m, sl) {
				out = append(out, Listed{Measure: m, Slot: sl})
			}
		}
	}
	return out, nil
}

// Flags counts a measure's reports overdue and due soon, for the plan's
// tree and the measure's page.
type Flags struct{ Due, Overdue int }

// ReportFlags returns, by measure, the counts of the reports due and
// overdue in a strategy, of the measures the principal may read.
func (s *Store) ReportFlags(ctx context.Context, strategyID int64) (map[int64]Flags, error) {
	if err := access.Require(ctx, access.ReadStrategy); err != nil {
		return nil, err
	}
	p := access.From(ctx)
	st, err := strategyOn(ctx, s.db, strategyID)
	if err != nil {
		return nil, err
	}
	_, byID, err := tree(ctx, s.db, strategyID)
	if err != nil {
		return nil, err
	}
	reports, err := reportsOf(ctx, s.db, strategyID)
	if err != nil {
		return nil, err
	}
	out := map[int64]Flags{}
	today := s.today()
	for id, it := range byID {
		if it.Kind != Measure || !mayReport(p, it) {
			continue
		}
		var f Flags
		for _, sl := range slots(st, it, reports[id], today) {
			if sl.Due {
				f.Due++
			}
			if sl.Overdue {
				f.Overdue++
			}
		}
		if f != (Flags{}) {
			out[id] = f
		}
	}
	return out, nil
}
