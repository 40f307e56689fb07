package training

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"inteqra/internal/db"
)

var certificateNumber = regexp.MustCompile(`^TTM-?(\d{4})-?(\d{6})$`)

// PersonOfReference returns the person an application reference or a
// certificate number names, however typed ("ttm 7k3q x9pa2m",
// "TTM-2025-000012"); ok is false when it names nobody. The migrants'
// accounts prove who they are with it, with the person's birth date and
// document number: it is one proof of three, and is not a permission.
func PersonOfReference(ctx context.Context, q db.Querier, typed string) (id int64, ok bool, err error) {
	typed = strings.ToUpper(strings.TrimSpace(typed))
	if len(typed) > 40 {
		return 0, false, nil
	}
	compact := strings.Join(strings.Fields(typed), "")
	if m := certificateNumber.FindStringSubmatch(compact); m != nil {
		err = q.QueryRowContext(ctx, `SELECT person_id FROM certificates WHERE number = $1`, "TTM-"+m[1]+"-"+m[2]).Scan(&id)
	} else {
		err = q.QueryRowContext(ctx, `SELECT person_id FROM enrolments WHERE reference = $1`, typedReference(typed)).Scan(&id)
	}
	if err = db.NotFound(err); errors.Is(err, db.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("training: person of reference: %w", err)
	}
	return id, true, nil
}
