package stats

import (
	"context"
	"testing"

	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

func TestOpenData(t *testing.T) {
	t.Parallel()
	figs, err := OpenData([]int{2024, 2025, 2026}, map[string][]int{
		"reached": {50, 60, 70}, "completed": {12, 3, 40}, "certificates": {0, 20, 30}, "answered": {1, 2, 9},
	}, DefaultThreshold)
	if err != nil || len(figs) != 4 {
		t.Fatalf("figures = %v, %v", figs, err)
	}
	figs = figs[1:] // reached: nothing small
	completed := figs[0].Years
	// 3 is small; the total would give it away with the other two shown,
	// so a second year is hidden too.
	if !completed.Cells[1].Hidden || hidden(completed.Cells) < 2 && !completed.Total.Hidden {
		t.Errorf("completed = %+v", completed)
	}
	// A zero is known, not sensitive: nothing to hide.
	if hidden(figs[1].Years.Cells) != 0 || figs[1].Years.Total.Hidden {
		t.Errorf("certificates = %+v", figs[1].Years)
	}
	// 1 and 2 are small, and their total 12 with 9 shown would not give
	// them away one by one, but the total shows the pair: both stay hidden.
	answered := figs[2].Years
	if !answered.Cells[0].Hidden || !answered.Cells[1].Hidden {
		t.Errorf("answered = %+v", answered)
	}
	for _, f := range figs {
		for i, c := range f.Years.Cells {
			if !c.Hidden && c.N > 0 && c.N < DefaultThreshold {
				t.Errorf("%s %s: %d shown", f.Code, f.Years.Keys[i], c.N)
			}
		}
	}
	if _, err := OpenData([]int{2026}, map[string][]int{"completed": {1}}, DefaultThreshold); err == nil {
		t.Error("figures without their counts were taken")
	}
}

func hidden(cs []Cell) int {
	n := 0
	for _, c := range cs {
		if c.Hidden {
			n++
		}
	}
	return n
}

// TestOpenDataCounts counts the public figures from the hand-built facts:
// a person reached three times in a year counts once.
func TestOpenDataCounts(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := refreshed(t, d)
		figs, err := s.OpenData(context.Background(), []int{2025, 2026}, 1)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]int{"reached": {0, 3}, "completed": {0, 0}, "certificates": {0, 0}, "answered": {0, 1}}
		for _, f := range figs {
			for i, n := range want[f.Code] {
				if f.Years.Cells[i].N != n {
					t.Errorf("%s %s = %d, want %d", f.Code, f.Years.Keys[i], f.Years.Cells[i].N, n)
				}
			}
		}
	})
}
