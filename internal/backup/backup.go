// Package backup writes the whole system into one archive while it serves,
// and restores such an archive only after checking it. An archive is a
// gzip-compressed tar of
//
//	database.sqlite or database.pgdump   a consistent copy of the database (db.DB.Dump)
//	files/…                              the files folder (uploaded and generated files)
//	manifest.json                        what the archive holds, written last
//
// The manifest records when and by which version the archive was made, the
// dialect and schema version, the rows of every table and the audit chain's
// head, all read in the snapshot the copy was made from, with the latest
// signed checkpoint, and the SHA-256 of every other member. The package
// knows no feature: it works on internal/db, the files folder and the audit
// chain. The key files are never in an archive (Options.Exclude): a backup
// holding the audit key could sign a forged history.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"inteqra/internal/audit"
	"inteqra/internal/db"
)

// Format is the version of the archive's layout, in its manifest.
const Format = 1

// ManifestName is the name of the manifest in an archive; FilesDir is the
// folder the files folder is kept under.
const (
	ManifestName = "manifest.json"
	FilesDir     = "files"
)

// Manifest says what an archive holds.
type Manifest struct {
	Format  int       `json:"format"`
	Created time.Time `json:"created"`
	Version string    `json:"version"` // of inteqra that wrote it
	Dialect string    `json:"dialect"` // sqlite or postgres
	Schema  int64     `json:"schema_version"`
	// Tables counts the rows of every table of the copy.
	Tables map[string]int64 `json:"tables"`
	Audit  AuditHead        `json:"audit"`
	// Members lists every other member of the archive by name.
	Members map[string]Member `json:"members"`
}

// AuditHead is the audit chain the copy holds.
type AuditHead struct {
	Events int64  `json:"events"`
	Head   string `json:"head"` // hash of the last event
	// Checkpoint is the latest signed checkpoint in the copy, as the line
	// inteqra audit checkpoint prints; empty when none was signed yet.
	Checkpoint json.RawMessage `json:"checkpoint,omitempty"`
}

// Member is one file of an archive.
type Member struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Options say what goes into an archive besides the database.
type Options struct {
	// Files is the files folder (config.Config.Files); "" or a folder that
	// does not exist adds no files.
	Files string
	// Exclude lists files and folders inside Files that stay out: the key
	// files and the record of checkpoints when they live there (PostgreSQL),
	// and the backups' own folder. Hidden files (a Put under way) stay out too.
	Exclude []string
	// Version is the version of inteqra writing the archive.
	Version string
	// Now gives the time of the archive; time.Now when nil.
	Now func() time.Time
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}

// Name returns the name of an archive made at t:
// inteqra-YYYYMMDD-HHMMSS.tar.gz in UTC, so that names sort by time.
func Name(t time.Time) string {
	return "inteqra-" + t.UTC().Format("20060102-150405") + ".tar.gz"
}

// Create writes an archive of d and the files folder to dest while the
// system serves, and returns its path and manifest. When dest is an
// existing folder the archive is named there by Name. The archive is written
// under a temporary name in the destination folder, synced and renamed, so
// a crash or an error never leaves half an archive under the final name.
func Create(ctx context.Context, d *db.DB, dest string, opt Options) (string, Manifest, error) {
	now := opt.now()
	path := dest
	if st, err := os.Stat(dest); err == nil && st.IsDir() {
		path = filepath.Join(dest, Name(now))
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".inteqra-backup-*.tmp")
	if err != nil {
		return "", Manifest{}, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name()) // gone after the rename
	defer tmp.Close()
	m, err := write(ctx, d, tmp, dir, now, opt)
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		return "", Manifest{}, fmt.Errorf("backup: write %s: %w", path, err)
	}
	return path, m, nil
}

// write dumps the database into a temporary folder in scratch, then writes
// the archive to w: the dump, the files, the manifest.
func write(ctx context.Context, d *db.DB, w io.Writer, scratch string, now time.Time, opt Options) (Manifest, error) {
	work, err := os.MkdirTemp(scratch, ".inteqra-dump-*")
	if err != nil {
		return Manifest{}, err
	}
	defer os.RemoveAll(work)
	m := Manifest{Format: Format, Created: now, Version: opt.Version, Dialect: d.Dialect().String(), Members: map[string]Member{}}
	dump := filepath.Join(work, d.DumpName())
	err = d.Dump(ctx, dump, func(q db.Querier) error { return m.read(ctx, q) })
	if err != nil {
		return Manifest{}, err
	}
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	if err := m.addFile(tw, d.DumpName(), dump); err != nil {
		return Manifest{}, err
	}
	// The files are copied after the database, so a file the copy names
	// was written before it: files only appear later, and are found.
	if err := m.addFolder(ctx, tw, opt.Files, opt.Exclude); err != nil {
		return Manifest{}, err
	}
	text, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	hdr := &tar.Header{Name: ManifestName, Mode: 0o600, Size: int64(len(text)), ModTime: now, Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return Manifest{}, err
	}
	if _, err := tw.Write(text); err != nil {
		return Manifest{}, err
	}
	if err := tw.Close(); err != nil {
		return Manifest{}, err
	}
	return m, gz.Close()
}

// read fills in what the manifest says of the database, from q, the
// snapshot the copy holds.
func (m *Manifest) read(ctx context.Context, q db.Querier) error {
	var err error
	if m.Schema, err = db.SchemaVersion(ctx, q); err != nil {
		return err
	}
	if m.Tables, err = db.CountRows(ctx, q); err != nil {
		return err
	}
	if m.Audit.Events, m.Audit.Head, err = audit.Head(ctx, q); err != nil {
		return err
	}
	c, err := audit.LatestCheckpointIn(ctx, q)
	if errors.Is(err, db.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	m.Audit.Checkpoint, err = c.MarshalText()
	return err
}

// addFile copies the file at path into the archive as name and lists it.
func (m *Manifest) addFile(tw *tar.Writer, name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	hdr := &tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime(), Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	h := sha256.New()
	// Exactly the size announced: a file that grew meanwhile is cut there
	// and hashed as written.
	n, err := io.Copy(io.MultiWriter(tw, h), io.LimitReader(f, st.Size()))
	if err != nil {
		return fmt.Errorf("copy %s: %w", path, err)
	}
	if n != st.Size() {
		return fmt.Errorf("copy %s: it shrank while being copied", path)
	}
	m.Members[name] = Member{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
	return nil
}

// addFolder adds the regular files under root as files/…, leaving out the
// excluded paths and hidden files.
func (m *Manifest) addFolder(ctx context.Context, tw *tar.Writer, root string, exclude []string) error {
	if root == "" {
		return nil
	}
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	skip := map[string]bool{}
	for _, e := range exclude {
		if abs, err := filepath.Abs(e); err == nil {
			skip[abs] = true
		}
	}
	return filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return err
		}
		hidden := path != root && strings.HasPrefix(e.Name(), ".")
		switch {
		case skip[abs] || hidden:
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		case e.IsDir() || !e.Type().IsRegular():
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		err = m.addFile(tw, FilesDir+"/"+filepath.ToSlash(rel), path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // deleted since the walk saw it
		}
		return err
	})
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
