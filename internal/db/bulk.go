package db

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The bulk machinery of TransactBulk: loading many rows with as few
// statements as each database allows, and handing out ids before the rows
// that carry them are written. The dialect differences of a bulk load live
// here, so that the features that load rows never ask which database
// they run on.

// Placeholders returns "$from, …" for n arguments, for an IN list.
func Placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
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
func tuples(d Dialect, cols, rows int) string {
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
			if d == SQLite {
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

// BulkInsert writes rows of len(columns) values each, vals one row after
// another, into table: with COPY on PostgreSQL, with multi-row INSERT OR
// FAIL on SQLite (see TransactBulk, in which it runs). The rows must not
// conflict with any already there: COPY has no ON CONFLICT.
func (t *Tx) BulkInsert(ctx context.Context, table string, columns []string, vals []any) error {
	cols := len(columns)
	if t.dialect == Postgres {
		rows := make([][]any, 0, len(vals)/cols)
		for i := 0; i < len(vals); i += cols {
			rows = append(rows, vals[i:i+cols])
		}
		return t.CopyFrom(ctx, table, columns, rows)
	}
	return t.InsertMany(ctx, t.InsertVerb()+" INTO "+table+" ("+strings.Join(columns, ", ")+")", cols, vals)
}

// BatchRows is how many rows of cols values each one statement of
// InsertMany takes, the most the parameter limit allows; a caller that
// hands it a multiple of that many rows gets statements of one size.
func (t *Tx) BatchRows(cols int) int { return maxParams / cols }

// InsertMany inserts rows of cols values each, head being the statement up
// to VALUES, with as few statements as the parameter limit allows: one
// statement per few hundred rows is what makes a bulk load fast on both
// databases. The statements come in few sizes (the largest the limit
// allows, then powers of two for the rest), so that each size is prepared
// once per transaction and reused by every chunk: parsing a statement of
// thousands of values for each chunk took a tenth of an import.
func (t *Tx) InsertMany(ctx context.Context, head string, cols int, vals []any) error {
	per := maxParams / cols
	for len(vals) > 0 {
		n := min(len(vals)/cols, per)
		if n < per {
			n = 1 << (bits.Len(uint(n)) - 1)
		}
		st, err := t.Prepare(ctx, head+" VALUES "+tuples(t.dialect, cols, n))
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

// CheckParents makes sure that the rows of table with ids exist, for rows
// a bulk load writes that point at them: on SQLite TransactBulk runs with
// the foreign-key checks off. On PostgreSQL the database checks them
// itself, and this does nothing. A missing row is reported as a
// foreign-key violation.
func (t *Tx) CheckParents(ctx context.Context, table string, ids []int64) error {
	if t.dialect != SQLite || len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var n int
	if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id IN (`+Placeholders(1, len(ids))+`)`, args...).Scan(&n); err != nil {
		return fmt.Errorf("db: check %s: %w", table, err)
	}
	if n != len(ids) {
		return fmt.Errorf("db: check %s: %w", table, errors.New("FOREIGN KEY constraint failed"))
	}
	return nil
}

// BulkReader returns where a bulk load in tx reads what is already
// there: on PostgreSQL the read pool, where the transaction's own rows are
// not visible; on SQLite the transaction itself, for an in-memory test
// database blocks readers while a writer works. The reader is tx exactly
// when it sees the rows the load has written (see IDs.FirstOwn).
func (d *DB) BulkReader(tx *Tx) Querier {
	if tx.dialect == SQLite {
		return tx
	}
	return d
}

// IDs hands out the ids of rows of Table for a bulk load, so that rows
// pointing at them can be inserted with them in multi-row statements.
// SQLite's writer holds the database for the whole transaction, so the
// ids after the largest are free; PostgreSQL hands them out from the
// table's identity sequence, as a single INSERT would.
type IDs struct {
	Table       string
	first, next int64
}

// FirstOwn is the first id handed out on SQLite, so that rows of the load
// can be told from those before it; the largest id before any.
func (a *IDs) FirstOwn() int64 {
	if a.first == 0 {
		return math.MaxInt64
	}
	return a.first
}

// Take returns n new ids, in order.
func (a *IDs) Take(ctx context.Context, tx *Tx, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if tx.dialect == Postgres {
		rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, a.Table, n)
		err = Each(rows, err, func(r Scanner) error {
			var id int64
			if err := r.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			return nil
		})
		if err != nil {
			return nil, err
		}
		slices.Sort(ids)
		return ids, nil
	}
	if a.next == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM `+a.Table).Scan(&a.next); err != nil {
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

// CopyFrom loads rows into table's columns with PostgreSQL's COPY, inside
// the transaction: far less work per row than INSERT for a bulk load. It
// works in a TransactBulk on PostgreSQL only; COPY has no ON CONFLICT, so
// the rows must not conflict.
func (t *Tx) CopyFrom(ctx context.Context, table string, columns []string, rows [][]any) error {
	if t.conn == nil {
		return errors.New("db: CopyFrom outside a PostgreSQL bulk transaction")
	}
	return t.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("db: CopyFrom on a %T connection", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows))
		if err != nil {
			return fmt.Errorf("db: copy into %s: %w", table, err)
		}
		return nil
	})
}

// InsertVerb is "INSERT" on PostgreSQL and "INSERT OR FAIL" on SQLite. A
// multi-row INSERT whose constraint failure would ABORT needs a statement
// journal to undo its own rows; with FAIL it stops at the failure and the
// caller rolls back the whole transaction, which is what an error does
// anyway. (Foreign keys still ask for the journal; see TransactBulk.)
func (t *Tx) InsertVerb() string {
	if t.dialect == SQLite {
		return "INSERT OR FAIL"
	}
	return "INSERT"
}
