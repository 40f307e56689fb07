package people

import (
	"context"
	"runtime"
	"sync"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
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
		if !r.skipped && p.mayResemble(r) {
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

// resembleKeys are the keys under which the registry can hold a candidate
// for in, worked out by the read stage, which owns the memo: the pair keys of each spelling (two of its names, as the
// duplicate scan blocks on them; the phonetic keys of a one-word name), the
// phone and the e-mail.
func (p *pipeline) resembleKeys(in Input) []searchKey {
	var keys []searchKey
	for _, n := range in.Names {
		all := p.memo.nameKeys(n)
		before := len(keys)
		for _, k := range all {
			if k.kind == keyPair {
				keys = append(keys, k)
			}
		}
		if len(keys) == before {
			for _, k := range all {
				if k.kind == keyPhonetic {
					keys = append(keys, k)
				}
			}
		}
	}
	return append(keys, contactKeys(in.Phone, in.Email)...)
}

func knownKey(k searchKey) string { return k.kind + "\x00" + k.key }

// learnKeys asks the index, once per key for the whole file, which of the
// chunk's resembleKeys the registry has.
func (p *pipeline) learnKeys(ctx context.Context, chunk []*importRow) error {
	unknown := map[string][]any{}
	for _, r := range chunk {
		if r.skipped {
			continue
		}
		for _, k := range r.resemble {
			if _, ok := p.known[knownKey(k)]; !ok {
				p.known[knownKey(k)] = false
				unknown[k.kind] = append(unknown[k.kind], k.key)
			}
		}
	}
	for kind, keys := range unknown {
		for len(keys) > 0 {
			part := keys[:min(len(keys), 500)]
			keys = keys[len(part):]
			// One index probe per key, however many persons share it.
			rows, err := p.reader.QueryContext(ctx, `SELECT v.column1 FROM (VALUES `+valueRows(3, len(part))+`) AS v
				WHERE EXISTS (SELECT 1 FROM person_keys k WHERE k.kind = $1 AND k.key = v.column1 AND k.person_id < $2)`,
				append([]any{kind, p.own()}, part...)...)
			found, err := db.Collect(rows, err, func(row db.Scanner) (string, error) {
				var k string
				return k, row.Scan(&k)
			})
			if err != nil {
				return wrapImport("known keys", err)
			}
			for _, k := range found {
				p.known[knownKey(searchKey{kind, k})] = true
			}
		}
	}
	return nil
}

// mayResemble reports whether the registry can hold a candidate for r:
// whether it has one of r's resembleKeys. Only those rows get the form's
// duplicate check, which costs a search each.
func (p *pipeline) mayResemble(r *importRow) bool {
	for _, k := range r.resemble {
		if p.known[knownKey(k)] {
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
