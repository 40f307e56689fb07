package people

import (
	"context"
	"slices"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/names"
)

// Candidate is an existing record that looks like the one being entered.
type Candidate = Hit

// duplicateThreshold is the score from which a record is shown as a likely
// duplicate; names.Same's evaluation in internal/names sets the name part.
const duplicateThreshold = 0.75

// candidates returns existing records that look like in: sharing at least
// two phonetic name keys (or the only one), a document number, a phone or an
// e-mail. Only the key index is read.
func (s *Store) candidates(ctx context.Context, q db.Querier, in Input, exclude int64) ([]Candidate, error) {
	exact := map[int64]string{}
	lookups := []struct {
		kind, key, reason string
	}{
		{keyDocument, in.DocumentNo, "people.why.document"},
		{keyPhone, phoneDigits(in.Phone), "people.why.phone"},
		{keyEmail, in.Email, "people.why.email"},
	}
	for _, l := range lookups {
		if l.key == "" {
			continue
		}
		ids, err := idsWhere(ctx, q, `kind = $1 AND key = $2`, l.kind, l.key)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			exact[id] = l.reason
		}
	}
	var ids []int64
	for _, n := range in.Names {
		found, err := s.sharingTokens(ctx, q, n)
		if err != nil {
			return nil, err
		}
		ids = append(ids, found...)
	}
	for id := range exact {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	ids = slices.DeleteFunc(ids, func(id int64) bool { return exclude != 0 && id == exclude })
	if len(ids) > maxCandidates {
		ids = ids[:maxCandidates]
	}
	sums, err := summaries(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	var out []Candidate
	for _, sm := range sums {
		if sm.State != Active {
			continue
		}
		c := Candidate{Summary: sm}
		for _, n := range in.Names {
			if score, reasons := nameScore(n.Full(), sm.Names); score > c.Score {
				c.Score, c.Reasons = score, reasons
			}
		}
		c.Score, c.Reasons = byBirth(c.Score, c.Reasons, in.birthDate, in.BirthYear, sm.BirthDate, sm.BirthYear)
		if reason, ok := exact[sm.ID]; ok {
			c.Score = max(c.Score, 0.95)
			c.Reasons = append(c.Reasons, reason)
		}
		if c.Score >= duplicateThreshold {
			out = append(out, c)
		}
	}
	sortHits(out)
	return out, nil
}

// sharingTokens returns persons matching at least two of the name's tokens
// (or its only one), each by any of its search keys.
func (s *Store) sharingTokens(ctx context.Context, q db.Querier, n Name) ([]int64, error) {
	counts := map[int64]int{}
	tokens := 0
	for _, tok := range strings.Fields(n.Full()) {
		if len(names.SearchKeys(tok)) == 0 {
			continue // a particle such as oğlu, or an initial
		}
		tokens++
		ids, err := tokenIDs(ctx, q, tok, false)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			counts[id]++
		}
	}
	need := min(2, tokens)
	var out []int64
	for id, c := range counts {
		if need > 0 && c >= need {
			out = append(out, id)
		}
	}
	return out, nil
}

// Candidates returns the records that look like in, for the warning shown
// before saving.
func (s *Store) Candidates(ctx context.Context, in Input) ([]Candidate, error) {
	if err := access.Require(ctx, access.ReadPeople); err != nil {
		return nil, err
	}
	if err := in.Validate(s.now()); err != nil {
		return nil, err
	}
	return s.candidates(ctx, s.db, in, 0)
}

// byBirth moves a name score by the birth dates: the same date or year
// raises it, different years lower it below the threshold, because
// namesakes born in other years are different people.
func byBirth(score float64, reasons []string, aDate time.Time, aYear int, bDate time.Time, bYear int) (float64, []string) {
	switch {
	case !aDate.IsZero() && aDate.Equal(bDate):
		return min(1, score+0.15), append(reasons, "people.why.birth_date")
	case aYear != 0 && aYear == bYear:
		return min(1, score+0.05), append(reasons, "people.why.birth_year")
	case aYear != 0 && bYear != 0:
		return score - 0.35, reasons
	}
	return score, reasons
}
