package people

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
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

// probe is a key to look for in the registry: held by a person born in
// year, or by anyone when year is 0.
type probe struct {
	searchKey
	year int
}

// resembleKeys are the keys under which the registry can hold a candidate
// for in, worked out by the read stage, which owns the memo: the pair keys
// of each spelling (two of its names, as the duplicate scan blocks on them;
// the phonetic keys of a one-word name) held by someone born the same year
// or of unknown birth, and the phone and the e-mail held by anyone.
func (p *pipeline) resembleKeys(in Input) []probe {
	var keys []probe
	for _, n := range in.Names {
		all := p.memo.nameKeys(n)
		before := len(keys)
		for _, k := range all {
			if k.kind == keyPair {
				keys = append(keys, probe{k, in.BirthYear})
			}
		}
		if len(keys) == before {
			for _, k := range all {
				if k.kind == keyPhonetic {
					keys = append(keys, probe{k, in.BirthYear})
				}
			}
		}
	}
	for _, k := range contactKeys(in.Phone, in.Email) {
		keys = append(keys, probe{k, 0})
	}
	return keys
}

func (pr probe) known() string { return pr.kind + "\x00" + pr.key + "\x00" + strconv.Itoa(pr.year) }

// learnKeys asks the registry, once per probe for the whole file, which of
// the chunk's resembleKeys it has.
func (p *pipeline) learnKeys(ctx context.Context, chunk []*importRow) error {
	unknown := map[string][]probe{}
	for _, r := range chunk {
		if r.skipped {
			continue
		}
		for _, pr := range r.resemble {
			if _, ok := p.known[pr.known()]; !ok {
				p.known[pr.known()] = false
				unknown[pr.kind] = append(unknown[pr.kind], pr)
			}
		}
	}
	for kind, probes := range unknown {
		for len(probes) > 0 {
			part := probes[:min(len(probes), 500)]
			probes = probes[len(part):]
			args := []any{kind, p.own()}
			values := make([]string, len(part))
			for i, pr := range part {
				args = append(args, pr.key, pr.year)
				values[i] = fmt.Sprintf("(CAST($%d AS TEXT), CAST($%d AS BIGINT))", len(args)-1, len(args))
			}
			// One index probe per key; with a year, the persons holding the key
			// are read until one was born that year (or when is not known).
			rows, err := p.reader.QueryContext(ctx, `SELECT v.column1, v.column2 FROM (VALUES `+strings.Join(values, ", ")+`) AS v
				WHERE EXISTS (SELECT 1 FROM person_keys k JOIN persons ps ON ps.id = k.person_id
					WHERE k.kind = $1 AND k.key = v.column1 AND k.person_id < $2
					AND (v.column2 = 0 OR ps.birth_year IS NULL OR ps.birth_year = v.column2))`, args...)
			found, err := db.Collect(rows, err, func(row db.Scanner) (probe, error) {
				pr := probe{searchKey: searchKey{kind: kind}}
				return pr, row.Scan(&pr.key, &pr.year)
			})
			if err != nil {
				return wrapImport("known keys", err)
			}
			for _, pr := range found {
				p.known[pr.known()] = true
			}
		}
	}
	return nil
}

// mayResemble reports whether the registry can hold a candidate for r:
// whether it has one of r's resembleKeys. Only those rows get the form's
// duplicate check, which costs a search each.
func (p *pipeline) mayResemble(r *importRow) bool {
	for _, pr := range r.resemble {
		if p.known[pr.known()] {
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
