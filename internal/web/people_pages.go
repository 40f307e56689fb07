package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/cases"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/migrants"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/training"

	"inteqra/internal/imports"
)

// PeopleSearchPage is the registry's search box and results.
type PeopleSearchPage struct {
	BasePage
	Query            string
	Results          people.Page
	Searched         bool
	Recent           bool // no query: the newest records
	PrevURL, NextURL string
}

func (s *Server) peopleSearch(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ReadPeople); err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	p := PeopleSearchPage{BasePage: s.base(r, "people.title"), Query: q}
	if q != "" {
		res, err := s.people.Search(r.Context(), q, page)
		if err != nil {
			return err
		}
		p.Results, p.Searched = res, true
		link := func(n int) string { return "/people?" + url.Values{"q": {q}, "page": {strconv.Itoa(n)}}.Encode() }
		if res.Page > 1 {
			p.PrevURL = link(res.Page - 1)
		}
		if res.Page < res.Pages() {
			p.NextURL = link(res.Page + 1)
		}
	} else {
		res, more, err := s.people.Recent(r.Context(), page)
		if err != nil {
			return err
		}
		p.Results, p.Recent = res, true
		link := func(n int) string { return "/people?" + url.Values{"page": {strconv.Itoa(n)}}.Encode() }
		if res.Page > 1 {
			p.PrevURL = link(res.Page - 1)
		}
		if more {
			p.NextURL = link(res.Page + 1)
		}
	}
	s.render(w, r, http.StatusOK, "people", p)
	return nil
}

// PersonFormPage registers a person, and shows likely duplicates before saving.
type PersonFormPage struct {
	BasePage
	Action     string // where the form posts: registration or an edit
	Input      people.Input
	NameRows   []people.Name // one row per spelling kind
	Candidates []people.Candidate
	Options    personOptions
}

type personOptions struct {
	Countries  []people.Code
	Languages  []people.Code
	Regions    []people.RegionGroup
	Scripts    []string
	Educations []string
}

func (s *Server) personOptions(r *http.Request) (personOptions, error) {
	lang := langFrom(r.Context())
	regions, err := s.people.Regions(r.Context(), lang)
	return personOptions{Countries: people.Countries(lang), Languages: people.Languages(lang), Regions: regions,
		Scripts: people.Scripts, Educations: people.Educations}, err
}

// nameRows gives the form one row per kind, filled from in.
func nameRows(in []people.Name) []people.Name {
	rows := make([]people.Name, len(people.NameKinds))
	for i, k := range people.NameKinds {
		rows[i].Kind = k
		for _, n := range in {
			if n.Kind == k {
				rows[i] = n
			}
		}
	}
	return rows
}

func (s *Server) personForm(r *http.Request, in people.Input) (PersonFormPage, error) {
	opts, err := s.personOptions(r)
	return PersonFormPage{BasePage: s.base(r, "people.new_title"), Action: "/people", Input: in, NameRows: nameRows(in.Names), Options: opts}, err
}

func (s *Server) personNew(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.WritePeople); err != nil {
		return err
	}
	p, err := s.personForm(r, people.Input{})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "person_form", p)
	return nil
}

func personInput(r *http.Request) people.Input {
	f := r.PostForm
	in := people.Input{
		Sex: people.Sex(f.Get("sex")), BirthDate: f.Get("birth_date"), Stateless: f.Get("stateless") == "on",
		Citizenships: f["citizenship"], Languages: f["language"], Script: f.Get("script"), Education: f.Get("education"),
		Phone: f.Get("phone"), Email: f.Get("email"), Address: f.Get("address"), DocumentNo: f.Get("document_no"),
		DuplicateReason: f.Get("duplicate_reason"),
	}
	in.BirthYear, _ = strconv.Atoi(f.Get("birth_year"))
	in.RegionID = chosenID(f.Get("region"))
	for _, k := range people.NameKinds {
		in.Names = append(in.Names, people.Name{Kind: k, Surname: f.Get("surname_" + string(k)),
			Given: f.Get("given_" + string(k)), Patronymic: f.Get("patronymic_" + string(k))})
	}
	return in
}

// personFields are the person form's inputs that the registry's rules name.
var personFields = Fields{
	"people.surname": "surname_az", "people.given": "given_az", "people.patronymic": "patronymic_az", "people.sex": "sex_f",
	"people.birth_date": "birth_date", "people.citizenships": "citizenship", "people.languages": "language-az",
	"people.phone": "phone", "people.email": "email", "people.address": "address", "people.document_no": "document_no",
	"people.region": "region", "people.duplicate_reason": "duplicate_reason",
}

func (s *Server) personCreate(w http.ResponseWriter, r *http.Request) error {
	in := personInput(r)
	person, cands, err := s.people.CreatePerson(r.Context(), in)
	if s.userError(r, err) {
		p, ferr := s.personForm(r, in)
		if ferr != nil {
			return ferr
		}
		p.refuse(err, personFields)
		if errors.Is(err, people.ErrPossibleDuplicate) {
			p.Candidates = cands
		}
		s.render(w, r, http.StatusUnprocessableEntity, "person_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(person.ID, 10), "people.created")
}

// PersonPage shows a whole record.
type PersonPage struct {
	BasePage
	Person    people.Person
	Region    string
	Statuses  []people.ResidenceStatus
	Consents  []people.Consent
	History   []HistoryLine
	Family    []people.Relative
	Today     time.Time
	Partners  []orgs.Organisation
	OrgNames  map[int64]string
	StatusIn  people.StatusInput
	ConsentIn people.ConsentInput
	Courses   []training.PersonEnrolment
	Cases     []cases.Case
	Origins   []imports.Origin  // the imports the record came from
	Offers    []training.Offer  // cohorts staff can apply to on the person's behalf
	Account   migrants.Account  // the person's own account, for those who link accounts
	Kept      map[string]string // a refused form's values, by its input's id
}

// CurrentStatus is the residence status that holds today, for the record's
// summary; nil when none does.
func (p PersonPage) CurrentStatus() *people.ResidenceStatus {
	for i := range p.Statuses {
		if p.Statuses[i].CurrentOn(p.Today) {
			return &p.Statuses[i]
		}
	}
	return nil
}

// ConsentsInForce counts the consents not withdrawn, for the summary.
func (p PersonPage) ConsentsInForce() int {
	n := 0
	for _, c := range p.Consents {
		if c.InForce() {
			n++
		}
	}
	return n
}

// OpenCase is the person's open case, for the summary; nil when none is open.
func (p PersonPage) OpenCase() *cases.Case {
	for i := range p.Cases {
		if p.Cases[i].Open() {
			return &p.Cases[i]
		}
	}
	return nil
}

// StatusKinds fills the status form.
func (PersonPage) StatusKinds() []people.StatusKind { return people.StatusKinds }

// Grounds fills the status form.
func (PersonPage) Grounds() []string { return people.Grounds }

// StatusStates fills the status form.
func (PersonPage) StatusStates() []people.StatusState { return people.StatusStates }

// Relations fills the family form.
func (PersonPage) Relations() []string { return people.Relations }

// Purposes fills the consent form.
func (PersonPage) Purposes() []people.Purpose { return people.Purposes }

func (s *Server) personPage(r *http.Request, id int64) (PersonPage, error) {
	ctx := r.Context()
	person, err := s.people.Person(ctx, id)
	if err != nil {
		return PersonPage{}, err
	}
	p := PersonPage{BasePage: s.base(r, "people.person_title"), Person: person, Today: time.Now()}
	if p.Region, err = s.people.RegionName(ctx, langFrom(ctx), person.RegionID); err != nil {
		return p, err
	}
	if p.Statuses, err = s.people.Statuses(ctx, id); err != nil {
		return p, err
	}
	if p.Consents, err = s.people.Consents(ctx, id); err != nil {
		return p, err
	}
	if p.Family, err = s.people.Family(ctx, id); err != nil {
		return p, err
	}
	events, err := s.people.History(ctx, id)
	if err != nil {
		return p, err
	}
	if p.History, err = s.historyLines(r, p.Printer, events); err != nil {
		return p, err
	}
	if p.Partners, p.OrgNames, err = s.orgNames(r); err != nil {
		return p, err
	}
	if p.Origins, err = s.imports.Origins(ctx, id); err != nil {
		return p, err
	}
	if p.Courses, err = s.training.PersonEnrolments(ctx, id); err != nil {
		return p, err
	}
	if p.Principal.Can(access.WorkCases) {
		if p.Cases, err = s.cases.Cases(ctx, cases.Filter{PersonID: id}); err != nil {
			return p, err
		}
	}
	if p.Principal.Can(access.LinkAccounts) {
		if p.Account, err = s.migrants.AccountOf(ctx, id); err != nil {
			return p, err
		}
	}
	if p.Principal.Can(access.ApplyForPerson) && person.State == people.Active {
		if p.Offers, err = s.training.OpenCohorts(ctx); err != nil {
			return p, err
		}
	}
	return p, nil
}

func (s *Server) personShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.personPage(r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "person", p)
	return nil
}

// personAction runs one change on a person's record and returns to the
// page, or shows the page again with the messages when the input was
// refused, each beside the field of the form that fields names.
func (s *Server) personAction(w http.ResponseWriter, r *http.Request, flash string, fields Fields, change func(id int64) error, keep func(*PersonPage)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = change(id)
	if s.userError(r, err) {
		p, perr := s.personPage(r, id)
		if perr != nil {
			return perr
		}
		p.refuse(err, fields)
		keep(&p)
		s.render(w, r, http.StatusUnprocessableEntity, "person", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(id, 10), flash)
}

// statusFields ties the residence status form's inputs to the labels its errors name.
var statusFields = Fields{
	"people.status_kind": "kind", "people.ground": "ground", "people.status_state": "status_state",
	"people.document_no": "status_document_no", "people.issued_on": "issued_on", "people.valid_from": "valid_from",
	"people.valid_to": "valid_to",
}

func (s *Server) personAddStatus(w http.ResponseWriter, r *http.Request) error {
	in := people.StatusInput{
		Kind: people.StatusKind(r.PostFormValue("kind")), Ground: r.PostFormValue("ground"), DocumentNo: r.PostFormValue("document_no"),
		IssuedOn: r.PostFormValue("issued_on"), ValidFrom: r.PostFormValue("valid_from"), ValidTo: r.PostFormValue("valid_to"),
		State: people.StatusState(r.PostFormValue("state")),
	}
	return s.personAction(w, r, "people.status_added", statusFields, func(id int64) error {
		_, err := s.people.AddStatus(r.Context(), id, in)
		return err
	}, func(p *PersonPage) { p.StatusIn = in })
}

// consentFields ties the consent form's inputs to the labels its errors name.
var consentFields = Fields{"people.purpose": "purpose", "people.partner": "organisation", "people.given_on": "given_on"}

func (s *Server) personGiveConsent(w http.ResponseWriter, r *http.Request) error {
	org := chosenID(r.PostFormValue("organisation"))
	in := people.ConsentInput{Purpose: people.Purpose(r.PostFormValue("purpose")), OrganisationID: org, GivenOn: r.PostFormValue("given_on")}
	return s.personAction(w, r, "people.consent_given", consentFields, func(id int64) error {
		_, err := s.people.GiveConsent(r.Context(), id, in)
		return err
	}, func(p *PersonPage) { p.ConsentIn = in })
}

func (s *Server) personWithdrawConsent(w http.ResponseWriter, r *http.Request) error {
	cid, err := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	if err != nil {
		return db.ErrNotFound
	}
	input := "reason-" + strconv.FormatInt(cid, 10)
	return s.personAction(w, r, "people.consent_withdrawn", Fields{"people.withdraw_reason": input}, func(id int64) error {
		return s.people.WithdrawConsent(r.Context(), id, cid, r.PostFormValue("reason"))
	}, func(p *PersonPage) { p.Kept = map[string]string{input: r.PostFormValue("reason")} })
}

func (s *Server) personEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := access.Require(r.Context(), access.WritePeople); err != nil {
		return err
	}
	person, err := s.people.Person(r.Context(), id)
	if err != nil {
		return err
	}
	p, err := s.personForm(r, person.Edit())
	if err != nil {
		return err
	}
	p.Title, p.Action = "people.edit_title", "/people/"+strconv.FormatInt(id, 10)+"/edit"
	s.render(w, r, http.StatusOK, "person_form", p)
	return nil
}

func (s *Server) personUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := personInput(r)
	err = s.people.UpdatePerson(r.Context(), id, in)
	if s.userError(r, err) {
		p, ferr := s.personForm(r, in)
		if ferr != nil {
			return ferr
		}
		p.Title, p.Action = "people.edit_title", "/people/"+strconv.FormatInt(id, 10)+"/edit"
		p.refuse(err, personFields)
		s.render(w, r, http.StatusUnprocessableEntity, "person_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/people/"+strconv.FormatInt(id, 10), "people.updated")
}

// HistoryLine is one event of a record's history as a reader sees it: who
// did what, and to which details, in their language.
type HistoryLine struct {
	At                    time.Time
	Actor, Action, Fields string
}

// historyLines names each event's actor and translates its action and the
// fields it touched; the log itself keeps ids and field names.
func (s *Server) historyLines(r *http.Request, p *i18n.Printer, events []audit.Event) ([]HistoryLine, error) {
	names, err := s.eventNames(r.Context(), p, events)
	if err != nil {
		return nil, err
	}
	lines := make([]HistoryLine, len(events))
	for i, e := range events {
		lines[i] = HistoryLine{At: e.At, Actor: names.actor(e), Action: names.action(e.Action), Fields: names.fields(e)}
	}
	return lines, nil
}
