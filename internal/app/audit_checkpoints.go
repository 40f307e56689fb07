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
// recorded and the next checkpoint covers them. Each distinct failure is
// logged once, not at every poll, until signing works again.
func (a *App) SignAudit(ctx context.Context) {
	c, err := a.Audit.WriteCheckpoint(ctx)
	switch {
	case err == nil:
		if a.signProblemChanged("") {
			slog.Info("audit checkpoints signed again", "events", c.Events)
		}
		slog.Debug("audit checkpoint", "events", c.Events, "head", c.Head)
	case errors.Is(err, audit.ErrEmptyLog):
	case errors.Is(err, audit.ErrNotSigned):
		if a.signProblemChanged(err.Error()) {
			slog.Error("audit chain not signed: it does not continue what was signed intact; run inteqra audit verify", "err", err)
		}
	case ctx.Err() == nil:
		if a.signProblemChanged(err.Error()) {
			slog.Warn("audit checkpoint", "err", err)
		}
	}
}

// signProblemChanged records problem ("" when signing worked) and reports
// whether it differs from the last one.
func (a *App) signProblemChanged(problem string) bool {
	a.signProblem.Lock()
	defer a.signProblem.Unlock()
	changed := a.signProblem.last != problem
	a.signProblem.last = problem
	return changed
}
