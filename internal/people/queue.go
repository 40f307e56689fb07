package people

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
)

// Pair is a likely duplicate pair in the queue.
type Pair struct {
	A, B    Summary
	Score   float64
	Reasons []string // catalogue keys
	State   string   // open, dismissed, merged
	FoundAt time.Time
}

// ScanResult reports a duplicate scan.
type ScanResult struct {
	Blocks   int // blocking keys shared by two or more persons
	Compared int // pairs scored
	Found    int // new likely duplicates stored
}

// A blocking key shared by more than maxBlock persons (a frequent name
// pair) is split by date of birth, and one shared by more than maxSplit is
// skipped: comparing all its pairs would cost quadratic time and memory.
const (
	maxBlock = 40
	maxSplit = 20_000
)

// scanBatch is how many candidate pairs are scored at once; it bounds the
// scan's memory whatever the size of the registry.
const scanBatch = 50_000

// ScanDuplicates walks the blocking keys of the whole registry (two names of
// one spelling, document numbers, phones, e-mails), scores every pair that
// shares one, and stores the new likely duplicates in the queue. Pairs
// already decided are not proposed again.
func (s *Store) ScanDuplicates(ctx context.Context) (ScanResult, error) {
	return s.scanDuplicates(ctx, 0)
}

// scanDuplicates carries out the scan and records it: as the queued scan
// id, or as a new one when id is 0.
func (s *Store) scanDuplicates(ctx context.Context, id int64) (ScanResult, error) {
	if err := access.Require(ctx, access.MergePeople); err != nil {
		return ScanResult{}, err
	}
	var res ScanResult
	known, err := s.knownPairs(ctx)
	if err != nil {
		return res, err
	}
	found := map[[2]int64]Pair{}
	pending := map[[2]int64]uint8{}
	flush := func() error {
		res.Compared += len(pending)
		err := s.scorePairs(ctx, pending, found)
		clear(pending)
		return err
	}
	err = s.eachBlock(ctx, func(bit uint8, members []int64) error {
		res.Blocks++
		for i := range members {
			for j := i + 1; j < len(members); j++ {
				if p := [2]int64{members[i], members[j]}; !known[p] {
					pending[p] |= bit
				}
			}
		}
		if len(pending) >= scanBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return res, err
	}
	res.Found = len(found)
	err = s.db.Transact(ctx, func(tx *db.Tx) error {
		now := s.now()
		for _, p := range found {
			_, err := tx.ExecContext(ctx, `INSERT INTO duplicate_pairs (person_a, person_b, score, reasons, state, found_at)
				VALUES ($1, $2, $3, $4, 'open', $5) ON CONFLICT DO NOTHING`, p.A.ID, p.B.ID, p.Score, strings.Join(p.Reasons, ","), now)
			if err != nil {
				return fmt.Errorf("people: store duplicate pair: %w", err)
			}
		}
		if err := recordScan(ctx, tx, id, res, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "registry.duplicate_scan", "registry", "duplicates", "duplicate_pairs")
	})
	return res, err
}

// scorePairs scores the pending pairs and keeps in found those at the
// threshold; a pair met again in a later batch keeps its best score.
func (s *Store) scorePairs(ctx context.Context, pending map[[2]int64]uint8, found map[[2]int64]Pair) error {
	todo := make([][2]int64, 0, len(pending))
	for p := range pending {
		todo = append(todo, p)
	}
	slices.SortFunc(todo, func(a, b [2]int64) int {
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		return cmp.Compare(a[1], b[1])
	})
	const batch = 400
	for start := 0; start < len(todo); start += batch {
		chunk := todo[start:min(start+batch, len(todo))]
		var ids []int64
		for _, p := range chunk {
			ids = append(ids, p[0], p[1])
		}
		slices.Sort(ids)
		sums, err := summaries(ctx, s.db, slices.Compact(ids))
		if err != nil {
			return err
		}
		byID := map[int64]Summary{}
		for _, sm := range sums {
			byID[sm.ID] = sm
		}
		for _, p := range chunk {
			a, b := byID[p[0]], byID[p[1]]
			if a.State != Active || b.State != Active {
				continue
			}
			score, reasons := pairScore(a, b, pending[p])
			if score >= duplicateThreshold && score > found[p].Score {
				// Only the ids are stored: the names would hold memory for nothing.
				a.Names, b.Names = nil, nil
				found[p] = Pair{A: a, B: b, Score: score, Reasons: reasons}
			}
		}
	}
	return nil
}

// byBirth splits a large block into persons born on the same day (or, when
// only the year is known, in the same year) and calls fn with each group of
// 2 to maxBlock. Within a common name only the birth date singles out a
// likely duplicate; persons without one are left to their other keys.
func (s *Store) byBirth(ctx context.Context, members []int64, fn func([]int64) error) error {
	groups := map[string][]int64{}
	for start := 0; start < len(members); start += 500 {
		in, args := inList(members[start:min(start+500, len(members))])
		rows, err := s.db.QueryContext(ctx, `SELECT id, birth_date, birth_year FROM persons WHERE id IN (`+in+`) AND birth_year IS NOT NULL`, args...)
		err = db.Each(rows, err, func(r db.Scanner) error {
			var id int64
			var date nullTime
			var year int
			if err := r.Scan(&id, &date, &year); err != nil {
				return err
			}
			key := strconv.Itoa(year)
			if date.Valid {
				key = date.utc().Format(time.DateOnly)
			}
			groups[key] = append(groups[key], id)
			return nil
		})
		if err != nil {
			return fmt.Errorf("people: split block: %w", err)
		}
	}
	for _, group := range groups {
		if len(group) >= 2 && len(group) <= maxBlock {
			slices.Sort(group)
			if err := fn(group); err != nil {
				return err
			}
		}
	}
	return nil
}

// Evidence bits of a pair, from the kinds of blocking key the two share.
const (
	shareNames = 1 << iota
	shareDocument
	sharePhone
	shareEmail
)

// eachBlock streams the blocking keys in order and calls fn with the
// members of every key shared by 2 to maxBlock persons.
func (s *Store) eachBlock(ctx context.Context, fn func(bit uint8, members []int64) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, key, person_id FROM person_keys
		WHERE kind IN ($1, $2, $3, $4) ORDER BY kind, key, person_id`, keyPair, keyDocument, keyPhone, keyEmail)
	if err != nil {
		return fmt.Errorf("people: blocking keys: %w", err)
	}
	bits := map[string]uint8{keyPair: shareNames, keyDocument: shareDocument, keyPhone: sharePhone, keyEmail: shareEmail}
	var kind, key string
	var members []int64
	flush := func() error {
		switch {
		case len(members) < 2 || len(members) > maxSplit:
			return nil
		case len(members) > maxBlock:
			return s.byBirth(ctx, members, func(sub []int64) error { return fn(bits[kind], sub) })
		}
		return fn(bits[kind], members)
	}
	// The query's error was wrapped above; a scan's is wrapped here, and
	// what fn returns passes through as it is.
	err = db.Each(rows, nil, func(r db.Scanner) error {
		var k, v string
		var id int64
		if err := r.Scan(&k, &v, &id); err != nil {
			return fmt.Errorf("people: blocking keys: %w", err)
		}
		if k != kind || v != key {
			if err := flush(); err != nil {
				return err
			}
			kind, key, members = k, v, members[:0]
		}
		members = append(members, id)
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

func (s *Store) knownPairs(ctx context.Context) (map[[2]int64]bool, error) {
	known := map[[2]int64]bool{}
	rows, err := s.db.QueryContext(ctx, `SELECT person_a, person_b FROM duplicate_pairs`)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var p [2]int64
		if err := r.Scan(&p[0], &p[1]); err != nil {
			return err
		}
		known[p] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("people: known pairs: %w", err)
	}
	return known, nil
}

// pairScore scores two records: the best match of any two spellings, moved
// by the birth dates, and raised by a shared document, phone or e-mail.
func pairScore(a, b Summary, share uint8) (float64, []string) {
	var score float64
	var reasons []string
	for _, n := range a.Names {
		if sc, rs := nameScore(n.Full(), b.Names); sc > score {
			score, reasons = sc, rs
		}
	}
	score, reasons = byBirth(score, reasons, a.BirthDate, a.BirthYear, b.BirthDate, b.BirthYear)
	for _, e := range []struct {
		bit    uint8
		reason string
	}{{shareDocument, "people.why.document"}, {sharePhone, "people.why.phone"}, {shareEmail, "people.why.email"}} {
		if share&e.bit != 0 {
			score = max(score, 0.95)
			reasons = append(reasons, e.reason)
		}
	}
	return score, reasons
}

// Pairs returns one page of the queue in a state ("open" by default), most
// likely first, with the total.
func (s *Store) Pairs(ctx context.Context, state string, page int) ([]Pair, int, error) {
	if err := access.Require(ctx, access.MergePeople); err != nil {
		return nil, 0, err
	}
	if state == "" {
		state = "open"
	}
	page = max(page, 1)
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM duplicate_pairs WHERE state = $1`, state).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("people: pairs: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT person_a, person_b, score, reasons, state, found_at FROM duplicate_pairs
		WHERE state = $1 ORDER BY score DESC, person_a, person_b LIMIT $2 OFFSET $3`, state, perPage, (page-1)*perPage)
	pairs, err := db.Collect(rows, err, func(r db.Scanner) (Pair, error) {
		var p Pair
		var reasons string
		err := r.Scan(&p.A.ID, &p.B.ID, &p.Score, &reasons, &p.State, &p.FoundAt)
		if reasons != "" {
			p.Reasons = strings.Split(reasons, ",")
		}
		return p, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("people: pairs: %w", err)
	}
	var ids []int64
	for _, p := range pairs {
		ids = append(ids, p.A.ID, p.B.ID)
	}
	slices.Sort(ids)
	sums, err := summaries(ctx, s.db, slices.Compact(ids))
	if err != nil {
		return nil, 0, err
	}
	byID := map[int64]Summary{}
	for _, sm := range sums {
		byID[sm.ID] = sm
	}
	for i := range pairs {
		pairs[i].A, pairs[i].B = byID[pairs[i].A.ID], byID[pairs[i].B.ID]
	}
	if err := audit.RecordRead(ctx, s.db, "registry.duplicates", "duplicates", state); err != nil {
		return nil, 0, err
	}
	return pairs, total, nil
}

// Dismiss records that two records are different people, so the scan does
// not propose them again.
func (s *Store) Dismiss(ctx context.Context, a, b int64) error {
	if err := access.Require(ctx, access.MergePeople); err != nil {
		return err
	}
	a, b = min(a, b), max(a, b)
	return s.db.Transact(ctx, func(tx *db.Tx) error {
		now := s.now()
		_, err := tx.ExecContext(ctx, `INSERT INTO duplicate_pairs (person_a, person_b, score, reasons, state, found_at, decided_by, decided_at)
			VALUES ($1, $2, 0, '', 'dismissed', $3, $4, $3)
			ON CONFLICT (person_a, person_b) DO UPDATE SET state = 'dismissed', decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
			a, b, now, db.NullID(access.From(ctx).UserID))
		if err != nil {
			return fmt.Errorf("people: dismiss pair %d-%d: %w", a, b, db.NotFound(err))
		}
		for _, id := range []int64{a, b} {
			if err := audit.Record(ctx, tx, "person.not_duplicate", "person", strconv.FormatInt(id, 10), "duplicate_pairs"); err != nil {
				return err
			}
		}
		return nil
	})
}

// importFlagScore ranks the pairs an import flagged: below certain
// evidence (a shared document), above most name-only matches.
const importFlagScore = 0.9

// QueueImportFlags puts the pairs of persons an import flagged as possible
// duplicates (a new person and the record it resembles) into the
// duplicates queue, inside the import's transaction.
func (s *Store) QueueImportFlags(ctx context.Context, tx *db.Tx, pairs [][2]int64) error {
	now := s.now()
	for _, p := range pairs {
		_, err := tx.ExecContext(ctx, `INSERT INTO duplicate_pairs (person_a, person_b, score, reasons, state, found_at)
			VALUES ($1, $2, $3, $4, 'open', $5) ON CONFLICT DO NOTHING`, min(p[0], p[1]), max(p[0], p[1]), importFlagScore, "people.why.import", now)
		if err != nil {
			return fmt.Errorf("people: queue flagged pair: %w", err)
		}
	}
	return nil
}
