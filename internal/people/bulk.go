package people

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"unsafe"

	"inteqra/internal/access"
	"inteqra/internal/db"
)

// The registry's API for the bulk import (internal/imports), which checks
// a file of many persons against the registry and writes them in one
// transaction. It reads and writes the registry's tables only through
// these functions. They check no permission: the import has.

// Keys are the search keys of a new person, sorted, as CreatePerson writes
// them; KeyCache works them out.
type Keys []searchKey

// Probe is a search key to look for in the registry: held by a person born
// in a given year, or by anyone. Probes are comparable, so a caller can
// remember which it has asked about.
type Probe struct {
	searchKey
	year int
}

// KeyCache works out the keys of many persons, remembering those of names
// already seen: in a file of a million rows the same surnames and given
// names come back again and again, and normalising a name is the dearest
// part of reading a row. It is not safe for concurrent use.
type KeyCache struct{ name map[[3]string][]searchKey }

// keyCacheLimit bounds the cache; a full one starts again.
const keyCacheLimit = 1 << 18

// NewKeyCache returns an empty KeyCache.
func NewKeyCache() KeyCache { return KeyCache{name: map[[3]string][]searchKey{}} }

// nameKeys returns the search keys of one spelling; the caller must not
// change the slice.
func (m KeyCache) nameKeys(n Name) []searchKey {
	// By the parts, not n.Full(): a lookup should not build a string.
	full := [3]string{n.Surname, n.Given, n.Patronymic}
	if k, ok := m.name[full]; ok {
		return k
	}
	k := nameKeys([]Name{n})
	if len(m.name) >= keyCacheLimit {
		clear(m.name)
	}
	m.name[full] = k
	return k
}

// Keys are the search keys of a new person, as insertPerson writes them.
func (m KeyCache) Keys(in Input) Keys {
	var keys []searchKey
	for _, n := range in.Names {
		keys = append(keys, m.nameKeys(n)...)
	}
	keys = append(keys, contactKeys(in.Phone, in.Email)...)
	if in.DocumentNo != "" {
		keys = append(keys, searchKey{keyDocument, in.DocumentNo})
	}
	slices.SortFunc(keys, compareKeys)
	return slices.Compact(keys)
}

// Probes are the keys under which the registry can hold a candidate for
// in: the pair keys of each spelling (two of its names, as the duplicate
// scan blocks on them; the phonetic keys of a one-word name) held by
// someone born the same year or of unknown birth, and the phone and the
// e-mail held by anyone.
func (m KeyCache) Probes(in Input) []Probe {
	var keys []Probe
	for _, n := range in.Names {
		all := m.nameKeys(n)
		before := len(keys)
		for _, k := range all {
			if k.kind == keyPair {
				keys = append(keys, Probe{k, in.BirthYear})
			}
		}
		if len(keys) == before {
			for _, k := range all {
				if k.kind == keyPhonetic {
					keys = append(keys, Probe{k, in.BirthYear})
				}
			}
		}
	}
	for _, k := range contactKeys(in.Phone, in.Email) {
		keys = append(keys, Probe{k, 0})
	}
	return keys
}

// HasActive reports whether the registry holds any active person with an
// id below below: a first import into an empty registry has nothing to
// compare with.
func HasActive(ctx context.Context, q db.Querier, below int64) (bool, error) {
	var yes bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM persons WHERE state = 'active' AND id < $1)`, below).Scan(&yes)
	return yes, err
}

// DocumentOwners returns the active persons with ids below below holding
// the documents docs, the first by id for each.
func DocumentOwners(ctx context.Context, q db.Querier, below int64, docs []any) (map[string]int64, error) {
	owners := map[string]int64{}
	if len(docs) == 0 {
		return owners, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT k.key, k.person_id FROM person_keys k JOIN persons p ON p.id = k.person_id
		WHERE k.kind = $1 AND p.state = 'active' AND k.person_id < $2 AND k.key IN (`+db.Placeholders(3, len(docs))+`)
		ORDER BY k.person_id`, append([]any{keyDocument, below}, docs...)...)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var key string
		var id int64
		if err := r.Scan(&key, &id); err != nil {
			return err
		}
		if _, ok := owners[key]; !ok {
			owners[key] = id
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("people: document owners: %w", err)
	}
	return owners, nil
}

// KnownProbes returns those of probes that a person with an id below below
// holds, with one index probe per key: with a year, the persons holding
// the key are read until one was born that year (or when is not known).
func KnownProbes(ctx context.Context, q db.Querier, below int64, probes []Probe) ([]Probe, error) {
	byKind := map[string][]Probe{}
	for _, pr := range probes {
		byKind[pr.kind] = append(byKind[pr.kind], pr)
	}
	var found []Probe
	for kind, probes := range byKind {
		for len(probes) > 0 {
			part := probes[:min(len(probes), 500)]
			probes = probes[len(part):]
			args := []any{kind, below}
			values := make([]string, len(part))
			for i, pr := range part {
				args = append(args, pr.key, pr.year)
				values[i] = fmt.Sprintf("(CAST($%d AS TEXT), CAST($%d AS BIGINT))", len(args)-1, len(args))
			}
			rows, err := q.QueryContext(ctx, `SELECT v.column1, v.column2 FROM (VALUES `+strings.Join(values, ", ")+`) AS v
				WHERE EXISTS (SELECT 1 FROM person_keys k JOIN persons ps ON ps.id = k.person_id
					WHERE k.kind = $1 AND k.key = v.column1 AND k.person_id < $2
					AND (v.column2 = 0 OR ps.birth_year IS NULL OR ps.birth_year = v.column2))`, args...)
			held, err := db.Collect(rows, err, func(row db.Scanner) (Probe, error) {
				pr := Probe{searchKey: searchKey{kind: kind}}
				return pr, row.Scan(&pr.key, &pr.year)
			})
			if err != nil {
				return nil, fmt.Errorf("people: known keys: %w", err)
			}
			found = append(found, held...)
		}
	}
	return found, nil
}

// CandidatesIn is the duplicate check of the form (Candidates) for a
// validated in, reading the registry from q: the read pool, or a bulk
// transaction.
func (s *Store) CandidatesIn(ctx context.Context, q db.Querier, in Input) ([]Candidate, error) {
	return s.candidates(ctx, q, in, 0)
}

// NewPerson is a validated person for BulkWriter.Insert, with its keys
// and, when given, one residence status.
type NewPerson struct {
	In     Input // validated
	Status *StatusInput
	Keys   Keys
}

// BulkWriter inserts many new persons in one bulk transaction
// (db.TransactBulk) with multi-row statements, as many at a time as the
// caller hands it, and their search keys when it has many, or at Finish.
type BulkWriter struct {
	s   *Store
	tx  *db.Tx
	ids db.IDs
	// The keys not yet written, of the persons with the ids in persons.
	// Written in the order of the key index, a few million at a time, a
	// whole import's keys fill the index in one pass or two, instead of
	// one pass over all of it per chunk of rows: at a million persons the
	// index outgrows the page cache, and each pass read and wrote most
	// of it again.
	keys    [len(keyKinds)][]keyRow // by kind
	held    int                     // keys in keys
	limit   int                     // how many it may hold: bulkKeys
	persons []int64
}

// keyRow is a key of a person that a BulkWriter holds, in 24 bytes rather
// than 40: a million persons have 14 million keys.
type keyRow struct {
	key    string
	person uint32 // index in BulkWriter.persons
}

// keyKinds are the kinds of key in the order of their names, the order of
// the index.
var keyKinds = [...]string{keyDocument, keyLatin, keyEmail, keyPhonetic, keyPair, keyPhone}

// bulkKeys is how many keys a BulkWriter holds before it writes them:
// 200 MB, the keys of 600,000 persons.
const bulkKeys = 1 << 23

// BulkWriter returns a writer of new persons in tx.
func (s *Store) BulkWriter(tx *db.Tx) *BulkWriter {
	return &BulkWriter{s: s, tx: tx, ids: db.IDs{Table: "persons"}, limit: bulkKeys}
}

// FirstOwn is the first id this writer gave a person where its own rows
// are visible to the reader beside it (db.BulkReader), so that they can
// be told from the persons registered before.
func (w *BulkWriter) FirstOwn() int64 { return w.ids.FirstOwn() }

// Insert writes persons with their names, search keys, citizenships,
// languages and statuses, and returns the ids they were given, in order.
func (w *BulkWriter) Insert(ctx context.Context, persons []NewPerson) ([]int64, error) {
	if len(persons) == 0 {
		return nil, nil
	}
	tx := w.tx
	got, err := w.ids.Take(ctx, tx, len(persons))
	if err != nil {
		return nil, fmt.Errorf("people: bulk person ids: %w", err)
	}
	user := access.From(ctx).UserID
	now, by := w.s.now(), db.NullID(user)
	var regions []int64
	rows := make([]any, 0, len(persons)*16)
	var nameVals, citVals, langVals, statusVals, docVals []any
	for i, np := range persons {
		id, in := got[i], np.In
		w.persons = append(w.persons, id)
		for _, k := range np.Keys {
			kind := slices.Index(keyKinds[:], k.kind)
			w.keys[kind] = append(w.keys[kind], keyRow{k.key, uint32(len(w.persons) - 1)})
			w.held++
		}
		rows = append(rows, id, Active, displayName(in.Names), in.Sex, nullDate(in.birthDate), db.NullID(int64(in.BirthYear)),
			in.Stateless, in.Education, in.Script, in.Phone, in.Email, in.Address, db.NullID(in.RegionID), by, now, now)
		if in.RegionID != 0 && !slices.Contains(regions, in.RegionID) {
			regions = append(regions, in.RegionID)
		}
		for _, n := range in.Names {
			nameVals = append(nameVals, id, n.Kind, n.Surname, n.Given, n.Patronymic)
		}
		for _, c := range in.Citizenships {
			citVals = append(citVals, id, c)
		}
		for _, l := range in.Languages {
			langVals = append(langVals, id, l)
		}
		// The document number is the status's; without one it is kept apart.
		if in.DocumentNo != "" && (np.Status == nil || np.Status.DocumentNo != in.DocumentNo) {
			docVals = append(docVals, id, in.DocumentNo)
		}
		if st := np.Status; st != nil {
			statusVals = append(statusVals, id, st.Kind, st.Ground, st.DocumentNo, nullDate(st.issuedOn), nullDate(st.validFrom),
				nullDate(st.validTo), st.State, now)
		}
	}
	// The user and the regions the new persons point at; every other
	// reference is to a row of this transaction.
	if user != 0 {
		if err := tx.CheckParents(ctx, "users", []int64{user}); err != nil {
			return nil, fmt.Errorf("people: bulk insert: %w", err)
		}
	}
	if err := tx.CheckParents(ctx, "regions", regions); err != nil {
		return nil, fmt.Errorf("people: bulk insert: %w", err)
	}
	inserts := []struct {
		table   string
		columns []string
		vals    []any
	}{
		{"persons", []string{"id", "state", "display_name", "sex", "birth_date", "birth_year", "stateless", "education", "script",
			"phone", "email", "address", "region_id", "created_by", "created_at", "updated_at"}, rows},
		{"person_names", []string{"person_id", "kind", "surname", "given", "patronymic"}, nameVals},
		{"person_citizenships", []string{"person_id", "country"}, citVals},
		{"person_languages", []string{"person_id", "language"}, langVals},
		{"residence_statuses", []string{"person_id", "kind", "ground", "document_no", "issued_on", "valid_from", "valid_to", "state", "created_at"},
			statusVals},
		{"person_documents", []string{"person_id", "document_no"}, docVals},
	}
	for _, ins := range inserts {
		if err := tx.BulkInsert(ctx, ins.table, ins.columns, ins.vals); err != nil {
			return nil, fmt.Errorf("people: bulk insert %s: %w", ins.table, err)
		}
	}
	if w.held >= w.limit {
		if err := w.Finish(ctx); err != nil {
			return nil, err
		}
	}
	return got, nil
}

// Finish writes the search keys of the persons inserted, which Insert
// holds back; the caller must call it before anything reads them. The
// keys of each kind are sorted on a goroutine of their own while those of
// the kinds before are written: at the end of an import the other core
// has nothing else to do.
func (w *BulkWriter) Finish(ctx context.Context) error {
	var sorted [len(keyKinds)]chan struct{}
	limit := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-1))
	for kind := range w.keys {
		sorted[kind] = make(chan struct{})
		go func() {
			limit <- struct{}{}
			sortKeyRows(w.keys[kind])
			<-limit
			close(sorted[kind])
		}()
	}
	// A few statements' worth at a time: the values of all the keys would
	// take twice the memory of the keys.
	batch := 8 * w.tx.BatchRows(3)
	vals := make([]any, 0, 3*batch)
	var err error
	for kind, keys := range w.keys {
		<-sorted[kind]
		var name any = keyKinds[kind]
		for err == nil && len(keys) > 0 {
			part := keys[:min(len(keys), batch)]
			keys = keys[len(part):]
			vals = vals[:0]
			for _, k := range part {
				vals = append(vals, name, k.key, w.persons[k.person])
			}
			err = w.tx.BulkInsert(ctx, "person_keys", []string{"kind", "key", "person_id"}, vals)
		}
		w.keys[kind] = nil
	}
	w.held, w.persons = 0, nil
	if err != nil {
		return fmt.Errorf("people: bulk insert person_keys: %w", err)
	}
	return nil
}

// sortKeyRows sorts the keys of one kind in the order of the index; ids
// grow with the index in persons (db.IDs hands them out in order).
func sortKeyRows(keys []keyRow) {
	slices.SortFunc(keys, func(a, b keyRow) int {
		// The keys of a name are one string for all who share it (KeyCache).
		if len(a.key) != len(b.key) || unsafe.StringData(a.key) != unsafe.StringData(b.key) {
			if c := strings.Compare(a.key, b.key); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.person, b.person)
	})
}
