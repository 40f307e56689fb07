package storage

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		key  string
		want bool
	}{
		{"a", true},
		{"cases/12/3f9a.pdf", true},
		{"attachments/0123456789abcdef", true},
		{"", false},
		{"/etc/passwd", false},
		{"../outside", false},
		{"a/../../b", false},
		{"a/./b", false},
		{"a//b", false},
		{"a/", false},
		{".hidden", false},
		{"a/.tmp-1", false},
		{`a\b`, false},
		{"a b", false},
		{"C:", false},
		{"məktub", false},
		{"a\x00b", false},
		{strings.Repeat("a", MaxKey), true},
		{strings.Repeat("a", MaxKey+1), false},
	} {
		if got := ValidKey(tc.key); got != tc.want {
			t.Errorf("ValidKey(%q) = %v, want %v", tc.key, got, tc.want)
		}
	}
}

func TestRandomKey(t *testing.T) {
	t.Parallel()
	a, b := RandomKey("attachments"), RandomKey("attachments/")
	if a == b || !ValidKey(a) || !ValidKey(b) || !strings.HasPrefix(a, "attachments/") || strings.Contains(b, "//") {
		t.Errorf("RandomKey: %q, %q", a, b)
	}
}

func TestFolder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "files") // made at the first Put
	f := NewFolder(dir)
	if _, err := f.Open(ctx, "missing"); !errors.Is(err, ErrNotFound) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("open before the folder exists: %v", err)
	}
	if err := f.Delete(ctx, "missing"); err != nil {
		t.Errorf("delete before the folder exists: %v", err)
	}
	content := []byte("%PDF-1.4 məktub")
	n, err := f.Put(ctx, "cases/1/abc", bytes.NewReader(content))
	if err != nil || n != int64(len(content)) {
		t.Fatalf("put: %d, %v", n, err)
	}
	if got := read(t, f, "cases/1/abc"); !bytes.Equal(got, content) {
		t.Errorf("read back %q", got)
	}
	// A second Put replaces the file whole.
	if _, err := f.Put(ctx, "cases/1/abc", strings.NewReader("new")); err != nil {
		t.Fatal(err)
	}
	if got := read(t, f, "cases/1/abc"); string(got) != "new" {
		t.Errorf("after replacing: %q", got)
	}
	if err := f.Delete(ctx, "cases/1/abc"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Open(ctx, "cases/1/abc"); !errors.Is(err, ErrNotFound) {
		t.Errorf("open after delete: %v", err)
	}
	if err := f.Delete(ctx, "cases/1/abc"); err != nil {
		t.Errorf("a second delete: %v", err)
	}
	// No temporary file is left behind.
	entries, _ := os.ReadDir(filepath.Join(dir, "cases", "1"))
	if len(entries) != 0 {
		t.Errorf("left in the folder: %v", entries)
	}
	// A directory is not a file.
	if _, err := f.Open(ctx, "cases"); !errors.Is(err, ErrNotFound) {
		t.Errorf("open a directory: %v", err)
	}
}

func TestFolderRefusesEscapes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	base := t.TempDir()
	dir := filepath.Join(base, "files")
	outside := filepath.Join(base, "secret")
	if err := os.WriteFile(outside, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := NewFolder(dir)
	for _, key := range []string{"../secret", "/etc/passwd", "a/../../secret", ""} {
		if _, err := f.Put(ctx, key, strings.NewReader("x")); !errors.Is(err, ErrBadKey) {
			t.Errorf("put %q: %v", key, err)
		}
		if _, err := f.Open(ctx, key); !errors.Is(err, ErrBadKey) {
			t.Errorf("open %q: %v", key, err)
		}
		if err := f.Delete(ctx, key); !errors.Is(err, ErrBadKey) {
			t.Errorf("delete %q: %v", key, err)
		}
	}
	// A symbolic link planted in the folder does not lead out of it.
	if _, err := f.Put(ctx, "a", strings.NewReader("x")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if r, err := f.Open(ctx, "link"); err == nil {
		b, _ := io.ReadAll(r)
		r.Close()
		t.Errorf("read through a link out of the folder: %q", b)
	}
	if _, err := f.Put(ctx, "link", strings.NewReader("overwritten")); err != nil {
		t.Logf("put over the link: %v", err)
	}
	if b, _ := os.ReadFile(outside); string(b) != "secret" {
		t.Errorf("the file outside was changed: %q", b)
	}
}

func TestFolderPutStopsWithContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	f := NewFolder(dir)
	if _, err := f.Put(ctx, "a", strings.NewReader("x")); !errors.Is(err, context.Canceled) {
		t.Errorf("put with a cancelled context: %v", err)
	}
	if _, err := f.Open(context.Background(), "a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a cancelled put left a file: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left in the folder: %v", entries)
	}
}

func read(t *testing.T, f Store, key string) []byte {
	t.Helper()
	r, err := f.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
