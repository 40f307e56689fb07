package api

import (
	"errors"
	"net/http"
	"net/url"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// The course application of the public portal, and the lookup of one by
// its reference: the same checks, consents and reference as the form.
func (s *Server) applicationRoutes() []route {
	return []route{
		{pattern: "POST " + Prefix + "/applications", h: s.apply},
		{pattern: "GET " + Prefix + "/applications/{reference}", h: s.application},
	}
}

// ApplicationInput is the application form: the applicant's name in
// Azerbaijani Latin, as in the passport and in Cyrillic, their details,
// the residence status they declare and the two consents the form asks.
type ApplicationInput struct {
	CohortID           int64    `json:"cohort_id"`
	Surname            string   `json:"surname"`
	Given              string   `json:"given"`
	Patronymic         string   `json:"patronymic"`
	PassportSurname    string   `json:"passport_surname"`
	PassportGiven      string   `json:"passport_given"`
	CyrillicSurname    string   `json:"cyrillic_surname"`
	CyrillicGiven      string   `json:"cyrillic_given"`
	CyrillicPatronymic string   `json:"cyrillic_patronymic"`
	Sex                string   `json:"sex"`
	BirthDate          string   `json:"birth_date"`
	Citizenship        string   `json:"citizenship"`
	Stateless          bool     `json:"stateless"`
	Languages          []string `json:"languages"`
	Phone              string   `json:"phone"`
	Email              string   `json:"email"`
	DeclaredStatus     string   `json:"declared_status"`
	DeclaredDocument   string   `json:"declared_document"`
	ConsentData        bool     `json:"consent_data"`
	ConsentProgramme   bool     `json:"consent_programme"`
}

// application maps the body as the public form's handler maps the form.
func (in ApplicationInput) application(lang i18n.Lang) training.ApplicationInput {
	p := people.Input{
		Names: []people.Name{
			{Kind: people.NameAz, Surname: in.Surname, Given: in.Given, Patronymic: in.Patronymic},
			{Kind: people.NamePassport, Surname: in.PassportSurname, Given: in.PassportGiven},
			{Kind: people.NameCyrillic, Surname: in.CyrillicSurname, Given: in.CyrillicGiven, Patronymic: in.CyrillicPatronymic},
		},
		Sex: people.Sex(in.Sex), BirthDate: in.BirthDate, Stateless: in.Stateless, Languages: in.Languages,
		Phone: in.Phone, Email: in.Email,
	}
	if in.Citizenship != "" {
		p.Citizenships = []string{in.Citizenship}
	}
	return training.ApplicationInput{CohortID: in.CohortID, Person: p, DeclaredKind: people.StatusKind(in.DeclaredStatus),
		DeclaredDocument: in.DeclaredDocument, ConsentData: in.ConsentData, ConsentProgramme: in.ConsentProgramme, Lang: lang}
}

// applicationFields names the JSON fields of the rules' field labels.
var applicationFields = map[i18n.Key]string{
	"people.surname": "surname", "people.given": "given", "people.patronymic": "patronymic", "people.sex": "sex",
	"people.birth_date": "birth_date", "people.citizenships": "citizenship", "people.languages": "languages",
	"people.phone": "phone", "people.email": "email", "apply.declared_kind": "declared_status",
	"apply.declared_document": "declared_document", "people.document_no": "declared_document", "apply.consents": "consent_data",
	"api.field.cohort_id": "cohort_id",
}

// errCohortClosed refuses an application to a cohort that takes none.
var errCohortClosed = i18n.Errorf("training.error.cohort_closed", "Field", i18n.Key("api.field.cohort_id"))

// Application is where an application stands, as the public lookup shows
// it: never the applicant's name.
type Application struct {
	Reference        string  `json:"reference"`
	State            string  `json:"state"`
	AppliedAt        *string `json:"applied_at"`
	CourseID         int64   `json:"course_id"`
	Course           Texts   `json:"course"`
	CohortID         int64   `json:"cohort_id"`
	Cohort           string  `json:"cohort"`
	StartsOn         string  `json:"starts_on"`
	EndsOn           string  `json:"ends_on"`
	WaitlistPosition int     `json:"waitlist_position,omitempty"`
	Reason           string  `json:"reason,omitempty"`
}

func applicationOf(st training.Status) Application {
	a := Application{Reference: st.Reference, State: string(st.State), AppliedAt: stamp(st.AppliedAt), CourseID: st.Course.ID,
		Course: textsOf(st.Course.Title), CohortID: st.Cohort.ID, Cohort: st.Cohort.Code, StartsOn: day(st.Cohort.StartsOn),
		EndsOn: day(st.Cohort.EndsOn), WaitlistPosition: st.WaitlistPosition}
	// The page shows the reason only of a refusal, a drop or a transfer.
	switch st.State {
	case training.Rejected, training.Dropped, training.Transferred:
		a.Reason = st.Reason
	}
	return a
}

func (s *Server) apply(w http.ResponseWriter, r *http.Request) error {
	var in ApplicationInput
	if err := decode(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	e, err := s.cfg.Training.Apply(ctx, in.application(langFrom(ctx)))
	if errors.Is(err, training.ErrCohortClosed) {
		err = errCohortClosed
	}
	if err != nil {
		return withFields(err, applicationFields)
	}
	st, err := s.cfg.Training.Lookup(ctx, e.Reference)
	if err != nil {
		return err
	}
	w.Header().Set("Location", s.cfg.BaseURL+Prefix+"/applications/"+url.PathEscape(e.Reference))
	return s.reply(w, r, http.StatusCreated, applicationOf(st))
}

// application looks an application up by its reference, as the public
// lookup page does: the reference is all it asks, as there.
func (s *Server) application(w http.ResponseWriter, r *http.Request) error {
	st, err := s.cfg.Training.Lookup(r.Context(), r.PathValue("reference"))
	if i18n.HasProblem(err, "training.error.reference_unknown") {
		return db.ErrNotFound
	}
	if err != nil {
		return err
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	return s.reply(w, r, http.StatusOK, applicationOf(st))
}
