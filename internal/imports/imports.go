// Package imports is the bulk import of persons from CSV or XLSX files (for
// example an extract of residence-permit holders) into the registry, which
// it reads and writes only through package people's Go API.
//
// A file is read (ReadFile), its columns are mapped to fields
// (SuggestMapping proposes a mapping from the headers in az, en or ru), then
// a dry run (DryRun) validates every row with the rules of the form
// (people.Input.Validate, people.StatusInput.Validate) and lists every bad
// row with its line, column and reason as a catalogue key. The import itself runs in one
// database transaction, so a failure or a crash at any row leaves nothing
// behind: the batch is committed whole or rolled back, and a batch that
// was interrupted can simply be run again.
//
// Duplicates are treated as a registry must treat them: a row whose
// residence document number is already registered, or repeats the document
// of an earlier row, is the same person for certain and is skipped, so that
// importing the same extract twice (or overlapping monthly extracts) never
// doubles anyone. A row that only looks like a registered person or an
// earlier row (names in any script with the birth date, phone, e-mail) may
// be a namesake: it is imported and flagged "possible duplicate of #ID" in
// the batch's report, for a person to merge or dismiss, because silently
// dropping a real migrant is worse than a record someone has to review.
// A row identical to one an earlier import created a person from is that
// person, and is skipped; a file already imported is imported again only
// when the user confirms it (repeats.go).
//
// A CSV file's encoding is decided from the whole file (encoding.go), and
// a file that fits no single encoding is refused with the line where it
// breaks, rather than read with some names in the wrong letters.
//
// A batch is audited once, with its counts ("person.import"), not once per
// person: a million chained audit events would cost more than the import.
// Which batch and line each person came from is kept in import_persons.
package imports

import (
	"context"
	"fmt"
	"math"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/jobs"
	"inteqra/internal/people"
)

// Store keeps import batches and runs them into the registry.
type Store struct {
	db     *db.DB
	people *people.Store
	jobs   *jobs.Queue // runs the runs queued on the web; nil runs none
	now    func() time.Time
}

// NewStore returns a Store on d that checks and writes persons through ps
// and runs the dry runs and imports queued on the web as jobs in j; with j
// nil a run is carried out only in the foreground, as the command line
// does.
func NewStore(d *db.DB, ps *people.Store, j *jobs.Queue) *Store {
	return &Store{db: d, people: ps, jobs: j, now: db.Now}
}

// MovePerson keeps the record of which import a person came from when the
// registry merges from into to; app.New registers it with people.OnMerge.
func (s *Store) MovePerson(ctx context.Context, tx *db.Tx, from, to int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE import_persons SET person_id = $1 WHERE person_id = $2`, to, from)
	return err
}

// Mode says what an import does with bad rows.
type Mode string

// The import modes.
const (
	AllOrNothing Mode = "all"   // any bad row: nothing is imported
	ValidOnly    Mode = "valid" // bad rows are skipped and listed
)

// IssueKind is what the report says about a row.
type IssueKind string

// The kinds of issue.
const (
	IssueInvalid  IssueKind = "invalid"  // breaks a rule: never imported
	IssueRepeat   IssueKind = "repeat"   // same document as an earlier row: skipped
	IssueExisting IssueKind = "existing" // same document as a registered person: skipped
	IssuePossible IssueKind = "possible" // looks like a registered person or an earlier row: imported, flagged
)

// Issue is one line of an import report.
type Issue struct {
	Line        int
	Column      string // header of the column at fault, "" for the whole row
	Kind        IssueKind
	Reason      *i18n.Error
	PersonID    int64 // the registered person the row duplicates or resembles
	OtherLine   int   // the earlier row it repeats or resembles
	NewPersonID int64 // the person the row was imported as, for flagged rows
}

// Report counts the rows of a dry run or an import and lists the issues, by line.
type Report struct {
	Rows       int // data rows read
	Invalid    int // rows that break a rule
	Duplicates int // rows skipped as certain duplicates
	Flagged    int // rows imported (or to import) as possible duplicates
	Imported   int // persons created; 0 in a dry run
	Issues     []Issue
}

// Importable is how many rows an import in ValidOnly mode creates.
func (r Report) Importable() int { return r.Rows - r.Invalid - r.Duplicates }

// ErrHasInvalid refuses an all-or-nothing import of a file with bad rows.
var ErrHasInvalid = i18n.Errorf("import.error.has_invalid")

// DryRun is the dry run: it reads every row of f with the mapping m,
// validates it and compares it with the earlier rows and the registry, and
// reports what an import would do. It changes nothing. progress, when not
// nil, is called after every chunk of rows.
func (s *Store) DryRun(ctx context.Context, f *File, m Mapping, progress func(Progress)) (Report, error) {
	run := &Run{phase: Checking, onProgress: progress}
	run.progress = Progress{Phase: Checking, Total: f.EstimatedRows(), Started: time.Now()}
	return s.dryRun(ctx, f, m, run)
}

func (s *Store) dryRun(ctx context.Context, f *File, m Mapping, run *Run) (Report, error) {
	if err := requireImport(ctx); err != nil {
		return Report{}, err
	}
	if err := m.Check(f.Headers); err != nil {
		return Report{}, err
	}
	p, err := s.newPipeline(ctx, f, m, run, math.MaxInt64)
	if err != nil {
		return Report{}, wrap("check", err)
	}
	return p.do(ctx)
}

// Origin is the import a person came from: the file, the line and when.
type Origin struct {
	BatchID    int64
	FileName   string
	Line       int
	ImportedAt time.Time
}

// Origins returns the imports a person's record came from (more than one
// after a merge), for their page.
func (s *Store) Origins(ctx context.Context, personID int64) ([]Origin, error) {
	if err := access.Require(ctx, access.ReadPeople); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT b.id, b.file_name, p.line, b.updated_at
		FROM import_persons p JOIN import_batches b ON b.id = p.batch_id WHERE p.person_id = $1 ORDER BY b.id`, personID)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Origin, error) {
		var o Origin
		err := r.Scan(&o.BatchID, &o.FileName, &o.Line, &o.ImportedAt)
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("imports: origins of %d: %w", personID, err)
	}
	return list, nil
}
