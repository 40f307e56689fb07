package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"inteqra/internal/people"
	"inteqra/internal/training"
)

// trainingPublicRoutes are the Training-Education Centre's pages for the
// public: the course catalogue, the application form and the lookup of an
// application by its reference. None needs signing in.
func (s *Server) trainingPublicRoutes(h func(string, handler)) {
	h("GET /courses", s.courseCatalogue)
	h("GET /courses/{id}", s.coursePage)
	h("GET /courses/apply/{cohort}", s.applyForm)
	h("POST /courses/apply/{cohort}", s.apply)
	h("GET /courses/applied", s.applied)
	h("GET /applications", s.applicationLookupForm)
	h("POST /applications", s.applicationLookup)
}

// schedule gives templates the catalogue key of a weekday (Sunday 0).
type schedule struct{}

// Weekday returns the catalogue key of d's name.
func (schedule) Weekday(d time.Weekday) string { return "training.weekday." + strconv.Itoa(int(d)) }

// CourseCard is one course in the catalogue with what its open cohorts offer.
type CourseCard struct {
	training.Course
	Cohorts int // open cohorts
	Places  int // places left in them
}

// CourseGroup is a part of the catalogue: the language courses, or the
// courses on legislation, history and culture.
type CourseGroup struct {
	Name  string // "language" or "civic"; courses.group.<name> is its heading
	Cards []CourseCard
}

// CoursesPage is the public catalogue, language courses first.
type CoursesPage struct {
	BasePage
	Groups []CourseGroup
}

func (s *Server) courseCatalogue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	list, err := s.training.Courses(ctx, false)
	if err != nil {
		return err
	}
	language, civic := CourseGroup{Name: "language"}, CourseGroup{Name: "civic"}
	for _, c := range list {
		cohorts, err := s.training.PublicCohorts(ctx, c.ID)
		if err != nil {
			return err
		}
		card := CourseCard{Course: c, Cohorts: len(cohorts)}
		for _, co := range cohorts {
			card.Places += co.PlacesLeft()
		}
		if c.Language() {
			language.Cards = append(language.Cards, card)
		} else {
			civic.Cards = append(civic.Cards, card)
		}
	}
	p := CoursesPage{BasePage: s.base(r, "courses.title")}
	for _, g := range []CourseGroup{language, civic} {
		if len(g.Cards) > 0 {
			p.Groups = append(p.Groups, g)
		}
	}
	s.render(w, r, http.StatusOK, "courses", p)
	return nil
}

// CoursePage shows one course and its cohorts open for applications.
type CoursePage struct {
	BasePage
	schedule
	Course  training.Course
	Cohorts []training.Cohort
}

func (s *Server) coursePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.training.PublicCourse(r.Context(), id)
	if err != nil {
		return err
	}
	cohorts, err := s.training.PublicCohorts(r.Context(), id)
	if err != nil {
		return err
	}
	p := CoursePage{BasePage: s.base(r, "courses.course_title"), Course: c, Cohorts: cohorts}
	s.render(w, r, http.StatusOK, "course", p)
	return nil
}

// errCohortClosed says a cohort takes no applications: it does not exist,
// is not open, or its course is retired.
var errCohortClosed = errors.New("web: cohort not open")

// openCohort finds a cohort open for applications and its course.
func (s *Server) openCohort(r *http.Request, id int64) (training.Course, training.Cohort, error) {
	cohort, course, err := s.training.PublicCohort(r.Context(), id)
	if errors.Is(err, training.ErrCohortClosed) {
		err = errCohortClosed
	}
	return course, cohort, err
}

// ApplyInput is the application form as the applicant filled it in, kept to
// show the form again after an error.
type ApplyInput struct {
	Surname, Given, Patronymic                       string
	PassportSurname, PassportGiven                   string
	CyrillicSurname, CyrillicGiven, CyrillicPatronym string
	Sex, BirthDate, Citizenship                      string
	Stateless                                        bool
	Languages                                        []string
	Phone, Email                                     string
	DeclaredKind, DeclaredDocument                   string
	ConsentData, ConsentProgramme                    bool
}

func applyInput(r *http.Request) ApplyInput {
	f := r.PostForm
	return ApplyInput{
		Surname: f.Get("surname"), Given: f.Get("given"), Patronymic: f.Get("patronymic"),
		PassportSurname: f.Get("passport_surname"), PassportGiven: f.Get("passport_given"),
		CyrillicSurname: f.Get("cyrillic_surname"), CyrillicGiven: f.Get("cyrillic_given"),
		CyrillicPatronym: f.Get("cyrillic_patronymic"),
		Sex:              f.Get("sex"), BirthDate: f.Get("birth_date"), Citizenship: f.Get("citizenship"),
		Stateless: f.Get("stateless") == "on", Languages: f["language"],
		Phone: f.Get("phone"), Email: f.Get("email"),
		DeclaredKind: f.Get("declared_kind"), DeclaredDocument: f.Get("declared_document"),
		ConsentData: f.Get("consent_data") == "on", ConsentProgramme: f.Get("consent_programme") == "on",
	}
}

// application turns the form into the store's input.
func (in ApplyInput) application(cohortID int64) training.ApplicationInput {
	p := people.Input{
		Names: []people.Name{
			{Kind: people.NameAz, Surname: in.Surname, Given: in.Given, Patronymic: in.Patronymic},
			{Kind: people.NamePassport, Surname: in.PassportSurname, Given: in.PassportGiven},
			{Kind: people.NameCyrillic, Surname: in.CyrillicSurname, Given: in.CyrillicGiven, Patronymic: in.CyrillicPatronym},
		},
		Sex: people.Sex(in.Sex), BirthDate: in.BirthDate, Stateless: in.Stateless, Languages: in.Languages,
		Phone: in.Phone, Email: in.Email,
	}
	if in.Citizenship != "" {
		p.Citizenships = []string{in.Citizenship}
	}
	return training.ApplicationInput{
		CohortID: cohortID, Person: p, DeclaredKind: people.StatusKind(in.DeclaredKind),
		DeclaredDocument: in.DeclaredDocument, ConsentData: in.ConsentData, ConsentProgramme: in.ConsentProgramme,
	}
}

// ApplyPage is the application form for one cohort.
type ApplyPage struct {
	BasePage
	schedule
	Course    training.Course
	Cohort    training.Cohort
	Input     ApplyInput
	Countries []people.Code
	Languages []people.Code
}

// StatusKinds are the residence statuses an applicant can declare.
func (ApplyPage) StatusKinds() []people.StatusKind { return people.StatusKinds }

func (s *Server) applyPage(r *http.Request, in ApplyInput) (ApplyPage, error) {
	id, err := strconv.ParseInt(r.PathValue("cohort"), 10, 64)
	if err != nil {
		return ApplyPage{}, errCohortClosed
	}
	course, cohort, err := s.openCohort(r, id)
	lang := langFrom(r.Context())
	return ApplyPage{BasePage: s.base(r, "apply.title"), Course: course, Cohort: cohort, Input: in,
		Countries: people.Countries(lang), Languages: people.Languages(lang)}, err
}

// closed answers a form for a cohort that takes no applications with a page
// that says so.
func (s *Server) closed(w http.ResponseWriter, r *http.Request, err error) error {
	if errors.Is(err, errCohortClosed) {
		s.renderError(w, r, http.StatusNotFound, "training.error.cohort_closed")
		return nil
	}
	return err
}

func (s *Server) applyForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.applyPage(r, ApplyInput{})
	if err != nil {
		return s.closed(w, r, err)
	}
	s.render(w, r, http.StatusOK, "apply", p)
	return nil
}

// applyFields are the inputs of the application form that the rules' field
// labels name, for the error summary's links and the messages beside them.
var applyFields = Fields{
	"people.surname": "surname", "people.given": "given", "people.patronymic": "patronymic", "people.sex": "sex_f",
	"people.birth_date": "birth_date", "people.citizenships": "citizenship", "people.languages": "language-az",
	"people.phone": "phone", "people.email": "email", "apply.declared_kind": "declared_kind",
	"apply.declared_document": "declared_document", "people.document_no": "declared_document", "apply.consents": "consent_data",
}

// AppliedPage confirms an application and gives its reference. The POST
// redirects here (303), so a reload never sends the form again, and the
// reference waits in the session, never in a URL or a history.
type AppliedPage struct {
	BasePage
	Course    training.Course
	Cohort    training.Cohort
	Reference string
}

func (s *Server) apply(w http.ResponseWriter, r *http.Request) error {
	in := applyInput(r)
	p, err := s.applyPage(r, in)
	if err != nil {
		return s.closed(w, r, err)
	}
	app := in.application(p.Cohort.ID)
	app.Lang = langFrom(r.Context())
	e, err := s.training.Apply(r.Context(), app)
	if s.userError(r, err) {
		p.refuse(err, applyFields)
		s.render(w, r, http.StatusUnprocessableEntity, "apply", p)
		return nil
	}
	if err != nil {
		return err
	}
	s.session.Put(r.Context(), "applied_reference", e.Reference)
	http.Redirect(w, r, "/courses/applied", http.StatusSeeOther)
	return nil
}

// applied shows the reference of the application just sent from this
// browser; without one it sends the visitor to the catalogue.
func (s *Server) applied(w http.ResponseWriter, r *http.Request) error {
	ref := s.session.GetString(r.Context(), "applied_reference")
	if ref == "" {
		http.Redirect(w, r, "/courses", http.StatusSeeOther)
		return nil
	}
	st, err := s.training.Lookup(r.Context(), ref)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "applied", AppliedPage{BasePage: s.base(r, "apply.done.title"),
		Course: st.Course, Cohort: st.Cohort, Reference: ref})
	return nil
}

// ApplicationPage looks an application up by its reference and, once
// found, shows where it stands. It never shows the applicant's name.
type ApplicationPage struct {
	BasePage
	Reference string
	Status    *training.Status
}

func (s *Server) applicationLookupForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "application_status", ApplicationPage{BasePage: s.base(r, "application.title")})
	return nil
}

func (s *Server) applicationLookup(w http.ResponseWriter, r *http.Request) error {
	p := ApplicationPage{BasePage: s.base(r, "application.title"), Reference: r.PostFormValue("reference")}
	st, err := s.training.Lookup(r.Context(), p.Reference)
	if s.userError(r, err) {
		p.refuse(err, Fields{"application.reference": "reference"})
		s.render(w, r, http.StatusUnprocessableEntity, "application_status", p)
		return nil
	}
	if err != nil {
		return err
	}
	p.Status = &st
	s.render(w, r, http.StatusOK, "application_status", p)
	return nil
}
