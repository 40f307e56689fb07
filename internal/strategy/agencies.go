package strategy

import (
	"cmp"
	"context"
	"slices"

	"inteqra/internal/i18n"
)

// AgencyMeasures is a responsible organisation with its measures.
type AgencyMeasures struct {
	Agency   Org
	Measures []AgencyMeasure
}

// AgencyMeasure is a measure with the report of its latest period that
// was written, nil when none was.
type AgencyMeasure struct {
	*Item
	Last *Report
}

// Agencies returns a plan's measures by responsible organisation, in the
// alphabetical order of their names and each in the plan's order, with
// the last report written on each: the monitoring list of who reports
// what. A focal point gets only their organisation's, as Plan does.
func (s *Store) Agencies(ctx context.Context, strategyID int64) (Plan, []AgencyMeasures, error) {
	pl, err := s.Plan(ctx, strategyID)
	if err != nil {
		return pl, nil, err
	}
	reports, err := reportsOf(ctx, s.db, strategyID)
	if err != nil {
		return pl, nil, err
	}
	byOrg := map[int64]*AgencyMeasures{}
	var out []*AgencyMeasures
	for _, g := range pl.Goals {
		for _, o := range g.Children {
			for _, m := range o.Children {
				a := byOrg[m.Responsible.ID]
				if a == nil {
					a = &AgencyMeasures{Agency: m.Responsible}
					byOrg[m.Responsible.ID] = a
					out = append(out, a)
				}
				am := AgencyMeasure{Item: m}
				for _, r := range reports[m.ID] {
					if am.Last == nil || r.Period.Start.After(am.Last.Period.Start) {
						r.Period = periodOf(pl.Reporting, r.Period.Start)
						am.Last = &r
					}
				}
				a.Measures = append(a.Measures, am)
			}
		}
	}
	slices.SortFunc(out, func(a, b *AgencyMeasures) int {
		return cmp.Or(i18n.Compare(a.Agency.Name, b.Agency.Name), cmp.Compare(a.Agency.ID, b.Agency.ID))
	})
	list := make([]AgencyMeasures, len(out))
	for i, a := range out {
		list[i] = *a
	}
	return pl, list, nil
}
