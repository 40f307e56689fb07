package db

import (
	"context"
	"database/sql"
	"slices"
)

// Statement is one SQL statement with its arguments.
type Statement struct {
	SQL  string
	Args []any
}

// Recorder is a Querier that notes every query it passes on, so that a
// measurement can run the same SQL alone, without what a feature does
// around it (see internal/loadtest).
type Recorder struct {
	Querier
	Statements []Statement
}

// QueryContext notes the query and runs it.
func (r *Recorder) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r.Statements = append(r.Statements, Statement{query, slices.Clone(args)})
	return r.Querier.QueryContext(ctx, query, args...)
}

// QueryRowContext notes the query and runs it.
func (r *Recorder) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	r.Statements = append(r.Statements, Statement{query, slices.Clone(args)})
	return r.Querier.QueryRowContext(ctx, query, args...)
}

// ReadAll runs the statements on q one after the other and reads every
// row of their results, as a reference time for the work around them.
func ReadAll(ctx context.Context, q Querier, statements []Statement) error {
	for _, st := range statements {
		rows, err := q.QueryContext(ctx, st.SQL, st.Args...)
		if err != nil {
			return err
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return err
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
