package training

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/textcheck"
)

// CohortState is where a cohort stands.
type CohortState string

// Cohort states. A cohort is planned, opens for applications, runs and
// finishes; until it finishes it may be cancelled.
const (
	Planned   CohortState = "planned"
	Open      CohortState = "open"
	Running   CohortState = "running"
	Finished  CohortState = "finished"
	Cancelled CohortState = "cancelled"
)

// CohortStates lists the states in their order.
var CohortStates = []CohortState{Planned, Open, Running, Finished, Cancelled}

// cohortMoves are the allowed changes of a cohort's state.
var cohortMoves = map[CohortState][]CohortState{
	Planned: {Open, Cancelled},
	Open:    {Running, Cancelled},
	Running: {Finished, Cancelled},
}

// Cohort is one run of a course: dates, weekly schedule, venue, trainer and places.
type Cohort struct {
	ID           int64
	CourseID     int64
	Code         string
	StartsOn     time.Time
	EndsOn       time.Time
	Slots        []Slot
	Venue        string
	OnlineURL    string
	TrainerID    int64
	Capacity     int
	SeatsTaken   int
	Language     i18n.Lang
	State        CohortState
	CancelReason string
	Lessons      int // how many lessons the schedule gives
}

// PlacesLeft is how many more learners can be enrolled.
func (c Cohort) PlacesLeft() int { return max(0, c.Capacity-c.SeatsTaken) }

// Moves returns the states the cohort may move to.
func (c Cohort) Moves() []CohortState { return cohortMoves[c.State] }

// Editable reports whether dates, schedule and places may still change.
func (c Cohort) Editable() bool { return c.State == Planned || c.State == Open }

// SlotInput is one weekly lesson as the form gives it.
type SlotInput struct {
	Weekday    string // 1 (Monday) … 7 (Sunday)
	Start, End string // 18:30
}

// CohortInput is what the cohort form gives.
type CohortInput struct {
	CourseID  int64
	Code      string
	StartsOn  string
	EndsOn    string
	Slots     []SlotInput
	Venue     string
	OnlineURL string
	TrainerID int64
	Capacity  string
	Language  string
}

type cohortPlan struct {
	Cohort
	lessons []Lesson
}

// plan validates the input and generates its lessons on the calendar.
func (s *Store) plan(ctx context.Context, q db.Querier, in CohortInput) (cohortPlan, error) {
	var p cohortPlan
	c := &p.Cohort
	c.CourseID, c.TrainerID, c.State = in.CourseID, in.TrainerID, Planned
	var l textcheck.List
	l.Check("training.code", strings.TrimSpace(in.Code), textcheck.CodeRule)
	l.Check("training.venue", in.Venue, textcheck.Short)
	l.Check("training.online_url", in.OnlineURL, textcheck.Rule{Kind: textcheck.Line, Max: 500})
	if in.TrainerID != 0 {
		l.Add(auth.CheckActiveRole(ctx, q, "training.trainer", in.TrainerID, access.Trainer))
	}
	c.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	c.Venue, c.OnlineURL = strings.TrimSpace(in.Venue), strings.TrimSpace(in.OnlineURL)
	var err error
	starts, ends := true, true
	if c.StartsOn, err = time.Parse(time.DateOnly, in.StartsOn); err != nil {
		starts = false
		l.Add(i18n.Errorf("training.error.starts_on", "Field", i18n.Key("training.starts_on")))
	}
	if c.EndsOn, err = time.Parse(time.DateOnly, in.EndsOn); err != nil {
		ends = false
		l.Add(i18n.Errorf("training.error.ends_on", "Field", i18n.Key("training.ends_on")))
	}
	if starts && ends && c.EndsOn.Sub(c.StartsOn) > 2*366*24*time.Hour {
		l.Add(i18n.Errorf("training.error.too_long_run", "Field", i18n.Key("training.ends_on")))
	}
	if c.Capacity, err = number(in.Capacity, 1, 500); err != nil {
		l.Add(i18n.Errorf("training.error.capacity", "Field", i18n.Key("training.capacity")))
	}
	lang, ok := i18n.Parse(in.Language)
	if !ok || string(lang) != strings.TrimSpace(in.Language) {
		l.Add(i18n.Errorf("training.error.language", "Field", i18n.Key("training.language")))
	}
	c.Language = lang
	if c.Venue == "" && c.OnlineURL == "" {
		l.Add(i18n.Errorf("training.error.venue_required", "Field", i18n.Key("training.venue")))
	}
	if c.OnlineURL != "" {
		u, err := url.Parse(c.OnlineURL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			l.Add(i18n.Errorf("training.error.online_url", "Field", i18n.Key("training.online_url")))
		}
	}
	rows := 0 // schedule rows filled in, well or not
	for _, si := range in.Slots {
		if si.Weekday == "" && si.Start == "" && si.End == "" {
			continue
		}
		rows++
		wd, err := strconv.Atoi(si.Weekday)
		if err != nil || wd < 1 || wd > 7 {
			l.Add(i18n.Errorf("training.error.weekday"))
			continue
		}
		slot, err := ParseSlot(wd%7, si.Start, si.End)
		if err != nil {
			l.Add(err)
			continue
		}
		c.Slots = append(c.Slots, slot)
	}
	if rows == 0 {
		l.Add(i18n.Errorf("training.error.slots_required", "Field", i18n.Key("training.schedule")))
	}
	if err := l.Err(); err != nil {
		return p, err
	}
	cal, err := s.calendar(ctx, q, c.StartsOn, c.EndsOn)
	if err != nil {
		return p, err
	}
	if p.lessons, err = GenerateLessons(c.StartsOn, c.EndsOn, c.Slots, cal); err != nil {
		return p, err
	}
	c.Lessons = len(p.lessons)
	return p, nil
}

// codePrefix is the first part of generated cohort codes: the level for
// language courses, a short tag for the others.
func codePrefix(kind string) string {
	if l, ok := strings.CutPrefix(kind, "lang_"); ok {
		return strings.ToUpper(l)
	}
	return strings.ToUpper(kind[:3])
}

// CreateCohort plans a new cohort and generates its lessons.
func (s *Store) CreateCohort(ctx context.Context, in CohortInput) (Cohort, error) {
	if err := access.Require(ctx, access.ManageCourses); err != nil {
		return Cohort{}, err
	}
	course, err := s.Course(ctx, in.CourseID)
	if err != nil {
		return Cohort{}, i18n.Errorf("training.error.course", "Field", i18n.Key("training.course"))
	}
	var p cohortPlan
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		var err error
		if p, err = s.plan(ctx, tx, in); err != nil {
			return err
		}
		if p.Code == "" {
			var n int
			prefix := fmt.Sprintf("%s-%d-", codePrefix(course.Kind), p.StartsOn.Year())
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM cohorts WHERE code LIKE $1`, prefix+"%").Scan(&n); err != nil {
				return fmt.Errorf("training: cohort code: %w", err)
			}
			p.Code = fmt.Sprintf("%s%02d", prefix, n+1)
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `
			INSERT INTO cohorts (course_id, code, starts_on, ends_on, schedule, venue, online_url, trainer_id, capacity,
				language, state, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			p.CourseID, p.Code, p.StartsOn, p.EndsOn, formatSlots(p.Slots), p.Venue, p.OnlineURL, db.NullID(p.TrainerID),
			p.Capacity, p.Language, p.State, now).Scan(&p.ID)
		if db.IsUniqueViolation(err) {
			return i18n.Errorf("training.error.code_taken", "Field", i18n.Key("training.code"))
		}
		if err != nil {
			return fmt.Errorf("training: insert cohort: %w", err)
		}
		if err := insertLessons(ctx, tx, p.ID, p.lessons); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "cohort.create", "cohort", strconv.FormatInt(p.ID, 10))
	})
	return p.Cohort, err
}

// UpdateCohort changes a planned or open cohort and regenerates its lessons.
// Capacity cannot fall below the learners already enrolled; a larger one
// takes learners from the waitlist.
func (s *Store) UpdateCohort(ctx context.Context, id int64, in CohortInput) (Cohort, error) {
	if err := access.Require(ctx, access.ManageCourses); err != nil {
		return Cohort{}, err
	}
	var p cohortPlan
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		old, err := cohort(ctx, tx, id)
		if err != nil {
			return err
		}
		if !old.Editable() {
			return i18n.Errorf("training.error.cohort_locked")
		}
		in.CourseID = old.CourseID
		if p, err = s.plan(ctx, tx, in); err != nil {
			return err
		}
		if p.Code == "" {
			p.Code = old.Code
		}
		if p.Capacity < old.SeatsTaken {
			return i18n.Errorf("training.error.capacity_below_enrolled", "Enrolled", old.SeatsTaken, "Field", i18n.Key("training.capacity"))
		}
		p.ID, p.State, p.SeatsTaken = id, old.State, old.SeatsTaken
		_, err = tx.ExecContext(ctx, `
			UPDATE cohorts SET code = $1, starts_on = $2, ends_on = $3, schedule = $4, venue = $5, online_url = $6,
				trainer_id = $7, capacity = $8, language = $9, updated_at = $10 WHERE id = $11`,
			p.Code, p.StartsOn, p.EndsOn, formatSlots(p.Slots), p.Venue, p.OnlineURL, db.NullID(p.TrainerID), p.Capacity,
			p.Language, s.now(), id)
		if db.IsUniqueViolation(err) {
			return i18n.Errorf("training.error.code_taken", "Field", i18n.Key("training.code"))
		}
		if err != nil {
			return fmt.Errorf("training: update cohort %d: %w", id, err)
		}
		if err := replaceLessons(ctx, tx, id, p.lessons); err != nil {
			return err
		}
		if err := s.promote(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "cohort.update", "cohort", strconv.FormatInt(id, 10))
	})
	return p.Cohort, err
}

// MoveCohort changes a cohort's state. Cancelling needs a reason and ends
// every live application and enrolment with it.
func (s *Store) MoveCohort(ctx context.Context, id int64, to CohortState, reason string) error {
	if err := access.Require(ctx, access.ManageCourses); err != nil {
		return err
	}
	if err := textcheck.Field("training.reason", reason, textcheck.Short); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if to == Cancelled && reason == "" {
		return i18n.Errorf("training.error.reason_required", "Field", i18n.Key("training.reason"))
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		c, err := cohort(ctx, tx, id)
		if err != nil {
			return err
		}
		if !slices.Contains(c.Moves(), to) {
			return ErrInvalidMove
		}
		if to == Running && c.SeatsTaken == 0 {
			return i18n.Errorf("training.error.no_learners")
		}
		res, err := tx.ExecContext(ctx, `UPDATE cohorts SET state = $1, cancel_reason = $2, updated_at = $3 WHERE id = $4 AND state = $5`,
			to, reason, s.now(), id, c.State)
		if err != nil {
			return fmt.Errorf("training: move cohort %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrInvalidMove
		}
		switch to {
		case Cancelled:
			if err := s.endAll(ctx, tx, id, reason); err != nil {
				return err
			}
		case Finished:
			if err := s.complete(ctx, tx, id); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "cohort."+string(to), "cohort", strconv.FormatInt(id, 10))
	})
}

func insertLessons(ctx context.Context, tx *db.Tx, cohortID int64, lessons []Lesson) error {
	for _, l := range lessons {
		_, err := tx.ExecContext(ctx, `INSERT INTO lessons (cohort_id, day, starts, ends) VALUES ($1, $2, $3, $4)`,
			cohortID, l.Day, l.Start.String(), l.End.String())
		if err != nil {
			return fmt.Errorf("training: insert lesson: %w", err)
		}
	}
	return nil
}

func replaceLessons(ctx context.Context, tx *db.Tx, cohortID int64, lessons []Lesson) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM lessons WHERE cohort_id = $1`, cohortID); err != nil {
		return fmt.Errorf("training: delete lessons %d: %w", cohortID, err)
	}
	return insertLessons(ctx, tx, cohortID, lessons)
}

// formatSlots stores a schedule as "1 18:30-20:00;3 18:30-20:00" (weekday
// numbers as time.Weekday, Sunday 0).
func formatSlots(slots []Slot) string {
	parts := make([]string, len(slots))
	for i, sl := range slots {
		parts[i] = fmt.Sprintf("%d %s-%s", int(sl.Weekday), sl.Start, sl.End)
	}
	return strings.Join(parts, ";")
}

func parseSlots(s string) ([]Slot, error) {
	var slots []Slot
	for part := range strings.SplitSeq(s, ";") {
		wd, times, ok := strings.Cut(part, " ")
		start, end, ok2 := strings.Cut(times, "-")
		n, err := strconv.Atoi(wd)
		if !ok || !ok2 || err != nil {
			return nil, fmt.Errorf("training: bad schedule %q", s)
		}
		slot, err := ParseSlot(n, start, end)
		if err != nil {
			return nil, fmt.Errorf("training: bad schedule %q: %w", s, err)
		}
		slots = append(slots, slot)
	}
	return slots, nil
}

const cohortColumns = `c.id, c.course_id, c.code, c.starts_on, c.ends_on, c.schedule, c.venue, c.online_url,
	c.trainer_id, c.capacity, c.seats_taken, c.language, c.state, c.cancel_reason,
	(SELECT count(*) FROM lessons l WHERE l.cohort_id = c.id)`

func scanCohort(row db.Scanner) (Cohort, error) {
	var c Cohort
	var schedule string
	var trainer nullInt64
	err := row.Scan(&c.ID, &c.CourseID, &c.Code, &c.StartsOn, &c.EndsOn, &schedule, &c.Venue, &c.OnlineURL, &trainer,
		&c.Capacity, &c.SeatsTaken, &c.Language, &c.State, &c.CancelReason, &c.Lessons)
	if err != nil {
		return c, err
	}
	c.TrainerID = trainer.Int64
	c.StartsOn, c.EndsOn = c.StartsOn.UTC(), c.EndsOn.UTC()
	c.Slots, err = parseSlots(schedule)
	return c, err
}

func cohort(ctx context.Context, q db.Querier, id int64) (Cohort, error) {
	c, err := scanCohort(q.QueryRowContext(ctx, `SELECT `+cohortColumns+` FROM cohorts c WHERE c.id = $1`, id))
	if err != nil {
		return c, fmt.Errorf("training: cohort %d: %w", id, db.NotFound(err))
	}
	return c, nil
}

// Cohort returns one cohort to coordinators and to its own trainer.
func (s *Store) Cohort(ctx context.Context, id int64) (Cohort, error) {
	if err := access.Require(ctx, access.ReadTraining); err != nil {
		return Cohort{}, err
	}
	c, err := cohort(ctx, s.db, id)
	if err != nil {
		return c, err
	}
	return c, ownCohort(ctx, c)
}

// ownCohort refuses a trainer a cohort that is not theirs.
func ownCohort(ctx context.Context, c Cohort) error {
	p := access.From(ctx)
	if p.Role == access.Trainer && c.TrainerID != p.UserID {
		return access.ErrForbidden
	}
	return nil
}

// CohortFilter selects cohorts for lists.
type CohortFilter struct {
	CourseID int64
	States   []CohortState
	Trainer  int64 // 0 for all trainers
}

// Cohorts returns cohorts by start date, newest first. A trainer only gets
// their own.
func (s *Store) Cohorts(ctx context.Context, f CohortFilter) ([]Cohort, error) {
	if err := access.Require(ctx, access.ReadTraining); err != nil {
		return nil, err
	}
	if p := access.From(ctx); p.Role == access.Trainer {
		f.Trainer = p.UserID
	}
	return s.cohorts(ctx, f)
}

// PublicCohorts returns the open cohorts of a course for the public
// catalogue, soonest first.
func (s *Store) PublicCohorts(ctx context.Context, courseID int64) ([]Cohort, error) {
	list, err := s.cohorts(ctx, CohortFilter{CourseID: courseID, States: []CohortState{Open}})
	slices.Reverse(list)
	return list, err
}

// PublicCohort returns a cohort open for applications and its course, for
// the public application form.
func (s *Store) PublicCohort(ctx context.Context, id int64) (Cohort, Course, error) {
	return s.openCohort(ctx, s.db, id)
}

func (s *Store) cohorts(ctx context.Context, f CohortFilter) ([]Cohort, error) {
	query := `SELECT ` + cohortColumns + ` FROM cohorts c WHERE ($1 = 0 OR c.course_id = $1) AND ($2 = 0 OR c.trainer_id = $2)
		ORDER BY c.starts_on DESC, c.id DESC`
	rows, err := s.db.QueryContext(ctx, query, f.CourseID, f.Trainer)
	all, err := db.Collect(rows, err, scanCohort)
	if err != nil {
		return nil, fmt.Errorf("training: cohorts: %w", err)
	}
	if len(f.States) == 0 {
		return all, nil
	}
	return slices.DeleteFunc(all, func(c Cohort) bool { return !slices.Contains(f.States, c.State) }), nil
}

// LessonRow is a stored lesson.
type LessonRow struct {
	ID       int64
	CohortID int64
	Lesson
}

// CohortLessons returns a cohort's lessons in order.
func (s *Store) CohortLessons(ctx context.Context, cohortID int64) ([]LessonRow, error) {
	if _, err := s.Cohort(ctx, cohortID); err != nil {
		return nil, err
	}
	return s.lessonsIn(ctx, s.db, `WHERE cohort_id = $1 ORDER BY day, starts`, cohortID)
}

func (s *Store) lessonsIn(ctx context.Context, q db.Querier, where string, args ...any) ([]LessonRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, cohort_id, day, starts, ends FROM lessons `+where, args...)
	list, err := db.Collect(rows, err, func(r db.Scanner) (LessonRow, error) {
		var l LessonRow
		var start, end string
		if err := r.Scan(&l.ID, &l.CohortID, &l.Day, &start, &end); err != nil {
			return l, err
		}
		l.Day = l.Day.UTC()
		var err error
		if l.Start, err = ParseClock(start); err != nil {
			return l, err
		}
		l.End, err = ParseClock(end)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("training: lessons: %w", err)
	}
	return list, nil
}
