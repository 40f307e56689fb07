package audit

import (
	"context"
	"fmt"

	"inteqra/internal/db"
)

// Head returns the number of events in the chain that q reads and the hash
// of the last one ("" when empty), for a backup's manifest: read in the same
// snapshot as the copy, it names the chain the copy holds. It checks
// nothing; Verify does.
func Head(ctx context.Context, q db.Querier) (events int64, hash string, err error) {
	if err := q.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&events, &hash); err != nil {
		return 0, "", fmt.Errorf("audit: head: %w", err)
	}
	return events, hash, nil
}

// LatestCheckpointIn returns the newest checkpoint stored in the database q
// reads, or db.ErrNotFound when none has been written, unchecked: whoever
// reads it checks its signature (Checkpoint.SignedBy, Verify).
func LatestCheckpointIn(ctx context.Context, q db.Querier) (Checkpoint, error) {
	c, err := scanCheckpoint(q.QueryRowContext(ctx, `SELECT `+checkpointColumns+` FROM audit_checkpoints ORDER BY events DESC, id DESC LIMIT 1`))
	if err != nil {
		return c, fmt.Errorf("audit: latest checkpoint: %w", db.NotFound(err))
	}
	return c, nil
}
