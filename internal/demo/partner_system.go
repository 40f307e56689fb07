package demo

import (
	"context"
	"fmt"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// PartnerSystem is the name of the demo partner organisation's service
// account, whose token the banner prints.
const PartnerSystem = "Partner system"

// seedPartnerSystem makes the demo partner's system an account that
// answers the partner officer's referrals through the API, and returns
// its token's secret, which exists nowhere else.
func seedPartnerSystem(ctx context.Context, a *app.App, admin, partner access.Principal) (string, error) {
	ctx = access.With(ctx, admin)
	u, err := a.Users.CreateServiceAccount(ctx, auth.ServiceAccountInput{Name: PartnerSystem, Role: access.PartnerOfficer, OrganisationID: partner.OrgID})
	if err != nil {
		return "", fmt.Errorf("demo: partner system: %w", err)
	}
	_, secret, err := a.Users.CreateServiceToken(ctx, u.ID, auth.TokenInput{Name: "Demo", Scopes: []auth.Scope{auth.Write("referrals")},
		Expires: i18n.DayOf(db.Now()).AddDate(0, 0, 180).Format(time.DateOnly)})
	if err != nil {
		return "", fmt.Errorf("demo: partner system's token: %w", err)
	}
	return secret, nil
}
