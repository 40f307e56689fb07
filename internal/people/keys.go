package people

import (
	"context"
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

// writeKeys replaces the keys of one kind group (names or contacts) of a person.
func writeKeys(ctx context.Context, tx *db.Tx, personID int64, kinds []string, keys []searchKey) error {
	for _, k := range kinds {
		if _, err := tx.ExecContext(ctx, `DELETE FROM person_keys WHERE person_id = $1 AND kind = $2`, personID, k); err != nil {
			return fmt.Errorf("people: clear keys %d: %w", personID, err)
		}
	}
	return addKeys(ctx, tx, personID, keys)
}

// addKeys inserts keys, ignoring those the person already has.
func addKeys(ctx context.Context, tx *db.Tx, personID int64, keys []searchKey) error {
	slices.SortFunc(keys, func(a, b searchKey) int { return strings.Compare(a.kind+"\x00"+a.key, b.kind+"\x00"+b.key) })
	keys = slices.Compact(keys)
	for _, k := range keys {
		_, err := tx.ExecContext(ctx, `INSERT INTO person_keys (key, kind, person_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			k.key, k.kind, personID)
		if err != nil {
			return fmt.Errorf("people: add key %d: %w", personID, err)
		}
	}
	return nil
}
