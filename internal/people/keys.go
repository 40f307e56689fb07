package people

import (
	"context"
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

// A person's keys are listed in persons.search_keys as well, one
// "kind:key" line each, sorted. person_keys has no index by person: for a
// bulk import that index cost a quarter of the time. The list says which
// rows to delete when the person's names or contacts change, or on a merge
// or an erasure, and an import writes it with the person's row.

func encodeKeys(keys []searchKey) string {
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(k.kind)
		b.WriteByte(':')
		b.WriteString(k.key)
	}
	return b.String()
}

func decodeKeys(s string) []searchKey {
	var keys []searchKey
	for line := range strings.Lines(s) {
		kind, key, _ := strings.Cut(strings.TrimSuffix(line, "\n"), ":")
		keys = append(keys, searchKey{kind, key})
	}
	return keys
}

// sortKeys sorts keys and drops repeats.
func sortKeys(keys []searchKey) []searchKey {
	slices.SortFunc(keys, compareKeys)
	return slices.Compact(keys)
}

// keysOf returns the keys person id has.
func keysOf(ctx context.Context, tx *db.Tx, id int64) ([]searchKey, error) {
	var list string
	if err := tx.QueryRowContext(ctx, `SELECT search_keys FROM persons WHERE id = $1`, id).Scan(&list); err != nil {
		return nil, fmt.Errorf("people: keys of %d: %w", id, err)
	}
	return sortKeys(decodeKeys(list)), nil // PostgreSQL's migration sorted them by its collation
}

// setKeys makes keys the person's keys: the ones it no longer has are
// deleted, the new ones inserted, and the list written.
func setKeys(ctx context.Context, tx *db.Tx, id int64, keys []searchKey) error {
	old, err := keysOf(ctx, tx, id)
	if err != nil {
		return err
	}
	keys = sortKeys(keys)
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
	if _, err := tx.ExecContext(ctx, `UPDATE persons SET search_keys = $2 WHERE id = $1`, id, encodeKeys(keys)); err != nil {
		return fmt.Errorf("people: keys of %d: %w", id, err)
	}
	return nil
}

// writeKeys replaces the person's keys of kinds with keys.
func writeKeys(ctx context.Context, tx *db.Tx, personID int64, kinds []string, keys []searchKey) error {
	old, err := keysOf(ctx, tx, personID)
	if err != nil {
		return err
	}
	for _, k := range old {
		if !slices.Contains(kinds, k.kind) {
			keys = append(keys, k)
		}
	}
	return setKeys(ctx, tx, personID, keys)
}

// addKeys gives the person keys besides those it has.
func addKeys(ctx context.Context, tx *db.Tx, personID int64, keys []searchKey) error {
	old, err := keysOf(ctx, tx, personID)
	if err != nil {
		return err
	}
	return setKeys(ctx, tx, personID, append(keys, old...))
}

func compareKeys(a, b searchKey) int {
	if c := strings.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	return strings.Compare(a.key, b.key)
}

// CheckKeyIndex reports where person_keys and the persons' key lists
// (persons.search_keys) disagree, the list being what deletes a person's
// keys, and any merged or erased record that keeps keys: what every
// writer of persons, the bulk import's among them, must leave right.
func CheckKeyIndex(ctx context.Context, q db.Querier) error {
	type row struct {
		searchKey
		person int64
	}
	index := map[row]bool{}
	rows, err := q.QueryContext(ctx, `SELECT kind, key, person_id FROM person_keys`)
	err = db.Each(rows, err, func(s db.Scanner) error {
		var r row
		if err := s.Scan(&r.kind, &r.key, &r.person); err != nil {
			return err
		}
		index[r] = true
		return nil
	})
	if err != nil {
		return err
	}
	var problems []error
	listed := 0
	lists, err := q.QueryContext(ctx, `SELECT id, state, search_keys FROM persons`)
	err = db.Each(lists, err, func(r db.Scanner) error {
		var id int64
		var state State
		var list string
		if err := r.Scan(&id, &state, &list); err != nil {
			return err
		}
		if state != Active && list != "" {
			problems = append(problems, fmt.Errorf("%s person %d still has keys", state, id))
		}
		for _, k := range decodeKeys(list) {
			listed++
			if !index[row{k, id}] {
				problems = append(problems, fmt.Errorf("person %d lists key %s:%s, which the index lacks", id, k.kind, k.key))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if listed != len(index) {
		problems = append(problems, fmt.Errorf("the index holds %d keys, the persons list %d", len(index), listed))
	}
	return errors.Join(problems...)
}
