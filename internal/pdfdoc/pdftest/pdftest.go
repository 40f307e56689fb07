// Package pdftest reads back the PDFs the features print, for their tests,
// with poppler's tools (Debian's poppler-utils): text extraction needs a
// real PDF reader, and no pure-Go one maps fpdf's Unicode font correctly.
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Tool returns the path of a poppler tool such as pdftotext. Without it the
// test is skipped, or fails where INTEQRA_TEST_BROWSER says the machine has
// everything the browser suites need (CI installs poppler-utils).
func Tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("INTEQRA_TEST_BROWSER") != "" {
			t.Fatalf("%s not found (install poppler-utils): %v", name, err)
		}
		t.Skipf("%s not found; install poppler-utils to run this test", name)
	}
	return path
}

// Text returns the PDF's text as a PDF reader sees it, with every run of
// white space made one space, since wrapping may put a line break anywhere
// between words.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(Tool(t, "pdftotext"), "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
