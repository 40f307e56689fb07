package web_test

import (
	"bytes"
	"context"
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

	"inteqra/internal/access"
	"inteqra/internal/auth"
	"inteqra/internal/cases"
	"inteqra/internal/i18n"
)

// attachmentPDF is a whole one-page PDF.
const attachmentPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
	"3 0 obj<</Type/Page/MediaBox[0 0 3 3]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// attach posts the attachment form of a case with a file (none when name
// is empty) and the restricted box.
func (c *client) attach(caseID int64, name string, content []byte, restricted bool) response {
	c.s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if restricted {
		mw.WriteField("restricted", "on")
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/cases/%d/attachments", c.s.srv.URL, caseID), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.hc.Do(req)
	if err != nil {
		c.s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: string(b), location: res.Header.Get("Location"), header: res.Header}
}

var attachmentLink = regexp.MustCompile(`href="/cases/1/attachments/(\d+)" download>([^<]+)<`)

// attachmentLinks returns the files a page lists, by name.
func attachmentLinks(page string) map[string]string {
	links := map[string]string{}
	for _, m := range attachmentLink.FindAllStringSubmatch(page, -1) {
		links[m[2]] = "/cases/1/attachments/" + m[1]
	}
	return links
}

// A consultant attaches files to the demo case: the kind is read from the
// content, the size is capped, a restricted file stays with those who may
// see it, and a download gives back the bytes with safe headers.
func TestCaseAttachmentsPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Consultant)
	c.post("/lang", url.Values{"lang": {"ru"}})
	pr := s.app.Catalog.Printer(i18n.RU)

	page := c.get("/cases/1/attachments")
	if page.status != http.StatusOK || !strings.Contains(page.body, `enctype="multipart/form-data"`) ||
		!strings.Contains(page.body, htmlEscape(pr.T("attachment.none"))) {
		t.Fatalf("the attachments page: status %d", page.status)
	}
	if r := c.get("/cases/1"); !strings.Contains(r.body, `href="/cases/1/attachments"`) {
		t.Error("the case page does not link to the attachments")
	}
	for _, bad := range []struct {
		name, file string
		content    []byte
		want       string
	}{
		{"a text file named .pdf", "письмо.pdf", []byte("Это не PDF, а просто текст."), pr.T("attachment.error.type")},
		{"no file", "", nil, pr.T("attachment.error.no_file")},
		{"over 10 MB", "big.pdf", append([]byte(attachmentPDF), make([]byte, cases.MaxAttachment)...), pr.T("attachment.error.too_large", "MB", 10)},
	} {
		r := c.attach(1, bad.file, bad.content, true)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(bad.want)) {
			t.Errorf("%s: status %d, want 422 with %q", bad.name, r.status, bad.want)
		}
		if bad.name == "no file" && !strings.Contains(r.body, `id="restricted" name="restricted" type="checkbox" checked`) {
			t.Error("the restricted box is not kept after a refusal")
		}
	}
	if !strings.Contains(pr.T("attachment.error.too_large", "MB", 10), "10 МБ") {
		t.Errorf("the limit is not named in megabytes: %q", pr.T("attachment.error.too_large", "MB", 10))
	}

	var img bytes.Buffer
	png.Encode(&img, image.NewGray(image.Rect(0, 0, 3, 3)))
	if r := c.attach(1, "Məktub.pdf", []byte(attachmentPDF), false); r.status != http.StatusSeeOther || r.location != "/cases/1/attachments" {
		t.Fatalf("attach a PDF: status %d to %q", r.status, r.location)
	}
	if r := c.attach(1, `C:\scans\Tibbi arayış.png`, img.Bytes(), true); r.status != http.StatusSeeOther {
		t.Fatalf("attach a restricted PNG: status %d", r.status)
	}
	page = c.get("/cases/1/attachments")
	links := attachmentLinks(page.body)
	if len(links) != 2 || links["Məktub.pdf"] == "" || links["Tibbi arayış.png"] == "" {
		t.Fatalf("the list: %v", links)
	}
	for _, want := range []string{pr.N("attachment.size_bytes", len(attachmentPDF)), pr.T("attachment.kind.pdf"), pr.T("attachment.kind.png"),
		pr.T("attachment.restricted_tag"), pr.T("attachment.added")} {
		if !strings.Contains(page.body, htmlEscape(want)) {
			t.Errorf("the list does not show %q", want)
		}
	}

	r := c.get(links["Məktub.pdf"])
	if r.status != http.StatusOK || r.body != attachmentPDF {
		t.Fatalf("download: status %d, %d bytes", r.status, len(r.body))
	}
	for h, want := range map[string]string{
		"Content-Type":           "application/pdf",
		"Content-Disposition":    `attachment; filename="M_ktub.pdf"; filename*=UTF-8''M%C9%99ktub.pdf`,
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "private, no-store",
	} {
		if got := r.header.Get(h); got != want {
			t.Errorf("download %s: %q, want %q", h, got, want)
		}
	}
	var downloads int
	if err := s.app.DB.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_events WHERE action = 'attachment.download'`).Scan(&downloads); err != nil || downloads != 1 {
		t.Errorf("downloads audited: %d, %v", downloads, err)
	}
	if r := c.get("/cases/1/attachments/999"); r.status != http.StatusNotFound {
		t.Errorf("an unknown attachment: status %d", r.status)
	}

	// The timeline names the file, never the restricted one.
	timeline := c.get("/cases/1").body
	if !strings.Contains(timeline, htmlEscape(pr.T("cases.event.attachment"))+": Məktub.pdf") || strings.Contains(timeline, "Tibbi arayış") {
		t.Error("the timeline shows the wrong attachments")
	}

	// A colleague in the same office sees the case but not the restricted
	// file; a supervisor sees both.
	if _, err := s.app.Users.CreateUser(access.With(context.Background(), access.System()), auth.UserInput{Email: "colleague@example.az",
		Name: "Colleague", Role: access.Consultant, OrganisationID: 1, Active: true}, "long enough password", false); err != nil {
		t.Fatal(err)
	}
	colleague := s.client()
	if r := colleague.post("/login", url.Values{"email": {"colleague@example.az"}, "password": {"long enough password"}}); r.status != http.StatusSeeOther {
		t.Fatalf("colleague signs in: status %d", r.status)
	}
	seen := attachmentLinks(colleague.get("/cases/1/attachments").body)
	if len(seen) != 1 || seen["Məktub.pdf"] == "" {
		t.Errorf("the colleague sees %v", seen)
	}
	if r := colleague.get(links["Tibbi arayış.png"]); r.status != http.StatusForbidden {
		t.Errorf("the colleague downloads the restricted file: status %d", r.status)
	}
	supervisor := s.client()
	supervisor.signIn(access.Supervisor)
	if seen := attachmentLinks(supervisor.get("/cases/1/attachments").body); len(seen) != 2 {
		t.Errorf("the supervisor sees %v", seen)
	}
	if r := supervisor.get(links["Tibbi arayış.png"]); r.status != http.StatusOK || r.body != img.String() || r.header.Get("Content-Type") != "image/png" {
		t.Errorf("the supervisor downloads the restricted file: status %d, %q", r.status, r.header.Get("Content-Type"))
	}
}

// A request body beyond the upload cap is cut off and answered with the
// limit, not with a server error.
func TestCaseAttachmentBodyCap(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.client()
	c.signIn(access.Consultant)
	pr := s.app.Catalog.Printer(i18n.AZ)
	r := c.attach(1, "huge.pdf", append([]byte(attachmentPDF), make([]byte, cases.MaxAttachment+2<<20)...), false)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, htmlEscape(pr.T("attachment.error.too_large", "MB", 10))) {
		t.Errorf("a body over the cap: status %d", r.status)
	}
	// Other routes keep the small cap.
	big := url.Values{"body": {strings.Repeat("ə", 1<<20)}}
	if r := c.post("/cases/1/notes", big); r.status == http.StatusSeeOther {
		t.Errorf("a 2 MB note form was taken: status %d", r.status)
	}
}
