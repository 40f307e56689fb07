package imports

import (
	"context"

	"inteqra/internal/db"
	"inteqra/internal/people"
)

// insert writes a chunk of validated rows: the persons through the
// registry's bulk writer, then which batch and line each came from, with
// the row's fingerprint for a later import of the same rows (repeats.go).
func insert(ctx context.Context, tx *db.Tx, w *people.BulkWriter, batchID int64, rows []*importRow) error {
	if len(rows) == 0 {
		return nil
	}
	persons := make([]people.NewPerson, len(rows))
	for i, r := range rows {
		persons[i] = people.NewPerson{In: r.in, Status: r.status, Keys: r.keys}
	}
	ids, err := w.Insert(ctx, persons)
	if err == nil {
		err = w.Finish(ctx) // the search keys, which Insert holds back
	}
	if err != nil {
		return wrap("insert persons", err)
	}
	from := make([]any, 0, 4*len(rows))
	for i, r := range rows {
		r.id = ids[i]
		from = append(from, batchID, r.line, r.id, fingerprint(r.in, r.status))
	}
	if err := tx.BulkInsert(ctx, "import_persons", []string{"batch_id", "line", "person_id", "fingerprint"}, from); err != nil {
		return wrap("insert import_persons", err)
	}
	return nil
}
