package cases

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"inteqra/internal/access"
	"inteqra/internal/db"
	"inteqra/internal/db/dbtest"
)

// Erasing a person removes what their case says about them, files
// included, and keeps the case itself for the figures.
func TestEraseRemovesCaseContent(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, root, c := newAttachmentFixture(t, d)
		if _, err := f.s.AddNote(f.consultant, c.ID, "Ailəsi Təbrizdədir, telefonu …", false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddAttachment(f.consultant, c.ID, AttachmentInput{Name: "pasport.pdf", Body: strings.NewReader(tinyPDF)}); err != nil {
			t.Fatal(err)
		}
		countFiles := func() int {
			n := 0
			filepath.WalkDir(root, func(_ string, e os.DirEntry, err error) error {
				if err == nil && !e.IsDir() {
					n++
				}
				return nil
			})
			return n
		}
		if countFiles() != 1 {
			t.Fatalf("files before erasure: %d", countFiles())
		}
		admin := access.With(context.Background(), access.Principal{UserID: 1, Role: access.Admin})
		if err := f.ps.Erase(admin, f.person.ID, "Şəxsin ərizəsi"); err != nil {
			t.Fatal(err)
		}
		var notes, texts, attachments, cases int
		q := func(query string, dst *int) {
			if err := d.QueryRowContext(context.Background(), query, c.ID).Scan(dst); err != nil {
				t.Fatal(err)
			}
		}
		q(`SELECT count(*) FROM case_notes WHERE case_id = $1 AND body <> ''`, &notes)
		q(`SELECT count(*) FROM case_events WHERE case_id = $1 AND detail <> ''`, &texts)
		q(`SELECT count(*) FROM case_attachments WHERE case_id = $1`, &attachments)
		q(`SELECT count(*) FROM cases WHERE id = $1 AND stated_needs = ''`, &cases)
		if notes != 0 || texts != 0 || attachments != 0 || cases != 1 || countFiles() != 0 {
			t.Errorf("after erasure: %d notes with text, %d events with text, %d attachments, %d cases kept, %d files",
				notes, texts, attachments, cases, countFiles())
		}
	})
}
