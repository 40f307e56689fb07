package api

import (
	"net/http"
	"strconv"
	"strings"

	"inteqra/internal/auth"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

func (s *Server) peopleRoutes() []route {
	return []route{
		{pattern: "GET " + Prefix + "/persons", scope: auth.Read("people"), h: s.searchPersons},
		{pattern: "GET " + Prefix + "/persons/{id}", scope: auth.Read("people"), h: s.person},
		{pattern: "POST " + Prefix + "/persons", scope: auth.Write("people"), h: s.createPerson},
	}
}

// PersonName is one spelling of a person's name.
type PersonName struct {
	Kind       string `json:"kind"`
	Surname    string `json:"surname"`
	Given      string `json:"given"`
	Patronymic string `json:"patronymic"`
}

func namesOf(list []people.Name) []PersonName {
	out := make([]PersonName, 0, len(list))
	for _, n := range list {
		out = append(out, PersonName{Kind: string(n.Kind), Surname: n.Surname, Given: n.Given, Patronymic: n.Patronymic})
	}
	return out
}

// PersonHit is a search result: the summary lists show and why it matched.
type PersonHit struct {
	ID          int64        `json:"id"`
	State       string       `json:"state"`
	DisplayName string       `json:"display_name"`
	Names       []PersonName `json:"names"`
	Sex         string       `json:"sex"`
	BirthDate   string       `json:"birth_date,omitempty"`
	BirthYear   int          `json:"birth_year,omitempty"`
	Score       float64      `json:"score"`
	Reasons     []string     `json:"reasons"`
}

// reasons are the search's catalogue keys of why a record matched, said
// to machines in stable words.
func reasons(keys []string) []string {
	out := []string{}
	for _, k := range keys {
		out = append(out, strings.TrimPrefix(k, "people.why."))
	}
	return out
}

// searchPersons searches the registry as the registry's page does: the
// same box, the same ranking, audited the same way. The cursor is the page.
func (s *Server) searchPersons(w http.ResponseWriter, r *http.Request) error {
	// The ranking's pages are of a fixed size: no limit is taken.
	_, cursor, err := pageParams(r)
	if err != nil {
		return withFields(err, pageFields)
	}
	page := 1
	if cursor != "" {
		if page, err = strconv.Atoi(cursor); err != nil || page < 2 {
			return errCursor
		}
	}
	q := r.URL.Query().Get("q")
	res, err := s.cfg.People.Search(r.Context(), q, page)
	if err != nil {
		return withFields(err, map[i18n.Key]string{"people.search_label": "q"})
	}
	out := List[PersonHit]{Data: []PersonHit{}}
	for _, h := range res.Hits {
		out.Data = append(out.Data, PersonHit{ID: h.ID, State: string(h.State), DisplayName: h.DisplayName, Names: namesOf(h.Names),
			Sex: string(h.Sex), BirthDate: day(h.BirthDate), BirthYear: h.BirthYear, Score: h.Score, Reasons: reasons(h.Reasons)})
	}
	if page < res.Pages() {
		out.Next = s.nextLink(w, r, strconv.Itoa(page+1))
	}
	return s.reply(w, r, http.StatusOK, out)
}

// Person is a record of the registry.
type Person struct {
	ID           int64        `json:"id"`
	State        string       `json:"state"`
	MergedInto   int64        `json:"merged_into,omitempty"`
	DisplayName  string       `json:"display_name"`
	Names        []PersonName `json:"names"`
	Sex          string       `json:"sex"`
	BirthDate    string       `json:"birth_date,omitempty"`
	BirthYear    int          `json:"birth_year,omitempty"`
	Stateless    bool         `json:"stateless"`
	Citizenships []string     `json:"citizenships"`
	Languages    []string     `json:"languages"`
	Script       string       `json:"script"`
	Education    string       `json:"education"`
	Phone        string       `json:"phone"`
	Email        string       `json:"email"`
	Address      string       `json:"address"`
	RegionID     int64        `json:"region_id,omitempty"`
	CreatedAt    *string      `json:"created_at"`
	UpdatedAt    *string      `json:"updated_at"`
}

func personOf(p people.Person) Person {
	nonNil := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return Person{ID: p.ID, State: string(p.State), MergedInto: p.MergedInto, DisplayName: p.DisplayName, Names: namesOf(p.Names),
		Sex: string(p.Sex), BirthDate: day(p.BirthDate), BirthYear: p.BirthYear, Stateless: p.Stateless,
		Citizenships: nonNil(p.Citizenships), Languages: nonNil(p.Languages), Script: p.Script, Education: p.Education,
		Phone: p.Phone, Email: p.Email, Address: p.Address, RegionID: p.RegionID,
		CreatedAt: stamp(p.CreatedAt), UpdatedAt: stamp(p.UpdatedAt)}
}

// person reads a record; the read is audited as a view, as on the page.
func (s *Server) person(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.cfg.People.Person(r.Context(), id)
	if err != nil {
		return err
	}
	return s.reply(w, r, http.StatusOK, personOf(p))
}
