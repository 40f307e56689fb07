package api_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/auth"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/demo"
	"inteqra/internal/storage"
)

// TestExampleClient runs docs/api/example.sh against the app on the full
// demo, on loopback and through the description's checker, with a
// consultant's token and the demo partner system's.
func TestExampleClient(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	t.Parallel()
	ctx := context.Background()
	a, err := app.New(dbtest.SQLite(t), "http://api.test", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	_, sum, err := demo.SeedFull(ctx, a, 0)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(checked{t: t, handler: a.Handler})
	t.Cleanup(srv.Close)
	s := &site{t: t, app: a, srv: srv}
	consultant := s.as(access.Consultant)
	_, token, err := a.Users.CreateToken(consultant, auth.TokenInput{Name: "example", Scopes: []auth.Scope{auth.Read("people")},
		Expires: time.Now().AddDate(0, 0, 7).Format(time.DateOnly)})
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command("bash", filepath.Join("..", "..", "docs", "api", "example.sh"))
	cmd.Env = append(os.Environ(), "INTEQRA_URL="+srv.URL, "INTEQRA_TOKEN="+token, "INTEQRA_PARTNER_TOKEN="+sum.APIToken,
		"INTEQRA_CERTIFICATE="+sum.Certificate, "INTEQRA_SEARCH=Sultanova")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("example.sh: %v\n%s", err, out)
	}
	t.Logf("example.sh:\n%s", out)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^courses: [1-9]`),
		regexp.MustCompile(`(?m)^certificate \S+: issued$`),
		regexp.MustCompile(`(?m)^persons matching Sultanova: [1-9]`),
		regexp.MustCompile(`(?m)^referral \d+ waits: `),
		regexp.MustCompile(`(?m)^accept, attempt 1: accepted$`),
		regexp.MustCompile(`(?m)^accept, attempt 2: accepted \(replayed\)$`),
	} {
		if !want.Match(out) {
			t.Errorf("example.sh's output lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), token) || strings.Contains(string(out), sum.APIToken) {
		t.Error("example.sh prints a token")
	}
}
