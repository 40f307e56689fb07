package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"inteqra/internal/audit"
)

// checkpointAudit signs the audit chain's head whenever audit.CheckpointDue
// says so (every audit.CheckpointEvery events, and hourly while events
// arrive), looking every audit.CheckpointPoll until ctx ends. Record stays
// as cheap as before: signing is one short transaction here, never in the
// change's own. Several nodes may each run this; the database keeps one
// checkpoint per head.
func (a *App) checkpointAudit(ctx context.Context) {
	t := time.NewTicker(audit.CheckpointPoll)
	defer t.Stop()
	for {
		if due, err := a.Audit.CheckpointDue(ctx, time.Now()); err != nil {
			if ctx.Err() == nil {
				slog.Warn("audit checkpoint", "err", err)
			}
		} else if due {
			a.SignAudit(ctx)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// SignAudit writes a checkpoint of the chain as it stands, unless one
// covers it already; a failure is logged, never fatal: the events stay
// recorded and the next checkpoint covers them.
func (a *App) SignAudit(ctx context.Context) {
	c, err := a.Audit.WriteCheckpoint(ctx)
	switch {
	case errors.Is(err, audit.ErrEmptyLog):
	case errors.Is(err, audit.ErrNotSigned):
		slog.Error("audit chain not signed: it does not continue the latest checkpoint intact; run inteqra audit verify", "err", err)
	case err != nil:
		if ctx.Err() == nil {
			slog.Warn("audit checkpoint", "err", err)
		}
	default:
		slog.Debug("audit checkpoint", "events", c.Events, "head", c.Head)
	}
}
