package web

import (
	"bytes"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/training"
)

// certificateRoutes are the certificates' pages and the public verification.
func (s *Server) certificateRoutes(h func(string, handler)) {
	h("GET /training/cohorts/{id}/certificates", s.certificateList)
	h("GET /training/certificates/{id}/pdf", s.certificatePDF)
	h("POST /training/certificates/{id}/revoke", s.certificateRevoke)
	h("GET /verify", s.verifyLookup)
	h("GET /verify/{code}", s.verifyCode)
}

// CertificatesPage lists a cohort's certificates; coordinators also print
// and revoke them.
type CertificatesPage struct {
	BasePage
	Cohort       training.Cohort
	Course       training.Course
	Certificates []training.Certificate
	RevokeReason map[int64]string // a refused revocation's reason, by certificate
}

func certificatesPath(cohortID int64) string { return cohortPath(cohortID) + "/certificates" }

func (s *Server) certificatesPage(r *http.Request, cohortID int64) (CertificatesPage, error) {
	ctx := r.Context()
	p := CertificatesPage{BasePage: s.base(r, "cert.title")}
	var err error
	if p.Certificates, err = s.training.Certificates(ctx, cohortID); err != nil {
		return p, err
	}
	if p.Cohort, err = s.training.Cohort(ctx, cohortID); err != nil {
		return p, err
	}
	p.Course, err = s.training.Course(ctx, p.Cohort.CourseID)
	return p, err
}

func (s *Server) certificateList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.certificatesPage(r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "training_certificates", p)
	return nil
}

// certificatePDF answers with the printable certificate. It is written to a
// buffer first, so a failure is an error page and never half a PDF.
func (s *Server) certificatePDF(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	doc, c, err := s.training.CertificateDocument(r.Context(), id, s.cfg.BaseURL)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := training.WriteCertificatePDF(&buf, s.catalog, doc); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": c.Number + ".pdf"}))
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	if _, err := buf.WriteTo(w); err != nil {
		slog.InfoContext(r.Context(), "certificate PDF not delivered", "certificate", id, "err", err)
	}
	return nil
}

// errCertificateForm says the revocation form lost its cohort, the page to
// return to; nothing is revoked then.
var errCertificateForm = i18n.Errorf("cert.error.cohort")

func (s *Server) certificateRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cohortID, err := strconv.ParseInt(r.PostFormValue("cohort"), 10, 64)
	if err != nil || cohortID <= 0 {
		return errCertificateForm
	}
	err = s.training.RevokeCertificate(r.Context(), id, r.PostFormValue("reason"))
	if s.userError(r, err) {
		p, perr := s.certificatesPage(r, cohortID)
		if perr != nil {
			return perr
		}
		p.RevokeReason = map[int64]string{id: r.PostFormValue("reason")}
		p.refuse(err, Fields{"cert.revoke_reason": "revoke-" + strconv.FormatInt(id, 10)})
		s.render(w, r, http.StatusUnprocessableEntity, "training_certificates", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, certificatesPath(cohortID)+"#certificate-"+strconv.FormatInt(id, 10), "cert.revoked_flash")
}

// VerifyPage is the public check of a certificate by its code: the form,
// and the certificate once found. It never shows the holder's full name.
type VerifyPage struct {
	BasePage
	Code   string
	Result *training.Verification
}

// maxCodeLength bounds what is looked up; real codes have ten characters.
const maxCodeLength = 64

func (s *Server) verifyLookup(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if !q.Has("code") {
		s.render(w, r, http.StatusOK, "verify", VerifyPage{BasePage: s.base(r, "verify.title")})
		return nil
	}
	return s.verify(w, r, q.Get("code"))
}

func (s *Server) verifyCode(w http.ResponseWriter, r *http.Request) error {
	return s.verify(w, r, r.PathValue("code"))
}

// verifyFields ties the check's one input to the label its messages name.
var verifyFields = Fields{"verify.code": "code"}

// verify shows what the code finds; an unknown code is a 404 with the form
// and a message, so the visitor can correct a typo.
func (s *Server) verify(w http.ResponseWriter, r *http.Request, code string) error {
	p := VerifyPage{BasePage: s.base(r, "verify.title"), Code: strings.TrimSpace(code)}
	w.Header().Set("X-Robots-Tag", "noindex")
	if p.Code == "" {
		p.refuse(i18n.Errorf("verify.code_required", "Field", i18n.Key("verify.code")), verifyFields)
		s.render(w, r, http.StatusUnprocessableEntity, "verify", p)
		return nil
	}
	var err error
	v := training.Verification{}
	if len(p.Code) <= maxCodeLength {
		v, err = s.training.Verify(r.Context(), p.Code)
	} else {
		err = db.ErrNotFound
	}
	if errors.Is(err, db.ErrNotFound) {
		p.refuse(i18n.Errorf("verify.unknown", "Field", i18n.Key("verify.code")), verifyFields)
		s.render(w, r, http.StatusNotFound, "verify", p)
		return nil
	}
	if err != nil {
		return err
	}
	p.Result = &v
	s.render(w, r, http.StatusOK, "verify", p)
	return nil
}
