package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/demo"
	"inteqra/internal/i18n"
	"inteqra/internal/people"
)

// A consultant scans the registry, opens the likely duplicate pair, keeps the
// older record with the newer one's phone, and merges: the survivor has both
// spellings and the merged record says where it went.
func TestMergeTwoRecords(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "en")
	e.startJobs()
	sys := access.With(context.Background(), access.System())
	a, _, err := e.app.People.CreatePerson(sys, people.Input{
		Names:     []people.Name{{Kind: people.NameAz, Surname: "Qasımova", Given: "Lalə"}},
		BirthDate: "1991-02-03"})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := e.app.People.CreatePerson(sys, people.Input{
		Names:     []people.Name{{Kind: people.NameCyrillic, Surname: "Гасымова", Given: "Лала"}},
		BirthDate: "1991-02-03", Phone: "+994 50 444 33 22", DuplicateReason: "entered at another office"})
	if err != nil {
		t.Fatal(err)
	}
	if st := e.signIn(consultantEmail, demo.Password); st != http.StatusOK {
		t.Fatalf("sign in: status %d", st)
	}
	e.switchLanguage(i18n.EN)
	e.open("/people/duplicates")
	if st := e.submit(".duplicates-scan button"); st != http.StatusOK {
		t.Fatalf("scan: status %d", st)
	}
	if !strings.Contains(e.text("main"), T(t, i18n.EN, "duplicates.scan_queued")) {
		t.Error("the page does not say that the scan is queued")
	}
	// A job scans the registry; the scan button comes back when it has ended.
	for deadline := time.Now().Add(30 * time.Second); !e.exists(".duplicates-scan"); {
		if time.Now().After(deadline) {
			t.Fatal("the scan did not end")
		}
		time.Sleep(200 * time.Millisecond)
		e.open("/people/duplicates")
	}
	if !e.exists(".duplicates-last") || strings.Contains(e.text("main"), T(t, i18n.EN, "duplicates.never_scanned")) {
		t.Error("the page does not report the last scan")
	}
	checkA11y(t, e.ctx, "duplicates en")
	compare := fmt.Sprintf(`a[href="/people/merge?a=%d&b=%d"]`, a.ID, b.ID)
	if !e.exists(compare) {
		t.Fatalf("the queue does not list the pair %d-%d", a.ID, b.ID)
	}
	if st := e.submit(compare); st != http.StatusOK {
		t.Fatalf("open merge: status %d", st)
	}
	checkA11y(t, e.ctx, "merge en")
	if os.Getenv("INTEQRA_SCREENSHOTS") == "1" {
		e.shoot("merge-en-1280")
	}
	// The phone is only on b, so the form already takes it from b.
	if !eval[bool](e, fmt.Sprintf(`document.getElementById("take-phone-b").checked && document.getElementById("survivor-a").value === "%d"`, a.ID)) {
		t.Errorf("the form does not default to b's phone")
	}
	if st := e.submit(".merge-form button[type=submit]"); st != http.StatusOK {
		t.Fatalf("merge: status %d", st)
	}
	if got := e.location().Path; got != fmt.Sprintf("/people/%d", a.ID) {
		t.Fatalf("after the merge: on %s, want the survivor", got)
	}
	body := e.text("main")
	for _, want := range []string{"Qasımova Lalə", "Гасымова Лала", "+994 50 444 33 22", T(t, i18n.EN, "merge.done")} {
		if !strings.Contains(body, want) {
			t.Errorf("survivor page lacks %q", want)
		}
	}
	e.open(fmt.Sprintf("/people/%d", b.ID))
	if !strings.Contains(e.text("main"), T(t, i18n.EN, "people.merged_into")) {
		t.Errorf("the merged record does not say it was merged")
	}
}
