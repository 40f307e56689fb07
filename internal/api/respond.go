package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"inteqra/internal/db"
	"inteqra/internal/i18n"
)

// etag is the entity tag of a representation: a hash of its bytes, so that
// any change of what a client sees changes it.
func etag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return b.Bytes(), err
}

// reply writes v as JSON with status and its ETag; a GET whose
// If-None-Match names the same tag gets 304 and no body.
func (s *Server) reply(w http.ResponseWriter, r *http.Request, status int, v any) error {
	body, err := encode(v)
	if err != nil {
		return err
	}
	tag := etag(body)
	h := w.Header()
	h.Set("ETag", tag)
	h.Set("Content-Language", string(langFrom(r.Context())))
	if r.Method == http.MethodGet && matches(r.Header.Get("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err = w.Write(body)
	return err
}

// matches reports whether an If-Match or If-None-Match header names tag
// (weak tags compare by their opaque part).
func matches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

// precondition holds an update to the representation the client last
// read: If-Match must name the ETag of current, as GET would answer it now
// (428 without one, 412 when it changed since).
func precondition(r *http.Request, current any) error {
	header := r.Header.Get("If-Match")
	if header == "" {
		return errNeedIfMatch
	}
	body, err := encode(current)
	if err != nil {
		return err
	}
	if !matches(header, etag(body)) {
		return errPrecondition
	}
	return nil
}

// decode reads a JSON request body into v: the body must be JSON, one
// object, with no field v does not know.
func decode(r *http.Request, v any) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return errUnsupportedType
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
			return err
		}
		return errBadJSON
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errBadJSON
	}
	return nil
}

// List is a page of a collection: Data, and Next, the address of the
// following page, null on the last one. The same address is in the Link
// header (rel="next").
type List[T any] struct {
	Data []T     `json:"data"`
	Next *string `json:"next"`
}

// Pages of lists hold up to maxLimit items, defaultLimit unless asked.
const (
	defaultLimit = 20
	maxLimit     = 100
)

// pageParams reads the limit and cursor of a list request. A cursor is
// opaque to clients: the base64 of what the list needs to go on.
func pageParams(r *http.Request) (limit int, cursor string, err error) {
	q := r.URL.Query()
	limit = defaultLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return 0, "", i18n.Errorf("api.error.limit", "Field", i18n.Key("api.field.limit"), "Max", maxLimit)
		}
		limit = n
	}
	if c := q.Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		if err != nil || len(b) == 0 {
			return 0, "", errCursor
		}
		cursor = string(b)
	}
	return limit, cursor, nil
}

// idPage reads the limit and cursor of a list by id, whose cursor is the
// last id seen (0 before the first page).
func idPage(r *http.Request) (limit int, after int64, err error) {
	limit, cursor, err := pageParams(r)
	if err != nil {
		return 0, 0, withFields(err, pageFields)
	}
	if cursor != "" {
		if after, err = strconv.ParseInt(cursor, 10, 64); err != nil || after < 1 {
			return 0, 0, errCursor
		}
	}
	return limit, after, nil
}

// pageFields names the query parameters of list requests in problems.
var pageFields = map[i18n.Key]string{"api.field.limit": "limit"}

// nextLink returns the address of the page after the one that ended at
// cursor, keeping the request's other parameters, and sets the Link header.
func (s *Server) nextLink(w http.ResponseWriter, r *http.Request, cursor string) *string {
	if cursor == "" {
		return nil
	}
	q := r.URL.Query()
	q.Set("cursor", base64.RawURLEncoding.EncodeToString([]byte(cursor)))
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	link := s.cfg.BaseURL + u.String()
	w.Header().Set("Link", "<"+link+`>; rel="next"`)
	return &link
}

// pathID reads a positive integer id from the path; anything else names
// nothing (404).
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, db.ErrNotFound
	}
	return id, nil
}
