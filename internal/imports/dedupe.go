package imports

import (
	"context"
	"runtime"
	"sync"

	"inteqra/internal/db"
	"inteqra/internal/i18n"

	"inteqra/internal/people"
)

// againstRegistry skips the rows whose document is registered or that an
// earlier import created a person from, and flags those that look like a
// registered person. It never compares a row with
// the persons this import has inserted, and it calls the duplicate check of
// the form only for the rows that the key index says can have a candidate.
func (p *pipeline) againstRegistry(ctx context.Context, chunk []*importRow) error {
	owners, err := documentOwners(ctx, p.reader, p.below, chunk)
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
	if err := p.skipRepeats(ctx, chunk); err != nil {
		return err
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
	owners, err := people.DocumentOwners(ctx, q, own, docs)
	if err != nil {
		return nil, wrap("document owners", err)
	}
	return owners, nil
}

// learnKeys asks the registry, once per probe for the whole file, which of
// the chunk's probes it has.
func (p *pipeline) learnKeys(ctx context.Context, chunk []*importRow) error {
	var unknown []people.Probe
	for _, r := range chunk {
		if r.skipped {
			continue
		}
		for _, pr := range r.resemble {
			if _, ok := p.known[pr]; !ok {
				p.known[pr] = false
				unknown = append(unknown, pr)
			}
		}
	}
	found, err := people.KnownProbes(ctx, p.reader, p.below, unknown)
	if err != nil {
		return wrap("known keys", err)
	}
	for _, pr := range found {
		p.known[pr] = true
	}
	return nil
}

// mayResemble reports whether the registry can hold a candidate for r:
// whether it has one of r's resembleKeys. Only those rows get the form's
// duplicate check, which costs a search each.
func (p *pipeline) mayResemble(r *importRow) bool {
	for _, pr := range r.resemble {
		if p.known[pr] {
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
	workers := min(len(rows), max(2, runtime.GOMAXPROCS(0)))
	for range workers {
		wg.Go(func() {
			for r := range work {
				cands, err := p.s.people.CandidatesIn(ctx, p.reader, r.in)
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					continue
				}
				for _, c := range cands {
					if c.ID < p.below {
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
