package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/mydata"
	"inteqra/internal/people"
)

// selfDataRoutes are the migrant's own data (its download as JSON or
// PDF), their consents and their correction requests, and the staff's
// answers to those requests. The detail page of a request lies a level
// down (/people/corrections/{id}/answer): a path /people/corrections/{id}
// would clash with the registry's /people/{id}/edit.
func (s *Server) selfDataRoutes(h func(string, handler)) {
	h("GET /me/data", s.selfData)
	h("GET /me/data.json", s.selfDataJSON)
	h("GET /me/data.pdf", s.selfDataPDF)
	h("POST /me/corrections", s.selfCorrection)
	h("GET /me/consents", s.selfConsents)
	h("POST /me/consents/{id}/withdraw", s.selfWithdraw)
	h("GET /people/corrections", s.correctionList)
	h("GET /people/corrections/{id}/answer", s.correctionShow)
	h("POST /people/corrections/{id}/answer", s.correctionAnswer)
}

// SelfDataPage is the migrant's own data: what it holds, the downloads,
// their correction requests and the form of a new one.
type SelfDataPage struct {
	BasePage
	Linked      bool
	Corrections []mydata.Correction
	Text        string // the request being written, kept when refused
}

// correctionFields ties the correction forms' labels to their inputs.
var correctionFields = Fields{"mydata.correction.text": "text", "mydata.correction.answer": "answer"}

func (s *Server) selfDataPage(r *http.Request) (SelfDataPage, error) {
	if err := access.Require(r.Context(), access.SelfService); err != nil {
		return SelfDataPage{}, err
	}
	p := SelfDataPage{BasePage: s.base(r, "mydata.title")}
	list, err := s.mydata.MyCorrections(r.Context())
	if errors.Is(err, mydata.ErrNotLinked) {
		return p, nil
	}
	p.Linked, p.Corrections = err == nil, list
	return p, err
}

func (s *Server) selfData(w http.ResponseWriter, r *http.Request) error {
	p, err := s.selfDataPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "self_data", p)
	return nil
}

func (s *Server) selfDataJSON(w http.ResponseWriter, r *http.Request) error {
	d, err := s.mydata.Download(r.Context(), mydata.JSON)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // a file to read, not a page: "<" stays "<"
	if err := enc.Encode(d); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="my-data.json"`)
	_, err = w.Write(buf.Bytes())
	return err
}

func (s *Server) selfDataPDF(w http.ResponseWriter, r *http.Request) error {
	d, err := s.mydata.Download(r.Context(), mydata.PDF)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := mydata.WritePDF(&buf, s.base(r, "mydata.title").Printer, d); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="my-data.pdf"`)
	_, err = w.Write(buf.Bytes())
	return err
}

func (s *Server) selfCorrection(w http.ResponseWriter, r *http.Request) error {
	text := r.PostFormValue("text")
	_, err := s.mydata.RequestCorrection(r.Context(), text)
	if s.userError(r, err) && !errors.Is(err, mydata.ErrNotLinked) {
		p, perr := s.selfDataPage(r)
		if perr != nil {
			return perr
		}
		p.Text = text
		p.refuse(err, correctionFields)
		s.render(w, r, http.StatusUnprocessableEntity, "self_data", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/me/data", "mydata.correction.sent")
}

// SelfConsentsPage is the migrant's own consents, each in force with its
// withdrawal form.
type SelfConsentsPage struct {
	BasePage
	Linked   bool
	Consents []people.SelfConsent
	Kept     map[string]string // a refused reason, by its input's id
}

func (s *Server) selfConsentsPage(r *http.Request) (SelfConsentsPage, error) {
	if err := access.Require(r.Context(), access.SelfService); err != nil {
		return SelfConsentsPage{}, err
	}
	p := SelfConsentsPage{BasePage: s.base(r, "mydata.consents.title")}
	list, err := s.people.OwnConsents(r.Context())
	if errors.Is(err, people.ErrNotLinked) {
		return p, nil
	}
	p.Linked, p.Consents = err == nil, list
	return p, err
}

func (s *Server) selfConsents(w http.ResponseWriter, r *http.Request) error {
	p, err := s.selfConsentsPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "self_consents", p)
	return nil
}

func (s *Server) selfWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	input := "reason-" + strconv.FormatInt(id, 10)
	err = s.people.WithdrawOwnConsent(r.Context(), id, r.PostFormValue("reason"))
	if s.userError(r, err) && !errors.Is(err, people.ErrNotLinked) {
		p, perr := s.selfConsentsPage(r)
		if perr != nil {
			return perr
		}
		p.Kept = map[string]string{input: r.PostFormValue("reason")}
		p.refuse(err, Fields{"people.withdraw_reason": input})
		s.render(w, r, http.StatusUnprocessableEntity, "self_consents", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/me/consents", "people.consent_withdrawn")
}

// CorrectionsPage is the staff's list of correction requests, the open
// ones first.
type CorrectionsPage struct {
	BasePage
	Corrections []mydata.Correction
}

func (s *Server) correctionList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.mydata.Corrections(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "corrections", CorrectionsPage{BasePage: s.base(r, "mydata.corrections.title"), Corrections: list})
	return nil
}

// CorrectionPage is one correction request and the staff's answer form.
type CorrectionPage struct {
	BasePage
	Correction mydata.Correction
	Answer     string // the answer being written, kept when refused
}

func (s *Server) correctionShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.mydata.Correction(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "correction", CorrectionPage{BasePage: s.base(r, "mydata.correction.title"), Correction: c})
	return nil
}

func (s *Server) correctionAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	answer := r.PostFormValue("answer")
	err = s.mydata.AnswerCorrection(r.Context(), id, answer)
	if s.userError(r, err) {
		c, cerr := s.mydata.Correction(r.Context(), id)
		if cerr != nil {
			return cerr
		}
		p := CorrectionPage{BasePage: s.base(r, "mydata.correction.title"), Correction: c, Answer: answer}
		p.refuse(err, correctionFields)
		s.render(w, r, http.StatusUnprocessableEntity, "correction", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/people/corrections", "mydata.correction.answered")
}
