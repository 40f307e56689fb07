package strategy

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/notify"
)

// Notify reminds the focal points of the reports due and overdue, through n.
func (s *Store) Notify(n *notify.Store) { s.notify = n }

// RemindReports tells the focal points of each measure's organisation of
// its report due within two weeks, and again once it is overdue, once
// each: a notify.Reminder. The store's own day is the reports' today.
func (s *Store) RemindReports(ctx context.Context, _ time.Time) error {
	if s.notify == nil {
		return nil
	}
	list, err := s.DueReports(ctx)
	if err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		for _, r := range list {
			to, err := notify.OrgUsers(ctx, tx, r.Measure.Responsible.ID, access.FocalPoint)
			if err != nil {
				return err
			}
			kind := "report.due"
			if r.Overdue {
				kind = "report.overdue"
			}
			m := r.Measure
			if err := s.notify.Raise(ctx, tx, notify.Event{Kind: kind, To: to, Once: fmt.Sprintf("%d/%s", m.ID, r.Period.Key()),
				Link: fmt.Sprintf("/action-plan/%d/items/%d/reports/%s", m.StrategyID, m.ID, r.Period.Key()),
				Args: map[string]string{"Number": m.Number, "Due": notify.Day(r.Period.Due)}}); err != nil {
				return err
			}
		}
		return nil
	})
}
