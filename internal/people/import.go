package people

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// Bulk import of persons from CSV or XLSX files (for example an extract of
// residence-permit holders).
//
// A file is read (ReadImportFile), its columns are mapped to fields
// (SuggestMapping proposes a mapping from the headers in az, en or ru), then
// a dry run (CheckImport) validates every row with the rules of the form
// (Input.Validate, StatusInput.Validate) and lists every bad row with its
// line, column and reason as a catalogue key. The import itself runs in one
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
//
// A batch is audited once, with its counts ("person.import"), not once per
// person: a million chained audit events would cost more than the import.
// Which batch and line each person came from is kept in import_persons.

// ImportMode says what an import does with bad rows.
type ImportMode string

// The import modes.
const (
	AllOrNothing ImportMode = "all"   // any bad row: nothing is imported
	ValidOnly    ImportMode = "valid" // bad rows are skipped and listed
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

// ImportReport counts the rows of a dry run or an import and lists the issues, by line.
type ImportReport struct {
	Rows       int // data rows read
	Invalid    int // rows that break a rule
	Duplicates int // rows skipped as certain duplicates
	Flagged    int // rows imported (or to import) as possible duplicates
	Imported   int // persons created; 0 in a dry run
	Issues     []Issue
}

// Importable is how many rows an import in ValidOnly mode creates.
func (r ImportReport) Importable() int { return r.Rows - r.Invalid - r.Duplicates }

// ErrImportHasInvalid refuses an all-or-nothing import of a file with bad rows.
var ErrImportHasInvalid = i18n.Errorf("import.error.has_invalid")

// CheckImport is the dry run: it reads every row of f with the mapping m,
// validates it and compares it with the earlier rows and the registry, and
// reports what an import would do. It changes nothing. progress, when not
// nil, is called after every chunk of rows.
func (s *Store) CheckImport(ctx context.Context, f *ImportFile, m Mapping, progress func(ImportProgress)) (ImportReport, error) {
	run := &ImportRun{phase: ImportChecking, onProgress: progress}
	run.progress = ImportProgress{Phase: ImportChecking, Total: f.EstimatedRows(), Started: time.Now()}
	return s.checkImport(ctx, f, m, run)
}

func (s *Store) checkImport(ctx context.Context, f *ImportFile, m Mapping, run *ImportRun) (ImportReport, error) {
	if err := requireImport(ctx); err != nil {
		return ImportReport{}, err
	}
	if err := m.Check(f.Headers); err != nil {
		return ImportReport{}, err
	}
	p, err := s.newPipeline(ctx, f, m, run, s.db, nil)
	if err != nil {
		return ImportReport{}, wrapImport("check", err)
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
		return nil, fmt.Errorf("people: origins of %d: %w", personID, err)
	}
	return list, nil
}
