package migrants

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/notify"
	"inteqra/internal/people"
	"inteqra/internal/textcheck"
)

// RequestState is where a request to be linked stands.
type RequestState string

// The states of a request: open until staff link the account or refuse.
const (
	Open    RequestState = "open"
	Linked  RequestState = "linked"
	Refused RequestState = "refused"
)

// Request is a migrant's request to be linked to their person, which staff
// decide.
type Request struct {
	ID         int64
	UserID     int64
	Email      string // the account's
	Name       string
	BirthDate  time.Time
	DocumentNo string
	Reference  string
	Message    string
	State      RequestState
	PersonID   int64
	Reason     string
	DecidedAt  time.Time
	CreatedAt  time.Time
}

// RequestInput is what the request form gives.
type RequestInput struct {
	Name, BirthDate, DocumentNo, Reference, Message string
}

// RequestLink asks staff to link the signed-in migrant's account: they
// say who they are, and a consultant finds them in the registry. One
// request is open at a time.
func (s *Store) RequestLink(ctx context.Context, in RequestInput) error {
	me, err := self(ctx)
	if err != nil {
		return err
	}
	var l textcheck.List
	in.Name, in.DocumentNo, in.Reference = strings.TrimSpace(in.Name), strings.TrimSpace(in.DocumentNo), strings.TrimSpace(in.Reference)
	if l.Check("link.name", in.Name, textcheck.Title) && in.Name == "" {
		l.Add(i18n.Errorf("link.error.name_required", "Field", i18n.Key("link.name")))
	}
	birth := readDate(&l, "link.birth_date", in.BirthDate)
	l.Check("link.document_no", in.DocumentNo, textcheck.DocNo)
	l.Check("link.reference", in.Reference, referenceRule)
	l.Check("link.message", in.Message, textcheck.Medium)
	if err := l.Err(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO link_requests (user_id, name, birth_date, document_no, reference, message, state, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			me.UserID, in.Name, birth, in.DocumentNo, in.Reference, strings.TrimSpace(in.Message), Open, s.now()).Scan(&id)
		if db.IsUniqueViolation(err) {
			return i18n.Errorf("link.error.request_open")
		}
		if err != nil {
			return fmt.Errorf("migrants: request: %w", err)
		}
		if err := audit.Record(ctx, tx, "link_request.create", "link_request", fmt.Sprint(id),
			"name", "birth_date", "document_no", "reference", "message"); err != nil {
			return err
		}
		return s.tellStaff(ctx, tx, id)
	})
}

// tellStaff tells the consultants that a request waits.
func (s *Store) tellStaff(ctx context.Context, tx *db.Tx, id int64) error {
	if s.notify == nil {
		return nil
	}
	to, err := notify.RoleUsers(ctx, tx, access.Consultant)
	if err != nil || len(to) == 0 {
		return err
	}
	return s.notify.Raise(ctx, tx, notify.Event{Kind: "link.requested", Link: fmt.Sprintf("/link-requests/%d", id), To: to})
}

const requestColumns = `r.id, r.user_id, u.email, r.name, r.birth_date, r.document_no, r.reference, r.message, r.state,
	COALESCE(r.person_id, 0), r.reason, r.decided_at, r.created_at`

func scanRequest(row db.Scanner) (Request, error) {
	var r Request
	var decided sql.NullTime
	err := row.Scan(&r.ID, &r.UserID, &r.Email, &r.Name, &r.BirthDate, &r.DocumentNo, &r.Reference, &r.Message, &r.State,
		&r.PersonID, &r.Reason, &decided, &r.CreatedAt)
	r.DecidedAt = decided.Time
	return r, db.NotFound(err)
}

// MyRequest returns the signed-in migrant's latest request, if any.
func (s *Store) MyRequest(ctx context.Context) (Request, bool, error) {
	if err := access.Require(ctx, access.SelfService); err != nil {
		return Request{}, false, err
	}
	r, err := scanRequest(s.db.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM link_requests r JOIN users u ON u.id = r.user_id
		WHERE r.user_id = $1 ORDER BY r.id DESC LIMIT 1`, access.From(ctx).UserID))
	if errors.Is(err, db.ErrNotFound) {
		return Request{}, false, nil
	}
	return r, err == nil, err
}

// RequestsShown is how many decided requests the staff's list shows
// after the open ones.
const RequestsShown = 50

// Requests returns the open requests, oldest first, then the latest
// decided ones; the read is audited.
func (s *Store) Requests(ctx context.Context) ([]Request, error) {
	if err := access.Require(ctx, access.LinkAccounts); err != nil {
		return nil, err
	}
	var out []Request
	for _, q := range []string{`WHERE r.state = 'open' ORDER BY r.id`, fmt.Sprintf(`WHERE r.state <> 'open' ORDER BY r.decided_at DESC, r.id DESC LIMIT %d`, RequestsShown)} {
		rows, err := s.db.QueryContext(ctx, `SELECT `+requestColumns+` FROM link_requests r JOIN users u ON u.id = r.user_id `+q)
		list, err := db.Collect(rows, err, scanRequest)
		if err != nil {
			return nil, fmt.Errorf("migrants: requests: %w", err)
		}
		out = append(out, list...)
	}
	return out, audit.RecordRead(ctx, s.db, "link_request.list", "link_requests", "")
}

// Request returns one request for staff; the read is audited.
func (s *Store) Request(ctx context.Context, id int64) (Request, error) {
	if err := access.Require(ctx, access.LinkAccounts); err != nil {
		return Request{}, err
	}
	r, err := scanRequest(s.db.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM link_requests r JOIN users u ON u.id = r.user_id
		WHERE r.id = $1`, id))
	if err != nil {
		return r, err
	}
	return r, audit.RecordRead(ctx, s.db, "link_request.view", "link_request", fmt.Sprint(id))
}

// decide closes an open request in tx, taken by a conditional update so
// that two consultants cannot both decide it.
func (s *Store) decide(ctx context.Context, tx *db.Tx, id int64, state RequestState, personID int64, reason string) (Request, error) {
	r, err := scanRequest(tx.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM link_requests r JOIN users u ON u.id = r.user_id
		WHERE r.id = $1`, id))
	if err != nil {
		return r, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE link_requests SET state = $1, person_id = $2, reason = $3, decided_by = $4, decided_at = $5
		WHERE id = $6 AND state = $7`, state, db.NullID(personID), reason, access.From(ctx).UserID, s.now(), id, Open)
	if err != nil {
		return r, fmt.Errorf("migrants: decide request %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return r, i18n.Errorf("link.error.decided")
	}
	return r, nil
}

// ConfirmRequest links the request's account to the person personID,
// whom the consultant found in the registry, and tells the migrant.
func (s *Store) ConfirmRequest(ctx context.Context, id, personID int64) error {
	if err := access.Require(ctx, access.LinkAccounts); err != nil {
		return err
	}
	if personID <= 0 {
		return textcheck.Unknown("link.person")
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		if ok, err := people.IsActive(ctx, tx, personID); err != nil {
			return err
		} else if !ok {
			return textcheck.Unknown("link.person")
		}
		r, err := s.decide(ctx, tx, id, Linked, personID, "")
		if err != nil {
			return err
		}
		if err := auth.Link(ctx, tx, r.UserID, personID, "request"); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, "link_request.confirm", "link_request", fmt.Sprint(id), "state", "person"); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, "account.link", "person", fmt.Sprint(personID), "account"); err != nil {
			return err
		}
		return s.tellMigrant(ctx, tx, r.UserID, "link.confirmed", nil)
	})
}

// RefuseRequest closes a request with the reason the migrant is told.
func (s *Store) RefuseRequest(ctx context.Context, id int64, reason string) error {
	if err := access.Require(ctx, access.LinkAccounts); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	var l textcheck.List
	if l.Check("link.reason", reason, textcheck.Medium) && reason == "" {
		l.Add(i18n.Errorf("link.error.reason_required", "Field", i18n.Key("link.reason")))
	}
	if err := l.Err(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		r, err := s.decide(ctx, tx, id, Refused, 0, reason)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, "link_request.refuse", "link_request", fmt.Sprint(id), "state", "reason"); err != nil {
			return err
		}
		return s.tellMigrant(ctx, tx, r.UserID, "link.refused", map[string]string{"Reason": reason})
	})
}

func (s *Store) tellMigrant(ctx context.Context, tx *db.Tx, userID int64, kind string, args map[string]string) error {
	if s.notify == nil {
		return nil
	}
	to, err := notify.User(ctx, tx, userID)
	if err != nil || len(to) == 0 {
		return err
	}
	return s.notify.Raise(ctx, tx, notify.Event{Kind: kind, Link: "/me", To: to, Args: args})
}

// Account is a person's own account as the person's page shows it, and
// whether staff may invite them to one.
type Account struct {
	auth.LinkedAccount
	Linked bool
}

// AccountOf returns the account linked to a person, for their page.
func (s *Store) AccountOf(ctx context.Context, personID int64) (Account, error) {
	if err := access.Require(ctx, access.LinkAccounts); err != nil {
		return Account{}, err
	}
	a, err := auth.AccountOf(ctx, s.db, personID)
	if errors.Is(err, db.ErrNotFound) {
		return Account{}, nil
	}
	return Account{LinkedAccount: a, Linked: err == nil}, err
}

// Invite makes an account for a person, linked to them, and e-mails its
// link: the person chooses a password and signs in to their own area.
func (s *Store) Invite(ctx context.Context, personID int64, email string, lang i18n.Lang) error {
	if err := access.Require(ctx, access.LinkAccounts); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		sum, err := people.SummaryOf(ctx, tx, personID)
		if err != nil {
			return err
		}
		if ok, err := people.IsActive(ctx, tx, personID); err != nil || !ok {
			return errors.Join(err, db.ErrNotFound)
		}
		if _, err := auth.AccountOf(ctx, tx, personID); err == nil {
			return i18n.Errorf("link.error.has_account")
		} else if !errors.Is(err, db.ErrNotFound) {
			return err
		}
		if _, err := s.users.Invite(ctx, tx, email, sum.DisplayName, lang, personID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "account.invite", "person", fmt.Sprint(personID), "account", "email")
	})
}

// Unlink removes a person's account's link: the account stays, seeing
// nothing of the person until it is linked again.
func (s *Store) Unlink(ctx context.Context, personID int64) error {
	if err := access.Require(ctx, access.LinkAccounts); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		a, err := auth.AccountOf(ctx, tx, personID)
		if err != nil {
			return err
		}
		if _, err := auth.Unlink(ctx, tx, a.UserID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, "account.unlink", "person", fmt.Sprint(personID), "account"); err != nil {
			return err
		}
		return s.tellMigrant(ctx, tx, a.UserID, "link.removed", nil)
	})
}
