package cases_test

import (
	"inteqra/internal/app"
	"inteqra/internal/cases"
)

// The fixture builds its stores as the app does.
func init() { cases.FeatureStores = app.FeatureStores }
