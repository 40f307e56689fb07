package app_test

import (
	"context"
	"slices"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// The random series' steps through the registry, and the spreading of
// the days it stamped.

// register registers a person of random categories, with participation
// consent five times in six; a fifth of them share one name, as likely
// duplicates for the scan.
func (c *chaos) register() error {
	s := someone{sex: []people.Sex{people.Female, people.Male, ""}[c.r.IntN(3)], region: int64(c.r.IntN(4)),
		status:    []people.StatusKind{"", people.PermanentPermit, people.Refugee, people.TemporaryPermit}[c.r.IntN(4)],
		noConsent: c.r.IntN(6) == 0}
	switch c.r.IntN(4) {
	case 0:
		s.birthYear = 1940 + c.r.IntN(85)
	case 1:
	default:
		s.birth = c.today.AddDate(-c.r.IntN(80), 0, -c.r.IntN(365)).Format(time.DateOnly)
	}
	switch c.r.IntN(5) {
	case 0:
		s.stateless = true
	case 1:
		s.citizens = []string{"UA", "RU"}
	case 2:
	default:
		s.citizens = []string{[]string{"AF", "UA", "SY", "IR"}[c.r.IntN(4)]}
	}
	if c.r.IntN(5) == 0 { // a likely duplicate of someone
		s.surname, s.given = "Həsənov", "Əli"
	}
	id := c.person(s)
	c.persons = append(c.persons, id)
	if !s.noConsent {
		c.clients = append(c.clients, id)
		if s.status == people.PermanentPermit || s.status == people.Refugee {
			c.students = append(c.students, id)
		}
	}
	return nil
}

// merge merges a random person into another, taking some of the merged
// record's fields.
func (c *chaos) merge() error {
	if len(c.persons) < 2 {
		return nil
	}
	i, j := c.r.IntN(len(c.persons)), c.r.IntN(len(c.persons))
	keep, gone := c.persons[i], c.persons[j]
	take := map[string]int64{}
	for _, f := range []string{"sex", "birth", "region"} {
		if c.r.IntN(2) == 0 {
			take[f] = gone
		}
	}
	err := c.a.People.Merge(c.sys, people.MergeInput{Survivor: keep, Merged: gone, Take: take})
	if err == nil {
		c.gone(gone, keep)
	}
	return err
}

func (c *chaos) erase() error {
	i := c.r.IntN(max(len(c.persons), 1))
	if i >= len(c.persons) {
		return nil
	}
	err := c.a.People.Erase(c.sys, c.persons[i], "Qanuni tələb")
	if err == nil {
		c.gone(c.persons[i], 0)
	}
	return err
}

// gone takes a person merged into another (survivor) or erased (0) out of
// the lists; the survivor has what the merged record had.
func (c *chaos) gone(id, survivor int64) {
	for _, list := range []*[]int64{&c.persons, &c.clients, &c.students} {
		had := slices.Contains(*list, id)
		*list = slices.DeleteFunc(*list, func(k int64) bool { return k == id })
		if had && survivor != 0 && !slices.Contains(*list, survivor) {
			*list = append(*list, survivor)
		}
	}
}

// spreads are the days the stores stamped and the recount reads: each is
// moved to a random day between the days before today given (a due day
// may lie ahead), at a random hour in Baku for an instant.
var spreads = []struct {
	table, keys, column string
	instant             bool
	from, to            int
}{
	{"persons", "id", "created_at", true, -540, 0},
	{"cases", "id", "opened_at", true, -540, 0},
	{"assessments", "id", "completed_at", true, -500, 0},
	{"plans", "id", "agreed_on", false, -500, 0},
	{"service_contacts", "id", "held_on", false, -500, 0},
	{"referrals", "id", "sent_at", true, -500, 0},
	{"referrals", "id", "answered_at", true, -500, 0},
	{"referrals", "id", "closed_at", true, -500, 0},
	{"referrals", "id", "due_on", false, -60, 20},
	{"case_tasks", "id", "due_on", false, -60, 20},
	{"enrolments", "id", "applied_at", true, -540, 0},
	{"enrolments", "id", "ended_at", true, -500, 0},
	{"test_results", "id", "taken_on", false, -500, 0},
	{"certificates", "id", "issued_on", false, -500, 0},
	{"proposals", "id", "submitted_at", true, -540, 0},
	{"proposals", "id", "answered_at", true, -500, 0},
	{"duplicate_pairs", "person_a, person_b", "found_at", true, -500, 0},
	{"duplicate_pairs", "person_a, person_b", "decided_at", true, -500, 0},
	{"council_meetings", "id", "starts_at", true, -500, 0},
}

// spread moves every stamped day to a random one, so that the figures
// fall in many periods, some on either side of a midnight in Baku.
func (c *chaos) spread() {
	ctx := context.Background()
	err := c.d.Transact(ctx, func(tx *db.Tx) error {
		for _, s := range spreads {
			var keys [][2]int64
			two := s.keys != "id"
			r, err := tx.QueryContext(ctx, `SELECT `+s.keys+` FROM `+s.table+` WHERE `+s.column+` IS NOT NULL`)
			err = db.Each(r, err, func(r db.Scanner) error {
				var k [2]int64
				if two {
					err = r.Scan(&k[0], &k[1])
				} else {
					err = r.Scan(&k[0])
				}
				keys = append(keys, k)
				return err
			})
			if err != nil {
				return err
			}
			where := `id = $2`
			if two {
				where = `person_a = $2 AND person_b = $3`
			}
			for _, k := range keys {
				day := c.today.AddDate(0, 0, s.from+c.r.IntN(s.to-s.from+1))
				v := any(day)
				if s.instant {
					v = db.Time(time.Date(day.Year(), day.Month(), day.Day(), c.r.IntN(24), c.r.IntN(60), 0, 0, i18n.Baku))
				}
				args := []any{v, k[0]}
				if two {
					args = append(args, k[1])
				}
				if _, err := tx.ExecContext(ctx, `UPDATE `+s.table+` SET `+s.column+` = $1 WHERE `+where, args...); err != nil {
					return err
				}
			}
		}
		return nil
	})
	c.check(err)
}
