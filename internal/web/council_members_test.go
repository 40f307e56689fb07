package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/i18n"
)

// uploadPhoto posts a member's photo form with a file.
func (c *client) uploadPhoto(path, name string, content []byte) response {
	c.s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("photo", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.s.srv.URL+path+"/photo", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: string(b), location: res.Header.Get("Location"), header: res.Header}
}

// TestCouncilMemberPages seats a member through the secretariat's pages,
// confirms the term, uploads a photo, and finds the member on the public
// page in three languages; one who did not consent is not there.
func TestCouncilMemberPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.CouncilSecretary)
	today := i18n.DayOf(time.Now())

	add := func(surname, given string, started int, consent bool) string {
		t.Helper()
		form := url.Values{"surname": {surname}, "given": {given}, "birth_date": {"1979-09-02"}, "email": {strings.ToLower(given) + "@example.org"},
			"origin": {"UA"}, "community": {"Ukrayna icması"}, "language": {"uk", "ru"}, "role": {"member"},
			"starts_on": {today.AddDate(0, 0, -started).Format(time.DateOnly)}}
		if consent {
			form.Set("consent_listing", "on")
			form.Set("consent_photos", "on")
		}
		r := c.post("/council/members", form)
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/council/members/") {
			t.Fatalf("add %s: status %d to %q", surname, r.status, r.location)
		}
		return r.location
	}
	listed := add("Şevçenko", "İryna", 700, true)
	hidden := add("Bondar", "Vasil", 10, false)

	r := c.get(listed)
	activate := regexp.MustCompile(`action="(/council/members/\d+/terms/\d+/activate)"`).FindStringSubmatch(r.body)
	if r.status != http.StatusOK || !strings.Contains(r.body, "Şevçenko") || activate == nil {
		t.Fatalf("member record: status %d, want the name and the activate form", r.status)
	}
	if r = c.post(activate[1], url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("activate: status %d", r.status)
	}
	r = c.get(hidden)
	if m := regexp.MustCompile(`action="(/council/members/\d+/terms/\d+/activate)"`).FindStringSubmatch(r.body); m == nil {
		t.Fatal("no activate form for the second member")
	} else if r = c.post(m[1], url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("activate the second: status %d", r.status)
	}
	// The second has no consent to photos: no upload form.
	if r = c.get(hidden); strings.Contains(r.body, `name="photo"`) {
		t.Error("photo form without the consent")
	}

	var img bytes.Buffer
	png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 8, 8)))
	if r = c.uploadPhoto(listed, "notes.txt", []byte("not a photo")); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="photo-error"`) {
		t.Errorf("a text file as a photo: status %d, want 422 at the photo field", r.status)
	}
	if r = c.uploadPhoto(listed, "iryna.png", img.Bytes()); r.status != http.StatusSeeOther {
		t.Fatalf("photo: status %d", r.status)
	}

	// The secretariat's list flags the term ending within 60 days.
	r = c.get("/council/members")
	ending := htmlEscape(s.app.Catalog.Printer(langOf("az")).T("council.members.ending_soon"))
	if r.status != http.StatusOK || strings.Count(r.body, ending) < 1 || !strings.Contains(r.body, "Bondar") {
		t.Errorf("members list: status %d, want both members and the flag", r.status)
	}

	// The secretary's home lists the term ending.
	if r = c.get("/staff"); !strings.Contains(r.body, "Şevçenko") || !strings.Contains(r.body, htmlEscape(s.app.Catalog.Printer(langOf("az")).T("work.terms_ending"))) {
		t.Error("the secretary's home does not list the term ending")
	}

	// Unknown ids are not found.
	for _, path := range []string{"/council/members/999999", "/council/members/x", "/council/photos/999999"} {
		if r = c.get(path); r.status != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, r.status)
		}
	}
	if r = c.post(listed+"/terms/999999/end", url.Values{"end_reason": {"resigned"}}); r.status != http.StatusNotFound {
		t.Errorf("ending another member's term: status %d, want 404", r.status)
	}

	// The public page, in each language: the listed member with the photo,
	// never the other, nor any link into the registry.
	public := s.client()
	for _, lang := range []string{"az", "en", "ru"} {
		r = public.get("/council?lang=" + lang)
		p := s.app.Catalog.Printer(langOf(lang))
		if r.status != http.StatusOK || !strings.Contains(r.body, "Şevçenko") || strings.Contains(r.body, "Bondar") {
			t.Errorf("public page in %s: status %d, want only the consenting member", lang, r.status)
		}
		for _, want := range []string{p.T("council.public.members"), p.T("council.role.member"), p.T("council.what.heading")} {
			if !strings.Contains(r.body, htmlEscape(want)) {
				t.Errorf("public page in %s lacks %q", lang, want)
			}
		}
		if strings.Contains(r.body, "/people/") || strings.Contains(r.body, "example.org") {
			t.Errorf("public page in %s shows personal data", lang)
		}
	}
	photo := regexp.MustCompile(`src="(/council/photos/\d+)"`).FindStringSubmatch(r.body)
	if photo == nil {
		t.Fatal("no photo on the public page")
	}
	r = public.get(photo[1])
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "image/png" || !strings.Contains(r.header.Get("Cache-Control"), "no-store") {
		t.Errorf("photo: status %d, %s, %q", r.status, r.header.Get("Content-Type"), r.header.Get("Cache-Control"))
	}
	hiddenID := strings.TrimPrefix(hidden, "/council/members/")
	if r = public.get(fmt.Sprintf("/council/photos/%s", hiddenID)); r.status != http.StatusNotFound {
		t.Errorf("photo of a member not listed: status %d, want 404", r.status)
	}
}
