package people

import (
	"errors"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/i18n"
)

func TestRegionsCatalogue(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, nil)
		admin := staff(t, d, access.Admin)
		groups, err := s.Regions(admin, i18n.AZ)
		if err != nil || len(groups) != 14 {
			t.Fatalf("got %d top-level regions, %v; want the 14 of the 2021 decree", len(groups), err)
		}
		var baku RegionGroup
		for _, g := range groups {
			if g.Code == "ER-BAKU" {
				baku = g
			}
		}
		if len(baku.Places) < 13 { // the city and its 12 districts
			t.Errorf("Baku lists %d places", len(baku.Places))
		}
		bad := []struct {
			in   RegionInput
			want string
		}{
			{RegionInput{Kind: "district", NameAz: "X", NameEn: "X", NameRu: "X", ParentID: baku.ID}, "regions.error.code_required"},
			{RegionInput{Code: "AZ-X", Kind: "village", NameAz: "X", NameEn: "X", NameRu: "X"}, "regions.error.kind_invalid"},
			{RegionInput{Code: "AZ-X", Kind: "district", NameAz: "X", NameEn: "X"}, "regions.error.names_required"},
			{RegionInput{Code: "AZ-X", Kind: "district", NameAz: "X", NameEn: "X", NameRu: "X"}, "regions.error.parent_required"},
			{RegionInput{Code: "AZ-BA", Kind: "city", NameAz: "X", NameEn: "X", NameRu: "X", ParentID: baku.ID}, "regions.error.code_taken"},
		}
		for _, b := range bad {
			if _, err := s.SaveRegion(admin, 0, b.in); errKey(err) != b.want {
				t.Errorf("SaveRegion(%+v): got %v, want %s", b.in, err, b.want)
			}
		}
		id, err := s.SaveRegion(admin, 0, RegionInput{Code: "az-new", Kind: "district", NameAz: "Yeni", NameEn: "New", NameRu: "Новый", ParentID: baku.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveRegion(admin, id, RegionInput{Code: "AZ-NEW", Kind: "district", NameAz: "Yeni", NameEn: "New", NameRu: "Новый", ParentID: baku.ID, Active: false}); err != nil {
			t.Fatal(err)
		}
		r, err := s.Region(admin, id)
		if err != nil || r.Code != "AZ-NEW" || r.Active {
			t.Errorf("saved region = %+v, %v", r, err)
		}
		consultant := staff(t, d, access.Consultant)
		if _, err := s.SaveRegion(consultant, id, RegionInput{}); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("consultant SaveRegion: %v", err)
		}
	})
}
