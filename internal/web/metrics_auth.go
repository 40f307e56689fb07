package web

import (
	"github.com/prometheus/client_golang/prometheus"

	"inteqra/internal/auth"
)

// countAccountThrottles registers on reg the count of sign-in attempts
// refused because their account as a whole was slowed: many failures from
// many addresses, an attack on the account that operators should see.
func countAccountThrottles(reg *prometheus.Registry, users *auth.Store) {
	c := prometheus.NewCounter(prometheus.CounterOpts{
		Name: "inteqra_auth_account_throttled_total",
		Help: "Sign-in attempts refused because the account was slowed from every address (many failures within an hour).",
	})
	reg.MustRegister(c)
	users.OnAccountThrottled(c.Inc)
}
