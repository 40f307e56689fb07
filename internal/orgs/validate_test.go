package orgs

import (
	"context"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
)

// TestOrganisationTextIsChecked holds issue 12 item 6 for organisations:
// an over-long name, a NUL and invalid UTF-8 are refused with a message
// naming the field, and nothing is written.
func TestOrganisationTextIsChecked(t *testing.T) {
	t.Parallel()
	admin := access.With(context.Background(), access.System())
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d)
		tests := []struct {
			name, value, want string
		}{
			{"201 characters", strings.Repeat("ə", 201), "error.too_long"},
			{"NUL", "Nul\x00Byte", "error.control_chars"},
			{"invalid UTF-8", "\xff\xfe\x80", "error.invalid_utf8"},
			{"new line", "UNHCR\nAzərbaycan", "error.control_chars"},
		}
		for _, tt := range tests {
			_, err := s.CreateOrganisation(admin, Input{Name: tt.value, Kind: NGO, Active: true})
			ps := i18n.Problems(err)
			if len(ps) == 0 || ps[0].Key != tt.want {
				t.Errorf("%s: got %v, want %s", tt.name, err, tt.want)
			}
		}
		var n int
		if err := d.QueryRowContext(context.Background(), `SELECT count(*) FROM organisations`).Scan(&n); err != nil || n != 0 {
			t.Errorf("got %d organisations after refused ones (%v), want 0", n, err)
		}
		if err := CheckActive(context.Background(), d, "orgs.name", 999999); err == nil {
			t.Error("CheckActive(999999) = nil, want the unknown choice")
		}
	})
}
