package api

import (
	"net/http"
	"time"

	"inteqra/internal/i18n"
	"inteqra/internal/training"
)

// The public endpoints need no token and show what the public pages show.
func (s *Server) publicRoutes() []route {
	return []route{
		{pattern: "GET " + Prefix + "/courses", h: s.courses},
		{pattern: "GET " + Prefix + "/courses/{id}", h: s.course},
		{pattern: "GET " + Prefix + "/certificates/{code}", h: s.certificate},
	}
}

// Texts is a text in the three languages of the portal.
type Texts struct {
	AZ string `json:"az"`
	EN string `json:"en"`
	RU string `json:"ru"`
}

func textsOf(m map[i18n.Lang]string) Texts {
	return Texts{AZ: m[i18n.AZ], EN: m[i18n.EN], RU: m[i18n.RU]}
}

// Course is a course of the Training-Education Centre with its cohorts
// open for applications.
type Course struct {
	ID            int64    `json:"id"`
	Kind          string   `json:"kind"`
	Level         string   `json:"level,omitempty"`
	Title         Texts    `json:"title"`
	Description   Texts    `json:"description"`
	Hours         int      `json:"hours"`
	Modules       []string `json:"modules"`
	PassMark      int      `json:"pass_mark"`
	AttendanceMin int      `json:"attendance_min"`
	Eligible      []string `json:"eligible_statuses"`
	OpenCohorts   []Cohort `json:"open_cohorts"`
}

// Cohort is a group of a course open for applications.
type Cohort struct {
	ID         int64  `json:"id"`
	Code       string `json:"code"`
	StartsOn   string `json:"starts_on"`
	EndsOn     string `json:"ends_on"`
	Language   string `json:"language"`
	Venue      string `json:"venue"`
	Lessons    int    `json:"lessons"`
	PlacesLeft int    `json:"places_left"`
	Schedule   []Slot `json:"schedule"`
}

// Slot is a weekly lesson: ISO weekday (1 Monday … 7 Sunday) and Baku times.
type Slot struct {
	Weekday int    `json:"weekday"`
	Start   string `json:"start"`
	End     string `json:"end"`
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func stamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func courseOf(c training.Course, cohorts []training.Cohort) Course {
	out := Course{ID: c.ID, Kind: c.Kind, Level: c.Level(), Title: textsOf(c.Title), Description: textsOf(c.Description),
		Hours: c.Hours, Modules: c.Modules, PassMark: c.PassMark, AttendanceMin: c.AttendanceMin,
		Eligible: []string{}, OpenCohorts: []Cohort{}}
	if out.Modules == nil {
		out.Modules = []string{}
	}
	for _, k := range c.Eligible {
		out.Eligible = append(out.Eligible, string(k))
	}
	for _, co := range cohorts {
		v := Cohort{ID: co.ID, Code: co.Code, StartsOn: day(co.StartsOn), EndsOn: day(co.EndsOn), Language: string(co.Language),
			Venue: co.Venue, Lessons: co.Lessons, PlacesLeft: co.PlacesLeft(), Schedule: []Slot{}}
		for _, sl := range co.Slots {
			wd := int(sl.Weekday)
			if wd == 0 {
				wd = 7
			}
			v.Schedule = append(v.Schedule, Slot{Weekday: wd, Start: sl.Start.String(), End: sl.End.String()})
		}
		out.OpenCohorts = append(out.OpenCohorts, v)
	}
	return out
}

// courses lists the active courses, in catalogue order, each with its
// open cohorts. The catalogue is short: one page holds it all.
func (s *Server) courses(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	list, err := s.cfg.Training.Courses(ctx, false)
	if err != nil {
		return err
	}
	out := List[Course]{Data: []Course{}}
	for _, c := range list {
		cohorts, err := s.cfg.Training.PublicCohorts(ctx, c.ID)
		if err != nil {
			return err
		}
		out.Data = append(out.Data, courseOf(c, cohorts))
	}
	return s.reply(w, r, http.StatusOK, out)
}

func (s *Server) course(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	c, err := s.cfg.Training.PublicCourse(ctx, id)
	if err != nil {
		return err
	}
	cohorts, err := s.cfg.Training.PublicCohorts(ctx, c.ID)
	if err != nil {
		return err
	}
	return s.reply(w, r, http.StatusOK, courseOf(c, cohorts))
}

// Certificate is what the public check of a certificate shows: the holder
// only by initials.
type Certificate struct {
	Number    string  `json:"number"`
	State     string  `json:"state"`
	IssuedOn  string  `json:"issued_on"`
	RevokedAt *string `json:"revoked_at"`
	Holder    string  `json:"holder"`
	CourseID  int64   `json:"course_id"`
	Course    Texts   `json:"course"`
	Cohort    string  `json:"cohort"`
	Level     string  `json:"level,omitempty"`
}

func (s *Server) certificate(w http.ResponseWriter, r *http.Request) error {
	v, err := s.cfg.Training.Verify(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	return s.reply(w, r, http.StatusOK, Certificate{Number: v.Number, State: string(v.State), IssuedOn: day(v.IssuedOn),
		RevokedAt: stamp(v.RevokedAt), Holder: v.Holder, CourseID: v.Course.ID, Course: textsOf(v.Course.Title),
		Cohort: v.Cohort.Code, Level: v.Level})
}
