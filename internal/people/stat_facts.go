package people

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/stats"
)

// StatPersons gives the statistics every active person's categories, with
// no name: sex, birth, citizenship (stats.CitizenshipMany for several),
// the residence status in force today (the latest when several are) and
// region.
func (s *Store) StatPersons(ctx context.Context, today time.Time, visit func(stats.Person) error) error {
	citizenship := map[int64]string{}
	rows, err := s.db.QueryContext(ctx, `SELECT person_id, country FROM person_citizenships`)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var id int64
		var country string
		if err := r.Scan(&id, &country); err != nil {
			return err
		}
		if _, ok := citizenship[id]; ok {
			country = stats.CitizenshipMany
		}
		citizenship[id] = country
		return nil
	})
	if err != nil {
		return fmt.Errorf("people: statistics: citizenships: %w", err)
	}
	residence := map[int64]string{}
	rows, err = s.db.QueryContext(ctx, `SELECT person_id, kind, valid_from, valid_to, state FROM residence_statuses
		ORDER BY person_id, COALESCE(valid_from, issued_on, created_at) DESC, id DESC`)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var st ResidenceStatus
		var from, to nullTime
		if err := r.Scan(&st.PersonID, &st.Kind, &from, &to, &st.State); err != nil {
			return err
		}
		st.ValidFrom, st.ValidTo = from.utc(), to.utc()
		if _, ok := residence[st.PersonID]; !ok && st.CurrentOn(today) {
			residence[st.PersonID] = string(st.Kind)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("people: statistics: statuses: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT id, sex, birth_date, birth_year, stateless, region_id FROM persons WHERE state = $1`, Active)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var p stats.Person
		var birth nullTime
		var year, region nullInt64
		var stateless bool
		if err := r.Scan(&p.ID, &p.Sex, &birth, &year, &stateless, &region); err != nil {
			return err
		}
		p.Birth, p.BirthYear = birth.utc(), int(year.Int64)
		p.Citizenship, p.Residence = citizenship[p.ID], residence[p.ID]
		if stateless {
			p.Citizenship = stats.Stateless
		}
		if region.Valid {
			p.Region = strconv.FormatInt(region.Int64, 10)
		}
		return visit(p)
	})
	if err != nil {
		return fmt.Errorf("people: statistics: persons: %w", err)
	}
	return nil
}

// StatFacts gives the registry's facts: each active person's registration,
// each likely duplicate found and each pair merged. A merge closes every
// open pair of either record, so a pair counts as merged only when one of
// its records was merged into the other.
func (s *Store) StatFacts(ctx context.Context, q db.Querier, _ time.Time, emit func(stats.Fact) error) error {
	rows, err := q.QueryContext(ctx, `SELECT id, created_at FROM persons WHERE state = $1`, Active)
	err = db.Each(rows, err, func(r db.Scanner) error {
		f := stats.Fact{Kind: stats.Registered}
		if err := r.Scan(&f.PersonID, &f.Day); err != nil {
			return err
		}
		return emit(f)
	})
	if err != nil {
		return fmt.Errorf("people: statistics: registrations: %w", err)
	}
	rows, err = q.QueryContext(ctx, `SELECT d.found_at, d.state, d.decided_at, EXISTS (SELECT 1 FROM persons p
		WHERE p.id = d.person_a AND p.merged_into = d.person_b OR p.id = d.person_b AND p.merged_into = d.person_a)
		FROM duplicate_pairs d`)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var found time.Time
		var state string
		var decided nullTime
		var merged bool
		if err := r.Scan(&found, &state, &decided, &merged); err != nil {
			return err
		}
		if err := emit(stats.Fact{Kind: stats.DuplicateFlagged, Day: found}); err != nil {
			return err
		}
		if state == "merged" && merged && decided.Valid {
			return emit(stats.Fact{Kind: stats.DuplicateMerged, Day: decided.utc()})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("people: statistics: duplicates: %w", err)
	}
	return nil
}
