package cases

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/storage"
)

// attachmentEvents are the timeline kinds of attachments. A restricted
// attachment's event carries no file name, only the attachment's id.
var attachmentEvents = []string{"attachment"}

// MaxAttachment is the largest file a case takes, in bytes.
const MaxAttachment = 10 << 20

// maxName is the longest file name kept, in characters.
const maxName = 200

// FileKind is a kind of file a case takes: its content type and the
// extensions a name of it may end in (the first is given to names without).
type FileKind struct {
	Code        string // catalogue key suffix: attachment.kind.<code>
	ContentType string
	Extensions  []string
}

// FileKinds are the kinds of file a case takes, recognised by their
// content, never by their name or the browser's word.
var FileKinds = []FileKind{
	{"pdf", "application/pdf", []string{".pdf"}},
	{"jpeg", "image/jpeg", []string{".jpg", ".jpeg"}},
	{"png", "image/png", []string{".png"}},
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}},
}

// FileKindCodes lists the codes of FileKinds, for the catalogues.
func FileKindCodes() []string {
	codes := make([]string, len(FileKinds))
	for i, k := range FileKinds {
		codes[i] = k.Code
	}
	return codes
}

func kindOf(contentType string) (FileKind, bool) {
	for _, k := range FileKinds {
		if k.ContentType == contentType {
			return k, true
		}
	}
	return FileKind{}, false
}

// Attachment is a file attached to a case.
type Attachment struct {
	ID          int64
	CaseID      int64
	Name        string // the uploaded file's name, cleaned
	ContentType string // from the content, see FileKinds
	Size        int64
	SHA256      string // hex
	Restricted  bool   // seen only by its uploader, the case's consultant and supervisors
	UploadedBy  int64
	UploadedAt  time.Time
	key         string
}

// Kind returns the attachment's kind.
func (a Attachment) Kind() FileKind {
	k, _ := kindOf(a.ContentType)
	return k
}

// AttachmentInput is an uploaded file. A nil Body means no file came; a
// Body that fails with an *i18n.Error (a file too large for the request, say)
// gives that message.
type AttachmentInput struct {
	Name       string
	Body       io.Reader
	Restricted bool
}

// AddAttachment keeps a file on an open case the principal works on. The
// file is stored first under a random key, then the row and the timeline
// event are written in one transaction; when that fails, the stored file is
// deleted, so no file is left that no case knows of.
func (s *Store) AddAttachment(ctx context.Context, caseID int64, in AttachmentInput) (Attachment, error) {
	c, err := s.caseFor(ctx, s.db, caseID)
	if err != nil {
		return Attachment{}, err
	}
	if !c.Open() {
		return Attachment{}, ErrInvalidMove
	}
	if in.Body == nil {
		return Attachment{}, i18n.Errorf("attachment.error.no_file", "Field", i18n.Key("attachment.file"))
	}
	data, err := io.ReadAll(io.LimitReader(in.Body, MaxAttachment+1))
	if err != nil {
		return Attachment{}, fmt.Errorf("cases: read attachment: %w", err)
	}
	if len(data) > MaxAttachment {
		return Attachment{}, i18n.Errorf("attachment.error.too_large", "MB", MaxAttachment>>20, "Field", i18n.Key("attachment.file"))
	}
	if len(data) == 0 {
		return Attachment{}, i18n.Errorf("attachment.error.no_file", "Field", i18n.Key("attachment.file"))
	}
	kind, ok := sniff(data)
	if !ok {
		return Attachment{}, i18n.Errorf("attachment.error.type", "Field", i18n.Key("attachment.file"))
	}
	sum := sha256.Sum256(data)
	a := Attachment{CaseID: caseID, Name: CleanFileName(in.Name, kind), ContentType: kind.ContentType, Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), Restricted: in.Restricted, UploadedBy: access.From(ctx).UserID, UploadedAt: s.now(),
		key: storage.RandomKey("attachments")}
	if _, err := s.files.Put(ctx, a.key, bytes.NewReader(data)); err != nil {
		return Attachment{}, fmt.Errorf("cases: store attachment: %w", err)
	}
	err = s.change(ctx, caseID, func(tx *db.Tx, c *Case) error {
		if !c.Open() {
			return ErrInvalidMove
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO case_attachments (case_id, name, content_type, size, sha256, storage_key, restricted, uploaded_by, uploaded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			caseID, a.Name, a.ContentType, a.Size, a.SHA256, a.key, a.Restricted, db.NullID(a.UploadedBy), a.UploadedAt).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("cases: attachment on %d: %w", caseID, err)
		}
		detail := a.Name
		if a.Restricted {
			detail = ""
		}
		return s.event(ctx, tx, caseID, "attachment", detail, a.ID)
	})
	if err != nil {
		// The request may be gone; the file must go all the same.
		if derr := s.files.Delete(context.WithoutCancel(ctx), a.key); derr != nil {
			slog.ErrorContext(ctx, "delete the file of a failed attachment", "key", a.key, "err", derr)
		}
		return Attachment{}, err
	}
	return a, nil
}

// sniff recognises a file's kind from its content: the first 512 bytes as
// browsers read them, and for Office files the part list inside the zip.
func sniff(data []byte) (FileKind, bool) {
	ct, _, _ := strings.Cut(http.DetectContentType(data), ";")
	if ct == "application/zip" {
		return officeKind(data)
	}
	return kindOf(ct)
}

// officeKind tells a Word or Excel document (OOXML, without macros) from
// any other zip by the main part named in its [Content_Types].xml. Only that
// one small entry is read, so a zip bomb is never unpacked.
func officeKind(data []byte) (FileKind, bool) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return FileKind{}, false
	}
	var types *zip.File
	for _, f := range zr.File {
		name := strings.ToLower(f.Name)
		if strings.HasSuffix(name, "vbaproject.bin") || strings.HasSuffix(name, "vbadata.xml") {
			return FileKind{}, false // macros
		}
		if f.Name == "[Content_Types].xml" {
			types = f
		}
	}
	if types == nil || types.UncompressedSize64 > 1<<20 {
		return FileKind{}, false
	}
	r, err := types.Open()
	if err != nil {
		return FileKind{}, false
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return FileKind{}, false
	}
	xml := string(b)
	if strings.Contains(strings.ToLower(xml), "macroenabled") {
		return FileKind{}, false
	}
	for _, main := range []struct{ part, kind string }{
		{"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "docx"},
		{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xlsx"},
	} {
		if strings.Contains(xml, `"`+main.part+`"`) {
			for _, k := range FileKinds {
				if k.Code == main.kind {
					return k, true
				}
			}
		}
	}
	return FileKind{}, false
}

// CleanFileName makes an uploaded file's name safe to keep and to hand back
// in a download: the last path element only, no control characters or
// characters file systems refuse, at most maxName characters, and an
// extension that matches the content's kind.
func CleanFileName(name string, kind FileKind) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = norm.NFC.String(strings.ToValidUTF8(name, ""))
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r): // control and bidi characters
			return -1
		case strings.ContainsRune(`"*:<>?|;`, r):
			return '_'
		}
		return r
	}, name)
	name = strings.Join(strings.Fields(name), " ")
	stem, ext := name, strings.ToLower(path.Ext(name))
	switch {
	case slices.Contains(kind.Extensions, ext):
		stem, ext = strings.TrimSuffix(name, path.Ext(name)), path.Ext(name)
	case knownExtension(ext): // a PNG named .pdf is named .png
		stem, ext = strings.TrimSuffix(name, path.Ext(name)), kind.Extensions[0]
	default:
		ext = kind.Extensions[0]
	}
	stem = strings.Trim(stem, " .")
	if stem == "" {
		stem = kind.Code
	}
	if max := maxName - utf8.RuneCountInString(ext); utf8.RuneCountInString(stem) > max {
		stem = strings.TrimRight(string([]rune(stem)[:max]), " .")
	}
	return stem + ext
}

func knownExtension(ext string) bool {
	for _, k := range FileKinds {
		if slices.Contains(k.Extensions, ext) {
			return true
		}
	}
	return false
}

const attachmentColumns = `id, case_id, name, content_type, size, sha256, storage_key, restricted, uploaded_by, uploaded_at`

func scanAttachment(row db.Scanner) (Attachment, error) {
	var a Attachment
	var by sql.NullInt64
	err := row.Scan(&a.ID, &a.CaseID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.key, &a.Restricted, &by, &a.UploadedAt)
	a.UploadedBy = by.Int64
	return a, err
}

// seesRestricted reports whether the principal may see a restricted
// attachment on c: its uploader, the case's consultant, a supervisor.
func seesRestricted(p access.Principal, c Case, a Attachment) bool {
	return !a.Restricted || p.IsSystem() || a.UploadedBy == p.UserID || c.ConsultantID == p.UserID || p.Can(access.SuperviseCases)
}

// Attachments returns the files attached to a case, the latest first; a
// restricted one only to those who may see it.
func (s *Store) Attachments(ctx context.Context, caseID int64) ([]Attachment, error) {
	c, err := s.caseFor(ctx, s.db, caseID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+attachmentColumns+` FROM case_attachments WHERE case_id = $1
		ORDER BY uploaded_at DESC, id DESC`, c.ID)
	all, err := db.Collect(rows, err, scanAttachment)
	if err != nil {
		return nil, fmt.Errorf("cases: attachments of %d: %w", caseID, err)
	}
	p := access.From(ctx)
	var list []Attachment
	for _, a := range all {
		if seesRestricted(p, c, a) {
			list = append(list, a)
		}
	}
	return list, nil
}

// OpenAttachment returns an attachment of a case and its content, for the
// principal to download; the download is audited. The caller closes the
// reader.
func (s *Store) OpenAttachment(ctx context.Context, caseID, id int64) (Attachment, io.ReadCloser, error) {
	var a Attachment
	var body io.ReadCloser
	err := s.db.Transact(ctx, func(tx *db.Tx) error {
		c, err := s.caseFor(ctx, tx, caseID)
		if err != nil {
			return err
		}
		a, err = scanAttachment(tx.QueryRowContext(ctx, `SELECT `+attachmentColumns+` FROM case_attachments WHERE id = $1 AND case_id = $2`, id, c.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return db.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("cases: attachment %d: %w", id, err)
		}
		if !seesRestricted(access.From(ctx), c, a) {
			return access.ErrForbidden
		}
		if body, err = s.files.Open(ctx, a.key); err != nil {
			return fmt.Errorf("cases: open attachment %d: %w", id, err)
		}
		return audit.Record(ctx, tx, "attachment.download", "attachment", strconv.FormatInt(a.ID, 10))
	})
	if err != nil {
		if body != nil {
			body.Close()
		}
		return Attachment{}, nil, err
	}
	return a, body, nil
}
