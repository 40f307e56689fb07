package api

import (
	_ "embed"
	"net/http"
)

// Spec is the API's description (OpenAPI 3.1), written by hand; the tests
// hold every request and answer they make to it.
//
//go:embed openapi.yaml
var Spec []byte

func serveSpec(w http.ResponseWriter, r *http.Request) error {
	h := w.Header()
	h.Set("Content-Type", "application/yaml")
	h.Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(Spec)
	return err
}
