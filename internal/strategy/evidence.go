package strategy

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

// MaxEvidence is the largest evidence file a report takes, in bytes.
const MaxEvidence = 10 << 20

// Evidence is a file attached to a report: a photo, a list of
// participants, a scanned act.
type Evidence struct {
	ID          int64
	ReportID    int64
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	UploadedAt  time.Time
	key         string
}

// EvidenceInput is an uploaded file; a nil Body means no file came.
type EvidenceInput struct {
	Name string
	Body io.Reader
}

// AddEvidence keeps a file on a measure's report for the period that
// begins on start. The report must be saved first and still be the focal
// point's to change; a file of a type the storage does not take, or larger
// than MaxEvidence, is refused. The file is stored first, then its row is
// written; when that fails the stored file is deleted.
func (s *Store) AddEvidence(ctx context.Context, itemID int64, start time.Time, in EvidenceInput) (int64, error) {
	if err := access.Require(ctx, access.ReportStrategy); err != nil {
		return 0, err
	}
	if s.files == nil {
		return 0, errors.New("strategy: no file storage")
	}
	// Access and state first, so that no file is read for nothing.
	if err := s.reportTx(ctx, itemID, start, func(tx *db.Tx, loc Located, sl Slot) error { return evidenceState(sl) }); err != nil {
		return 0, err
	}
	if in.Body == nil {
		return 0, i18n.Errorf("attachment.error.no_file", "Field", i18n.Key("strategy.report.evidence"))
	}
	data, err := io.ReadAll(io.LimitReader(in.Body, MaxEvidence+1))
	if err != nil {
		var ie *i18n.Error
		if errors.As(err, &ie) {
			return 0, ie
		}
		return 0, fmt.Errorf("strategy: read evidence: %w", err)
	}
	if len(data) > MaxEvidence {
		return 0, i18n.Errorf("attachment.error.too_large", "MB", MaxEvidence>>20, "Field", i18n.Key("strategy.report.evidence"))
	}
	if len(data) == 0 {
		return 0, i18n.Errorf("attachment.error.no_file", "Field", i18n.Key("strategy.report.evidence"))
	}
	kind, ok := storage.Sniff(data)
	if !ok {
		return 0, i18n.Errorf("attachment.error.type", "Field", i18n.Key("strategy.report.evidence"))
	}
	sum := sha256.Sum256(data)
	key := storage.RandomKey("reports")
	if _, err := s.files.Put(ctx, key, bytes.NewReader(data)); err != nil {
		return 0, fmt.Errorf("strategy: store evidence: %w", err)
	}
	var id int64
	err = s.reportTx(ctx, itemID, start, func(tx *db.Tx, loc Located, sl Slot) error {
		if err := evidenceState(sl); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO strategy_report_files (report_id, name, content_type, size, sha256, storage_key,
			uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, sl.ID, storage.CleanFileName(in.Name, kind),
			kind.ContentType, len(data), hex.EncodeToString(sum[:]), key, db.NullID(access.From(ctx).UserID), db.Now()).Scan(&id); err != nil {
			return fmt.Errorf("strategy: evidence of report %d: %w", sl.ID, err)
		}
		return audit.Record(ctx, tx, "strategy_report.evidence", "strategy_report", strconv.FormatInt(sl.ID, 10), "evidence")
	})
	if err != nil {
		if derr := s.files.Delete(context.WithoutCancel(ctx), key); derr != nil {
			slog.ErrorContext(ctx, "delete the file of failed evidence", "key", key, "err", derr)
		}
		return 0, err
	}
	return id, nil
}

// evidenceState refuses a file on a report not saved yet, or no longer the
// focal point's to change.
func evidenceState(sl Slot) error {
	if sl.State == Unwritten {
		return i18n.Errorf("strategy.error.save_first")
	}
	if !sl.Editable() {
		return reportStateError(sl.State)
	}
	return nil
}

const evidenceColumns = `id, report_id, name, content_type, size, sha256, storage_key, uploaded_at`

func scanEvidence(r db.Scanner) (Evidence, error) {
	var e Evidence
	err := r.Scan(&e.ID, &e.ReportID, &e.Name, &e.ContentType, &e.Size, &e.SHA256, &e.key, &e.UploadedAt)
	return e, err
}

func evidenceOf(ctx context.Context, q db.Querier, reportID int64) ([]Evidence, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+evidenceColumns+` FROM strategy_report_files WHERE report_id = $1 ORDER BY id`, reportID)
	list, err := db.Collect(rows, err, scanEvidence)
	if err != nil {
		return nil, fmt.Errorf("strategy: evidence of report %d: %w", reportID, err)
	}
	return list, nil
}

// OpenEvidence returns an evidence file of a measure's report and its
// content, for whoever may read the report; the download is audited. The
// caller closes the reader.
func (s *Store) OpenEvidence(ctx context.Context, itemID int64, start time.Time, id int64) (Evidence, io.ReadCloser, error) {
	v, err := s.Report(ctx, itemID, start)
	if err != nil {
		return Evidence{}, nil, err
	}
	if v.ID == 0 || s.files == nil {
		return Evidence{}, nil, db.ErrNotFound
	}
	var e Evidence
	var body io.ReadCloser
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		e, err = scanEvidence(tx.QueryRowContext(ctx, `SELECT `+evidenceColumns+` FROM strategy_report_files WHERE id = $1 AND report_id = $2`,
			id, v.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return db.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("strategy: evidence %d: %w", id, err)
		}
		if body, err = s.files.Open(ctx, e.key); err != nil {
			return fmt.Errorf("strategy: open evidence %d: %w", id, err)
		}
		return audit.Record(ctx, tx, "strategy_report.download", "strategy_report_file", strconv.FormatInt(e.ID, 10))
	})
	if err != nil {
		if body != nil {
			body.Close()
		}
		return Evidence{}, nil, err
	}
	return e, body, nil
}
