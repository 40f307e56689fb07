package app_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/app"
	"inteqra/internal/audit"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/demo"
	"inteqra/internal/storage"
)

// TestGracefulShutdown cancels the server while a request is in flight; the
// request must still complete and Serve must return cleanly.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	a, err := app.New(dbtest.SQLite(t), "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	inner := a.Handler
	started := make(chan struct{})
	a.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			close(started)
			time.Sleep(300 * time.Millisecond)
			r.URL.Path = "/healthz"
		}
		inner.ServeHTTP(w, r)
	})
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, "127.0.0.1:0", "", func(addr net.Addr) { addrc <- addr }) }()
	addr := <-addrc
	got := make(chan int, 1)
	go func() {
		res, err := http.Get("http://" + addr.String() + "/slow")
		if err != nil {
			got <- 0
			return
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		got <- res.StatusCode
	}()
	<-started
	cancel()
	if status := <-got; status != http.StatusOK {
		t.Errorf("in-flight request: status %d, want 200", status)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve returned %v, want nil", err)
	}
}

// TestSessionsSurviveRestartAndNodes signs in on one app node and uses the
// session on another built on the same database, as after a restart or
// behind a load balancer.
func TestSessionsSurviveRestartAndNodes(t *testing.T) {
	t.Parallel()
	d, keys := dbtest.SQLite(t), app.NewKeys() // nodes share the key files
	node1, err := app.New(d, "http://localhost", storage.NewFolder(t.TempDir()), keys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(context.Background(), node1); err != nil {
		t.Fatal(err)
	}
	node2, err := app.New(d, "http://localhost", storage.NewFolder(t.TempDir()), keys)
	if err != nil {
		t.Fatal(err)
	}
	srv1, srv2 := httpServer(t, node1.Handler), httpServer(t, node2.Handler)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(srv1+"/login", url.Values{"email": {"consultant@demo.inteqra.az"}, "password": {demo.Password}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in on node 1: %v %v", res.StatusCode, err)
	}
	// The cookie jar is per host; carry the session cookie to node 2 by hand.
	u1, _ := url.Parse(srv1)
	u2, _ := url.Parse(srv2)
	jar.SetCookies(u2, jar.Cookies(u1))
	res, err = c.Get(srv2 + "/staff")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("staff home on node 2: %v %v, want 200", res.StatusCode, err)
	}
}

func httpServer(t *testing.T, h http.Handler) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// TestMetricsOnTheirOwnAddress serves the site with a metrics address: the
// metrics answer there and not on the public address.
func TestMetricsOnTheirOwnAddress(t *testing.T) {
	t.Parallel()
	a, err := app.New(dbtest.SQLite(t), "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	probe, err := net.Listen("tcp", "127.0.0.1:0") // a free port for the metrics
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := probe.Addr().String()
	probe.Close()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, "127.0.0.1:0", metricsAddr, func(addr net.Addr) { addrc <- addr }) }()
	addr := <-addrc
	get := func(url string) (int, string) {
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	get("http://" + addr.String() + "/healthz")
	if status, body := get("http://" + addr.String() + "/metrics"); status != http.StatusNotFound || strings.Contains(body, "inteqra_http") {
		t.Errorf("public /metrics: status %d, want 404 without metrics", status)
	}
	if status, body := get("http://" + metricsAddr + "/metrics"); status != http.StatusOK || !strings.Contains(body, `route="GET /healthz"`) {
		t.Errorf("metrics address: status %d, want 200 with the public requests counted:\n%.300s", status, body)
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("Serve returned %v, want nil", err)
	}
}

// TestServeSignsTheAuditChain: a server signs a checkpoint at start and
// again after the last request, so that a stopped installation leaves no
// event uncovered (the demo relies on it: .ci/run verifies afterwards).
func TestServeSignsTheAuditChain(t *testing.T) {
	t.Parallel()
	a, err := app.New(dbtest.SQLite(t), "http://localhost", storage.NewFolder(t.TempDir()), app.NewKeys())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	sys := access.With(context.Background(), access.System())
	served := make(chan error, 1)
	go func() {
		served <- a.Serve(ctx, "127.0.0.1:0", "", func(net.Addr) {
			// An event while the server runs, then stop it.
			err := a.DB.Transact(sys, func(tx *db.Tx) error { return audit.Record(sys, tx, "user.update", "user", "1") })
			if err != nil {
				t.Error(err)
			}
			cancel()
		})
	}()
	if err := <-served; err != nil {
		t.Fatal(err)
	}
	v, err := a.Audit.Verify(sys)
	if err != nil || !v.OK() || v.Checkpoints == 0 || v.Uncovered() != 0 {
		t.Errorf("Verify after Serve = %+v, %v; want every event covered by a checkpoint", v, err)
	}
}
