package demo

import (
	"context"
	"fmt"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/cases"
)

// seedCases opens a case for one of the demo's course applicants, who gave
// participation consent when they applied, so the consultant's caseload is
// not empty.
func seedCases(a *app.App, staff map[access.Role]access.Principal) error {
	ctx := access.With(context.Background(), staff[access.Consultant])
	list, err := a.People.Search(ctx, "Əhmədi Mürtəza", 1)
	if err != nil || len(list.Hits) == 0 {
		return fmt.Errorf("demo: find the case's person: %v", err)
	}
	_, err = a.Cases.OpenCase(ctx, cases.IntakeInput{PersonID: list.Hits[0].ID, Source: "walk_in", Language: "fa", Interpreter: true,
		StatedNeeds: "Azərbaycan dilini öyrənmək, iş tapmaq, uşaqları məktəbə yazdırmaq."})
	if err != nil {
		return fmt.Errorf("demo: case: %w", err)
	}
	return nil
}
