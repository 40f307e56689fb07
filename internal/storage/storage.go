// Package storage keeps files (uploaded documents, generated PDFs) behind
// one small interface, so the features never name a disk path: a folder on
// the server by default, S3-compatible storage when one is configured.
package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// Store keeps files under keys. A key is a slash-separated path of
// segments made of letters, digits, '.', '_' and '-', none starting with a
// dot, so no key can leave the store's root or name a hidden file.
type Store interface {
	// Put writes r under key, replacing any file there, and returns the
	// number of bytes written. A reader sees the old file or the new one,
	// never a part.
	Put(ctx context.Context, key string, r io.Reader) (int64, error)
	// Open returns the file under key, or an error matching ErrNotFound.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the file under key; a missing file is not an error.
	Delete(ctx context.Context, key string) error
}

// ErrNotFound is returned by Open for a key with no file.
var ErrNotFound = fmt.Errorf("storage: no such file: %w", fs.ErrNotExist)

// ErrBadKey is returned for a key that does not follow the rules of Store.
var ErrBadKey = errors.New("storage: invalid key")

// MaxKey is the longest key, in bytes.
const MaxKey = 255

// ValidKey reports whether key follows the rules of Store.
func ValidKey(key string) bool {
	if key == "" || len(key) > MaxKey {
		return false
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || seg[0] == '.' {
			return false
		}
		for _, c := range []byte(seg) {
			ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
			if !ok {
				return false
			}
		}
	}
	return true
}

// RandomKey returns a fresh key under prefix (which may be empty), made of
// 128 random bits, so the key says nothing about the file.
func RandomKey(prefix string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	if prefix == "" {
		return hex.EncodeToString(b)
	}
	return strings.TrimSuffix(prefix, "/") + "/" + hex.EncodeToString(b)
}

// Folder is a Store in a directory of the server. The directory is made at
// the first Put. Every access goes through os.Root, so not even a symbolic
// link planted inside the folder leads out of it.
type Folder struct {
	root string
}

// NewFolder returns a Store in the directory root.
func NewFolder(root string) *Folder { return &Folder{root: root} }

// Root returns the folder's directory.
func (f *Folder) Root() string { return f.root }

func (f *Folder) open(create bool) (*os.Root, error) {
	if create {
		if err := os.MkdirAll(f.root, 0o750); err != nil {
			return nil, fmt.Errorf("storage: make %s: %w", f.root, err)
		}
	}
	r, err := os.OpenRoot(f.root)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", f.root, err)
	}
	return r, nil
}

// Put writes r to a temporary file next to key's place, flushes it to the
// disk and renames it into place, so a crash leaves the old file or the new
// one, never half of one.
func (f *Folder) Put(ctx context.Context, key string, r io.Reader) (int64, error) {
	if !ValidKey(key) {
		return 0, ErrBadKey
	}
	root, err := f.open(true)
	if err != nil {
		return 0, err
	}
	defer root.Close()
	dir := path.Dir(key)
	if err := root.MkdirAll(dir, 0o750); err != nil {
		return 0, fmt.Errorf("storage: make %s: %w", dir, err)
	}
	tmp := path.Join(dir, ".tmp-"+RandomKey(""))
	w, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return 0, fmt.Errorf("storage: create %s: %w", key, err)
	}
	n, err := io.Copy(w, ctxReader{ctx, r})
	if err == nil {
		err = w.Sync()
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, key)
	}
	if err != nil {
		_ = root.Remove(tmp)
		return 0, fmt.Errorf("storage: put %s: %w", key, err)
	}
	// The rename is durable once the directory is flushed too.
	if d, err := root.Open(dir); err == nil {
		err = d.Sync()
		d.Close()
		if err != nil {
			return n, fmt.Errorf("storage: sync %s: %w", dir, err)
		}
	}
	return n, nil
}

// Open returns the file under key.
func (f *Folder) Open(_ context.Context, key string) (io.ReadCloser, error) {
	if !ValidKey(key) {
		return nil, ErrBadKey
	}
	root, err := f.open(false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	defer root.Close()
	file, err := root.Open(key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", key, err)
	}
	if st, err := file.Stat(); err != nil || !st.Mode().IsRegular() {
		file.Close()
		return nil, ErrNotFound
	}
	return file, nil
}

// Delete removes the file under key.
func (f *Folder) Delete(_ context.Context, key string) error {
	if !ValidKey(key) {
		return ErrBadKey
	}
	root, err := f.open(false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer root.Close()
	if err := root.Remove(key); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("storage: delete %s: %w", key, err)
	}
	return nil
}

// ctxReader stops a long copy when the request that asked for it ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
