package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// trainingRoutes are the Training-Education Centre's back-office pages.
func (s *Server) trainingRoutes(h func(string, handler)) {
	h("GET /training", s.trainingHome)
	h("GET /training/applications", s.trainingApplications)
	h("GET /training/calendar", s.trainingCalendar)
	h("POST /training/calendar", s.trainingCalendarChange)
	h("GET /training/courses/new", s.courseNew)
	h("POST /training/courses", s.courseSave)
	h("GET /training/courses/{id}", s.courseEdit)
	h("POST /training/courses/{id}", s.courseSave)
	h("GET /training/cohorts/new", s.cohortNew)
	h("POST /training/cohorts", s.cohortCreate)
	h("GET /training/cohorts/{id}", s.cohortShow)
	h("GET /training/cohorts/{id}/edit", s.cohortEdit)
	h("POST /training/cohorts/{id}/edit", s.cohortUpdate)
	h("POST /training/cohorts/{id}/state", s.cohortMove)
	h("POST /training/enrolments/{id}/accept", s.enrolmentAccept)
	h("POST /training/enrolments/{id}/reject", s.enrolmentReject)
	h("POST /training/enrolments/{id}/drop", s.enrolmentDrop)
	h("POST /training/enrolments/{id}/transfer", s.enrolmentTransfer)
	h("POST /training/apply", s.applyFor)
	s.teachRoutes(h)
	s.certificateRoutes(h)
}

// TrainingHomePage lists courses and cohorts; a trainer sees their own cohorts.
type TrainingHomePage struct {
	BasePage
	Courses  []training.Course
	Titles   map[int64]string
	Cohorts  []training.Cohort
	Trainers map[int64]string
	Pending  int
	Today    []training.LessonToday // lessons of running cohorts today
}

func (s *Server) trainingHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	cohorts, err := s.training.Cohorts(ctx, training.CohortFilter{})
	if err != nil {
		return err
	}
	p := TrainingHomePage{BasePage: s.base(r, "training.title"), Cohorts: cohorts}
	if p.Today, err = s.training.LessonsOn(ctx, i18n.DayOf(time.Now())); err != nil {
		return err
	}
	if p.Courses, p.Titles, err = s.courseTitles(r); err != nil {
		return err
	}
	if p.Trainers, err = s.trainerNames(r); err != nil {
		return err
	}
	if p.Principal.Can(access.DecideEnrolments) {
		pending, err := s.training.Pending(ctx)
		if err != nil {
			return err
		}
		p.Pending = len(pending)
	}
	s.render(w, r, http.StatusOK, "training", p)
	return nil
}

// courseTitles returns every course and its title in the user's language by id.
func (s *Server) courseTitles(r *http.Request) ([]training.Course, map[int64]string, error) {
	courses, err := s.training.Courses(r.Context(), true)
	titles := map[int64]string{}
	for _, c := range courses {
		titles[c.ID] = c.TitleIn(langFrom(r.Context()))
	}
	return courses, titles, err
}

func (s *Server) trainerNames(r *http.Request) (map[int64]string, error) {
	list, err := s.users.Colleagues(r.Context(), access.Trainer)
	names := map[int64]string{}
	for _, u := range list {
		names[u.ID] = u.Name
	}
	return names, err
}

// ApplicationsPage lists applications waiting for a decision.
type ApplicationsPage struct {
	BasePage
	Pending []training.Enrolment
	Cohorts map[int64]training.Cohort
	Titles  map[int64]string
}

func (s *Server) trainingApplications(w http.ResponseWriter, r *http.Request) error {
	pending, err := s.training.Pending(r.Context())
	if err != nil {
		return err
	}
	p := ApplicationsPage{BasePage: s.base(r, "training.applications"), Pending: pending, Cohorts: map[int64]training.Cohort{}}
	if _, p.Titles, err = s.courseTitles(r); err != nil {
		return err
	}
	cohorts, err := s.training.Cohorts(r.Context(), training.CohortFilter{})
	if err != nil {
		return err
	}
	for _, c := range cohorts {
		p.Cohorts[c.ID] = c
	}
	s.render(w, r, http.StatusOK, "training_applications", p)
	return nil
}

// CourseFormPage creates or edits a course.
type CourseFormPage struct {
	BasePage
	ID       int64
	Input    training.CourseInput
	Kinds    []string
	Statuses []people.StatusKind
}

// Has reports whether kind is among the eligible ones, for the checkboxes.
func (p CourseFormPage) Has(kind people.StatusKind) bool {
	for _, k := range p.Input.Eligible {
		if k == kind {
			return true
		}
	}
	return false
}

func (s *Server) courseForm(r *http.Request, id int64, in training.CourseInput, title string) CourseFormPage {
	return CourseFormPage{BasePage: s.base(r, title), ID: id, Input: in, Kinds: training.Kinds, Statuses: people.StatusKinds}
}

func (s *Server) courseNew(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageCourses); err != nil {
		return err
	}
	in := training.CourseInput{Kind: "lang_a1", AttendanceMin: "80", PassMark: "60", Eligible: training.DefaultEligible}
	s.render(w, r, http.StatusOK, "training_course_form", s.courseForm(r, 0, in, "training.course_new"))
	return nil
}

func (s *Server) courseEdit(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageCourses); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.training.Course(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "training_course_form", s.courseForm(r, id, c.Edit(), "training.course_edit"))
	return nil
}

// courseFields ties the course form's inputs to the labels its errors name.
// A missing title names its language; the descriptions share one label, so
// a problem with one of them is in the summary only.
var courseFields = Fields{
	"training.kind": "kind", "training.in_language.az": "title_az", "training.in_language.en": "title_en",
	"training.in_language.ru": "title_ru", "training.hours": "hours", "training.modules": "modules",
	"training.pass_mark": "pass_mark", "training.attendance_min": "attendance_min",
	"training.eligible": "eligible-" + string(people.StatusKinds[0]),
}

func (s *Server) courseSave(w http.ResponseWriter, r *http.Request) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	f := r.PostForm
	in := training.CourseInput{Kind: f.Get("kind"), Title: map[i18n.Lang]string{}, Description: map[i18n.Lang]string{},
		Hours: f.Get("hours"), Modules: f.Get("modules"), PassMark: f.Get("pass_mark"), AttendanceMin: f.Get("attendance_min"),
		Retired: f.Get("retired") == "on"}
	for _, l := range i18n.Langs {
		in.Title[l], in.Description[l] = f.Get("title_"+string(l)), f.Get("description_"+string(l))
	}
	for _, k := range f["eligible"] {
		in.Eligible = append(in.Eligible, people.StatusKind(k))
	}
	c, err := s.training.SaveCourse(r.Context(), id, in)
	if s.userError(r, err) {
		title := "training.course_edit"
		if id == 0 {
			title = "training.course_new"
		}
		p := s.courseForm(r, id, in, title)
		p.refuse(err, courseFields)
		s.render(w, r, http.StatusUnprocessableEntity, "training_course_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/training#course-"+strconv.FormatInt(c.ID, 10), "training.course_saved")
}

// CohortFormPage plans or edits a cohort.
type CohortFormPage struct {
	BasePage
	ID       int64
	Input    training.CohortInput
	Courses  []training.Course
	Trainers map[int64]string
	Weekdays []int
}

// slotRows is how many weekly lessons the cohort form offers.
const slotRows = 4

func (s *Server) cohortForm(r *http.Request, id int64, in training.CohortInput, title string) (CohortFormPage, error) {
	for len(in.Slots) < slotRows {
		in.Slots = append(in.Slots, training.SlotInput{})
	}
	p := CohortFormPage{BasePage: s.base(r, title), ID: id, Input: in, Weekdays: []int{1, 2, 3, 4, 5, 6, 7}}
	courses, _, err := s.courseTitles(r)
	for _, c := range courses {
		if c.State == training.CourseActive {
			p.Courses = append(p.Courses, c)
		}
	}
	if err != nil {
		return p, err
	}
	p.Trainers, err = s.trainerNames(r)
	return p, err
}

func (s *Server) cohortNew(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageCourses); err != nil {
		return err
	}
	course, _ := strconv.ParseInt(r.URL.Query().Get("course"), 10, 64)
	in := training.CohortInput{CourseID: course, Capacity: "20", Language: "az"}
	p, err := s.cohortForm(r, 0, in, "training.cohort_new")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "training_cohort_form", p)
	return nil
}

func cohortInput(r *http.Request) (training.CohortInput, error) {
	f := r.PostForm
	course := chosenID(f.Get("course"))
	trainer := chosenID(f.Get("trainer"))
	in := training.CohortInput{CourseID: course, Code: f.Get("code"), StartsOn: f.Get("starts_on"), EndsOn: f.Get("ends_on"),
		Venue: f.Get("venue"), OnlineURL: f.Get("online_url"), TrainerID: trainer, Capacity: f.Get("capacity"), Language: f.Get("language")}
	days, starts, ends := f["weekday"], f["start"], f["end"]
	for i := range days {
		if i < len(starts) && i < len(ends) {
			in.Slots = append(in.Slots, training.SlotInput{Weekday: days[i], Start: starts[i], End: ends[i]})
		}
	}
	return in, nil
}

// cohortFields ties the cohort form's inputs to the labels its errors name;
// a schedule without lessons points at its first row.
var cohortFields = Fields{
	"training.course": "course", "training.code": "code", "training.starts_on": "starts_on", "training.ends_on": "ends_on",
	"training.schedule": "weekday-0", "training.venue": "venue", "training.online_url": "online_url",
	"training.trainer": "trainer", "training.capacity": "capacity", "training.language": "language",
}

func (s *Server) cohortCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := cohortInput(r)
	if err != nil {
		return err
	}
	c, err := s.training.CreateCohort(r.Context(), in)
	if s.userError(r, err) {
		p, ferr := s.cohortForm(r, 0, in, "training.cohort_new")
		if ferr != nil {
			return ferr
		}
		p.refuse(err, cohortFields)
		s.render(w, r, http.StatusUnprocessableEntity, "training_cohort_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, cohortPath(c.ID), "training.cohort_saved")
}

func cohortPath(id int64) string { return "/training/cohorts/" + strconv.FormatInt(id, 10) }

func (s *Server) cohortEdit(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageCourses); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.training.Cohort(r.Context(), id)
	if err != nil {
		return err
	}
	in := training.CohortInput{CourseID: c.CourseID, Code: c.Code, StartsOn: c.StartsOn.Format(time.DateOnly),
		EndsOn: c.EndsOn.Format(time.DateOnly), Venue: c.Venue, OnlineURL: c.OnlineURL, TrainerID: c.TrainerID,
		Capacity: strconv.Itoa(c.Capacity), Language: string(c.Language)}
	for _, sl := range c.Slots {
		wd := int(sl.Weekday)
		if wd == 0 {
			wd = 7
		}
		in.Slots = append(in.Slots, training.SlotInput{Weekday: strconv.Itoa(wd), Start: sl.Start.String(), End: sl.End.String()})
	}
	p, err := s.cohortForm(r, id, in, "training.cohort_edit")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "training_cohort_form", p)
	return nil
}

func (s *Server) cohortUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in, err := cohortInput(r)
	if err != nil {
		return err
	}
	_, err = s.training.UpdateCohort(r.Context(), id, in)
	if s.userError(r, err) {
		p, ferr := s.cohortForm(r, id, in, "training.cohort_edit")
		if ferr != nil {
			return ferr
		}
		p.refuse(err, cohortFields)
		s.render(w, r, http.StatusUnprocessableEntity, "training_cohort_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, cohortPath(id), "training.cohort_saved")
}

// CohortPage shows a cohort: its details, lessons and roster with the
// coordinator's decisions.
type CohortPage struct {
	BasePage
	Cohort  training.Cohort
	Course  training.Course
	Trainer string
	Lessons []training.LessonRow
	Roster  []training.Enrolment
	Targets []training.Cohort // where a learner can be transferred
	Titles  map[int64]string
	Reason  map[string]string // a refused decision's reason, by the id of its input
}

func (s *Server) cohortPage(r *http.Request, id int64) (CohortPage, error) {
	ctx := r.Context()
	var p CohortPage
	c, err := s.training.Cohort(ctx, id)
	if err != nil {
		return p, err
	}
	p = CohortPage{BasePage: s.base(r, "training.cohort"), Cohort: c}
	if p.Course, err = s.training.Course(ctx, c.CourseID); err != nil {
		return p, err
	}
	trainers, err := s.trainerNames(r)
	if err != nil {
		return p, err
	}
	p.Trainer = trainers[c.TrainerID]
	if p.Lessons, err = s.training.CohortLessons(ctx, id); err != nil {
		return p, err
	}
	if p.Roster, err = s.training.Roster(ctx, id); err != nil {
		return p, err
	}
	if p.Principal.Can(access.DecideEnrolments) {
		all, err := s.training.Cohorts(ctx, training.CohortFilter{States: []training.CohortState{training.Open, training.Running}})
		if err != nil {
			return p, err
		}
		for _, t := range all {
			if t.ID != id {
				p.Targets = append(p.Targets, t)
			}
		}
		if _, p.Titles, err = s.courseTitles(r); err != nil {
			return p, err
		}
	}
	return p, nil
}

func (s *Server) cohortShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.cohortPage(r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "training_cohort", p)
	return nil
}

// cohortResult shows the cohort page again with a user-facing error, its
// messages beside the inputs of the form that fields names and the reason
// typed kept there, or redirects to it with a flash message after a change.
func (s *Server) cohortResult(w http.ResponseWriter, r *http.Request, id int64, err error, fields Fields, flash string) error {
	if s.userError(r, err) {
		p, perr := s.cohortPage(r, id)
		if perr != nil {
			return perr
		}
		p.refuse(err, fields)
		if input := fields["training.reason"]; input != "" {
			p.Reason = map[string]string{input: r.PostFormValue("reason")}
		}
		s.render(w, r, http.StatusUnprocessableEntity, "training_cohort", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, cohortPath(id), flash)
}

func (s *Server) cohortMove(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = s.training.MoveCohort(r.Context(), id, training.CohortState(r.PostFormValue("to")), r.PostFormValue("reason"))
	return s.cohortResult(w, r, id, err, Fields{"training.reason": "cancel-reason"}, "training.cohort_moved")
}

// decide records a decision on the application or enrolment of the
// request's path (action names it: its reason's input is action-<id>), then
// shows the cohort, or the applications list when the form came from there.
func (s *Server) decide(w http.ResponseWriter, r *http.Request, action string, do func(ctx context.Context, id int64, reason string) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	// The cohort only says which page to show afterwards.
	cohortID := chosenID(r.PostFormValue("cohort"))
	err = do(r.Context(), id, r.PostFormValue("reason"))
	if r.PostFormValue("back") == "applications" && err == nil {
		return s.redirect(w, r, "/training/applications", "training.decided")
	}
	n := strconv.FormatInt(id, 10)
	fields := Fields{"training.reason": action + "-" + n, "training.transfer_to": "to-" + n}
	return s.cohortResult(w, r, cohortID, err, fields, "training.decided")
}

func (s *Server) enrolmentAccept(w http.ResponseWriter, r *http.Request) error {
	return s.decide(w, r, "accept", func(ctx context.Context, id int64, _ string) error {
		_, err := s.training.Accept(ctx, id)
		return err
	})
}

func (s *Server) enrolmentReject(w http.ResponseWriter, r *http.Request) error {
	return s.decide(w, r, "reject", s.training.Reject)
}

func (s *Server) enrolmentDrop(w http.ResponseWriter, r *http.Request) error {
	return s.decide(w, r, "drop", s.training.Drop)
}

func (s *Server) enrolmentTransfer(w http.ResponseWriter, r *http.Request) error {
	return s.decide(w, r, "transfer", func(ctx context.Context, id int64, reason string) error {
		_, err := s.training.Transfer(ctx, id, chosenID(r.PostFormValue("to")), reason)
		return err
	})
}

// CalendarPage shows a year's holidays and the coordinators' changes.
type CalendarPage struct {
	BasePage
	Year int
	Days []training.CalendarDay
	// The change form's values, kept when it is refused.
	Day, Change, Note string
}

func (s *Server) calendarPage(r *http.Request, year int) (CalendarPage, error) {
	days, err := s.training.CalendarYear(r.Context(), year)
	return CalendarPage{BasePage: s.base(r, "training.calendar"), Year: year, Days: days}, err
}

func (s *Server) trainingCalendar(w http.ResponseWriter, r *http.Request) error {
	year, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || year < 2000 || year > 2100 {
		year = time.Now().In(i18n.Baku).Year()
	}
	p, err := s.calendarPage(r, year)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "training_calendar", p)
	return nil
}

func (s *Server) trainingCalendarChange(w http.ResponseWriter, r *http.Request) error {
	day := r.PostFormValue("day")
	change := r.PostFormValue("change")
	err := s.training.ChangeDay(r.Context(), day, change == "off", change == "clear", r.PostFormValue("note"))
	year := time.Now().In(i18n.Baku).Year()
	if d, perr := time.Parse(time.DateOnly, day); perr == nil {
		year = d.Year()
	}
	if s.userError(r, err) {
		p, perr := s.calendarPage(r, year)
		if perr != nil {
			return perr
		}
		p.Day, p.Change, p.Note = day, change, r.PostFormValue("note")
		p.refuse(err, Fields{"training.day": "day", "training.note": "note"})
		s.render(w, r, http.StatusUnprocessableEntity, "training_calendar", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/training/calendar?year="+strconv.Itoa(year), "training.calendar_saved")
}

// applyFor applies to a course on behalf of a registered person, from their
// page in the registry, and goes back there.
func (s *Server) applyFor(w http.ResponseWriter, r *http.Request) error {
	person := chosenID(r.PostFormValue("person"))
	cohort := chosenID(r.PostFormValue("cohort"))
	_, err := s.training.ApplyFor(r.Context(), cohort, person)
	if s.userError(r, err) {
		p, perr := s.personPage(r, person)
		if perr != nil {
			return perr
		}
		p.refuse(err, Fields{"": "apply-cohort"}) // the form's one choice: whatever is refused is about it
		s.render(w, r, http.StatusUnprocessableEntity, "person", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(person, 10)+"#h-courses", "training.applied_for")
}
