package api

import (
	"errors"
	"net/http"
	"strconv"

	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// PersonInput is a person to register, as the registry's form takes it:
// the name in one spelling or more, and what else is known.
type PersonInput struct {
	Names           []PersonName `json:"names"`
	Sex             string       `json:"sex"`
	BirthDate       string       `json:"birth_date"`
	BirthYear       int          `json:"birth_year"`
	Stateless       bool         `json:"stateless"`
	Citizenships    []string     `json:"citizenships"`
	Languages       []string     `json:"languages"`
	Script          string       `json:"script"`
	Education       string       `json:"education"`
	Phone           string       `json:"phone"`
	Email           string       `json:"email"`
	Address         string       `json:"address"`
	RegionID        int64        `json:"region_id"`
	DocumentNo      string       `json:"document_no"`
	DuplicateReason string       `json:"duplicate_reason"`
}

func (in PersonInput) input() people.Input {
	out := people.Input{Sex: people.Sex(in.Sex), BirthDate: in.BirthDate, BirthYear: in.BirthYear, Stateless: in.Stateless,
		Citizenships: in.Citizenships, Languages: in.Languages, Script: in.Script, Education: in.Education, Phone: in.Phone,
		Email: in.Email, Address: in.Address, RegionID: in.RegionID, DocumentNo: in.DocumentNo, DuplicateReason: in.DuplicateReason}
	for _, n := range in.Names {
		out.Names = append(out.Names, people.Name{Kind: people.NameKind(n.Kind), Surname: n.Surname, Given: n.Given, Patronymic: n.Patronymic})
	}
	return out
}

// personFields names the JSON fields of the registry's field labels.
var personFields = map[i18n.Key]string{
	"people.surname": "names", "people.given": "names", "people.patronymic": "names", "people.sex": "sex",
	"people.birth_date": "birth_date", "people.citizenships": "citizenships", "people.languages": "languages",
	"people.phone": "phone", "people.email": "email", "people.address": "address", "people.document_no": "document_no",
	"people.region": "region_id", "people.duplicate_reason": "duplicate_reason",
}

// duplicatesError refuses a person who looks like records already in the
// registry, as the form does: the problem lists them, and the request
// goes through again only with a duplicate_reason.
type duplicatesError struct{ ids []int64 }

func (e *duplicatesError) Error() string { return "possible duplicate" }
func (e *duplicatesError) Unwrap() error { return people.ErrPossibleDuplicate }

// createPerson registers a person as the registry's form does, and
// answers 201 with the record and its address.
func (s *Server) createPerson(w http.ResponseWriter, r *http.Request) error {
	var in PersonInput
	if err := decode(r, &in); err != nil {
		return err
	}
	p, cands, err := s.cfg.People.CreatePerson(r.Context(), in.input())
	if errors.Is(err, people.ErrPossibleDuplicate) {
		de := &duplicatesError{}
		for _, c := range cands {
			de.ids = append(de.ids, c.ID)
		}
		return de
	}
	if err != nil {
		return withFields(err, personFields)
	}
	w.Header().Set("Location", s.cfg.BaseURL+Prefix+"/persons/"+strconv.FormatInt(p.ID, 10))
	return s.reply(w, r, http.StatusCreated, personOf(p))
}
