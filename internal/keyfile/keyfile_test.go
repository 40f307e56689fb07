package keyfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadCreatesOnceAndKeeps(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "audit.key")
	first, err := Load(path, 32)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o600 {
		t.Errorf("mode = %v, want 0600", got)
	}
	again, err := Load(path, 32)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 32 || !bytes.Equal(first, again) {
		t.Errorf("second Load = %x, want the first key %x", again, first)
	}
	other, err := Load(filepath.Join(t.TempDir(), "other.key"), 32)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(first, other) {
		t.Error("two new key files hold the same key")
	}
}

func TestLoadRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, path, want string
	}{
		{"readable by others", write("open.key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", 0o644), "other users"},
		{"too short", write("short.key", "AAAA\n", 0o600), "32 bytes"},
		{"not base64", write("junk.key", "not a key at all!\n", 0o600), "32 bytes"},
	}
	for _, tt := range tests {
		if _, err := Load(tt.path, 32); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Load err = %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}

// TestReadNeverCreates: Read of a missing key fails and leaves no file,
// and reads a key Load made.
func TestReadNeverCreates(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "audit.key")
	if _, err := Read(path, 32); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read of a missing file: err = %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Read of a missing file left %s behind (stat: %v)", filepath.Dir(path), err)
	}
	made, err := Load(path, 32)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Read(path, 32); err != nil || !bytes.Equal(got, made) {
		t.Errorf("Read = %x, %v; want the key Load made, %x", got, err, made)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(path, 32); err == nil || !strings.Contains(err.Error(), "other users") {
		t.Errorf("Read of a key others may read: err = %v, want a refusal", err)
	}
}
