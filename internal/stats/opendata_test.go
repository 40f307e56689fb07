package stats

import "testing"

func TestOpenData(t *testing.T) {
	t.Parallel()
	figs, err := OpenData([]int{2024, 2025, 2026}, map[string][]int{
		"completed": {12, 3, 40}, "certificates": {0, 20, 30}, "answered": {1, 2, 9},
	}, DefaultThreshold)
	if err != nil || len(figs) != 3 {
		t.Fatalf("figures = %v, %v", figs, err)
	}
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
