package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"inteqra/internal/access"
	"inteqra/internal/audit"
	"inteqra/internal/db"
)

// ErrInvalid is wrapped by every error that says the archive itself is
// wrong: damaged, altered, or not matching its manifest.
var ErrInvalid = errors.New("backup: the archive is not valid")

// ErrFilesInUse is returned by Restore when the files folder to restore
// into holds files already and force was not given.
var ErrFilesInUse = errors.New("backup: the files folder exists and holds files; restore with force to replace it")

// ErrNoKey is returned by Check for a SQLite archive when no audit key
// was given: its chain cannot be verified without it.
var ErrNoKey = errors.New("backup: checking needs the installation's audit key to verify the chain")

// Target says where Restore puts an archive.
type Target struct {
	DB    string // SQLite file or postgres:// DSN, as config.Config.DB
	Files string // the files folder
	// Keep lists files in the existing files folder that stay there when
	// force replaces it: the key files and their record on PostgreSQL.
	Keep []string
	// Force replaces a database and files folder that hold data; the old
	// SQLite file and files folder are moved aside, not deleted.
	Force bool
	// AuditKey is the installation's audit key (package keyfile): the
	// restored chain is verified against the checkpoints it signed.
	AuditKey ed25519.PrivateKey
	Now      func() time.Time // time.Now when nil
}

// Restored says what Restore did.
type Restored struct {
	Manifest     Manifest
	Verification audit.Verification
	DBAside      string // where the replaced SQLite file went, if any
	FilesAside   string // where the replaced files folder went, if any
}

// Restore checks the archive at path and, only if every check passes,
// puts it in place of t's database and files folder. It checks the SHA-256
// of every member against the manifest, SQLite's integrity check on the
// copy, that every table holds the rows the manifest counts and no table is
// missing or added, the schema version, and that the audit chain verifies
// against the installation's key with the manifest's head and checkpoint.
// On SQLite all of that happens before anything at the target changes; on
// PostgreSQL pg_restore loads the dump into the target database (in one
// transaction; the database must hold no tables unless t.Force) and the
// checks run there.
func Restore(ctx context.Context, path string, t Target) (Restored, error) {
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	if len(t.AuditKey) != ed25519.PrivateKeySize {
		return Restored{}, errors.New("backup: restore needs the installation's audit key to verify the restored chain")
	}
	if err := checkFilesTarget(t.Files, t.Keep, t.Force); err != nil {
		return Restored{}, err
	}
	// Refused before anything is unpacked; Load checks again.
	if err := db.CheckTarget(ctx, t.DB, t.Force); err != nil {
		return Restored{}, err
	}
	scratch := filepath.Dir(t.Files)
	if !db.IsPostgres(t.DB) {
		scratch = filepath.Dir(t.DB) // the copy is renamed into place
	}
	if err := os.MkdirAll(scratch, 0o750); err != nil {
		return Restored{}, fmt.Errorf("backup: %w", err)
	}
	work, err := os.MkdirTemp(scratch, ".inteqra-restore-*")
	if err != nil {
		return Restored{}, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(work)
	m, err := extract(path, work)
	if err != nil {
		return Restored{}, err
	}
	if want := db.DialectOf(t.DB).String(); m.Dialect != want {
		return Restored{}, fmt.Errorf("backup: the archive holds a %s database; it cannot be restored into %s", m.Dialect, want)
	}
	loaded, err := db.Load(ctx, filepath.Join(work, db.DumpName(db.DialectOf(t.DB))), t.DB, t.Force, now())
	if err != nil {
		return Restored{}, err
	}
	r := Restored{Manifest: m}
	if r.Verification, err = check(ctx, loaded.DB, m, t.AuditKey); err != nil {
		return Restored{}, errors.Join(err, loaded.Abort())
	}
	if r.FilesAside, err = placeFiles(filepath.Join(work, FilesDir), t, now()); err != nil {
		return Restored{}, errors.Join(err, loaded.Abort())
	}
	if r.DBAside, err = loaded.Commit(); err != nil {
		return r, err
	}
	return r, nil
}

// Check checks the archive at path without restoring it: the members
// against the manifest and, for a SQLite archive, everything Restore checks
// on a copy opened in a temporary folder. A PostgreSQL dump is checked only
// against its hash (key may then be nil); its rows are counted when it is
// restored.
func Check(ctx context.Context, path string, key ed25519.PrivateKey) (Manifest, audit.Verification, error) {
	work, err := os.MkdirTemp("", "inteqra-check-*")
	if err != nil {
		return Manifest{}, audit.Verification{}, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(work)
	m, err := extract(path, work)
	if err != nil || m.Dialect != db.SQLite.String() {
		return m, audit.Verification{}, err
	}
	if len(key) != ed25519.PrivateKeySize {
		return m, audit.Verification{}, ErrNoKey
	}
	d, err := db.Open(ctx, filepath.Join(work, db.DumpName(db.SQLite)))
	if err != nil {
		return m, audit.Verification{}, err
	}
	defer d.Close()
	v, err := check(ctx, d, m, key)
	return m, v, err
}

// check holds the database d, restored from an archive, to the archive's
// manifest m.
func check(ctx context.Context, d *db.DB, m Manifest, key ed25519.PrivateKey) (audit.Verification, error) {
	if err := d.CheckIntegrity(ctx); err != nil {
		return audit.Verification{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	schema, err := db.SchemaVersion(ctx, d)
	if err != nil {
		return audit.Verification{}, err
	}
	if schema != m.Schema {
		return audit.Verification{}, fmt.Errorf("%w: the database is at schema version %d, the manifest says %d", ErrInvalid, schema, m.Schema)
	}
	counts, err := db.CountRows(ctx, d)
	if err != nil {
		return audit.Verification{}, err
	}
	if err := sameCounts(counts, m.Tables); err != nil {
		return audit.Verification{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	events, head, err := audit.Head(ctx, d)
	if err != nil {
		return audit.Verification{}, err
	}
	if events != m.Audit.Events || head != m.Audit.Head {
		return audit.Verification{}, fmt.Errorf("%w: the audit chain ends at event %d, the manifest says %d", ErrInvalid, events, m.Audit.Events)
	}
	var kept []audit.Checkpoint
	if len(m.Audit.Checkpoint) > 0 {
		// The manifest is indented: the checkpoint becomes one line again.
		var line bytes.Buffer
		err := json.Compact(&line, m.Audit.Checkpoint)
		if err == nil {
			kept, err = audit.ParseCheckpoints(line.Bytes())
		}
		if err != nil {
			return audit.Verification{}, fmt.Errorf("%w: the manifest's checkpoint: %w", ErrInvalid, err)
		}
		kept[0].Source = "the manifest"
	}
	// The local record beside the key is not read: it lists what the
	// installation signed since, which an older backup rightly lacks.
	v, err := audit.NewStore(d, key).Verify(access.With(ctx, access.System()), kept...)
	if err != nil {
		return v, err
	}
	if !v.OK() {
		return v, fmt.Errorf("%w: the audit chain is broken at event %d: %s", ErrInvalid, v.BrokenAt, v.Reason)
	}
	return v, nil
}

// sameCounts reports the first table whose rows differ from the manifest's
// count, or that is only on one side.
func sameCounts(got, want map[string]int64) error {
	for _, t := range slices.Sorted(maps.Keys(want)) {
		n, ok := got[t]
		if !ok {
			return fmt.Errorf("table %s is missing", t)
		}
		if n != want[t] {
			return fmt.Errorf("table %s holds %d rows, the manifest says %d", t, n, want[t])
		}
	}
	for _, t := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[t]; !ok {
			return fmt.Errorf("table %s is not in the manifest", t)
		}
	}
	return nil
}

// maxManifest bounds the manifest read into memory.
const maxManifest = 16 << 20

// extract unpacks the archive at path into dir and checks every member
// against the manifest: the same names, sizes and SHA-256 hashes.
func extract(path, dir string) (Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return Manifest{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	tr := tar.NewReader(gz)
	found := map[string]Member{}
	var text []byte
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Manifest{}, fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		if hdr.Typeflag != tar.TypeReg {
			return Manifest{}, fmt.Errorf("%w: member %s is not a regular file", ErrInvalid, hdr.Name)
		}
		if _, seen := found[hdr.Name]; seen || (hdr.Name == ManifestName && text != nil) {
			return Manifest{}, fmt.Errorf("%w: member %s appears twice", ErrInvalid, hdr.Name)
		}
		if hdr.Name == ManifestName {
			if text, err = io.ReadAll(io.LimitReader(tr, maxManifest)); err != nil {
				return Manifest{}, fmt.Errorf("%w: %w", ErrInvalid, err)
			}
			continue
		}
		if !validName(hdr.Name) {
			return Manifest{}, fmt.Errorf("%w: unexpected member %q", ErrInvalid, hdr.Name)
		}
		if found[hdr.Name], err = unpack(tr, filepath.Join(dir, filepath.FromSlash(hdr.Name))); err != nil {
			return Manifest{}, fmt.Errorf("%w: %s: %w", ErrInvalid, hdr.Name, err)
		}
	}
	if text == nil {
		return Manifest{}, fmt.Errorf("%w: it has no %s", ErrInvalid, ManifestName)
	}
	var m Manifest
	if err := json.Unmarshal(text, &m); err != nil {
		return Manifest{}, fmt.Errorf("%w: %s: %w", ErrInvalid, ManifestName, err)
	}
	if m.Format != Format {
		return Manifest{}, fmt.Errorf("%w: archive format %d, this version reads %d", ErrInvalid, m.Format, Format)
	}
	dialect, ok := map[string]db.Dialect{"sqlite": db.SQLite, "postgres": db.Postgres}[m.Dialect]
	if !ok {
		return Manifest{}, fmt.Errorf("%w: unknown dialect %q", ErrInvalid, m.Dialect)
	}
	if _, ok := m.Members[db.DumpName(dialect)]; !ok {
		return Manifest{}, fmt.Errorf("%w: the manifest lists no database", ErrInvalid)
	}
	for _, name := range slices.Sorted(maps.Keys(m.Members)) {
		got, ok := found[name]
		switch {
		case !ok:
			return Manifest{}, fmt.Errorf("%w: member %s is missing", ErrInvalid, name)
		case got != m.Members[name]:
			return Manifest{}, fmt.Errorf("%w: member %s does not match its SHA-256 in the manifest: it was damaged or altered", ErrInvalid, name)
		}
	}
	for name := range found {
		if _, ok := m.Members[name]; !ok {
			return Manifest{}, fmt.Errorf("%w: member %s is not in the manifest", ErrInvalid, name)
		}
	}
	return m, nil
}

// validName accepts the database dumps and files/… paths that stay inside
// the folder they are unpacked into.
func validName(name string) bool {
	if name == db.DumpName(db.SQLite) || name == db.DumpName(db.Postgres) {
		return true
	}
	rel, ok := strings.CutPrefix(name, FilesDir+"/")
	return ok && filepath.IsLocal(filepath.FromSlash(rel)) && !strings.Contains(rel, `\`)
}

// unpack writes r to path and returns its size and hash.
func unpack(r io.Reader, path string) (Member, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return Member{}, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Member{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return Member{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, err
}

// checkFilesTarget refuses a files folder that holds files other than
// those to keep, unless force.
func checkFilesTarget(dir string, keep []string, force bool) error {
	if force {
		return nil
	}
	kept := keepSet(keep)
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		if abs, _ := filepath.Abs(path); !kept[abs] {
			return fmt.Errorf("%w (%s)", ErrFilesInUse, path)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

func keepSet(keep []string) map[string]bool {
	set := map[string]bool{}
	for _, k := range keep {
		if abs, err := filepath.Abs(k); err == nil {
			set[abs] = true
		}
	}
	return set
}

// placeFiles moves the unpacked files folder from to t.Files. A folder
// there is moved aside (checkFilesTarget allowed it), and the files to
// keep go back into the new one. It returns where the old one went.
func placeFiles(from string, t Target, now time.Time) (string, error) {
	if _, err := os.Stat(from); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(from, 0o750); err != nil {
			return "", err
		}
	}
	if err := checkFilesTarget(t.Files, t.Keep, t.Force); err != nil {
		return "", err
	}
	aside := ""
	if _, err := os.Stat(t.Files); err == nil {
		aside = strings.TrimRight(t.Files, `/\`) + ".before-restore-" + now.UTC().Format("20060102T150405Z")
		if err := os.Rename(t.Files, aside); err != nil {
			return "", fmt.Errorf("backup: move the files folder aside: %w", err)
		}
	}
	if err := os.Rename(from, t.Files); err != nil {
		return aside, fmt.Errorf("backup: put the files in place: %w", err)
	}
	if aside == "" {
		return "", nil
	}
	for _, k := range t.Keep {
		rel, err := filepath.Rel(t.Files, k)
		if err != nil || !filepath.IsLocal(rel) {
			continue // kept outside the folder: untouched
		}
		if _, err := os.Stat(filepath.Join(aside, rel)); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		err = os.MkdirAll(filepath.Dir(k), 0o750)
		if err == nil {
			err = os.Rename(filepath.Join(aside, rel), k)
		}
		if err != nil {
			return aside, fmt.Errorf("backup: keep %s: %w", k, err)
		}
	}
	return aside, nil
}
