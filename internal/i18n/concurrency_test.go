package i18n

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// TestConcurrentUse runs printers, casing and collation from many goroutines
// at once: run it with -race. Pooled collators and casers must not leak
// state between goroutines, and no request may get another's language.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	c := catalog(t)
	when := time.Date(2026, 11, 25, 10, 5, 0, 0, time.UTC)
	want := map[Lang][4]string{
		AZ: {"Dil", "5 kurs", "25.11.2026 14:05", "1.234,5"},
		EN: {"Language", "5 courses", "25 Nov 2026 14:05", "1,234.5"},
		RU: {"Язык", "5 курсов", "25.11.2026 14:05", "1\u00a0234,5"},
	}
	names := []string{"Şahin", "Əliyev", "İlham", "Ismayılov", "Xəlil", "Çingiz", "Cavid", "Zaur"}
	sorted := []string{"Cavid", "Çingiz", "Əliyev", "Xəlil", "Ismayılov", "İlham", "Şahin", "Zaur"}

	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			l := Langs[g%len(Langs)]
			p := c.Printer(l)
			for range 100 {
				got := [4]string{p.T("lang.switch"), p.N("test.count", 5), p.DateTime(when), p.Number(1234.5, 1)}
				if got != want[l] {
					t.Errorf("%s: got %q, want %q", l, got, want[l])
					return
				}
				if Compare("Həsən", "Xəlil") != -1 || Compare("Ismayılov", "İsmayılov") != -1 {
					t.Error("Compare gave a wrong order under concurrency")
					return
				}
				if Upper("ismayıl") != "İSMAYIL" || Fold("MӘMMӘDOV") != "məmmədov" {
					t.Error("casing went wrong under concurrency")
					return
				}
				s := slices.Clone(names)
				Sort(s)
				if !slices.Equal(s, sorted) {
					t.Errorf("Sort = %v, want %v", s, sorted)
					return
				}
			}
		})
	}
	wg.Wait()
}
