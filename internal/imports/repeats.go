package imports

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// A file imported twice (issue 21). Running the same extract again used to
// create again every person without a document number: such a row can
// only be flagged as a possible duplicate, not skipped, because a name and
// a birth date may be a namesake's. Two things stop it now. The batch
// keeps the SHA-256 of its file, and an import of a file already imported
// is refused until the user confirms it (the web's checkbox, the command
// line's -force). And every imported row keeps a fingerprint of what it
// said, so that a row saying exactly what a row of an earlier import said
// is that import's person for certain, and is skipped as a repeat.

// IssueRepeatImport is a row identical to one an earlier import created a
// person from, who is still in the registry: skipped.
const IssueRepeatImport IssueKind = "repeat_import"

// ErrRepeatedFile refuses to import a file already imported, until the
// user confirms it (ConfirmRepeat).
var ErrRepeatedFile = i18n.Errorf("import.error.repeated_file")

// ContentHash is the hex SHA-256 of a file's content.
func ContentHash(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}

// SameFile returns the committed imports of the same file as b (by its
// content), oldest first, b itself left out.
func (s *Store) SameFile(ctx context.Context, b Batch) ([]Batch, error) {
	if err := requireImport(ctx); err != nil {
		return nil, err
	}
	if b.ContentSHA256 == "" {
		return nil, nil // a batch from before the hash was kept
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+batchColumns+` FROM import_batches
		WHERE content_sha256 = $1 AND state = $2 AND id <> $3 ORDER BY id`, b.ContentSHA256, Committed, b.ID)
	list, err := db.Collect(rows, err, s.scanBatch)
	if err != nil {
		return nil, wrap("same file", err)
	}
	return list, nil
}

// ConfirmRepeat records that the user knows the file of batch id was
// imported before and means to import it again.
func (s *Store) ConfirmRepeat(ctx context.Context, id int64) error {
	b, err := s.Batch(ctx, id)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE import_batches SET repeat_confirmed = $2, updated_at = $3 WHERE id = $1 AND state <> $4`,
		id, true, s.now(), Committed)
	if err != nil {
		return wrap("confirm repeat", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return stateError(b.State)
	}
	return nil
}

// refuseRepeat refuses to start the import (phase Running) of a file
// already imported, unless the user confirmed it. The error names the
// latest import of the file and its day.
func (s *Store) refuseRepeat(ctx context.Context, b Batch, phase State) error {
	if phase != Running || b.RepeatConfirmed {
		return nil
	}
	same, err := s.SameFile(ctx, b)
	if err != nil || len(same) == 0 {
		return err
	}
	last := same[len(same)-1]
	return RepeatedFile(last)
}

// RepeatedFile is ErrRepeatedFile about the earlier import last.
func RepeatedFile(last Batch) *i18n.Error {
	return i18n.Errorf(ErrRepeatedFile.Key, "Batch", last.ID, "Date", last.FinishedAt.Format(time.DateOnly))
}

// fingerprint is a stable hash of everything a row said, once read and
// validated: every field of the person and of the residence status, in a
// fixed order. Two rows with the same fingerprint say the same thing. 64
// bits keep import_persons small; two different rows of a million share
// one with a chance of about one in thirty million.
func fingerprint(in people.Input, st *people.StatusInput) int64 {
	h := sha256.New()
	field := func(v string) {
		h.Write([]byte(v))
		h.Write([]byte{0x1f})
	}
	field("v1") // the version of this layout
	for _, n := range in.Names {
		field(string(n.Kind))
		field(n.Surname)
		field(n.Given)
		field(n.Patronymic)
	}
	field("")
	field(string(in.Sex))
	field(in.BirthDate)
	field(strconv.Itoa(in.BirthYear))
	field(strconv.FormatBool(in.Stateless))
	for _, c := range in.Citizenships {
		field(c)
	}
	field("")
	for _, l := range in.Languages {
		field(l)
	}
	field("")
	for _, v := range []string{in.Script, in.Education, in.Phone, in.Email, in.Address, strconv.FormatInt(in.RegionID, 10), in.DocumentNo} {
		field(v)
	}
	if st != nil {
		for _, v := range []string{string(st.Kind), st.Ground, st.DocumentNo, st.IssuedOn, st.ValidFrom, st.ValidTo} {
			field(v)
		}
	}
	return int64(binary.BigEndian.Uint64(h.Sum(nil)))
}

// earlier is the person an earlier import created from a row, and which
// import it was.
type earlier struct {
	person, batch int64
}

// repeatsQueryRows bounds the fingerprints in one query, far under the
// parameter limits of both databases.
const repeatsQueryRows = 1000

// repeatsOf returns, by row index, the rows identical to one an earlier
// committed import created a person from who is still active (not erased,
// not merged away: a merge moves the row to the person kept). Among
// several, the earliest import's row is named.
func repeatsOf(ctx context.Context, q db.Querier, rows []*importRow) (map[int]earlier, error) {
	byPrint := make(map[int64][]*importRow, len(rows))
	prints := make([]any, 0, len(rows))
	for _, r := range rows {
		fp := fingerprint(r.in, r.status)
		if byPrint[fp] == nil {
			prints = append(prints, fp)
		}
		byPrint[fp] = append(byPrint[fp], r)
	}
	found := map[int]earlier{}
	for len(prints) > 0 {
		part := prints[:min(len(prints), repeatsQueryRows)]
		prints = prints[len(part):]
		res, err := q.QueryContext(ctx, `SELECT ip.fingerprint, ip.person_id, ip.batch_id FROM import_persons ip
			JOIN import_batches b ON b.id = ip.batch_id JOIN persons p ON p.id = ip.person_id
			WHERE b.state = $1 AND p.state = 'active' AND ip.fingerprint IN (`+db.Placeholders(2, len(part))+`)
			ORDER BY ip.batch_id DESC, ip.line DESC`, append([]any{Committed}, part...)...)
		err = db.Each(res, err, func(sc db.Scanner) error {
			var fp int64
			var e earlier
			if err := sc.Scan(&fp, &e.person, &e.batch); err != nil {
				return err
			}
			for _, r := range byPrint[fp] {
				found[r.idx] = e // the last one scanned, the earliest, stays
			}
			return nil
		})
		if err != nil {
			return nil, wrap("repeats", err)
		}
	}
	return found, nil
}

// skipRepeats skips the rows of a chunk that an earlier import already
// created a person from, and counts them as duplicates: they are that
// person for certain, not possible duplicates to flag.
func (p *pipeline) skipRepeats(ctx context.Context, chunk []*importRow) error {
	rows := make([]*importRow, 0, len(chunk))
	for _, r := range chunk {
		if !r.skipped {
			rows = append(rows, r)
		}
	}
	found, err := repeatsOf(ctx, p.reader, rows)
	if err != nil {
		return err
	}
	for _, r := range rows {
		e, ok := found[r.idx]
		if !ok {
			continue
		}
		r.skipped = true
		p.write.Duplicates++
		p.write.Issues = append(p.write.Issues, Issue{Line: r.line, Kind: IssueRepeatImport, PersonID: e.person,
			Reason: i18n.Errorf("import.issue.repeat_import", "Line", r.line, "ID", e.person, "Batch", e.batch)})
	}
	return nil
}
