package cases

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// CaseloadRow is a line of the caseload export.
type CaseloadRow struct {
	Case
	OpenTasks    int
	OverdueTasks int
}

// Caseload returns the cases the principal may see with their open and
// overdue task counts, for the XLSX export; the export is audited.
func (s *Store) Caseload(ctx context.Context) ([]CaseloadRow, error) {
	list, err := s.cases(ctx, Filter{})
	if err != nil {
		return nil, err
	}
	rows := make([]CaseloadRow, len(list))
	index := map[int64]int{}
	for i, c := range list {
		rows[i].Case = c
		index[c.ID] = i
	}
	today := i18n.DayOf(s.now())
	q, err := s.db.QueryContext(ctx, `SELECT case_id, due_on FROM case_tasks WHERE done_at IS NULL`)
	err = db.Each(q, err, func(r db.Scanner) error {
		var id int64
		var due time.Time
		if err := r.Scan(&id, &due); err != nil {
			return err
		}
		if i, ok := index[id]; ok {
			rows[i].OpenTasks++
			if due.Before(today) {
				rows[i].OverdueTasks++
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cases: caseload tasks: %w", err)
	}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, "case.export", "case", "caseload")
	})
	return rows, err
}
