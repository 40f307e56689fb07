package access

import (
	"context"
	"errors"
	"testing"
)

func TestRequire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p    Principal
		perm Permission
		want error
	}{
		{"anonymous", Principal{}, StaffArea, ErrUnauthenticated},
		{"admin manages users", Principal{UserID: 1, Role: Admin}, ManageUsers, nil},
		{"consultant cannot manage users", Principal{UserID: 2, Role: Consultant}, ManageUsers, ErrForbidden},
		{"auditor reads audit", Principal{UserID: 3, Role: Auditor}, ReadAudit, nil},
		{"admin does not read audit", Principal{UserID: 1, Role: Admin}, ReadAudit, ErrForbidden},
		{"migrant has no staff area", Principal{UserID: 4, Role: Migrant}, StaffArea, ErrForbidden},
		{"migrant has self-service", Principal{UserID: 4, Role: Migrant}, SelfService, nil},
		{"system may do anything", System(), ManageOrganisations, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Require(With(context.Background(), tt.p), tt.perm)
			if !errors.Is(got, tt.want) && got != tt.want {
				t.Errorf("Require(%v, %s) = %v, want %v", tt.p.Role, tt.perm, got, tt.want)
			}
		})
	}
}

func TestEveryRoleHasAPlace(t *testing.T) {
	t.Parallel()
	if len(Roles) != 12 {
		t.Fatalf("got %d roles, want the twelve of DESIGN.md", len(Roles))
	}
	for _, r := range Roles {
		p := Principal{UserID: 1, Role: r}
		if !p.Can(StaffArea) && !p.Can(SelfService) {
			t.Errorf("role %s can enter neither the staff area nor self-service", r)
		}
	}
}
