package cases

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"

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
	rows, err := s.db.QueryContext(ctx, `SELECT `+prefixed("c.", caseColumns)+`, pl.id FROM cases c
		LEFT JOIN plans pl ON pl.case_id = c.id AND pl.state = 'agreed'
		WHERE c.state <> 'closed' AND (pl.id IS NOT NULL OR c.closure_requested <> '')
		AND (c.consultant_id = $1 OR ($2 <> 0 AND c.organisation_id = $2))
		ORDER BY c.updated_at, c.id LIMIT 200`, p.UserID, p.OrgID)
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

// prefixed qualifies each column of a column list with prefix ("c.").
func prefixed(prefix, columns string) string {
	fields := strings.FieldsFunc(columns, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
	for i, f := range fields {
		fields[i] = prefix + f
	}
	return strings.Join(fields, ", ")
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
