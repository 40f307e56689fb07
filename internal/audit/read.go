package audit

import (
	"context"

	"inteqra/internal/db"
)

// RecordRead writes the event of a read that shows personal data (a search,
// a list of names, a download) in a transaction of its own, for reads that
// change nothing else. The caller shows the data only if this succeeds, so
// nobody sees personal data the log does not know they saw.
func RecordRead(ctx context.Context, d *db.DB, action, objectType, objectID string, fields ...string) error {
	return d.Transact(ctx, func(tx *db.Tx) error {
		return Record(ctx, tx, action, objectType, objectID, fields...)
	})
}
