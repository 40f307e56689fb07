package notify

import (
	"context"
	"fmt"
	"slices"

	"inteqra/internal/access"
	"inteqra/internal/db"
)

// Security lists the events that are always e-mailed: a user cannot turn
// off being told that their account changed.
var Security = []string{"password.changed", "signin.admin"}

// toldTo lists, by event, the roles whose users are told of it, for their
// preferences; a security event told to every user lists none.
var toldTo = map[string][]access.Role{
	"referral.sent":          {access.PartnerOfficer},
	"referral.answered":      {access.Consultant, access.Supervisor},
	"password.changed":       nil,
	"signin.admin":           {access.Admin},
	"proposal.answered":      {access.Migrant},
	"report.due":             {access.FocalPoint},
	"report.overdue":         {access.FocalPoint},
	"link.requested":         {access.Consultant},
	"lesson.tomorrow":        {access.Migrant},
	"attendance.below":       {access.Migrant},
	"certificate.issued":     {access.Migrant},
	"certificate.revoked":    {access.Migrant},
	"plan.agreed":            {access.Supervisor},
	"plan.approved":          {access.Consultant},
	"plan.returned":          {access.Consultant},
	"plan.approved_own":      {access.Migrant},
	"referral.overdue":       {access.Consultant, access.Supervisor},
	"task.due":               {access.Consultant, access.Supervisor},
	"application.received":   {access.Migrant},
	"application.accepted":   {access.Migrant},
	"application.waitlisted": {access.Migrant},
	"application.promoted":   {access.Migrant},
	"application.rejected":   {access.Migrant},
	"link.confirmed":         {access.Migrant},
	"link.refused":           {access.Migrant},
	"link.removed":           {access.Migrant},
	"correction.requested":   {access.Consultant},
	"correction.answered":    {access.Migrant},
}

// Preference is whether a user is told of an event by e-mail as well as in
// the app; Locked for a security message, which always is.
type Preference struct {
	Kind   string
	Email  bool
	Locked bool
}

// Preferences returns the signed-in user's choices for the events told to
// their role, in the order of Kinds.
func (s *Store) Preferences(ctx context.Context) ([]Preference, error) {
	me := access.From(ctx)
	if !me.SignedIn() || me.UserID == 0 {
		return nil, access.ErrUnauthenticated
	}
	off := map[string]bool{}
	rows, err := s.db.QueryContext(ctx, `SELECT kind FROM notify_preferences WHERE user_id = $1 AND email = $2`, me.UserID, false)
	if err := db.Each(rows, err, func(r db.Scanner) error {
		var kind string
		err := r.Scan(&kind)
		off[kind] = true
		return err
	}); err != nil {
		return nil, fmt.Errorf("notify: preferences: %w", err)
	}
	var out []Preference
	for _, kind := range Kinds {
		roles, ok := toldTo[kind]
		switch {
		case !ok:
		case slices.Contains(Security, kind) && (roles == nil || slices.Contains(roles, me.Role)):
			out = append(out, Preference{Kind: kind, Email: true, Locked: true})
		case slices.Contains(roles, me.Role):
			out = append(out, Preference{Kind: kind, Email: !off[kind]})
		}
	}
	return out, nil
}

// SetPreferences keeps the signed-in user's choice of the events told to
// them by e-mail: those in email are, the others of their role are not.
// Security messages stay on whatever is asked.
func (s *Store) SetPreferences(ctx context.Context, email []string) error {
	prefs, err := s.Preferences(ctx)
	if err != nil {
		return err
	}
	me := access.From(ctx).UserID
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM notify_preferences WHERE user_id = $1`, me); err != nil {
			return fmt.Errorf("notify: preferences: %w", err)
		}
		for _, p := range prefs {
			if p.Locked || slices.Contains(email, p.Kind) {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO notify_preferences (user_id, kind, email) VALUES ($1, $2, $3)`,
				me, p.Kind, false); err != nil {
				return fmt.Errorf("notify: preferences: %w", err)
			}
		}
		return nil
	})
}

// wantsEmail reports whether a recipient is told of an event by e-mail: an
// address with no user always is, a user unless they turned it off.
func wantsEmail(ctx context.Context, tx *db.Tx, kind string, to Recipient) (bool, error) {
	if to.Email == "" {
		return false, nil
	}
	if to.UserID == 0 || slices.Contains(Security, kind) {
		return true, nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM notify_preferences WHERE user_id = $1 AND kind = $2 AND email = $3`,
		to.UserID, kind, false).Scan(&n); err != nil {
		return false, fmt.Errorf("notify: preferences of %d: %w", to.UserID, err)
	}
	return n == 0, nil
}
