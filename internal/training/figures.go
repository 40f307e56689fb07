package training

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/people"
)

// smallCell is the least number of applicants a published group may have;
// smaller groups are pooled so that no one can be recognised in a table.
const smallCell = 5

// Pooled is the key of the group that holds the citizenships with fewer
// than smallCell applicants.
const Pooled = "pooled"

// Tally counts applications by how far they got.
type Tally struct {
	Key          string // the group: a course or cohort id, a sex, a country code, or Pooled
	Applications int
	Rejected     int
	Waitlisted   int // still waiting for a place
	Enrolled     int // ever held a place
	Completed    int
	NotCompleted int
	Dropped      int
	FinalTaken   int
	FinalPassed  int
}

// Share is a rate in per cent, or unknown while there is nothing to divide by.
type Share struct {
	Percent int
	Known   bool
}

func share(part, whole int) Share {
	if whole == 0 {
		return Share{}
	}
	return Share{Percent: part * 100 / whole, Known: true}
}

// CompletionRate is the share of learners whose course has ended who completed it.
func (t Tally) CompletionRate() Share {
	return share(t.Completed, t.Completed+t.NotCompleted+t.Dropped)
}

// PassRate is the share of final tests passed.
func (t Tally) PassRate() Share { return share(t.FinalPassed, t.FinalTaken) }

func (t *Tally) add(e Enrolment, final *TestResult, c Course) {
	t.Applications++
	switch e.State {
	case Rejected:
		t.Rejected++
	case Waitlisted:
		t.Waitlisted++
	case Completed:
		t.Completed++
	case NotCompleted:
		t.NotCompleted++
	case Dropped:
		t.Dropped++
	}
	if !e.DecidedAt.IsZero() {
		t.Enrolled++
	}
	if final != nil {
		t.FinalTaken++
		if final.Passed(c) {
			t.FinalPassed++
		}
	}
}

func (t *Tally) merge(o Tally) {
	t.Applications += o.Applications
	t.Rejected += o.Rejected
	t.Waitlisted += o.Waitlisted
	t.Enrolled += o.Enrolled
	t.Completed += o.Completed
	t.NotCompleted += o.NotCompleted
	t.Dropped += o.Dropped
	t.FinalTaken += o.FinalTaken
	t.FinalPassed += o.FinalPassed
}

// Figures are the Centre's figures for the applications made in a period.
type Figures struct {
	From, To      time.Time
	Total         Tally
	ByCourse      []Tally // Key: course id
	ByCohort      []Tally // Key: cohort id
	BySex         []Tally // Key: "f", "m" or "" (unknown)
	ByCitizenship []Tally // Key: country code, "stateless", "" (unknown) or Pooled
	Courses       map[int64]Course
	Cohorts       map[int64]Cohort
}

// Figures counts the applications made from one day to another (inclusive)
// and what became of them, in total and by course, cohort, sex and
// citizenship. A person with two citizenships counts under both.
func (s *Store) Figures(ctx context.Context, from, to time.Time) (Figures, error) {
	if err := access.Require(ctx, access.TrainingFigures); err != nil {
		return Figures{}, err
	}
	f := Figures{From: from, To: to, Courses: map[int64]Course{}, Cohorts: map[int64]Cohort{}}
	list, err := s.enrolments(ctx, s.db, `WHERE applied_at >= $1 AND applied_at < $2 AND state <> 'transferred'`,
		from, to.AddDate(0, 0, 1))
	if err != nil {
		return f, err
	}
	courses, err := s.Courses(ctx, true)
	if err != nil {
		return f, err
	}
	for _, c := range courses {
		f.Courses[c.ID] = c
	}
	ids := make([]int64, len(list))
	for i, e := range list {
		ids[i] = e.PersonID
	}
	profiles, err := people.Profiles(ctx, s.db, ids)
	if err != nil {
		return f, err
	}
	finals, err := s.finals(ctx, from, to)
	if err != nil {
		return f, err
	}
	groups := map[string]map[string]*Tally{"course": {}, "cohort": {}, "sex": {}, "citizenship": {}}
	count := func(dim, key string, e Enrolment, final *TestResult, c Course) {
		t := groups[dim][key]
		if t == nil {
			t = &Tally{Key: key}
			groups[dim][key] = t
		}
		t.add(e, final, c)
	}
	for _, e := range list {
		co, ok := f.Cohorts[e.CohortID]
		if !ok {
			if co, err = cohort(ctx, s.db, e.CohortID); err != nil {
				return f, err
			}
			f.Cohorts[co.ID] = co
		}
		c := f.Courses[co.CourseID]
		var final *TestResult
		if r, ok := finals[e.ID]; ok {
			final = &r
		}
		f.Total.add(e, final, c)
		count("course", strconv.FormatInt(c.ID, 10), e, final, c)
		count("cohort", strconv.FormatInt(co.ID, 10), e, final, c)
		p := profiles[e.PersonID]
		count("sex", string(p.Sex), e, final, c)
		switch {
		case p.Stateless:
			count("citizenship", "stateless", e, final, c)
		case len(p.Citizenships) == 0:
			count("citizenship", "", e, final, c)
		}
		for _, country := range p.Citizenships {
			count("citizenship", country, e, final, c)
		}
	}
	f.ByCourse, f.ByCohort = sorted(groups["course"]), sorted(groups["cohort"])
	f.BySex, f.ByCitizenship = sorted(groups["sex"]), pool(sorted(groups["citizenship"]))
	return f, nil
}

// finals returns the final test results of the applications made in the period.
func (s *Store) finals(ctx context.Context, from, to time.Time) (map[int64]TestResult, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.enrolment_id, t.score, t.level FROM test_results t
		JOIN enrolments e ON e.id = t.enrolment_id
		WHERE t.kind = 'final' AND e.applied_at >= $1 AND e.applied_at < $2`, from, to.AddDate(0, 0, 1))
	out := map[int64]TestResult{}
	err = db.Each(rows, err, func(row db.Scanner) error {
		r := TestResult{Kind: Final}
		err := row.Scan(&r.EnrolmentID, &r.Score, &r.Level)
		out[r.EnrolmentID] = r
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("training: final results: %w", err)
	}
	return out, nil
}

// sorted returns the groups with the most applications first.
func sorted(m map[string]*Tally) []Tally {
	list := make([]Tally, 0, len(m))
	for _, t := range m {
		list = append(list, *t)
	}
	slices.SortFunc(list, func(a, b Tally) int {
		if a.Applications != b.Applications {
			return b.Applications - a.Applications
		}
		if a.Key < b.Key {
			return -1
		}
		return 1
	})
	return list
}

// pool merges the groups smaller than smallCell into one.
func pool(list []Tally) []Tally {
	var out []Tally
	small := Tally{Key: Pooled}
	for _, t := range list {
		if t.Applications >= smallCell {
			out = append(out, t)
			continue
		}
		small.merge(t)
	}
	if small.Applications > 0 {
		out = append(out, small)
	}
	return out
}
