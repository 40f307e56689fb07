package council

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/storage"
)

// What the public sees of the Council's members: those who consented to
// be listed, and their photos while they consent to them.

// PublicMember is what the public page shows of a member who consented to
// be listed: nothing else, never the person's record.
type PublicMember struct {
	ID        int64 // the member's, for the photo's address
	Name      string
	Role      Role
	Origin    string
	Community string
	Languages []string
	Photo     bool // a photo is shown: one is kept and the consent is in force
}

// PublicMembers returns the active members whose consent to the public
// listing is in force. Anyone may read it.
func (s *Store) PublicMembers(ctx context.Context) ([]PublicMember, error) {
	list, err := activeMembers(ctx, s.db)
	if err != nil {
		return nil, err
	}
	var out []PublicMember
	for _, m := range list {
		if m.ConsentListing {
			out = append(out, PublicMember{ID: m.ID, Name: m.Name, Role: m.Role, Origin: m.Origin, Community: m.Community,
				Languages: m.Languages, Photo: m.PhotoKey != "" && m.ConsentPhotos})
		}
	}
	return out, nil
}

// MaxPhoto is the largest photo of a member kept, in bytes.
const MaxPhoto = 2 << 20

// photoTypes are the kinds of photo kept, recognised by their content.
var photoTypes = []string{"image/jpeg", "image/png"}

// SetPhoto keeps a member's photo, a JPEG or PNG of at most MaxPhoto bytes,
// recognised by its content whatever its name; it needs the person's
// consent to photos in force. The file is stored first; when the row cannot
// be written it is deleted, and a replaced photo is deleted after.
func (s *Store) SetPhoto(ctx context.Context, memberID int64, filename string, body io.Reader) error {
	if err := access.Require(ctx, access.ManageCouncil); err != nil {
		return err
	}
	m, err := s.member(ctx, memberID)
	if err != nil {
		return err
	}
	if !m.ConsentPhotos {
		return i18n.Errorf("council.error.photo_consent", "Field", i18n.Key("council.member.photo"))
	}
	if body == nil {
		return i18n.Errorf("council.error.photo_type", "Field", i18n.Key("council.member.photo"))
	}
	data, err := io.ReadAll(io.LimitReader(body, MaxPhoto+1))
	if err != nil {
		var ie *i18n.Error
		if errors.As(err, &ie) {
			return err
		}
		return fmt.Errorf("council: read photo %q: %w", filename, err)
	}
	if len(data) > MaxPhoto {
		return i18n.Errorf("council.error.photo_size", "MB", MaxPhoto>>20, "Field", i18n.Key("council.member.photo"))
	}
	if ct, _, _ := strings.Cut(http.DetectContentType(data), ";"); len(data) == 0 || !slices.Contains(photoTypes, ct) {
		return i18n.Errorf("council.error.photo_type", "Field", i18n.Key("council.member.photo"))
	}
	key := storage.RandomKey("council-photos")
	if _, err := s.files.Put(ctx, key, bytes.NewReader(data)); err != nil {
		return fmt.Errorf("council: store photo: %w", err)
	}
	var old string
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT photo_key FROM council_members WHERE id = $1`, memberID).Scan(&old); err != nil {
			return fmt.Errorf("council: member %d: %w", memberID, db.NotFound(err))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE council_members SET photo_key = $1 WHERE id = $2`, key, memberID); err != nil {
			return fmt.Errorf("council: photo of %d: %w", memberID, err)
		}
		return audit.Record(ctx, tx, "council_member.photo", "council_member", strconv.FormatInt(memberID, 10), "photo")
	})
	gone := old
	if err != nil {
		gone = key
	}
	if gone != "" {
		if derr := s.files.Delete(context.WithoutCancel(ctx), gone); derr != nil {
			slog.ErrorContext(ctx, "delete a member's photo", "key", gone, "err", derr)
		}
	}
	return err
}

// PublicPhoto opens the photo of a member the public page lists, with its
// content type, while the member is active, listed and the consent to
// photos is in force; anything else is not found. Anyone may read it.
func (s *Store) PublicPhoto(ctx context.Context, memberID int64) (string, []byte, error) {
	list, err := s.PublicMembers(ctx)
	if err != nil {
		return "", nil, err
	}
	i := slices.IndexFunc(list, func(m PublicMember) bool { return m.ID == memberID && m.Photo })
	if i < 0 {
		return "", nil, fmt.Errorf("council: photo of %d: %w", memberID, db.ErrNotFound)
	}
	var key string
	if err := s.db.QueryRowContext(ctx, `SELECT photo_key FROM council_members WHERE id = $1`, memberID).Scan(&key); err != nil {
		return "", nil, fmt.Errorf("council: photo of %d: %w", memberID, db.NotFound(err))
	}
	f, err := s.files.Open(ctx, key)
	if err != nil {
		return "", nil, fmt.Errorf("council: open photo of %d: %w", memberID, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxPhoto+1))
	if err != nil {
		return "", nil, fmt.Errorf("council: read photo of %d: %w", memberID, err)
	}
	ct, _, _ := strings.Cut(http.DetectContentType(data), ";")
	return ct, data, nil
}
