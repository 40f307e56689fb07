package cases

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

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
func (a Attachment) Kind() storage.FileKind {
	k, _ := storage.KindOf(a.ContentType)
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
	kind, ok := storage.Sniff(data)
	if !ok {
		return Attachment{}, i18n.Errorf("attachment.error.type", "Field", i18n.Key("attachment.file"))
	}
	sum := sha256.Sum256(data)
	a := Attachment{CaseID: caseID, Name: storage.CleanFileName(in.Name, kind), ContentType: kind.ContentType, Size: int64(len(data)),
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
