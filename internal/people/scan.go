package people

import (
	"database/sql"
	"time"
)

type nullInt64 = sql.NullInt64

// nullTime scans a nullable date.
type nullTime struct{ sql.NullTime }

func (n nullTime) utc() time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.Time.UTC()
}
