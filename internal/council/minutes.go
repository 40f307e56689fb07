package council

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/storage"
	"inteqra/internal/textcheck"
)

// MinutesInput is the minutes of a held meeting: written in Azerbaijani,
// with English and Russian versions each marked translated when done.
type MinutesInput struct {
	Text         Texts
	EnTranslated bool
	RuTranslated bool
}

// SaveMinutes writes the minutes of a held meeting; they may be saved
// again until they are approved. A version marked translated must be there.
func (s *Store) SaveMinutes(ctx context.Context, meetingID int64, in MinutesInput) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	required := []string{"az"}
	if in.EnTranslated {
		required = append(required, "en")
	}
	if in.RuTranslated {
		required = append(required, "ru")
	}
	var l textcheck.List
	checkTexts(&l, &in.Text, "council.minutes.text_", textcheck.Long, "council.error.required", required...)
	if err := l.Err(); err != nil {
		return err
	}
	return s.changeMeeting(ctx, meetingID, []MeetingState{Held}, func(tx *db.Tx, _ Meeting) error {
		_, err := tx.ExecContext(ctx, `UPDATE council_meetings SET minutes_az = $1, minutes_en = $2, minutes_ru = $3,
			en_translated = $4, ru_translated = $5 WHERE id = $6`,
			in.Text.Az, in.Text.En, in.Text.Ru, in.EnTranslated, in.RuTranslated, meetingID)
		if err != nil {
			return fmt.Errorf("council: minutes of %d: %w", meetingID, err)
		}
		return audit.Record(ctx, tx, "meeting.minutes", "meeting", strconv.FormatInt(meetingID, 10), "minutes")
	})
}

// ApprovalInput says who approved the minutes: the Council at a later
// meeting it held with quorum (At), or the chair.
type ApprovalInput struct {
	By string
	At int64
}

// ApproveMinutes approves the written minutes of a held meeting.
func (s *Store) ApproveMinutes(ctx context.Context, meetingID int64, in ApprovalInput) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	if in.By != ByCouncil && in.By != ByChair {
		return i18n.Errorf("council.error.required", "Field", i18n.Key("council.approval.by"))
	}
	return s.changeMeeting(ctx, meetingID, []MeetingState{Held}, func(tx *db.Tx, m Meeting) error {
		var minutes string
		if err := tx.QueryRowContext(ctx, `SELECT minutes_az FROM council_meetings WHERE id = $1`, meetingID).Scan(&minutes); err != nil {
			return fmt.Errorf("council: minutes of %d: %w", meetingID, err)
		}
		if minutes == "" {
			return i18n.Errorf("council.error.no_minutes")
		}
		switch in.By {
		case ByChair:
			var chairs int
			err := tx.QueryRowContext(ctx, `SELECT count(*) FROM council_members m JOIN council_terms t ON t.member_id = m.id
				WHERE m.role = $1 AND t.state = 'active'`, Chair).Scan(&chairs)
			if err != nil {
				return fmt.Errorf("council: chair: %w", err)
			}
			if chairs == 0 {
				return i18n.Errorf("council.error.no_chair", "Field", i18n.Key("council.approval.by"))
			}
			in.At = 0
		case ByCouncil:
			at, err := lockMeeting(ctx, tx, in.At)
			if err != nil || at.State != Held && at.State != Approved || !at.StartsAt.After(m.StartsAt) {
				return i18n.Errorf("council.error.approving_meeting", "Field", i18n.Key("council.approval.at"))
			}
			invited, err := attendees(ctx, tx, in.At)
			if err != nil {
				return err
			}
			if later := (Meeting{Invited: invited}); !later.HasQuorum() {
				return i18n.Errorf("council.error.no_quorum", "Present", later.PresentCount(), "Quorum", later.Quorum())
			}
		}
		return s.moveMeeting(ctx, tx, meetingID, Held, Approved, `approved_at = $4, approved_by = $5, approved_in = $6`,
			s.now(), in.By, db.NullID(in.At))
	})
}

// PublishMinutes makes approved minutes public, with the meeting's
// decisions and attendance.
func (s *Store) PublishMinutes(ctx context.Context, meetingID int64) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	return s.changeMeeting(ctx, meetingID, []MeetingState{Approved}, func(tx *db.Tx, _ Meeting) error {
		res, err := tx.ExecContext(ctx, `UPDATE council_meetings SET published_at = $1 WHERE id = $2 AND published_at IS NULL`, s.now(), meetingID)
		if err != nil {
			return fmt.Errorf("council: publish minutes of %d: %w", meetingID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return i18n.Errorf("council.error.already_published")
		}
		return audit.Record(ctx, tx, "meeting.publish", "meeting", strconv.FormatInt(meetingID, 10), "minutes")
	})
}

// MaxPaper is the largest paper a meeting takes, in bytes.
const MaxPaper = 10 << 20

// AddPaper keeps a paper for an agenda item of a meeting that is planned or
// held. The file is stored first; when the row cannot be written it is
// deleted, so no file is left that no meeting knows of.
func (s *Store) AddPaper(ctx context.Context, meetingID, itemID int64, name string, body io.Reader) (Paper, error) {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return Paper{}, err
	}
	noFile := i18n.Errorf("attachment.error.no_file", "Field", i18n.Key("council.paper.file"))
	if body == nil {
		return Paper{}, noFile
	}
	data, err := io.ReadAll(io.LimitReader(body, MaxPaper+1))
	switch {
	case err != nil:
		return Paper{}, fmt.Errorf("council: read paper: %w", err)
	case len(data) > MaxPaper:
		return Paper{}, i18n.Errorf("attachment.error.too_large", "MB", MaxPaper>>20, "Field", i18n.Key("council.paper.file"))
	case len(data) == 0:
		return Paper{}, noFile
	}
	kind, ok := storage.Sniff(data)
	if !ok {
		return Paper{}, i18n.Errorf("attachment.error.type", "Field", i18n.Key("council.paper.file"))
	}
	p := Paper{ItemID: itemID, Name: storage.CleanFileName(name, kind), ContentType: kind.ContentType, Size: int64(len(data)),
		key: storage.RandomKey("council")}
	if _, err := s.files.Put(ctx, p.key, bytes.NewReader(data)); err != nil {
		return Paper{}, fmt.Errorf("council: store paper: %w", err)
	}
	err = s.changeMeeting(ctx, meetingID, []MeetingState{Planned, Held}, func(tx *db.Tx, _ Meeting) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM council_agenda_items WHERE id = $1 AND meeting_id = $2`, itemID, meetingID).Scan(&n); err != nil || n == 0 {
			return db.ErrNotFound
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO council_papers (item_id, storage_key, file_name, content_type, size, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, itemID, p.key, p.Name, p.ContentType, p.Size, s.now()).Scan(&p.ID)
		if err != nil {
			return fmt.Errorf("council: paper: %w", err)
		}
		return audit.Record(ctx, tx, "meeting.paper", "meeting", strconv.FormatInt(meetingID, 10), "papers")
	})
	if err != nil {
		s.deleteFiles(ctx, []string{p.key})
		return Paper{}, err
	}
	return p, nil
}

// OpenPaper returns a paper of a meeting and its content, for the staff
// who read the Council's work.
func (s *Store) OpenPaper(ctx context.Context, meetingID, paperID int64) (Paper, io.ReadCloser, error) {
	if err := access.Require(ctx, access.CouncilWork); err != nil {
		return Paper{}, nil, err
	}
	return s.openPaper(ctx, meetingID, paperID)
}

// openPaper opens a paper without a check.
func (s *Store) openPaper(ctx context.Context, meetingID, paperID int64) (Paper, io.ReadCloser, error) {
	var p Paper
	err := s.db.QueryRowContext(ctx, `SELECT p.id, p.item_id, p.file_name, p.content_type, p.size, p.storage_key
		FROM council_papers p JOIN council_agenda_items i ON i.id = p.item_id WHERE p.id = $1 AND i.meeting_id = $2`,
		paperID, meetingID).Scan(&p.ID, &p.ItemID, &p.Name, &p.ContentType, &p.Size, &p.key)
	if err != nil {
		return p, nil, fmt.Errorf("council: paper %d: %w", paperID, db.NotFound(err))
	}
	f, err := s.files.Open(ctx, p.key)
	if err != nil {
		return p, nil, fmt.Errorf("council: open paper %d: %w", paperID, err)
	}
	return p, f, nil
}

// deleteFiles removes files no row refers to any more; a failure is logged,
// as the change they belonged to is done.
func (s *Store) deleteFiles(ctx context.Context, keys []string) {
	for _, k := range keys {
		if err := s.files.Delete(context.WithoutCancel(ctx), k); err != nil {
			slog.ErrorContext(ctx, "delete a council file", "key", k, "err", err)
		}
	}
}
