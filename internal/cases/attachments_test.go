package cases

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
	"inteqra/internal/storage"
)

// tinyPDF is a whole one-page PDF.
const tinyPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
	"3 0 obj<</Type/Page/MediaBox[0 0 3 3]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

func imageBytes(t *testing.T, encode func(io.Writer, image.Image) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := encode(&b, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// officeZip is a zip with a [Content_Types].xml naming mainType as the
// main part's type, and the other entries named.
func officeZip(t *testing.T, mainType string, entries ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	if mainType != "" {
		w, _ := zw.Create("[Content_Types].xml")
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
			`<Override PartName="/main.xml" ContentType="`+mainType+`"/></Types>`)
	}
	for _, e := range entries {
		w, _ := zw.Create(e)
		io.WriteString(w, "x")
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSniff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		data []byte
		want string // kind code, "" for refused
	}{
		{"pdf", []byte(tinyPDF), "pdf"},
		{"png", imageBytes(t, png.Encode), "png"},
		{"jpeg", imageBytes(t, func(w io.Writer, m image.Image) error { return jpeg.Encode(w, m, nil) }), "jpeg"},
		{"docx", officeZip(t, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/document.xml"), "docx"},
		{"xlsx", officeZip(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml"), "xlsx"},
		{"text", []byte("Salam, bu mətn faylıdır, PDF deyil."), ""},
		{"html", []byte("<html><script>alert(1)</script></html>"), ""},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), ""},
		{"plain zip", officeZip(t, "", "a.txt"), ""},
		{"xlsm", officeZip(t, "application/vnd.ms-excel.sheet.macroEnabled.main+xml", "xl/workbook.xml"), ""},
		{"docx with macros", officeZip(t, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/vbaProject.bin"), ""},
		{"pptx", officeZip(t, "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"), ""},
		{"broken zip", []byte("PK\x03\x04 not really"), ""},
	} {
		k, ok := storage.Sniff(tc.data)
		if k.Code != tc.want || ok != (tc.want != "") {
			t.Errorf("%s: sniffed %q %v, want %q", tc.name, k.Code, ok, tc.want)
		}
	}
}

func TestCleanFileName(t *testing.T) {
	t.Parallel()
	pdf, png := storage.FileKinds[0], storage.FileKinds[2]
	for _, tc := range []struct {
		in   string
		kind storage.FileKind
		want string
	}{
		{"Məktub.pdf", pdf, "Məktub.pdf"},
		{"Arayış.PDF", pdf, "Arayış.PDF"},
		{`C:\Users\Leyla\Desktop\ərizə.pdf`, pdf, "ərizə.pdf"},
		{"../../etc/passwd", pdf, "passwd.pdf"},
		{"scan.pdf", png, "scan.png"},
		{"Şəkil", png, "Şəkil.png"},
		{"hesabat v1.2", pdf, "hesabat v1.2.pdf"},
		{"a\"b<c>\x00d\u202e.pdf", pdf, "a_b_c_d.pdf"},
		{"  lots   of\tspace .pdf", pdf, "lots of space.pdf"},
		{"", pdf, "pdf.pdf"},
		{"..pdf", pdf, "pdf.pdf"},
		{"Ye\u0300.pdf", pdf, "Yè.pdf"}, // NFC
		{strings.Repeat("ə", 300) + ".pdf", pdf, strings.Repeat("ə", storage.MaxFileName-4) + ".pdf"},
	} {
		if got := storage.CleanFileName(tc.in, tc.kind); got != tc.want {
			t.Errorf("storage.CleanFileName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// files lists the regular files in a folder store.
func files(t *testing.T, root string) []string {
	t.Helper()
	var list []string
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			list = append(list, path)
		}
		return nil
	})
	return list
}

// newAttachmentFixture is the fixture with an open case; root is the folder
// that keeps its attachments.
func newAttachmentFixture(t *testing.T, d *db.DB) (f *fixture, root string, c Case) {
	t.Helper()
	f = newFixture(t, d)
	f.consent(t)
	return f, f.root, f.open(t)
}

func TestAttachments(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, root, c := newAttachmentFixture(t, d)
		pdf := []byte(tinyPDF)
		add := func(ctx context.Context, name string, body []byte, restricted bool) (Attachment, error) {
			return f.s.AddAttachment(ctx, c.ID, AttachmentInput{Name: name, Body: bytes.NewReader(body), Restricted: restricted})
		}
		for _, bad := range []struct {
			name string
			ctx  context.Context
			in   AttachmentInput
			want string
		}{
			{"no file", f.consultant, AttachmentInput{Name: "a.pdf"}, "attachment.error.no_file"},
			{"empty file", f.consultant, AttachmentInput{Name: "a.pdf", Body: strings.NewReader("")}, "attachment.error.no_file"},
			{"text named .pdf", f.consultant, AttachmentInput{Name: "a.pdf", Body: strings.NewReader("Bu PDF deyil")}, "attachment.error.type"},
			{"too large", f.consultant, AttachmentInput{Name: "a.pdf", Body: io.MultiReader(bytes.NewReader(pdf), bytes.NewReader(make([]byte, MaxAttachment)))},
				"attachment.error.too_large"},
			{"another office", f.outsider, AttachmentInput{Name: "a.pdf", Body: bytes.NewReader(pdf)}, fmt.Sprintf("cases: case %d: %v", c.ID, db.ErrNotFound)},
		} {
			if _, err := f.s.AddAttachment(bad.ctx, c.ID, bad.in); errKey(err) != bad.want {
				t.Errorf("%s: %v, want %s", bad.name, err, bad.want)
			}
		}
		if left := files(t, root); len(left) != 0 {
			t.Fatalf("refused files were stored: %v", left)
		}
		exact, err := add(f.consultant, "Böyük.pdf", append(pdf, make([]byte, MaxAttachment-len(pdf))...), false)
		if err != nil || exact.Size != MaxAttachment {
			t.Fatalf("a file of the largest size: %+v, %v", exact, err)
		}
		letter, err := add(f.consultant, "Məktub.pdf", pdf, false)
		if err != nil {
			t.Fatal(err)
		}
		if letter.ContentType != "application/pdf" || letter.Name != "Məktub.pdf" || letter.Size != int64(len(pdf)) || len(letter.SHA256) != 64 {
			t.Errorf("stored attachment: %+v", letter)
		}
		byColleague, err := add(f.colleague, "şəkil.jpg", imageBytes(t, png.Encode), true) // a PNG named .jpg
		if err != nil {
			t.Fatal(err)
		}
		if byColleague.Name != "şəkil.png" || byColleague.ContentType != "image/png" {
			t.Errorf("a PNG named .jpg: %+v", byColleague)
		}
		byConsultant, err := add(f.consultant, "Tibbi arayış.pdf", pdf, true)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(files(t, root)); n != 4 {
			t.Errorf("%d files stored, want 4", n)
		}

		for _, tc := range []struct {
			name string
			ctx  context.Context
			want []int64 // restricted attachments seen, latest first
		}{
			{"consultant", f.consultant, []int64{byConsultant.ID, byColleague.ID}},
			{"uploading colleague", f.colleague, []int64{byColleague.ID}},
			{"supervisor", f.supervisor, []int64{byConsultant.ID, byColleague.ID}},
		} {
			list, err := f.s.Attachments(tc.ctx, c.ID)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			var seen []int64
			for _, a := range list {
				if a.Restricted {
					seen = append(seen, a.ID)
				}
			}
			if len(list) != len(tc.want)+2 || !slices.Equal(seen, tc.want) {
				t.Errorf("%s sees restricted %v of %d attachments, want %v", tc.name, seen, len(list), tc.want)
			}
			for _, id := range tc.want {
				if _, r, err := f.s.OpenAttachment(tc.ctx, c.ID, id); err != nil {
					t.Errorf("%s downloads restricted %d: %v", tc.name, id, err)
				} else {
					r.Close()
				}
			}
		}
		if _, _, err := f.s.OpenAttachment(f.colleague, c.ID, byConsultant.ID); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("a colleague downloads another's restricted attachment: %v", err)
		}
		if _, err := f.s.Attachments(f.outsider, c.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office lists the attachments: %v", err)
		}
		if _, _, err := f.s.OpenAttachment(f.outsider, c.ID, letter.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another office downloads: %v", err)
		}
		if _, _, err := f.s.OpenAttachment(f.consultant, c.ID, 9999); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("a missing attachment: %v", err)
		}

		// The download gives back the bytes stored, and is audited.
		a, r, err := f.s.OpenAttachment(f.colleague, c.ID, letter.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(r)
		r.Close()
		if !bytes.Equal(got, pdf) || a.Name != "Məktub.pdf" || a.ContentType != "application/pdf" {
			t.Errorf("downloaded %q as %+v", got, a)
		}
		var audited int
		if err := d.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_events WHERE action = 'attachment.download' AND object_id = $1`,
			strconv.FormatInt(letter.ID, 10)).Scan(&audited); err != nil || audited != 1 {
			t.Errorf("downloads audited: %d, %v", audited, err)
		}

		// The timeline names an attachment, never a restricted one.
		events, err := f.s.Timeline(f.colleague, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		details := map[int64]string{}
		for _, e := range events {
			if e.Kind == "attachment" {
				details[e.RefID] = e.Detail
			}
		}
		if len(details) != 4 || details[letter.ID] != "Məktub.pdf" || details[byColleague.ID] != "" || details[byConsultant.ID] != "" {
			t.Errorf("attachment events: %v", details)
		}

		// A closed case takes no more files.
		if err := f.s.RequestClosure(f.supervisor, c.ID, "completed", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := add(f.consultant, "gec.pdf", pdf, false); !errors.Is(err, ErrInvalidMove) {
			t.Errorf("an attachment on a closed case: %v", err)
		}
		if n := len(files(t, root)); n != 4 {
			t.Errorf("%d files stored after a refusal, want 4", n)
		}
	})
}

// TestAttachmentLeavesNoFileWhenTheDatabaseFails makes the database part of
// an upload fail after the file is stored: the file must be deleted.
func TestAttachmentLeavesNoFileWhenTheDatabaseFails(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, root, c := newAttachmentFixture(t, d)
		if _, err := d.ExecContext(context.Background(), `DROP TABLE case_attachments`); err != nil {
			t.Fatal(err)
		}
		_, err := f.s.AddAttachment(f.consultant, c.ID, AttachmentInput{Name: "Məktub.pdf", Body: strings.NewReader(tinyPDF)})
		if err == nil {
			t.Fatal("the upload succeeded without its table")
		}
		if left := files(t, root); len(left) != 0 {
			t.Errorf("files left behind: %v", left)
		}
		events, err := f.s.Timeline(f.consultant, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.Kind == "attachment" {
				t.Errorf("an event of the failed upload: %+v", e)
			}
		}
	})
}
