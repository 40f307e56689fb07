package cases

import (
	"context"
	"fmt"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/people"
)

// Approval is a case waiting for a supervisor's decision: a plan the person
// agreed to (PlanID), or a closure the consultant asked for.
type Approval struct {
	Case
	PlanID int64 // 0 when it is the closure that waits
}

// Approvals returns what waits for the supervisor's decision in the cases of
// their team, oldest change first: agreed plans and requested closures. The
// list shows names and is audited.
func (s *Store) Approvals(ctx context.Context) ([]Approval, error) {
	if err := access.Require(ctx, access.SuperviseCases); err != nil {
		return nil, err
	}
	p := access.From(ctx)
	rows, err := s.db.QueryContext(ctx, `SELECT `+caseColumns+`, agreed_plan FROM (SELECT `+caseColumns+`,
			(SELECT max(id) FROM plans WHERE plans.case_id = cases.id AND plans.state = 'agreed') AS agreed_plan
		FROM cases WHERE state <> 'closed' AND (consultant_id = $1 OR ($2 <> 0 AND organisation_id = $2))) waiting
		WHERE agreed_plan IS NOT NULL OR closure_requested <> ''
		ORDER BY updated_at, id LIMIT 200`, p.UserID, p.OrgID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Approval, error) {
		var a Approval
		var plan planNullID
		c, err := scanCase(scanAlso(r, &plan))
		a.Case, a.PlanID = c, int64(plan)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("cases: approvals: %w", err)
	}
	ids := make([]int64, len(list))
	for i, a := range list {
		ids[i] = a.PersonID
	}
	names, err := people.DisplayNames(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].PersonName = names[list[i].PersonID]
	}
	return list, audit.RecordRead(ctx, s.db, "case.approvals", "organisation", strconv.FormatInt(p.OrgID, 10))
}

// scanAlso returns a scanner that reads the row's columns into the scanner
// caller's fields and then into more, for a query that adds columns to a
// shared shape.
func scanAlso(r db.Scanner, more ...any) db.Scanner { return alsoScanner{r, more} }

type alsoScanner struct {
	db.Scanner
	more []any
}

func (a alsoScanner) Scan(dest ...any) error { return a.Scanner.Scan(append(dest, a.more...)...) }
