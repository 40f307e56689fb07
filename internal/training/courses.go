package training

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/textcheck"
)

// Kinds of course the Centre runs: the Azerbaijani language by level, the
// legislation on foreigners' rights and duties, history, and culture.
var Kinds = []string{"lang_a1", "lang_a2", "lang_b1", "lang_b2", "lang_c1", "legislation", "history", "culture"}

// Levels a language course can certify, in order.
var Levels = []string{"A1", "A2", "B1", "B2", "C1"}

// DefaultEligible are the residence kinds that may join by default:
// Article 77 names permanent residents, and the pilots serve refugees too.
var DefaultEligible = []people.StatusKind{people.PermanentPermit, people.Refugee}

// CourseState says whether a course is offered. The coordinator's form
// sets it either way, so it has no table of moves.
type CourseState string

// Course states.
const (
	CourseActive  CourseState = "active"
	CourseRetired CourseState = "retired"
)

// Course is a course of the Centre.
type Course struct {
	ID            int64
	Kind          string
	Title         map[i18n.Lang]string
	Description   map[i18n.Lang]string
	Hours         int
	Modules       []string
	PassMark      int // per cent of the final test
	AttendanceMin int // per cent of lessons attended to complete
	Eligible      []people.StatusKind
	State         CourseState
	UpdatedAt     time.Time
}

// Language reports whether the course teaches the Azerbaijani language, so
// that its result is a level.
func (c Course) Language() bool { return strings.HasPrefix(c.Kind, "lang_") }

// Level is the level a language course leads to, "" for other courses.
func (c Course) Level() string {
	if !c.Language() {
		return ""
	}
	return strings.ToUpper(strings.TrimPrefix(c.Kind, "lang_"))
}

// TitleIn returns the course's title in l, falling back to Azerbaijani.
func (c Course) TitleIn(l i18n.Lang) string {
	if t := c.Title[l]; t != "" {
		return t
	}
	return c.Title[i18n.AZ]
}

// DescriptionIn returns the course's description in l, falling back to Azerbaijani.
func (c Course) DescriptionIn(l i18n.Lang) string {
	if t := c.Description[l]; t != "" {
		return t
	}
	return c.Description[i18n.AZ]
}

// Admits reports whether a person with a residence status of kind may join.
func (c Course) Admits(kind people.StatusKind) bool { return slices.Contains(c.Eligible, kind) }

// CourseInput is what the course form gives.
type CourseInput struct {
	Kind          string
	Title         map[i18n.Lang]string
	Description   map[i18n.Lang]string
	Hours         string
	Modules       string // one per line
	PassMark      string
	AttendanceMin string
	Eligible      []people.StatusKind
	Retired       bool
}

// Edit returns the input that reproduces the course, for the edit form.
func (c Course) Edit() CourseInput {
	return CourseInput{Kind: c.Kind, Title: c.Title, Description: c.Description, Hours: strconv.Itoa(c.Hours),
		Modules: strings.Join(c.Modules, "\n"), PassMark: strconv.Itoa(c.PassMark), AttendanceMin: strconv.Itoa(c.AttendanceMin),
		Eligible: c.Eligible, Retired: c.State == CourseRetired}
}

// validate checks the input and returns the course it describes.
func (in CourseInput) validate() (Course, error) {
	c := Course{Kind: in.Kind, Title: map[i18n.Lang]string{}, Description: map[i18n.Lang]string{}, State: CourseActive}
	var tl textcheck.List
	for _, l := range i18n.Langs {
		tl.Check("training.course_title", in.Title[l], textcheck.Title)
		tl.Check("training.description", in.Description[l], textcheck.Rule{Kind: textcheck.Text, Max: 4000})
	}
	tl.Check("training.modules", in.Modules, textcheck.Long)
	if !slices.Contains(Kinds, in.Kind) {
		tl.Add(i18n.Errorf("training.error.kind", "Field", i18n.Key("training.kind")))
	}
	if err := tl.Err(); err != nil {
		return c, err
	}
	for _, l := range i18n.Langs {
		c.Title[l] = strings.TrimSpace(in.Title[l])
		c.Description[l] = strings.TrimSpace(in.Description[l])
		if c.Title[l] == "" {
			return c, i18n.Errorf("training.error.title_required", "Field", i18n.Key("training.in_language."+string(l)))
		}
	}
	var err error
	if c.Hours, err = number(in.Hours, 1, 2000); err != nil {
		return c, i18n.Errorf("training.error.hours", "Field", i18n.Key("training.hours"))
	}
	if c.PassMark, err = number(in.PassMark, 0, 100); err != nil {
		return c, i18n.Errorf("training.error.pass_mark", "Field", i18n.Key("training.pass_mark"))
	}
	c.AttendanceMin = 80
	if strings.TrimSpace(in.AttendanceMin) != "" {
		if c.AttendanceMin, err = number(in.AttendanceMin, 0, 100); err != nil {
			return c, i18n.Errorf("training.error.attendance_min", "Field", i18n.Key("training.attendance_min"))
		}
	}
	for line := range strings.Lines(in.Modules) {
		if m := strings.TrimSpace(line); m != "" {
			c.Modules = append(c.Modules, m)
		}
	}
	for _, k := range in.Eligible {
		if !slices.Contains(people.StatusKinds, k) {
			return c, i18n.Errorf("training.error.eligible", "Field", i18n.Key("training.eligible"))
		}
	}
	c.Eligible = slices.Compact(slices.Sorted(slices.Values(in.Eligible)))
	if len(c.Eligible) == 0 {
		return c, i18n.Errorf("training.error.eligible", "Field", i18n.Key("training.eligible"))
	}
	if in.Retired {
		c.State = CourseRetired
	}
	return c, nil
}

func number(s string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("out of range")
	}
	return n, nil
}

// SaveCourse creates a course (id 0) or updates one.
func (s *Store) SaveCourse(ctx context.Context, id int64, in CourseInput) (Course, error) {
	if err := access.Require(ctx, access.ManageCourses); err != nil {
		return Course{}, err
	}
	c, err := in.validate()
	if err != nil {
		return c, err
	}
	now := s.now()
	c.ID, c.UpdatedAt = id, now
	eligible := joinKinds(c.Eligible)
	modules := strings.Join(c.Modules, "\n")
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		action := "course.update"
		if id == 0 {
			action = "course.create"
			err := tx.QueryRowContext(ctx, `
				INSERT INTO courses (kind, title_az, title_en, title_ru, description_az, description_en, description_ru,
					hours, modules, pass_mark, attendance_min, eligible, state, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
				c.Kind, c.Title[i18n.AZ], c.Title[i18n.EN], c.Title[i18n.RU], c.Description[i18n.AZ], c.Description[i18n.EN],
				c.Description[i18n.RU], c.Hours, modules, c.PassMark, c.AttendanceMin, eligible, c.State, now).Scan(&c.ID)
			if err != nil {
				return fmt.Errorf("training: insert course: %w", err)
			}
		} else {
			res, err := tx.ExecContext(ctx, `
				UPDATE courses SET kind = $1, title_az = $2, title_en = $3, title_ru = $4, description_az = $5,
					description_en = $6, description_ru = $7, hours = $8, modules = $9, pass_mark = $10,
					attendance_min = $11, eligible = $12, state = $13, updated_at = $14
				WHERE id = $15`,
				c.Kind, c.Title[i18n.AZ], c.Title[i18n.EN], c.Title[i18n.RU], c.Description[i18n.AZ], c.Description[i18n.EN],
				c.Description[i18n.RU], c.Hours, modules, c.PassMark, c.AttendanceMin, eligible, c.State, now, id)
			if err != nil {
				return fmt.Errorf("training: update course %d: %w", id, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return db.ErrNotFound
			}
		}
		return audit.Record(ctx, tx, action, "course", strconv.FormatInt(c.ID, 10))
	})
	return c, err
}

const courseColumns = `id, kind, title_az, title_en, title_ru, description_az, description_en, description_ru,
	hours, modules, pass_mark, attendance_min, eligible, state, updated_at`

func scanCourse(row db.Scanner) (Course, error) {
	c := Course{Title: map[i18n.Lang]string{}, Description: map[i18n.Lang]string{}}
	var az, en, ru, daz, den, dru, modules, eligible string
	err := row.Scan(&c.ID, &c.Kind, &az, &en, &ru, &daz, &den, &dru, &c.Hours, &modules, &c.PassMark,
		&c.AttendanceMin, &eligible, &c.State, &c.UpdatedAt)
	c.Title[i18n.AZ], c.Title[i18n.EN], c.Title[i18n.RU] = az, en, ru
	c.Description[i18n.AZ], c.Description[i18n.EN], c.Description[i18n.RU] = daz, den, dru
	if modules != "" {
		c.Modules = strings.Split(modules, "\n")
	}
	for k := range strings.SplitSeq(eligible, ",") {
		if k != "" {
			c.Eligible = append(c.Eligible, people.StatusKind(k))
		}
	}
	return c, err
}

func joinKinds(kinds []people.StatusKind) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ",")
}

// Course returns one course; the catalogue is public, so anyone may read it.
func (s *Store) Course(ctx context.Context, id int64) (Course, error) { return course(ctx, s.db, id) }

func course(ctx context.Context, q db.Querier, id int64) (Course, error) {
	c, err := scanCourse(q.QueryRowContext(ctx, `SELECT `+courseColumns+` FROM courses WHERE id = $1`, id))
	if err != nil {
		return c, fmt.Errorf("training: course %d: %w", id, db.NotFound(err))
	}
	return c, nil
}

// PublicCourse returns a course the public catalogue shows: an active one;
// a retired course is not found.
func (s *Store) PublicCourse(ctx context.Context, id int64) (Course, error) {
	c, err := s.Course(ctx, id)
	if err == nil && c.State != CourseActive {
		err = fmt.Errorf("training: course %d is retired: %w", id, db.ErrNotFound)
	}
	return c, err
}

// Courses returns the courses in catalogue order (kind, then title); retired
// ones only when all is set.
func (s *Store) Courses(ctx context.Context, all bool) ([]Course, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+courseColumns+` FROM courses WHERE $1 OR state = 'active' ORDER BY id`, all)
	list, err := db.Collect(rows, err, scanCourse)
	if err != nil {
		return nil, fmt.Errorf("training: courses: %w", err)
	}
	slices.SortStableFunc(list, func(a, b Course) int {
		return slices.Index(Kinds, a.Kind) - slices.Index(Kinds, b.Kind)
	})
	return list, nil
}
