// Package notify tells people what the system did: in-app notifications
// (the bell in the header and its list) for users, and e-mails for
// addresses. A feature raises an Event through Raise in the transaction of
// its change; notify writes the notifications and the e-mails (the
// outbox, each with the River job that sends it) in that transaction, so
// a message exists exactly when the change was committed. Texts come from
// the catalogues in the recipient's language: an e-mail is written when it
// is raised, a notification when it is read.
package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/mail"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/jobs"
)

// Event is something that happened which people are told about. Its kind
// names the catalogue keys of its texts (notify.<Kind>.subject and
// notify.<Kind>.body), which take Args: an argument that begins with "@"
// is a catalogue key, put in the reader's language. Link is the path of
// the page it is about.
type Event struct {
	Kind string
	Args map[string]string
	Link string
	To   []Recipient
	Once string // when set, the event of this kind and key is raised once only (a reminder)
}

// Recipient is whom an event is told to: a user (in the app) and an
// address (by e-mail), or a phone number (by text message) when there is
// no address, in their language. PersonID names the registry's person the
// address is of, so that erasing the person erases the message.
type Recipient struct {
	UserID   int64
	Email    string
	Phone    string
	Lang     i18n.Lang
	PersonID int64
}

// SMS sends a text message to a phone number; a nil error means the
// provider took it. No provider is wired yet: one is added with UseSMS,
// and the features that give a phone number need no change.
type SMS interface {
	Send(ctx context.Context, phone, text string) error
}

// Channels of the outbox.
const (
	ByEmail = "email"
	BySMS   = "sms"
)

// Kinds are the events notify knows, each with its texts in the
// catalogues.
var Kinds = []string{"application.received", "application.accepted", "application.waitlisted", "application.promoted",
	"application.rejected", "referral.sent", "referral.answered", "password.changed", "lesson.tomorrow", "report.due", "report.overdue",
	"account.confirm", "account.exists", "account.invite", "password.reset",
	"link.requested", "link.confirmed", "link.refused", "link.removed",
	"attendance.below", "certificate.issued", "certificate.revoked",
	"plan.agreed", "plan.approved", "plan.returned", "plan.approved_own", "referral.overdue", "task.due", "signin.admin", "proposal.answered",
	"correction.requested", "correction.answered"}

// Secret lists the events whose e-mails carry a one-time link (to confirm
// an address, set a password): the admins' outbox does not show their
// text, so that nobody but the addressee can follow it.
var Secret = []string{"account.confirm", "account.invite", "password.reset"}

// texts returns an event's arguments in p's language, for its texts: a
// catalogue key ("@key") as its text, a day (Day) as the language writes
// it.
func texts(p *i18n.Printer, args map[string]string) []any {
	out := make([]any, 0, 2*len(args))
	for k, v := range args {
		if key, ok := strings.CutPrefix(v, "@"); ok {
			v = p.T(key)
		} else if day, ok := strings.CutPrefix(v, dayPrefix); ok {
			if t, err := time.Parse(time.DateOnly, day); err == nil {
				v = p.Date(t)
			}
		}
		out = append(out, k, v)
	}
	return out
}

const dayPrefix = "day:"

// Day writes a day as an event's argument, which each reader reads in
// their language's way.
func Day(t time.Time) string { return dayPrefix + t.Format(time.DateOnly) }

// Store keeps the notifications and the outbox.
type Store struct {
	db      *db.DB
	queue   *jobs.Queue
	catalog *i18n.Catalog
	baseURL string
	from    string
	mailer  Mailer // nil: e-mails are held in the outbox
	sms     SMS    // nil: text messages are held in the outbox

	reminders []Reminder // the features' reminders the daily job runs
}

// DefaultFrom is the sender of the e-mails when none is configured.
const DefaultFrom = "inteqra <no-reply@migration.gov.az>"

// NewStore returns a Store on d whose e-mails go out through queue, with
// texts from catalog and links to pages under baseURL.
func NewStore(d *db.DB, queue *jobs.Queue, catalog *i18n.Catalog, baseURL string) *Store {
	return &Store{db: d, queue: queue, catalog: catalog, baseURL: strings.TrimSuffix(baseURL, "/"), from: DefaultFrom}
}

// UseMailer sends the e-mails through m from the address from; without a
// mailer they are held in the outbox.
func (s *Store) UseMailer(m Mailer, from string) error {
	if from != "" {
		if _, err := mail.ParseAddress(from); err != nil {
			return fmt.Errorf("notify: sender %q: %w", from, err)
		}
		s.from = from
	}
	s.mailer = m
	return nil
}

// UseSMS sends the text messages through p; without a provider they are
// held in the outbox.
func (s *Store) UseSMS(p SMS) { s.sms = p }

// Raise tells an event to its recipients, in tx: a notification for each
// user, an e-mail with its sending job for each address, a text message
// for a phone number with no address.
func (s *Store) Raise(ctx context.Context, tx *db.Tx, e Event) error {
	if e.Once != "" {
		if ok, err := first(ctx, tx, e.Kind, e.Once); err != nil || !ok {
			return err
		}
	}
	args, err := json.Marshal(e.Args)
	if err != nil {
		return fmt.Errorf("notify: %s: %w", e.Kind, err)
	}
	now := db.Now()
	for _, to := range e.To {
		if to.UserID != 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, args, link, created_at) VALUES ($1, $2, $3, $4, $5)`,
				to.UserID, e.Kind, string(args), e.Link, now); err != nil {
				return fmt.Errorf("notify: %s: %w", e.Kind, err)
			}
		}
		ok, err := wantsEmail(ctx, tx, e.Kind, to)
		switch {
		case err != nil:
			return err
		case ok:
			m := s.compose(e, to)
			err = s.queueOut(ctx, tx, e.Kind, ByEmail, to.Email, to, m.Subject, m.Text, m.HTML)
		case to.Email == "" && to.UserID == 0 && to.Phone != "":
			err = s.queueOut(ctx, tx, e.Kind, BySMS, to.Phone, to, "", s.textMessage(e, to), "")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// queueOut writes a message to the outbox with the job that sends it.
func (s *Store) queueOut(ctx context.Context, tx *db.Tx, kind, channel, address string, to Recipient, subject, text, html string) error {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO outbox (kind, channel, to_address, person_id, lang, subject, text_body, html_body, state, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, kind, channel, address, db.NullID(to.PersonID), to.Lang, subject, text, html,
		Queued, db.Now()).Scan(&id); err != nil {
		return fmt.Errorf("notify: %s: %w", kind, err)
	}
	_, err := s.queue.Enqueue(ctx, tx, SendArgs{OutboxID: id})
	return err
}

// textMessage writes an event as a text message: its subject and the link.
func (s *Store) textMessage(e Event, to Recipient) string {
	p := s.catalog.Printer(to.Lang)
	return p.T("notify."+e.Kind+".subject", texts(p, e.Args)...) + " " + s.baseURL + e.Link
}

// compose writes an event's e-mail to a recipient in their language: the
// text, the link to the page it is about, and a footer saying why it came.
func (s *Store) compose(e Event, to Recipient) Message {
	p := s.catalog.Printer(to.Lang)
	args := texts(p, e.Args)
	subject := p.T("notify."+e.Kind+".subject", args...)
	body := p.T("notify."+e.Kind+".body", args...)
	link := s.baseURL + e.Link
	footer := p.T("notify.footer", "Link", s.baseURL+"/account/notifications")
	m := Message{From: s.from, To: to.Email, Subject: subject, Unsubscribe: s.baseURL + "/account/notifications"}
	m.Text = body + "\n\n" + p.T("notify.open", "Link", link) + "\n\n-- \n" + footer + "\n"
	m.HTML = `<!DOCTYPE html><html lang="` + string(to.Lang) + `"><body><p>` + html.EscapeString(body) + `</p><p><a href="` +
		html.EscapeString(link) + `">` + html.EscapeString(p.T("notify.open_link")) + `</a></p><hr><p><small>` +
		html.EscapeString(footer) + `</small></p></body></html>`
	return m
}

// SendArgs is the job that sends one e-mail of the outbox.
type SendArgs struct {
	OutboxID int64 `json:"outbox_id"`
}

// Kind names the job.
func (SendArgs) Kind() string { return "notify_send" }

// InsertOpts retry a refused e-mail with River's backoff, a day at most.
func (SendArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 12} }
