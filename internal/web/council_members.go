package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// photoUploadBytes caps the body of a member's photo upload: the largest
// photo kept and the form around it.
const photoUploadBytes = council.MaxPhoto + 1<<20

// photoUploadPath is the path the photo form posts to.
var photoUploadPath = regexp.MustCompile(`^/council/members/[0-9]+/photo$`)

// councilMemberRoutes are the Council's members: the public page of the
// Council with the members who consented and their photos, the
// secretariat's list, form and record of each member with the steps of
// their terms, and the Council's settings for admins.
func (s *Server) councilMemberRoutes(h func(string, handler)) {
	h("GET /council", s.councilPage)
	h("GET /council/photos/{id}", s.councilPhoto)
	h("GET /council/members", s.memberList)
	h("GET /council/members/new", s.memberNewForm)
	h("POST /council/members", s.memberAdd)
	h("GET /council/members/{id}", s.memberShow)
	h("POST /council/members/{id}", s.memberUpdate)
	h("POST /council/members/{id}/renew", s.memberRenew)
	h("POST /council/members/{id}/photo", s.memberPhoto)
	h("POST /council/members/{id}/terms/{tid}/activate", s.termActivate)
	h("POST /council/members/{id}/terms/{tid}/end", s.termEnd)
	h("GET /admin/council-settings", s.councilSettingsForm)
	h("POST /admin/council-settings", s.councilSettingsSave)
}

// CouncilPage is the public page of the Migrant Council: what it is, its
// members who consented to be listed, the meetings to come with their
// agenda and those whose minutes are published.
type CouncilPage struct {
	BasePage
	Members        []council.PublicMember
	Upcoming, Past []council.Meeting
}

func (s *Server) councilPage(w http.ResponseWriter, r *http.Request) error {
	p := CouncilPage{BasePage: s.base(r, "council.title")}
	var err error
	if p.Members, err = s.council.PublicMembers(r.Context()); err != nil {
		return err
	}
	if p.Upcoming, p.Past, err = s.council.PublicMeetings(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_public", p)
	return nil
}

func (s *Server) councilPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ct, data, err := s.council.PublicPhoto(r.Context(), id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	// The consent may be withdrawn at any time: nobody keeps a copy.
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, err = w.Write(data)
	return err
}

// MembersPage is the secretariat's list of members, terms ending soon flagged.
type MembersPage struct {
	BasePage
	Members []council.CouncilMember
	Today   time.Time
}

func (s *Server) memberList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.council.Members(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_members", MembersPage{BasePage: s.base(r, "council.members.title"), Members: list,
		Today: i18n.DayOf(time.Now())})
	return nil
}

// MemberForm is the member form as the secretary filled it in.
type MemberForm struct {
	Surname, Given, Patronymic string
	BirthDate, Phone, Email    string
	DocumentNo                 string
	Origin, Community          string
	Languages                  []string
	Role                       council.Role
	StartsOn                   string
	ConsentListing             bool
	ConsentPhotos              bool
}

func memberForm(r *http.Request) MemberForm {
	f := r.PostForm
	return MemberForm{Surname: f.Get("surname"), Given: f.Get("given"), Patronymic: f.Get("patronymic"),
		BirthDate: f.Get("birth_date"), Phone: f.Get("phone"), Email: f.Get("email"), DocumentNo: f.Get("document_no"),
		Origin: f.Get("origin"), Community: f.Get("community"), Languages: f["language"], Role: council.Role(f.Get("role")),
		StartsOn: f.Get("starts_on"), ConsentListing: f.Get("consent_listing") == "on", ConsentPhotos: f.Get("consent_photos") == "on"}
}

// input is the store's input for the form: the person's name is taken as
// the spelling its alphabet says, as on the public proposal form.
func (m MemberForm) input() council.MemberInput {
	return council.MemberInput{
		Person: people.Input{Names: []people.Name{{Kind: nameKind(m.Surname + m.Given + m.Patronymic),
			Surname: m.Surname, Given: m.Given, Patronymic: m.Patronymic}},
			BirthDate: m.BirthDate, Phone: m.Phone, Email: m.Email, DocumentNo: m.DocumentNo},
		Origin: m.Origin, Community: m.Community, Languages: m.Languages, Role: m.Role, StartsOn: m.StartsOn,
		ConsentListing: m.ConsentListing, ConsentPhotos: m.ConsentPhotos}
}

// memberFields are the inputs of the member forms that the rules' field
// labels name.
var memberFields = Fields{
	"people.surname": "surname", "people.given": "given", "people.patronymic": "patronymic",
	"people.birth_date": "birth_date", "people.phone": "phone", "people.email": "email", "people.document_no": "document_no",
	"council.member.origin": "origin", "council.member.community": "community", "council.member.languages": "language-az",
	"council.member.role": "role", "council.term.starts_on": "starts_on", "council.member.person": "surname",
}

// MemberOptions are the choices the member forms offer.
type MemberOptions struct {
	Countries []people.Code
	Languages []people.Code
}

// Roles are the roles the form may give: the chair is elected at a meeting.
func (MemberOptions) Roles() []council.Role {
	return []council.Role{council.Member, council.DeputyChair, council.Secretary}
}

func memberOptions(r *http.Request) MemberOptions {
	lang := langFrom(r.Context())
	return MemberOptions{Countries: people.Countries(lang), Languages: people.Languages(lang)}
}

// NewMemberPage is the form that puts a person on the Council.
type NewMemberPage struct {
	BasePage
	Input   MemberForm
	Options MemberOptions
}

// Roles are the roles the form may give.
func (p NewMemberPage) Roles() []council.Role { return p.Options.Roles() }

func (s *Server) memberNewForm(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageCouncil); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_member_new", NewMemberPage{BasePage: s.base(r, "council.members.new"),
		Input: MemberForm{Role: council.Member, StartsOn: i18n.DayOf(time.Now()).Format(time.DateOnly)}, Options: memberOptions(r)})
	return nil
}

func (s *Server) memberAdd(w http.ResponseWriter, r *http.Request) error {
	in := memberForm(r)
	m, err := s.council.AddMember(r.Context(), in.input())
	if s.userError(r, err) {
		p := NewMemberPage{BasePage: s.base(r, "council.members.new"), Input: in, Options: memberOptions(r)}
		p.refuse(err, memberFields)
		s.render(w, r, http.StatusUnprocessableEntity, "council_member_new", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/council/members/%d", m.ID), "council.members.added")
}

// MemberPage is a member's record for the secretariat: details, consents,
// every term, and the forms of what may be done next.
type MemberPage struct {
	BasePage
	Member  council.CouncilMember
	Input   MemberForm
	Reason  council.EndReason
	Options MemberOptions
	Today   time.Time
	MaxMB   int
}

// EndReasons are the reasons a term may end for.
func (MemberPage) EndReasons() []council.EndReason { return council.EndReasons }

// Roles are the roles the edit form offers: the chair keeps the office.
func (p MemberPage) Roles() []council.Role {
	roles := p.Options.Roles()
	if p.Member.Role == council.Chair {
		roles = append([]council.Role{council.Chair}, roles...)
	}
	return roles
}

// CanRenew reports whether a next term may be opened (the store has the
// last word on the limit of consecutive terms).
func (p MemberPage) CanRenew() bool { return p.Member.Term.State != council.Candidate }

func (s *Server) memberPage(r *http.Request) (MemberPage, error) {
	id, err := pathID(r)
	if err != nil {
		return MemberPage{}, err
	}
	p := MemberPage{BasePage: s.base(r, "council.members.record"), Options: memberOptions(r), Today: i18n.DayOf(time.Now()),
		MaxMB: council.MaxPhoto >> 20}
	if p.Member, err = s.council.Member(r.Context(), id); err != nil {
		return p, err
	}
	m := p.Member
	p.Input = MemberForm{Origin: m.Origin, Community: m.Community, Languages: m.Languages, Role: m.Role,
		ConsentListing: m.ConsentListing, ConsentPhotos: m.ConsentPhotos}
	return p, nil
}

func (s *Server) memberShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.memberPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_member", p)
	return nil
}

// memberStep runs one step on a member's record: the record again with the
// problems and what was typed, or back to it with a flash.
func (s *Server) memberStep(w http.ResponseWriter, r *http.Request, fields Fields, flash string, step func(p *MemberPage) error) error {
	p, err := s.memberPage(r)
	if err != nil {
		return err
	}
	err = step(&p)
	if s.userError(r, err) {
		p.refuse(err, fields)
		s.render(w, r, http.StatusUnprocessableEntity, "council_member", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/council/members/%d", p.Member.ID), flash)
}

func (s *Server) memberUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.memberStep(w, r, memberFields, "council.members.saved", func(p *MemberPage) error {
		in := memberForm(r)
		// A consent already in force stays so: the form cannot withdraw it.
		in.ConsentListing = in.ConsentListing || p.Member.ConsentListing
		in.ConsentPhotos = in.ConsentPhotos || p.Member.ConsentPhotos
		p.Input = in
		return s.council.UpdateMember(r.Context(), p.Member.ID, in.input())
	})
}

func (s *Server) memberRenew(w http.ResponseWriter, r *http.Request) error {
	return s.memberStep(w, r, nil, "council.members.renewed", func(p *MemberPage) error {
		_, err := s.council.RenewTerm(r.Context(), p.Member.ID)
		return err
	})
}

// termID reads the term's id from the path; it must be one of the member's.
func termID(r *http.Request, m council.CouncilMember) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("tid"), 10, 64)
	if err != nil || !slices.ContainsFunc(m.Terms, func(t council.Term) bool { return t.ID == id }) {
		return 0, db.ErrNotFound
	}
	return id, nil
}

func (s *Server) termActivate(w http.ResponseWriter, r *http.Request) error {
	return s.memberStep(w, r, nil, "council.members.activated", func(p *MemberPage) error {
		id, err := termID(r, p.Member)
		if err != nil {
			return err
		}
		return s.council.ActivateTerm(r.Context(), id)
	})
}

func (s *Server) termEnd(w http.ResponseWriter, r *http.Request) error {
	fields := Fields{"council.term.end_reason": "end_reason_" + string(council.EndReasons[0]) + "_" + r.PathValue("tid")}
	return s.memberStep(w, r, fields, "council.members.ended",
		func(p *MemberPage) error {
			id, err := termID(r, p.Member)
			if err != nil {
				return err
			}
			p.Reason = council.EndReason(r.PostFormValue("end_reason"))
			return s.council.EndTerm(r.Context(), id, p.Reason)
		})
}

// photoFields ties the photo form's input to the label its errors name.
var photoFields = Fields{"council.member.photo": "photo"}

func (s *Server) memberPhoto(w http.ResponseWriter, r *http.Request) error {
	return s.memberStep(w, r, photoFields, "council.members.photo_saved", func(p *MemberPage) error {
		name, body := photoFile(r)
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
		if c, ok := body.(io.Closer); ok {
			defer c.Close()
		}
		return s.council.SetPhoto(r.Context(), p.Member.ID, name, body)
	})
}

// photoFile reads the photo form. The store checks access before it reads
// the file, so a form without a file, or with one too large, still gets
// 403 from whoever may not upload: it comes as a nil body, or as one that
// fails with the message.
func photoFile(r *http.Request) (string, io.Reader) {
	err := r.ParseMultipartForm(1 << 20)
	if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
		return "", failingReader{i18n.Errorf("council.error.photo_size", "MB", council.MaxPhoto>>20, "Field", i18n.Key("council.member.photo"))}
	}
	if err != nil {
		return "", nil
	}
	f, hdr, err := r.FormFile("photo")
	if err != nil {
		return "", nil
	}
	return hdr.Filename, f
}

// SettingsPage is the admins' form for the Council's settings.
type SettingsPage struct {
	BasePage
	Size, TermMonths, MaxTerms string
	Bounds                     struct{ MinSize, MaxSize, MinTermMonths, MaxTermMonths, MinMaxTerms, MaxMaxTerms int }
}

func (s *Server) settingsPage(r *http.Request) SettingsPage {
	p := SettingsPage{BasePage: s.base(r, "council.settings.title")}
	p.Bounds.MinSize, p.Bounds.MaxSize = council.MinSize, council.MaxSize
	p.Bounds.MinTermMonths, p.Bounds.MaxTermMonths = council.MinTermMonths, council.MaxTermMonths
	p.Bounds.MinMaxTerms, p.Bounds.MaxMaxTerms = council.MinMaxTerms, council.MaxMaxTerms
	return p
}

func (s *Server) councilSettingsForm(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageCouncilCatalogue); err != nil {
		return err
	}
	st, err := s.council.Settings(r.Context())
	if err != nil {
		return err
	}
	p := s.settingsPage(r)
	p.Size, p.TermMonths, p.MaxTerms = strconv.Itoa(st.Size), strconv.Itoa(st.TermMonths), strconv.Itoa(st.MaxTerms)
	s.render(w, r, http.StatusOK, "council_settings", p)
	return nil
}

var settingsFields = Fields{"council.settings.size": "size", "council.settings.term_months": "term_months",
	"council.settings.max_terms": "max_terms"}

func (s *Server) councilSettingsSave(w http.ResponseWriter, r *http.Request) error {
	p := s.settingsPage(r)
	f := r.PostForm
	p.Size, p.TermMonths, p.MaxTerms = f.Get("size"), f.Get("term_months"), f.Get("max_terms")
	err := s.council.SaveSettings(r.Context(), council.Settings{Size: formNumber(p.Size), TermMonths: formNumber(p.TermMonths),
		MaxTerms: formNumber(p.MaxTerms)})
	if s.userError(r, err) {
		p.refuse(err, settingsFields)
		s.render(w, r, http.StatusUnprocessableEntity, "council_settings", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/council-settings", "council.settings.saved")
}
