package web

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"inteqra/internal/cases"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/storage"
)

// attachmentUploadBytes caps the body of an upload: the largest file a
// case takes and the form around it.
const attachmentUploadBytes = cases.MaxAttachment + 1<<20

// attachmentUploadPath matches the paths upload forms post to: a case's
// attachments, a Council meeting's papers and a progress report's evidence.
var attachmentUploadPath = regexp.MustCompile(`^(/cases/[0-9]+/attachments|/council/manage/meetings/[0-9]+/items/[0-9]+/papers|` +
	`/action-plan/[0-9]+/items/[0-9]+/reports/[0-9]{4}-[0-9]{2}-[0-9]{2}/files)$`)

// attachmentRoutes are a case's files: the list with the upload form, the
// upload and the download.
func (s *Server) attachmentRoutes(h func(string, handler)) {
	h("GET /cases/{id}/attachments", s.caseAttachments)
	h("POST /cases/{id}/attachments", s.caseAttachmentAdd)
	h("GET /cases/{id}/attachments/{aid}", s.caseAttachmentDownload)
}

// CaseAttachmentsPage lists the files of a case the user may see and takes
// a new one.
type CaseAttachmentsPage struct {
	CaseSection
	Attachments []cases.Attachment
	Restricted  bool
	MaxMB       int
	Kinds       []string // kind codes, for the hint
	Accept      string   // the file input's accept list
}

// Size writes a file's size in the page's language: bytes, KB or MB.
func (p CaseAttachmentsPage) Size(n int64) string {
	switch {
	case n < 1<<10:
		return p.N("attachment.size_bytes", int(n))
	case n < 1<<20:
		return p.T("attachment.size_kb", "N", p.Number(float64(n)/(1<<10), 0))
	}
	return p.T("attachment.size_mb", "N", p.Number(float64(n)/(1<<20), 1))
}

func (s *Server) caseAttachmentsPage(r *http.Request) (CaseAttachmentsPage, error) {
	sec, err := s.caseSection(r, "cases.section.attachments")
	if err != nil {
		return CaseAttachmentsPage{}, err
	}
	p := CaseAttachmentsPage{CaseSection: sec, MaxMB: cases.MaxAttachment >> 20, Kinds: storage.FileKindCodes()}
	var accept []string
	for _, k := range storage.FileKinds {
		accept = append(accept, k.Extensions...)
		accept = append(accept, k.ContentType)
	}
	p.Accept = strings.Join(accept, ",")
	p.Attachments, err = s.cases.Attachments(r.Context(), sec.Case.ID)
	return p, err
}

func (s *Server) caseAttachments(w http.ResponseWriter, r *http.Request) error {
	p, err := s.caseAttachmentsPage(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "case_attachments", p)
	return nil
}

// attachmentFields ties the upload form's input to the label its errors name.
var attachmentFields = Fields{"attachment.file": "file"}

func (s *Server) caseAttachmentAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := attachedFile(r)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if c, ok := in.Body.(io.Closer); ok {
		defer c.Close()
	}
	_, err = s.cases.AddAttachment(r.Context(), id, in)
	if s.userError(r, err) {
		p, perr := s.caseAttachmentsPage(r)
		if perr != nil {
			return perr
		}
		p.Restricted = in.Restricted
		p.refuse(err, attachmentFields)
		s.render(w, r, http.StatusUnprocessableEntity, "case_attachments", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, casePath(id)+"/attachments", "attachment.added")
}

// attachedFile reads the upload form. The store checks access before it
// reads the file, so a form without a file, or with one too large for the
// request, still gets 403 from whoever may not attach: it comes as a nil
// Body, or as a Body that fails with the message.
func attachedFile(r *http.Request) cases.AttachmentInput {
	var in cases.AttachmentInput
	err := r.ParseMultipartForm(1 << 20)
	if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
		in.Body = failingReader{i18n.Errorf("attachment.error.too_large", "MB", cases.MaxAttachment>>20, "Field", i18n.Key("attachment.file"))}
		return in
	}
	if err != nil {
		return in
	}
	in.Restricted = r.PostFormValue("restricted") == "on"
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return in
	}
	in.Name, in.Body = hdr.Filename, f
	return in
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

func (s *Server) caseAttachmentDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err != nil || aid <= 0 {
		return db.ErrNotFound
	}
	a, body, err := s.cases.OpenAttachment(r.Context(), id, aid)
	if err != nil {
		return err
	}
	sendFile(w, r, a.Name, a.ContentType, a.Size, body)
	return nil
}

// sendFile sends a stored file as a download and closes it.
func sendFile(w http.ResponseWriter, r *http.Request, name, contentType string, size int64, body io.ReadCloser) {
	defer body.Close()
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", attachmentDisposition(name))
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	// Should a browser ever show the file, it runs nothing from it.
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if _, err := io.Copy(w, body); err != nil {
		slog.WarnContext(r.Context(), "send a file", "name", name, "err", err)
	}
}

// attachmentDisposition names a download as RFC 6266 says: a plain ASCII
// filename for old clients and filename* with the UTF-8 name for the rest.
func attachmentDisposition(name string) string {
	var ascii, enc strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f || r == '"' || r == '\\':
			ascii.WriteByte('_')
		case r < 0x80:
			ascii.WriteRune(r)
		default:
			ascii.WriteByte('_')
		}
	}
	for _, b := range []byte(name) {
		if isAttrChar(b) {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}

// isAttrChar reports whether b may stand for itself in an RFC 8187 value.
func isAttrChar(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("!#$&+-.^_`|~", b) >= 0
}
