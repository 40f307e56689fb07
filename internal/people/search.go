package people

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/names"
	"inteqra/internal/textcheck"
)

// Summary is what lists show of a person.
type Summary struct {
	ID          int64
	State       State
	MergedInto  int64
	DisplayName string
	Names       []Name
	Sex         Sex
	BirthDate   time.Time
	BirthYear   int
}

// Hit is a search result or a duplicate candidate, with why it matched.
type Hit struct {
	Summary
	Score   float64
	Reasons []string // catalogue keys, e.g. "people.why.name"
}

// Page is one page of search results.
type Page struct {
	Hits    []Hit
	Total   int  // hits found, at most maxCandidates
	Capped  bool // more records matched than were scored: the query should be narrower
	Page    int  // 1-based
	PerPage int
}

// Pages returns the number of pages.
func (p Page) Pages() int { return (p.Total + p.PerPage - 1) / p.PerPage }

const (
	perPage = 20
	// maxCandidates bounds how many records a search scores, so that a very
	// common surname cannot make a search slow.
	maxCandidates = 200
	// minPrefix is the shortest partial name searched by prefix.
	minPrefix = 3
)

// query is a parsed search box: name tokens, a birth year, and document,
// phone or e-mail tokens.
type query struct {
	names  []string
	year   int
	docs   []string
	phones []string
	emails []string
}

func parseQuery(text string) query {
	var q query
	for _, tok := range strings.Fields(text) {
		digits := strings.IndexFunc(tok, unicode.IsDigit) >= 0
		switch {
		case strings.Contains(tok, "@"):
			q.emails = append(q.emails, strings.ToLower(tok))
		case len(tok) == 4 && digits && isYear(tok):
			q.year, _ = strconv.Atoi(tok)
		case digits:
			q.docs = append(q.docs, documentKey(tok))
			if d := phoneDigits(tok); len(d) >= 7 {
				q.phones = append(q.phones, d)
			}
		default:
			q.names = append(q.names, tok)
		}
	}
	// Numbers are often typed in groups ("050 123 45 67", "AA 1234567"):
	// the whole box without spaces is tried as a document and a phone too.
	if whole := strings.Join(strings.Fields(text), ""); strings.IndexFunc(whole, unicode.IsDigit) >= 0 {
		q.docs = append(q.docs, documentKey(whole))
		if d := phoneDigits(whole); len(d) >= 7 {
			q.phones = append(q.phones, d)
		}
	}
	return q
}

func isYear(s string) bool {
	y, err := strconv.Atoi(s)
	return err == nil && y >= 1900 && y <= 2100
}

// Search finds persons from one search box: names in any script or spelling,
// partial names, a name with a birth year, a document number, a phone or an
// e-mail. Results are ranked by how well they match and say why.
func (s *Store) Search(ctx context.Context, text string, page int) (Page, error) {
	if err := access.Require(ctx, access.ReadPeople); err != nil {
		return Page{}, err
	}
	// The text goes into the audit log as it was typed: no NUL, control
	// character or broken UTF-8, and no more than a line (300 characters).
	if err := textcheck.Field("people.search_label", text, textcheck.Short); err != nil {
		return Page{}, err
	}
	// A search may read a replica a few seconds behind (db.Replica); the
	// searcher's own changes are always in it.
	result, err := s.search(ctx, s.db.Replica(ctx), text, page)
	if err != nil {
		return Page{}, err
	}
	// Who looked for whom is recorded like a view of a record, found or not.
	if err := audit.RecordRead(ctx, s.db, "person.search", "query", strings.TrimSpace(text)); err != nil {
		return Page{}, err
	}
	return result, nil
}

// Recent returns a page of the most recently registered records that are
// not merged or erased, newest first: what the registry shows before
// anything is searched. More says whether an older page follows. The list
// is audited like a search.
func (s *Store) Recent(ctx context.Context, page int) (list Page, more bool, err error) {
	if err := access.Require(ctx, access.ReadPeople); err != nil {
		return Page{}, false, err
	}
	list = Page{Page: max(page, 1), PerPage: perPage}
	q := s.db.Replica(ctx) // as a search
	// Newest first by the primary key: no index on dates, however large the registry.
	rows, err := q.QueryContext(ctx, `SELECT id FROM persons WHERE state = 'active' ORDER BY id DESC LIMIT $1 OFFSET $2`,
		perPage+1, (list.Page-1)*perPage)
	ids, err := db.Collect(rows, err, func(r db.Scanner) (id int64, err error) { return id, r.Scan(&id) })
	if err != nil {
		return Page{}, false, fmt.Errorf("people: recent: %w", err)
	}
	if more = len(ids) > perPage; more {
		ids = ids[:perPage]
	}
	sums, err := summaries(ctx, q, ids)
	if err != nil {
		return Page{}, false, err
	}
	byID := make(map[int64]Summary, len(sums))
	for _, sm := range sums {
		byID[sm.ID] = sm
	}
	for _, id := range ids {
		list.Hits = append(list.Hits, Hit{Summary: byID[id]})
	}
	list.Total = len(list.Hits)
	return list, more, audit.RecordRead(ctx, s.db, "person.list", "registry", strconv.Itoa(list.Page))
}

func (s *Store) search(ctx context.Context, q db.Querier, text string, page int) (Page, error) {
	query := parseQuery(text)
	result := Page{Page: max(page, 1), PerPage: perPage}
	ids, exact, err := searchIDs(ctx, q, query)
	if err != nil || len(ids) == 0 {
		return result, err
	}
	ids, result.Capped = capCandidates(ids, exact)
	hits, err := rankCandidates(ctx, q, query, ids, exact)
	if err != nil {
		return result, err
	}
	result.Total = len(hits)
	from := (result.Page - 1) * perPage
	if from >= len(hits) {
		return result, nil
	}
	shown := orderTop(hits, from+perPage)[from:]
	// Only the page's records are loaded whole.
	pageIDs := make([]int64, len(shown))
	for i, h := range shown {
		pageIDs[i] = h.ID
	}
	sums, err := summaries(ctx, q, pageIDs)
	if err != nil {
		return result, err
	}
	byID := make(map[int64]Summary, len(sums))
	for _, sm := range sums {
		byID[sm.ID] = sm
	}
	for i := range shown {
		shown[i].Summary = byID[shown[i].ID]
	}
	result.Hits = shown
	return result, nil
}

// capCandidates keeps at most maxCandidates of ids: those found by a
// document, phone or e-mail first, then the others by id. It reports
// whether any were left out. The ids it returns are sorted.
func capCandidates(ids []int64, exact map[int64]string) ([]int64, bool) {
	if len(ids) <= maxCandidates {
		slices.Sort(ids)
		return ids, false
	}
	slices.SortFunc(ids, func(a, b int64) int {
		_, ea := exact[a]
		_, eb := exact[b]
		switch {
		case ea && !eb:
			return -1
		case eb && !ea:
			return 1
		}
		return cmp.Compare(a, b)
	})
	ids = ids[:maxCandidates]
	slices.Sort(ids)
	return ids, true
}

// rankCandidates scores the candidates ids (sorted) against the query from
// their spellings alone and, with a birth year in the query, leaves out
// those born another year. The key index holds active records only
// (CheckKeyIndex), and the display name is the first spelling by kind
// (displayName), so the persons' rows are read only for the year. The
// hits carry only their id and display name; the page's records are
// loaded whole once chosen.
func rankCandidates(ctx context.Context, q db.Querier, query query, ids []int64, exact map[int64]string) ([]Hit, error) {
	in, args := inList(ids)
	if query.year != 0 {
		args = append(args, query.year)
	}
	type spelling struct {
		id int64
		Name
	}
	rows, err := q.QueryContext(ctx, candidatesQuery(in, query.year != 0), args...)
	list, err := db.Collect(rows, err, func(r db.Scanner) (sp spelling, err error) {
		return sp, r.Scan(&sp.id, &sp.Kind, &sp.Surname, &sp.Given, &sp.Patronymic)
	})
	if err != nil {
		return nil, fmt.Errorf("people: candidates: %w", err)
	}
	sc := newScorer(strings.Join(query.names, " "))
	hits := make([]Hit, 0, len(ids))
	var ns []Name
	for i := 0; i < len(list); {
		id := list[i].id
		ns = ns[:0]
		for ; i < len(list) && list[i].id == id; i++ {
			ns = append(ns, list[i].Name)
		}
		h := Hit{Summary: Summary{ID: id, DisplayName: displayName(ns)}}
		if sc.query != "" {
			h.Score, h.Reasons = sc.best(ns)
		}
		if reason, ok := exact[h.ID]; ok {
			h.Score = max(h.Score, 1)
			h.Reasons = append(slices.Clip(h.Reasons), reason)
		}
		if query.year != 0 {
			h.Reasons = append(slices.Clip(h.Reasons), "people.why.birth_year")
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// orderTop orders the first n of hits (all of them when there are fewer)
// by score and equal scores alphabetically, then by id, and returns them;
// the rest stay unordered. Only the hits that can reach the first n get a
// collation key.
func orderTop(hits []Hit, n int) []Hit {
	slices.SortStableFunc(hits, func(a, b Hit) int { return cmp.Compare(b.Score, a.Score) })
	n = min(n, len(hits))
	last := hits[n-1].Score
	tied := n
	for tied < len(hits) && hits[tied].Score == last {
		tied++
	}
	sortHits(hits[:tied])
	return hits[:n]
}

// scorer scores spellings against the name typed, parsed once, and
// remembers each spelling's score: the candidates of a common name share
// a few spellings between hundreds of them.
type scorer struct {
	query  string
	parsed names.Query
	seen   map[spellingKey]scored
}

// spellingKey is a spelling's name parts, which Name.Full joins.
type spellingKey struct{ surname, given, patronymic string }

type scored struct {
	score   float64
	reasons []string
}

func newScorer(query string) *scorer {
	return &scorer{query: query, parsed: names.Prepare(query), seen: map[spellingKey]scored{}}
}

// best is the best match of the query against any of the spellings, the
// first of equal ones, with the reasons as catalogue keys.
func (sc *scorer) best(spellings []Name) (float64, []string) {
	var best scored
	for _, n := range spellings {
		k := spellingKey{n.Surname, n.Given, n.Patronymic}
		s, ok := sc.seen[k]
		if !ok {
			s = scoredOf(sc.parsed.Compare(n.Full()))
			sc.seen[k] = s
		}
		if s.score > best.score {
			best = s
		}
	}
	if best.reasons == nil {
		return best.score, []string{"people.why.prefix"}
	}
	return best.score, best.reasons
}

// scoredOf keeps a match's score and the catalogue keys of its reasons.
func scoredOf(m names.Match) scored {
	var reasons []string
	for _, r := range m.Reasons {
		if k := reasonKey(r.Kind); k != "" && !slices.Contains(reasons, k) {
			reasons = append(reasons, k)
		}
	}
	return scored{m.Score, reasons}
}

// sortHits orders hits by score, and equal scores alphabetically: the
// alphabetical sort goes first (it computes each collation key once) and
// the stable sort by score keeps it.
func sortHits(hits []Hit) {
	i18n.SortFunc(hits, func(h Hit) string { return h.DisplayName })
	slices.SortStableFunc(hits, func(a, b Hit) int { return cmp.Compare(b.Score, a.Score) })
}

// nameScore is the best match of the query against any spelling, with the
// reasons as catalogue keys.
func nameScore(queryName string, spellings []Name) (float64, []string) {
	return newScorer(queryName).best(spellings)
}

// ReasonKeys returns every catalogue key a hit's reasons can name, so a
// test can hold the catalogues to them.
func ReasonKeys() []string {
	keys := []string{"people.why.prefix", "people.why.import", "people.why.birth_year", "people.why.birth_date", "people.why.document", "people.why.phone", "people.why.email"}
	for _, k := range []names.ReasonKind{names.ReasonExact, names.ReasonTransliteration, names.ReasonPhonetic,
		names.ReasonVariant, names.ReasonSkeleton, names.ReasonSexForm, names.ReasonSuffix, names.ReasonInitial,
		names.ReasonFuzzy, names.ReasonPatronymicGone, names.ReasonOrderSwapped, names.ReasonFewTokens} {
		if rk := reasonKey(k); rk != "" {
			keys = append(keys, rk)
		}
	}
	return keys
}

// reasonKey is the catalogue key explaining a kind of name evidence, or ""
// for evidence against a match, which a result list does not show.
func reasonKey(k names.ReasonKind) string {
	if k == names.ReasonDifferent || k == names.ReasonUnmatched {
		return ""
	}
	var b strings.Builder
	for _, r := range string(k) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r == ' ' && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	return "people.why.name_" + strings.TrimSuffix(b.String(), "_")
}

// searchIDs returns the ids that match every name token (by phonetic key or
// Latin prefix), or any document, phone or e-mail token; exact maps ids found
// by an identifier to the reason.
func searchIDs(ctx context.Context, src db.Querier, q query) ([]int64, map[int64]string, error) {
	exact := map[int64]string{}
	for _, group := range []struct {
		kind, reason string
		keys         []string
	}{{keyDocument, "people.why.document", q.docs}, {keyPhone, "people.why.phone", q.phones}, {keyEmail, "people.why.email", q.emails}} {
		for _, k := range group.keys {
			ids, err := idsWhere(ctx, src, `kind = $1 AND key = $2`, group.kind, k)
			if err != nil {
				return nil, nil, err
			}
			for _, id := range ids {
				exact[id] = group.reason
			}
		}
	}
	// Two names or more: the pair keys reach exactly the persons who have
	// both, however common each name is alone.
	matched, err := pairIDs(ctx, src, strings.Join(q.names, " "))
	if err != nil {
		return nil, nil, err
	}
	for i, tok := range q.names {
		if len(matched) > 0 {
			break
		}
		ids, err := tokenIDs(ctx, src, tok, true)
		if err != nil {
			return nil, nil, err
		}
		if i == 0 {
			matched = ids
		} else {
			matched = intersect(matched, ids)
		}
		if len(matched) == 0 {
			break
		}
	}
	for id := range exact {
		if !slices.Contains(matched, id) {
			matched = append(matched, id)
		}
	}
	return matched, exact, nil
}

// pairIDs returns the persons with two of the name's phonetic keys in one
// spelling, through the pair keys; none when the name has fewer than two.
func pairIDs(ctx context.Context, q db.Querier, name string) ([]int64, error) {
	phon := plainKeys(names.Keys(name))
	var ids []int64
	for i := range phon {
		for j := i + 1; j < len(phon); j++ {
			found, err := idsWhere(ctx, q, `kind = $1 AND key = $2`, keyPair, phon[i]+" "+phon[j])
			if err != nil {
				return nil, err
			}
			ids = append(ids, found...)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// plainKeys keeps the phonetic keys of names.Keys, without the stem and
// skeleton keys, which are too loose to pair.
func plainKeys(keys []string) []string {
	var out []string
	for _, k := range keys {
		if !strings.ContainsAny(k[:1], names.StemPrefix+names.SkeletonPrefix+names.AbjadPrefix) {
			out = append(out, k)
		}
	}
	return out
}

// tokenIDs returns the persons with a name token matching tok by any of
// its search keys (phonetic, stem, skeleton) or, with prefix, whose name has
// a token starting with it.
func tokenIDs(ctx context.Context, q db.Querier, tok string, prefix bool) ([]int64, error) {
	var ids []int64
	for _, k := range names.SearchKeys(tok) {
		found, err := idsWhere(ctx, q, `kind = $1 AND key = $2`, keyPhonetic, k)
		if err != nil {
			return nil, err
		}
		ids = append(ids, found...)
	}
	if l := names.Latin(tok); prefix && len(l) >= minPrefix {
		found, err := idsWhere(ctx, q, `kind = $1 AND key >= $2 AND key < $3`, keyLatin, l, l+"\U0010FFFF")
		if err != nil {
			return nil, err
		}
		ids = append(ids, found...)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

func idsWhere(ctx context.Context, q db.Querier, where string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, keysQuery(where), args...)
	ids, err := db.Collect(rows, err, func(r db.Scanner) (id int64, err error) {
		err = r.Scan(&id)
		return id, err
	})
	if err != nil {
		return nil, fmt.Errorf("people: keys: %w", err)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// intersect returns the ids in both sorted lists.
func intersect(a, b []int64) []int64 {
	var out []int64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return out
}

// summaries loads the list view of the given persons with all their spellings.
func summaries(ctx context.Context, q db.Querier, ids []int64) ([]Summary, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := inList(ids)
	rows, err := q.QueryContext(ctx, summariesQuery(in), args...)
	list, err := db.Collect(rows, err, func(r db.Scanner) (Summary, error) {
		var sm Summary
		var merged, year nullInt64
		var birth nullTime
		err := r.Scan(&sm.ID, &sm.State, &merged, &sm.DisplayName, &sm.Sex, &birth, &year)
		sm.MergedInto, sm.BirthYear, sm.BirthDate = merged.Int64, int(year.Int64), birth.utc()
		return sm, err
	})
	if err != nil {
		return nil, fmt.Errorf("people: summaries: %w", err)
	}
	byID := map[int64]*Summary{}
	for i := range list {
		byID[list[i].ID] = &list[i]
	}
	rows, err = q.QueryContext(ctx, summaryNamesQuery(in), args...)
	err = db.Each(rows, err, func(r db.Scanner) error {
		var id int64
		var n Name
		if err := r.Scan(&id, &n.Kind, &n.Surname, &n.Given, &n.Patronymic); err != nil {
			return err
		}
		if sm := byID[id]; sm != nil {
			sm.Names = append(sm.Names, n)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("people: summary names: %w", err)
	}
	return list, nil
}

// The queries of a search, as functions so that a test can check their
// plans: every one must use an index, never scan a whole table.
func keysQuery(where string) string {
	// No DISTINCT: it would read the whole key range before the LIMIT; the
	// caller removes repeats.
	return fmt.Sprintf(`SELECT person_id FROM person_keys WHERE %s LIMIT %d`, where, maxCandidates*4)
}

// candidatesQuery reads the spellings of the candidates, only of those
// born in the year given as the last argument when withYear.
func candidatesQuery(in string, withYear bool) string {
	if withYear {
		return `SELECT n.person_id, n.kind, n.surname, n.given, n.patronymic FROM person_names n JOIN persons p ON p.id = n.person_id
			WHERE n.person_id IN (` + in + `) AND p.birth_year = $` + strconv.Itoa(strings.Count(in, "$")+1) + ` ORDER BY n.person_id, n.id`
	}
	return `SELECT person_id, kind, surname, given, patronymic FROM person_names WHERE person_id IN (` + in + `) ORDER BY person_id, id`
}

func summariesQuery(in string) string {
	return `SELECT id, state, merged_into, display_name, sex, birth_date, birth_year FROM persons WHERE id IN (` + in + `)`
}

func summaryNamesQuery(in string) string {
	return `SELECT person_id, kind, surname, given, patronymic FROM person_names WHERE person_id IN (` + in + `) ORDER BY id`
}

// inList returns "$1, $2, …" and the arguments for an IN clause.
func inList(ids []int64) (string, []any) {
	var b strings.Builder
	args := make([]any, len(ids))
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(i+1))
		args[i] = id
	}
	return b.String(), args
}

// SearchStatements returns the SQL statements, with their arguments, that
// a search for text reads the registry with, for measuring the search
// against its SQL alone. It is not audited: it shows no one's record.
func (s *Store) SearchStatements(ctx context.Context, text string, page int) ([]db.Statement, error) {
	if err := access.Require(ctx, access.ReadPeople); err != nil {
		return nil, err
	}
	rec := &db.Recorder{Querier: s.db}
	_, err := s.search(ctx, rec, text, page)
	return rec.Statements, err
}
