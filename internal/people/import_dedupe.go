package people

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/names"
)

// againstRegistry skips the rows whose document is registered and flags
// those that look like a registered person. It never compares a row with
// the persons this import has inserted, and it calls the duplicate check of
// the form only for the rows that the key index says can have a candidate.
func (p *pipeline) againstRegistry(ctx context.Context, chunk []*importRow) error {
	owners, err := documentOwners(ctx, p.reader, p.own(), chunk)
	if err != nil {
		return err
	}
	for _, r := range chunk {
		if id, ok := owners[r.in.DocumentNo]; ok && r.in.DocumentNo != "" {
			r.skipped = true
			p.write.Duplicates++
			p.write.Issues = append(p.write.Issues, Issue{Line: r.line, Kind: IssueExisting, PersonID: id,
				Reason: i18n.Errorf("import.issue.existing", "ID", id)})
		}
	}
	var maybe []*importRow
	if err := p.learnKeys(ctx, chunk); err != nil {
		return err
	}
	for _, r := range chunk {
		if !r.skipped && p.mayResemble(r.in) {
			maybe = append(maybe, r)
		}
	}
	return p.candidatesOf(ctx, maybe)
}

// documentOwners returns the active persons holding the rows' documents.
func documentOwners(ctx context.Context, q db.Querier, own int64, chunk []*importRow) (map[string]int64, error) {
	var docs []any
	for _, r := range chunk {
		if r.in.DocumentNo != "" {
			docs = append(docs, r.in.DocumentNo)
		}
	}
	owners := map[string]int64{}
	if len(docs) == 0 {
		return owners, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT k.key, k.person_id FROM person_keys k JOIN persons p ON p.id = k.person_id
		WHERE k.kind = $1 AND p.state = 'active' AND k.person_id < $2 AND k.key IN (`+placeholders(3, len(docs))+`)
		ORDER BY k.person_id`, append([]any{keyDocument, own}, docs...)...)
	if err != nil {
		return nil, wrapImport("document owners", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var id int64
		if err := rows.Scan(&key, &id); err != nil {
			return nil, wrapImport("document owners", err)
		}
		if _, ok := owners[key]; !ok {
			owners[key] = id
		}
	}
	return owners, rows.Err()
}

// searchKeys are the keys a name token is looked up by, as the duplicate
// check of the form does.
func (p *pipeline) searchKeys(tok string) []string {
	if keys, ok := p.search[tok]; ok {
		return keys
	}
	keys := names.SearchKeys(tok)
	if k := names.Key(tok); k != "" && !slices.Contains(keys, k) {
		keys = append(keys, k)
	}
	if len(p.search) >= memoLimit {
		clear(p.search)
	}
	p.search[tok] = keys
	return keys
}

// learnKeys asks the index, once per key for the whole file, whether the
// phonetic keys of the chunk's names are in the registry.
func (p *pipeline) learnKeys(ctx context.Context, chunk []*importRow) error {
	var unknown []string
	for _, r := range chunk {
		if r.skipped {
			continue
		}
		for _, n := range r.in.Names {
			for _, tok := range strings.Fields(n.Full()) {
				for _, k := range p.searchKeys(tok) {
					if _, ok := p.known[k]; !ok {
						p.known[k] = false
						unknown = append(unknown, k)
					}
				}
			}
		}
	}
	for len(unknown) > 0 {
		part := unknown[:min(len(unknown), 500)]
		unknown = unknown[len(part):]
		args := []any{keyPhonetic, p.own()}
		for _, k := range part {
			args = append(args, k)
		}
		// One index probe per key, however many persons share it.
		rows, err := p.reader.QueryContext(ctx, `SELECT v.column1 FROM (VALUES `+valueRows(3, len(part))+`) AS v
			WHERE EXISTS (SELECT 1 FROM person_keys k WHERE k.kind = $1 AND k.key = v.column1 AND k.person_id < $2)`, args...)
		if err != nil {
			return wrapImport("known keys", err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return wrapImport("known keys", err)
			}
			p.known[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return wrapImport("known keys", err)
		}
	}
	return nil
}

// mayResemble reports whether the registry can hold a candidate for in:
// the form's check needs two name tokens (or the only one) found in the
// index, or the same phone or e-mail.
func (p *pipeline) mayResemble(in Input) bool {
	if in.Phone != "" || in.Email != "" {
		return true
	}
	for _, n := range in.Names {
		tokens, found := 0, 0
		for _, tok := range strings.Fields(n.Full()) {
			keys := p.searchKeys(tok)
			if len(keys) == 0 {
				continue
			}
			tokens++
			for _, k := range keys {
				if p.known[k] {
					found++
					break
				}
			}
		}
		if tokens > 0 && found >= min(2, tokens) {
			return true
		}
	}
	return false
}

// candidatesOf runs the form's duplicate check for rows, several at a time
// on the read pool, and flags the rows that have a candidate.
func (p *pipeline) candidatesOf(ctx context.Context, rows []*importRow) error {
	if len(rows) == 0 {
		return nil
	}
	work := make(chan *importRow)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	workers := 1
	if p.parallel {
		workers = min(len(rows), max(2, runtime.GOMAXPROCS(0)))
	}
	own := p.own()
	for range workers {
		wg.Go(func() {
			for r := range work {
				cands, err := p.s.candidates(ctx, p.reader, r.in, 0)
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					continue
				}
				for _, c := range cands {
					if c.ID < own {
						r.flag = &Issue{Kind: IssuePossible, PersonID: c.ID, Reason: i18n.Errorf("import.issue.possible", "ID", c.ID)}
						r.otherIdx = -1
						break
					}
				}
			}
		})
	}
	for _, r := range rows {
		work <- r
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}
