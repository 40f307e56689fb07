package people

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"inteqra/internal/db"
	"inteqra/internal/names"
)

// Kinds of search key. Search and duplicate detection read person_keys only.
const (
	keyPhonetic = "ph"   // names.Keys of each spelling: same name in any script or spelling
	keyPair     = "pp"   // two phonetic keys of one spelling: the blocking key of the duplicate scan
	keyLatin    = "lt"   // names.Latin of each token: prefix search for partial names
	keyDocument = "doc"  // residence document numbers, upper case without spaces
	keyPhone    = "tel"  // phone digits in international form
	keyEmail    = "mail" // e-mail address, lower case
)

type searchKey struct{ kind, key string }

// nameKeys returns for every spelling the keys names.Keys gives (phonetic,
// stem and consonant skeleton), the Latin form of each token for prefix
// search, and a pair key for every two phonetic keys of one spelling
// (surname with given name, mostly), so that the duplicate scan compares
// only persons who share two names, never all pairs.
func nameKeys(ns []Name) []searchKey {
	var keys []searchKey
	for _, n := range ns {
		all := names.Keys(n.Full())
		for _, k := range all {
			keys = append(keys, searchKey{keyPhonetic, k})
		}
		phon := plainKeys(all)
		for _, tok := range strings.Fields(n.Full()) {
			if l := names.Latin(tok); l != "" {
				keys = append(keys, searchKey{keyLatin, l})
			}
		}
		for i := range phon {
			for j := i + 1; j < len(phon); j++ {
				keys = append(keys, searchKey{keyPair, phon[i] + " " + phon[j]})
			}
		}
	}
	return keys
}

func contactKeys(phone, email string) []searchKey {
	var keys []searchKey
	if d := phoneDigits(phone); d != "" {
		keys = append(keys, searchKey{keyPhone, d})
	}
	if email != "" {
		keys = append(keys, searchKey{keyEmail, strings.ToLower(email)})
	}
	return keys
}

// documentKey keeps the letters and digits of a document number in upper
// case Latin, so "MYİ 041-2345", "myi0412345" and "MYI0412345" are one key:
// series letters are often typed on a keyboard without İ or Ə.
func documentKey(no string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(names.Latin(no)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Each key is stored once, as a row of person_keys, which has no index by
// person: for a bulk import that index cost a quarter of the time. A
// person's keys are a function of its stored data (personKeys), so the
// rows to delete when the data change are found by working the keys out
// again from the data as they were, read in the same transaction before
// the change (keysOf, then updateKeys).

// keysVersion is the version of the rules that make the keys, stored in
// person_keys_version: raise it when names.Keys or nameKeys changes, and
// the app rebuilds person_keys at start (RebuildKeys), for the stored keys
// must be those the program works out. 2: issue 20's name rules (Hanzi read
// in pinyin, Ukrainian, Belarusian and Russian given-name variants, -ski
// and -ska stems).
const keysVersion = 2

// personKeys returns the keys of a person with names ns, a phone, an
// e-mail and document numbers docs (normalised by documentKey), sorted.
func personKeys(ns []Name, phone, email string, docs []string) []searchKey {
	keys := append(nameKeys(ns), contactKeys(phone, email)...)
	for _, d := range docs {
		keys = append(keys, searchKey{keyDocument, d})
	}
	return sortKeys(keys)
}

// sortKeys sorts keys and drops repeats.
func sortKeys(keys []searchKey) []searchKey {
	slices.SortFunc(keys, compareKeys)
	return slices.Compact(keys)
}

func compareKeys(a, b searchKey) int {
	if c := strings.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	return strings.Compare(a.key, b.key)
}

// keysOf returns the keys person id's stored data give: none when it is
// merged or erased.
func keysOf(ctx context.Context, q db.Querier, id int64) ([]searchKey, error) {
	var keys []searchKey
	err := keysBetween(ctx, q, id, id+1, func(_ int64, k []searchKey) error {
		keys = k
		return nil
	})
	return keys, err
}

// keysBetween calls fn with the keys of every active person with an id in
// [lo, hi), in the order of ids, reading the data of them all with three
// queries.
func keysBetween(ctx context.Context, q db.Querier, lo, hi int64, fn func(id int64, keys []searchKey) error) error {
	type data struct {
		phone, email string
		names        []Name
		docs         []string
	}
	var ids []int64
	persons := map[int64]*data{}
	rows, err := q.QueryContext(ctx, `SELECT id, phone, email FROM persons WHERE id >= $1 AND id < $2 AND state = $3 ORDER BY id`,
		lo, hi, Active)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var id int64
		var d data
		if err := r.Scan(&id, &d.phone, &d.email); err != nil {
			return err
		}
		ids = append(ids, id)
		persons[id] = &d
		return nil
	})
	if err != nil || len(ids) == 0 {
		return fmtKeysErr(err)
	}
	rows, err = q.QueryContext(ctx, `SELECT person_id, kind, surname, given, patronymic FROM person_names
		WHERE person_id >= $1 AND person_id < $2`, lo, hi)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var id int64
		var n Name
		if err := r.Scan(&id, &n.Kind, &n.Surname, &n.Given, &n.Patronymic); err != nil {
			return err
		}
		if d := persons[id]; d != nil {
			d.names = append(d.names, n)
		}
		return nil
	})
	if err != nil {
		return fmtKeysErr(err)
	}
	// The numbers of the residence documents, and those given without a
	// status when the person was registered or edited.
	rows, err = q.QueryContext(ctx, `SELECT person_id, document_no FROM residence_statuses
		WHERE person_id >= $1 AND person_id < $2 AND document_no <> ''
		UNION ALL SELECT person_id, document_no FROM person_documents WHERE person_id >= $1 AND person_id < $2`, lo, hi)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var id int64
		var doc string
		if err := r.Scan(&id, &doc); err != nil {
			return err
		}
		if d := persons[id]; d != nil {
			d.docs = append(d.docs, doc)
		}
		return nil
	})
	if err != nil {
		return fmtKeysErr(err)
	}
	for _, id := range ids {
		d := persons[id]
		if err := fn(id, personKeys(d.names, d.phone, d.email, d.docs)); err != nil {
			return err
		}
	}
	return nil
}

func fmtKeysErr(err error) error {
	if err != nil {
		return fmt.Errorf("people: keys: %w", err)
	}
	return nil
}

// updateKeys brings person id's rows of person_keys from old, the keys its
// data gave before the change made in tx (keysOf), to the keys its data
// give now: the ones it no longer has are deleted, the new ones inserted.
func updateKeys(ctx context.Context, tx *db.Tx, id int64, old []searchKey) error {
	keys, err := keysOf(ctx, tx, id)
	if err != nil {
		return err
	}
	for _, k := range old {
		if _, found := slices.BinarySearchFunc(keys, k, compareKeys); found {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM person_keys WHERE kind = $1 AND key = $2 AND person_id = $3`, k.kind, k.key, id); err != nil {
			return fmt.Errorf("people: delete key of %d: %w", id, err)
		}
	}
	for _, k := range keys {
		if _, found := slices.BinarySearchFunc(old, k, compareKeys); found {
			continue
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO person_keys (key, kind, person_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			k.key, k.kind, id)
		if err != nil {
			return fmt.Errorf("people: add key of %d: %w", id, err)
		}
	}
	return nil
}

// addDocument keeps a document number given without a residence status,
// whose key the person then has.
func addDocument(ctx context.Context, tx *db.Tx, id int64, no string) error {
	if no == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO person_documents (person_id, document_no) VALUES ($1, $2) ON CONFLICT DO NOTHING`, id, no)
	if err != nil {
		return fmt.Errorf("people: document of %d: %w", id, err)
	}
	return nil
}

// keyChunk is how many person ids RebuildKeys and CheckKeyIndex take at a
// time.
const keyChunk = 20000

// KeysStale reports whether person_keys was made by other rules than this
// program's (keysVersion), and must be rebuilt with RebuildKeys.
func KeysStale(ctx context.Context, q db.Querier) (bool, error) {
	var v int
	if err := q.QueryRowContext(ctx, `SELECT version FROM person_keys_version`).Scan(&v); err != nil {
		return false, fmt.Errorf("people: keys version: %w", err)
	}
	return v != keysVersion, nil
}

// RebuildKeys makes person_keys again from the persons' data and records
// keysVersion, in many short transactions, so that the writer is never
// held for long: first the old rows go, then the keys of each chunk of
// persons are written. Until it ends, search and the duplicate check miss
// persons; the app runs it at start, before it serves. Broken off, it
// leaves the old version recorded, and the next start does it again.
func RebuildKeys(ctx context.Context, d *db.DB) error {
	for {
		res, err := d.ExecContext(ctx, `DELETE FROM person_keys WHERE (kind, key, person_id) IN
			(SELECT kind, key, person_id FROM person_keys LIMIT 50000)`)
		if err != nil {
			return fmt.Errorf("people: rebuild keys: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return fmt.Errorf("people: rebuild keys: %w", err)
			}
			break
		}
	}
	var last sql.NullInt64
	if err := d.QueryRowContext(ctx, `SELECT max(id) FROM persons`).Scan(&last); err != nil {
		return fmt.Errorf("people: rebuild keys: %w", err)
	}
	for lo := int64(0); lo <= last.Int64; lo += keyChunk {
		// A bulk transaction: the keys point at the persons just read.
		err := d.TransactBulk(ctx, func(tx *db.Tx) error {
			var keys []personKey
			err := keysBetween(ctx, tx, lo, lo+keyChunk, func(id int64, k []searchKey) error {
				for _, k := range k {
					keys = append(keys, personKey{k, id})
				}
				return nil
			})
			if err != nil {
				return err
			}
			return insertKeys(ctx, tx, keys)
		})
		if err != nil {
			return fmt.Errorf("people: rebuild keys: %w", err)
		}
	}
	if _, err := d.ExecContext(ctx, `UPDATE person_keys_version SET version = $1`, keysVersion); err != nil {
		return fmt.Errorf("people: rebuild keys: %w", err)
	}
	return d.Vacuum(ctx, "person_keys")
}

type personKey struct {
	searchKey
	person int64
}

func comparePersonKeys(a, b personKey) int {
	if c := compareKeys(a.searchKey, b.searchKey); c != 0 {
		return c
	}
	return cmp.Compare(a.person, b.person)
}

// insertKeys writes keys with multi-row statements, in the index's order,
// so that the inserts touch neighbouring pages.
func insertKeys(ctx context.Context, tx *db.Tx, keys []personKey) error {
	slices.SortFunc(keys, comparePersonKeys)
	vals := make([]any, 0, 3*len(keys))
	for _, k := range keys {
		vals = append(vals, k.kind, k.key, k.person)
	}
	return tx.BulkInsert(ctx, "person_keys", []string{"kind", "key", "person_id"}, vals)
}

// CheckKeyIndex reports where person_keys and the keys the persons' data
// give (keysOf) disagree: a key that no active person's data give, merged
// and erased persons' keys among them, or one that is missing. It is what
// every writer of persons, the bulk import's among them, must leave right.
func CheckKeyIndex(ctx context.Context, q db.Querier) error {
	index := map[personKey]bool{}
	rows, err := q.QueryContext(ctx, `SELECT kind, key, person_id FROM person_keys`)
	err = db.Each(rows, err, func(s db.Scanner) error {
		var k personKey
		if err := s.Scan(&k.kind, &k.key, &k.person); err != nil {
			return err
		}
		index[k] = true
		return nil
	})
	if err != nil {
		return err
	}
	var last sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT max(id) FROM persons`).Scan(&last); err != nil {
		return err
	}
	var problems []error
	for lo := int64(0); lo <= last.Int64; lo += keyChunk {
		err := keysBetween(ctx, q, lo, lo+keyChunk, func(id int64, keys []searchKey) error {
			for _, k := range keys {
				if !index[personKey{k, id}] {
					problems = append(problems, fmt.Errorf("person %d has key %s:%s, which the index lacks", id, k.kind, k.key))
				}
				delete(index, personKey{k, id})
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for k := range index {
		problems = append(problems, fmt.Errorf("the index holds key %s:%s of person %d, whose data do not give it (or who is not active)",
			k.kind, k.key, k.person))
	}
	return errors.Join(problems...)
}
