// Package mydata gives a migrant what the system holds about them (the
// right of access): their registry record, training, cases, Council
// proposals and the messages written to them, as JSON or a PDF in their
// language, and takes their requests to correct it (corrections.go). Each
// feature gives its part through its own SelfRecord; the rule of who may
// read it lives here: the signed-in migrant, about their own person only,
// whose id comes from their principal and never from input.
package mydata

import (
	"context"
	"strconv"
	"time"

	"inteqra/internal/audit"
	"inteqra/internal/cases"
	"inteqra/internal/council"
	"inteqra/internal/db"
	"inteqra/internal/migrants"
	"inteqra/internal/notify"
	"inteqra/internal/people"
	"inteqra/internal/training"
)

// Data is everything the system holds about one person, for that person.
type Data struct {
	Generated   time.Time             `json:"generated_at"`
	Person      people.OwnRecord      `json:"person"`
	Training    training.OwnRecord    `json:"training"`
	Cases       []cases.OwnCase       `json:"cases"`
	Proposals   []council.OwnProposal `json:"council_proposals"`
	Messages    []notify.OwnMessage   `json:"messages"`
	Corrections []Correction          `json:"correction_requests"`
	Account     *migrants.OwnAccount  `json:"account,omitempty"`
}

// Formats a download is given in, each audited as mydata.download with
// the field format.<format>.
const (
	JSON = "json"
	PDF  = "pdf"
)

// ErrNotLinked refuses a migrant whose account is not yet linked to a
// person of the registry: there is nothing of theirs to give.
var ErrNotLinked = people.ErrNotLinked

// Store reads a migrant's own data and keeps their correction requests.
type Store struct {
	db     *db.DB
	notify *notify.Store
	now    func() time.Time
}

// NewStore returns a Store on d that tells staff and migrants of
// correction requests through n (nil tells nobody).
func NewStore(d *db.DB, n *notify.Store) *Store { return &Store{db: d, notify: n, now: db.Now} }

// Own returns the signed-in migrant's person id (people.OwnPerson): the
// rule of the whole area is that a migrant reads and asks about their own
// person only, its id taken from the principal, never from input.
func Own(ctx context.Context) (int64, error) { return people.OwnPerson(ctx) }

// Download gathers everything held about the signed-in migrant, in one
// transaction with the audit event of the download in format.
func (s *Store) Download(ctx context.Context, format string) (Data, error) {
	personID, err := Own(ctx)
	if err != nil {
		return Data{}, err
	}
	if format != JSON && format != PDF {
		return Data{}, db.ErrNotFound
	}
	d := Data{Generated: s.now()}
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		if err := gather(ctx, tx, personID, &d); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "mydata.download", "person", strconv.FormatInt(personID, 10), "format."+format)
	})
	return d, err
}

func gather(ctx context.Context, q db.Querier, personID int64, d *Data) error {
	var err error
	if d.Person, err = people.SelfRecord(ctx, q, personID); err != nil {
		return err
	}
	if d.Training, err = training.SelfRecord(ctx, q, personID); err != nil {
		return err
	}
	if d.Cases, err = cases.SelfRecord(ctx, q, personID); err != nil {
		return err
	}
	if d.Proposals, err = council.SelfRecord(ctx, q, personID); err != nil {
		return err
	}
	if d.Messages, err = notify.SelfRecord(ctx, q, personID); err != nil {
		return err
	}
	if d.Corrections, err = corrections(ctx, q, `WHERE person_id = $1 ORDER BY id DESC`, personID); err != nil {
		return err
	}
	d.Account, err = migrants.SelfRecord(ctx, q, personID)
	return err
}
