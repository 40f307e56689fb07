package people

import (
	"context"
	"errors"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"

	"inteqra/internal/access"
	"inteqra/internal/db"
)

// placeholders returns "$from, …" for n arguments.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
	}
	return b.String()
}

// valueRows returns "($from), ($from+1), …" for a VALUES list of n rows.
func valueRows(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("($" + strconv.Itoa(from+i) + ")")
	}
	return b.String()
}

// maxParams keeps a statement under SQLite's limit of bound values
// (32766); PostgreSQL allows 65535.
const maxParams = 32000

var rowTuples sync.Map // {dialect, cols, rows} → "($1, $2), ($3, $4)"

// tuples returns the VALUES rows of a multi-row statement. SQLite gets
// plain "?": to it "$1" is a named variable, found by a linear search, so
// a statement with thousands of them would take quadratic time to prepare
// and bind.
func tuples(d db.Dialect, cols, rows int) string {
	key := [3]int{int(d), cols, rows}
	if s, ok := rowTuples.Load(key); ok {
		return s.(string)
	}
	var b strings.Builder
	n := 1
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			if d == db.SQLite {
				b.WriteByte('?')
			} else {
				b.WriteString("$" + strconv.Itoa(n))
			}
			n++
		}
		b.WriteByte(')')
	}
	rowTuples.Store(key, b.String())
	return b.String()
}

// bulkInsert writes rows of len(columns) values each, vals one row after
// another, into table: with COPY on PostgreSQL, with multi-row INSERT OR
// FAIL on SQLite (see db.TransactBulk, in which imports run). The rows
// are new persons' and never conflict.
func bulkInsert(ctx context.Context, tx *db.Tx, table string, columns []string, vals []any) error {
	cols := len(columns)
	if tx.Dialect() == db.Postgres {
		rows := make([][]any, 0, len(vals)/cols)
		for i := 0; i < len(vals); i += cols {
			rows = append(rows, vals[i:i+cols])
		}
		return tx.CopyFrom(ctx, table, columns, rows)
	}
	return insertMany(ctx, tx, tx.InsertVerb()+" INTO "+table+" ("+strings.Join(columns, ", ")+")", cols, vals)
}

// insertMany inserts rows of cols values each with as few statements as
// the parameter limit allows: one statement per few hundred rows is what
// makes a bulk import fast on both databases. The statements come in few
// sizes (the largest the limit allows, then powers of two for the rest), so
// that each size is prepared once per transaction and reused by every chunk:
// parsing a statement of thousands of values for each chunk took a tenth of
// an import.
func insertMany(ctx context.Context, tx *db.Tx, head string, cols int, vals []any) error {
	per := maxParams / cols
	for len(vals) > 0 {
		n := min(len(vals)/cols, per)
		if n < per {
			n = 1 << (bits.Len(uint(n)) - 1)
		}
		st, err := tx.Prepare(ctx, head+" VALUES "+tuples(tx.Dialect(), cols, n))
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, vals[:n*cols]...); err != nil {
			return err
		}
		vals = vals[n*cols:]
	}
	return nil
}

// idAllocator hands out person ids for a bulk insert, so that names, keys
// and statuses can be inserted with their person in multi-row statements.
// SQLite's writer holds the database for the whole transaction, so the ids
// after the largest are free; PostgreSQL hands them out from the identity
// sequence, as a single INSERT would.
type idAllocator struct{ first, next int64 }

// firstOwn is the first id handed out on SQLite, or the largest id before any.
func (a *idAllocator) firstOwn() int64 {
	if a.first == 0 {
		return math.MaxInt64
	}
	return a.first
}

func (a *idAllocator) take(ctx context.Context, tx *db.Tx, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if tx.Dialect() == db.Postgres {
		rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('persons', 'id')) FROM generate_series(1, $1)`, n)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		slices.Sort(ids)
		return ids, rows.Err()
	}
	if a.next == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM persons`).Scan(&a.next); err != nil {
			return nil, err
		}
		a.first = a.next
	}
	for range n {
		ids = append(ids, a.next)
		a.next++
	}
	return ids, nil
}

type personKey struct {
	searchKey
	person int64
}

// insertImported writes a chunk of validated rows.
func (s *Store) insertImported(ctx context.Context, tx *db.Tx, ids *idAllocator, batchID int64, rows []*importRow) error {
	if len(rows) == 0 {
		return nil
	}
	got, err := ids.take(ctx, tx, len(rows))
	if err != nil {
		return wrapImport("person ids", err)
	}
	user := access.From(ctx).UserID
	now, by := s.now(), db.NullID(user)
	var regions []int64
	persons := make([]any, 0, len(rows)*17)
	var nameVals, citVals, langVals, statusVals, fromVals []any
	var keys []personKey
	for i, r := range rows {
		r.id = got[i]
		in := r.in
		persons = append(persons, r.id, Active, displayName(in.Names), in.Sex, nullDate(in.birthDate), db.NullID(int64(in.BirthYear)),
			in.Stateless, in.Education, in.Script, in.Phone, in.Email, in.Address, db.NullID(in.RegionID), by, now, now, encodeKeys(r.keys))
		if in.RegionID != 0 && !slices.Contains(regions, in.RegionID) {
			regions = append(regions, in.RegionID)
		}
		for _, n := range in.Names {
			nameVals = append(nameVals, r.id, n.Kind, n.Surname, n.Given, n.Patronymic)
		}
		for _, k := range r.keys {
			keys = append(keys, personKey{k, r.id})
		}
		for _, c := range in.Citizenships {
			citVals = append(citVals, r.id, c)
		}
		for _, l := range in.Languages {
			langVals = append(langVals, r.id, l)
		}
		if st := r.status; st != nil {
			statusVals = append(statusVals, r.id, st.Kind, st.Ground, st.DocumentNo, nullDate(st.issuedOn), nullDate(st.validFrom),
				nullDate(st.validTo), st.State, now)
		}
		fromVals = append(fromVals, batchID, r.line, r.id)
	}
	if err := checkParents(ctx, tx, user, regions); err != nil {
		return err
	}
	// In index order, the inserts of a chunk touch neighbouring pages.
	slices.SortFunc(keys, func(a, b personKey) int { return compareKeys(a.searchKey, b.searchKey) })
	keyVals := make([]any, 0, 3*len(keys))
	for _, k := range keys {
		keyVals = append(keyVals, k.key, k.kind, k.person)
	}
	inserts := []struct {
		table   string
		columns []string
		vals    []any
	}{
		{"persons", []string{"id", "state", "display_name", "sex", "birth_date", "birth_year", "stateless", "education", "script",
			"phone", "email", "address", "region_id", "created_by", "created_at", "updated_at", "search_keys"}, persons},
		{"person_names", []string{"person_id", "kind", "surname", "given", "patronymic"}, nameVals},
		{"person_keys", []string{"key", "kind", "person_id"}, keyVals},
		{"person_citizenships", []string{"person_id", "country"}, citVals},
		{"person_languages", []string{"person_id", "language"}, langVals},
		{"residence_statuses", []string{"person_id", "kind", "ground", "document_no", "issued_on", "valid_from", "valid_to", "state", "created_at"},
			statusVals},
		{"import_persons", []string{"batch_id", "line", "person_id"}, fromVals},
	}
	for _, ins := range inserts {
		if err := bulkInsert(ctx, tx, ins.table, ins.columns, ins.vals); err != nil {
			return wrapImport("insert "+ins.table, err)
		}
	}
	return nil
}

// checkParents makes sure that the user and the regions the new persons
// point at exist, because an import runs with SQLite's foreign-key checks
// off (db.TransactBulk). Every other reference an import writes is to a row
// of its own transaction, which the single SQLite writer keeps as it was:
// the persons it inserts first, the batch it holds, the registry persons
// it has read.
func checkParents(ctx context.Context, tx *db.Tx, user int64, regions []int64) error {
	if tx.Dialect() != db.SQLite {
		return nil
	}
	if user != 0 {
		if err := allExist(ctx, tx, "users", []int64{user}); err != nil {
			return err
		}
	}
	return allExist(ctx, tx, "regions", regions)
}

func allExist(ctx context.Context, tx *db.Tx, table string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id IN (`+placeholders(1, len(ids))+`)`, args...).Scan(&n); err != nil {
		return wrapImport("check "+table, err)
	}
	if n != len(ids) {
		return wrapImport("check "+table, errors.New("FOREIGN KEY constraint failed"))
	}
	return nil
}
