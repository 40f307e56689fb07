// Package keyfile keeps the system's secret keys in files outside the
// database: the key that signs the audit chain's checkpoints and the key that
// encrypts secrets at rest. Whoever can write the database file then still
// cannot forge a checkpoint or read an encrypted secret without also holding
// the key file.
package keyfile

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Load returns the size-byte key kept in path. When the file does not exist
// it creates one with random bytes, readable by its owner only (mode 0600),
// so the first start of a new installation makes its own keys. A file of
// the wrong length, or one that other users may read, is refused: a key
// that others can read protects nothing.
func Load(path string, size int) ([]byte, error) {
	key, err := Read(path, size)
	if errors.Is(err, fs.ErrNotExist) {
		return create(path, size)
	}
	return key, err
}

// Read returns the size-byte key kept in path, with the same checks as
// Load, but never creates a file: a verifier that made a key now would
// check nothing, and must not write where it looks. A missing file gives
// an error that matches fs.ErrNotExist.
func Read(path string, size int) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("keyfile: %s may be read by other users (mode %v); chmod 600 it", path, info.Mode().Perm())
	}
	buf, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(buf)))
	if err != nil || len(key) != size {
		return nil, fmt.Errorf("keyfile: %s does not hold a base64 key of %d bytes", path, size)
	}
	return key, nil
}

func create(path string, size int) ([]byte, error) {
	key := make([]byte, size)
	rand.Read(key)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("keyfile: %w", err)
	}
	// O_EXCL: when two nodes start at once, one creates the key and the
	// other reads it.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return Read(path, size)
	}
	if err != nil {
		return nil, fmt.Errorf("keyfile: %w", err)
	}
	_, err = f.WriteString(base64.StdEncoding.EncodeToString(key) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("keyfile: write %s: %w", path, err)
	}
	return key, nil
}
