package jobs

import (
	"context"

	"inteqra/internal/access"
	"inteqra/internal/audit"
)

// Requester is who asked for a job and from where, for its access checks
// and audit records. Job arguments embed it: a job runs for the user who
// asked, not as the system.
type Requester struct {
	By     access.Principal `json:"by"`
	System bool             `json:"system,omitempty"` // the system principal, which By cannot carry
	Client audit.Client     `json:"client"`
}

// RequesterFrom returns the requester ctx acts for.
func RequesterFrom(ctx context.Context) Requester {
	by := access.From(ctx)
	return Requester{By: by, System: by.IsSystem(), Client: audit.ClientFrom(ctx)}
}

// Context returns ctx acting for the requester.
func (r Requester) Context(ctx context.Context) context.Context {
	by := r.By
	if r.System {
		by = access.System()
	}
	return audit.WithClient(access.With(ctx, by), r.Client)
}
