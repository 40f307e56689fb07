package training_test

import (
	"inteqra/internal/app"
	"inteqra/internal/auth"
	"inteqra/internal/db"
	"inteqra/internal/orgs"
	"inteqra/internal/people"
	"inteqra/internal/storage"
	"inteqra/internal/training"
)

// The fixture builds its store as the app does, the cases store beside it.
func init() {
	training.FeatureStores = func(d *db.DB, ps *people.Store, users *auth.Store, os *orgs.Store, files storage.Store) *training.Store {
		ts, _ := app.FeatureStores(d, ps, users, os, files)
		return ts
	}
}
