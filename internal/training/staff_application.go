package training

import (
	"context"
	"slices"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// ApplyWithin applies on behalf of a registered person inside the caller's
// transaction, so that another feature (a consultant's course referral) can
// create the application together with its own record, or neither. The
// cohort must be open, the person must have given participation consent and
// hold a residence status the course admits today. The caller checks who
// may do this; the application's channel is Staff.
func (s *Store) ApplyWithin(ctx context.Context, tx *db.Tx, cohortID, personID int64) (Enrolment, error) {
	_, course, err := s.openCohort(ctx, tx, cohortID)
	if err != nil {
		return Enrolment{}, err
	}
	if err := people.RequireParticipation(ctx, tx, personID); err != nil {
		return Enrolment{}, err
	}
	kinds, err := people.CurrentStatusKinds(ctx, tx, personID, i18n.DayOf(s.now()))
	if err != nil {
		return Enrolment{}, err
	}
	i := slices.IndexFunc(kinds, course.Admits)
	if i < 0 {
		return Enrolment{}, i18n.Errorf("training.error.not_eligible")
	}
	return s.insertApplication(ctx, tx, personID, cohortID, Staff, kinds[i], "", i18n.AZ)
}
