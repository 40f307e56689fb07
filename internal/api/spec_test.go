package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"inteqra/internal/api"
)

// The description, loaded once; every test's requests and answers are held
// to it by checked.
var spec struct {
	once   sync.Once
	router routers.Router
	err    error
}

func specRouter(t testing.TB) routers.Router {
	t.Helper()
	spec.once.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(api.Spec)
		if err != nil {
			spec.err = err
			return
		}
		if !doc.IsOpenAPI31OrLater() {
			spec.err = errSpecVersion
			return
		}
		// The servers entry is relative; the router matches paths with the
		// test server's address in front.
		doc.Servers = openapi3.Servers{{URL: "http://api.test" + api.Prefix}}
		spec.router, spec.err = legacy.NewRouter(doc)
	})
	if spec.err != nil {
		t.Fatalf("openapi.yaml: %v", spec.err)
	}
	return spec.router
}

type specError string

func (e specError) Error() string { return string(e) }

const errSpecVersion = specError("openapi.yaml is not OpenAPI 3.1")

// checked is an http.Handler that holds every request and every answer to
// openapi.yaml: a request the description does not allow fails the test
// (unless the test marks it as deliberately bad), and so does any answer
// whose status, headers or body the description does not give.
type checked struct {
	t       testing.TB
	handler http.Handler
}

// badRequest marks a request that breaks the description on purpose, to
// test the answer: only the answer is checked.
const badRequest = "X-Test-Bad-Request"

func (c checked) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	router := specRouter(c.t)
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	bad := r.Header.Get(badRequest) != ""
	probe := r.Clone(context.Background())
	probe.URL = &url.URL{Scheme: "http", Host: "api.test", Path: r.URL.Path, RawQuery: r.URL.RawQuery}
	probe.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := router.FindRoute(probe)
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, r)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
	if err != nil {
		if rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
			c.t.Errorf("%s %s: not in openapi.yaml (%v), answered %d", r.Method, r.URL.Path, err, rec.Code)
		}
		return
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route, Options: opts}
	if !bad {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			c.t.Errorf("%s %s: request breaks openapi.yaml: %v", r.Method, r.URL.RequestURI(), err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(), Options: opts}
	out.SetBodyBytes(rec.Body.Bytes())
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		c.t.Errorf("%s %s: answer %d breaks openapi.yaml: %v\n%s", r.Method, r.URL.RequestURI(), rec.Code, err, rec.Body.String())
	}
}

// TestSpecIsValid loads the description as OpenAPI 3.1 and checks that
// every route the API serves is described, and every described path served.
func TestSpecIsValid(t *testing.T) {
	t.Parallel()
	specRouter(t)
	doc, err := openapi3.NewLoader().LoadFromData(api.Spec)
	if err != nil {
		t.Fatal(err)
	}
	described := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			described[method+" "+api.Prefix+path] = true
		}
	}
	for _, pattern := range api.Patterns() {
		if !described[pattern] {
			t.Errorf("%s is served but not in openapi.yaml", pattern)
		}
		delete(described, pattern)
	}
	for pattern := range described {
		t.Errorf("%s is in openapi.yaml but not served", pattern)
	}
}

// jsonOf decodes a JSON answer.
func jsonOf(t testing.TB, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, body)
	}
	return m
}
