package imports

import (
	"cmp"
	"context"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"time"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/names"

	"inteqra/internal/people"
)

// chunkRows is how many rows are checked against the registry and
// inserted together, in one transaction: few enough that it holds the
// writer for a small part of a second, so that sign-ins and saves made
// meanwhile wait little; enough that the statements stay large. A
// variable only so that the tests' run under the race detector (-short)
// can cut the same places in smaller files (TestMain).
var chunkRows = 2048

// An import commits a chunk in parts that each hold the writer for about
// commitTarget, of minStep rows at least.
const (
	commitTarget = 150 * time.Millisecond
	minStep      = 128
)

type importRow struct {
	idx, line int
	in        people.Input
	status    *people.StatusInput
	keys      people.Keys    // the search keys to insert, sorted, when importing
	resemble  []people.Probe // the keys to look for in the registry, when it is not empty
	flag      *Issue         // a possible duplicate: imported, reported
	otherIdx  int            // the earlier row a flag points at, or -1
	skipped   bool
	id        int64 // the person created from the row
}

// chunk is what the reading stage hands to the writing stage.
type chunk struct {
	rows   []*importRow
	issues []Issue // of the chunk's rows that will not be imported: bad, or repeated in the file
	read   int     // rows read so far
	last   int     // the chunk's last line
	stop   bool    // all-or-nothing and a bad row was seen: insert no more
	// written is where the issues found against the registry start in
	// pipeline.write.Issues.
	written int
}

type rowRef struct{ idx, line int32 }

// pipeline runs an import or a dry run in two stages on two goroutines, so
// that reading and checking rows (CPU) overlaps with the database work:
//
//   - read: convert and validate each row, compare it with the earlier
//     rows of the file and work out its search keys;
//   - write: per chunk, compare the rows with the registry and insert them
//     (insert is nil in a dry run).
type pipeline struct {
	s    *Store
	file *File
	run  *Run

	// read stage
	conv converter
	seed maphash.Seed
	// 64-bit hashes keep a million rows in little memory; two of them
	// collide with a chance of about one in thirty million.
	docs     map[uint64]rowRef // document → first row
	names    map[uint64]rowRef // name keys and birth → first row
	memo     keyMemo
	needKeys bool
	read     Report

	// write stage
	// save, in an import, writes a chunk's rows to import (which it
	// hands to account once they have ids) with the chunk's issues, in
	// one transaction (importPersons); nil in a dry run.
	save     func(ctx context.Context, c chunk, rows []*importRow) error
	reader   db.Querier            // where the registry is read
	below    int64                 // the persons registered before the import: ids below this
	registry bool                  // whether any of them is active
	known    map[people.Probe]bool // whether the registry has the key
	ids      []int64               // the person created from each row, by row index
	write    Report

	// A resumed import: the lines up to done were imported by an earlier
	// run, which made the persons done.
	done    int
	doneIDs map[int]int64 // line → person
}

// newPipeline compares the file with the persons registered below the id
// below (math.MaxInt64 in a dry run), reading them from the read pool: an
// import's own persons, committed chunk by chunk, have ids above it.
func (s *Store) newPipeline(ctx context.Context, f *File, m Mapping, run *Run, below int64) (*pipeline, error) {
	p := &pipeline{s: s, file: f, run: run, conv: newConverter(f, m, s.now()), seed: maphash.MakeSeed(),
		docs: map[uint64]rowRef{}, names: map[uint64]rowRef{}, memo: newKeyMemo(),
		reader: s.db, below: below, known: map[people.Probe]bool{}}
	// A first import into an empty registry has nothing to compare with.
	var err error
	p.registry, err = people.HasActive(ctx, s.db, below)
	return p, err
}

// do runs both stages to the end of the file, or to the first error.
func (p *pipeline) do(ctx context.Context) (Report, error) {
	p.needKeys = p.save != nil
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan chunk, 2)
	readErr := make(chan error, 1)
	go func() {
		defer close(chunks)
		readErr <- p.readAll(ctx, chunks)
	}()
	var err error
	for c := range chunks {
		if err != nil {
			continue // drain until the reader sees the cancellation
		}
		if err = p.flush(ctx, c); err == nil {
			err = p.run.advance(ctx, c.read)
		}
		if err != nil {
			cancel()
		}
	}
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	rep := p.read
	rep.Duplicates += p.write.Duplicates
	rep.Flagged, rep.Imported = p.write.Flagged, p.write.Imported
	rep.Issues = append(rep.Issues, p.write.Issues...)
	slices.SortStableFunc(rep.Issues, func(a, b Issue) int { return cmp.Compare(a.Line, b.Line) })
	return rep, err
}

func (p *pipeline) readAll(ctx context.Context, out chan<- chunk) error {
	var c chunk
	idx, line, issues := 0, 0, 0
	send := func() error {
		c.read, c.last = p.read.Rows, line
		c.issues = p.read.Issues[issues:len(p.read.Issues):len(p.read.Issues)]
		issues = len(p.read.Issues)
		select {
		case out <- c:
		case <-ctx.Done():
			return ctx.Err()
		}
		c = chunk{stop: c.stop}
		return nil
	}
	err := p.file.Rows(func(at int, cells []string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		p.read.Rows++
		line = at
		r := p.row(idx, at, cells)
		if r != nil {
			c.rows = append(c.rows, r)
		} else if p.run != nil && p.run.mode == AllOrNothing && p.read.Invalid > 0 {
			c.stop = true
		}
		idx++
		if p.read.Rows%chunkRows == 0 {
			return send()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return send()
}

// row converts one row and compares it with the earlier ones; nil when it
// will not be imported.
func (p *pipeline) row(idx, line int, cells []string) *importRow {
	in, st, issue := p.conv.row(cells)
	if issue != nil {
		issue.Line = line
		p.read.Invalid++
		p.read.Issues = append(p.read.Issues, *issue)
		return nil
	}
	r := &importRow{idx: idx, line: line, in: in, status: st, otherIdx: -1}
	ref := rowRef{int32(idx), int32(line)}
	if in.DocumentNo != "" {
		h := maphash.String(p.seed, in.DocumentNo)
		if first, ok := p.docs[h]; ok {
			p.read.Duplicates++
			p.read.Issues = append(p.read.Issues, Issue{Line: line, Kind: IssueRepeat, OtherLine: int(first.line),
				Reason: i18n.Errorf("import.issue.repeat", "Line", int(first.line))})
			return nil
		}
		p.docs[h] = ref
	}
	keys := p.sameNameKeys(in)
	for _, k := range keys {
		if first, ok := p.names[maphash.String(p.seed, k)]; ok {
			r.flag = &Issue{Kind: IssuePossible, OtherLine: int(first.line),
				Reason: i18n.Errorf("import.issue.possible_line", "Line", int(first.line))}
			r.otherIdx = int(first.idx)
			break
		}
	}
	for _, k := range keys {
		if h := maphash.String(p.seed, k); !hasKey(p.names, h) {
			p.names[h] = ref
		}
	}
	if p.needKeys {
		r.keys = p.memo.keys.Keys(in)
	}
	if p.registry {
		r.resemble = p.memo.keys.Probes(in)
	}
	return r
}

func hasKey(m map[uint64]rowRef, h uint64) bool {
	_, ok := m[h]
	return ok
}

// sameNameKeys are the keys under which two rows are the same name and
// birth: the phonetic keys of surname and given name of each spelling,
// with the birth date (or year). A row without birth data gives none: a
// name alone is too weak to flag.
func (p *pipeline) sameNameKeys(in people.Input) []string {
	birth := in.BirthDate
	if birth == "" && in.BirthYear != 0 {
		birth = "y" + strconv.Itoa(in.BirthYear)
	}
	if birth == "" {
		return nil
	}
	var keys []string
	for _, n := range in.Names {
		s, g := p.memo.tokens(n.Surname), p.memo.tokens(n.Given)
		if s == "" || g == "" {
			continue
		}
		if k := s + "/" + g + "/" + birth; !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// keyMemo remembers the phonetic keys of name parts already seen: in a file
// of a million rows the same surnames and given names come back again and
// again, and normalising a name is the dearest part of reading a row. The
// registry's KeyCache does the same for the search keys of whole names.
type keyMemo struct {
	token map[string]string
	keys  people.KeyCache
}

// memoLimit bounds the memo; a full one starts again.
const memoLimit = 1 << 18

func newKeyMemo() keyMemo {
	return keyMemo{token: map[string]string{}, keys: people.NewKeyCache()}
}

// tokens returns the phonetic keys of the words of part.
func (m keyMemo) tokens(part string) string {
	if k, ok := m.token[part]; ok {
		return k
	}
	var keys []string
	for _, tok := range strings.Fields(part) {
		if k := names.Key(tok); k != "" {
			keys = append(keys, k)
		}
	}
	k := strings.Join(keys, " ")
	if len(m.token) >= memoLimit {
		clear(m.token)
	}
	m.token[part] = k
	return k
}

// flush compares a chunk with the registry and saves what remains. In a
// resumed import, the rows an earlier run committed are only looked up.
func (p *pipeline) flush(ctx context.Context, c chunk) error {
	if p.done > 0 {
		c = p.notDone(c)
		if len(c.rows) == 0 && len(c.issues) == 0 {
			return nil
		}
	}
	c.written = len(p.write.Issues)
	if p.registry {
		if err := p.againstRegistry(ctx, c.rows); err != nil {
			return err
		}
	}
	keep := make([]*importRow, 0, len(c.rows))
	for _, r := range c.rows {
		if !r.skipped {
			keep = append(keep, r)
		}
	}
	if p.save == nil || c.stop {
		p.account(keep)
		return nil
	}
	return p.save(ctx, c, keep)
}

// notDone drops from c the rows and issues of the lines an earlier run
// committed, and notes the persons it made of them.
func (p *pipeline) notDone(c chunk) chunk {
	rows := c.rows[:0:0]
	for _, r := range c.rows {
		if r.line > p.done {
			rows = append(rows, r)
			continue
		}
		for len(p.ids) <= r.idx {
			p.ids = append(p.ids, 0)
		}
		p.ids[r.idx] = p.doneIDs[r.line]
	}
	c.rows = rows
	c.issues = slices.DeleteFunc(slices.Clone(c.issues), func(is Issue) bool { return is.Line <= p.done })
	return c
}

// account counts the rows kept, which have their persons' ids when they
// were imported, notes the ids, and returns the issues of those flagged.
func (p *pipeline) account(keep []*importRow) []Issue {
	var issues []Issue
	for _, r := range keep {
		for len(p.ids) <= r.idx {
			p.ids = append(p.ids, 0)
		}
		p.ids[r.idx] = r.id
		if r.id != 0 {
			p.write.Imported++
		}
		if r.flag == nil {
			continue
		}
		p.write.Flagged++
		is := *r.flag
		is.Line, is.NewPersonID = r.line, r.id
		if is.PersonID == 0 && r.otherIdx >= 0 {
			is.PersonID = p.ids[r.otherIdx]
		}
		issues = append(issues, is)
	}
	p.write.Issues = append(p.write.Issues, issues...)
	return issues
}
