package storage

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxFileName is the longest file name CleanFileName keeps, in characters.
const MaxFileName = 200

// FileKind is a kind of file the features take: its content type and the
// extensions a name of it may end in (the first is given to names without).
type FileKind struct {
	Code        string // catalogue key suffix: attachment.kind.<code>
	ContentType string
	Extensions  []string
}

// FileKinds are the kinds of file the features take, recognised by their
// content, never by their name or the browser's word.
var FileKinds = []FileKind{
	{"pdf", "application/pdf", []string{".pdf"}},
	{"jpeg", "image/jpeg", []string{".jpg", ".jpeg"}},
	{"png", "image/png", []string{".png"}},
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}},
}

// FileKindCodes lists the codes of FileKinds, for the catalogues.
func FileKindCodes() []string {
	codes := make([]string, len(FileKinds))
	for i, k := range FileKinds {
		codes[i] = k.Code
	}
	return codes
}

// KindOf returns the kind with the given content type.
func KindOf(contentType string) (FileKind, bool) {
	for _, k := range FileKinds {
		if k.ContentType == contentType {
			return k, true
		}
	}
	return FileKind{}, false
}

// Sniff recognises a file's kind from its content: the first 512 bytes as
// browsers read them, and for Office files the part list inside the zip.
func Sniff(data []byte) (FileKind, bool) {
	ct, _, _ := strings.Cut(http.DetectContentType(data), ";")
	if ct == "application/zip" {
		return officeKind(data)
	}
	return KindOf(ct)
}

// officeKind tells a Word or Excel document (OOXML, without macros) from
// any other zip by the main part named in its [Content_Types].xml. Only that
// one small entry is read, so a zip bomb is never unpacked.
func officeKind(data []byte) (FileKind, bool) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return FileKind{}, false
	}
	var types *zip.File
	for _, f := range zr.File {
		name := strings.ToLower(f.Name)
		if strings.HasSuffix(name, "vbaproject.bin") || strings.HasSuffix(name, "vbadata.xml") {
			return FileKind{}, false // macros
		}
		if f.Name == "[Content_Types].xml" {
			types = f
		}
	}
	if types == nil || types.UncompressedSize64 > 1<<20 {
		return FileKind{}, false
	}
	r, err := types.Open()
	if err != nil {
		return FileKind{}, false
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return FileKind{}, false
	}
	xml := string(b)
	if strings.Contains(strings.ToLower(xml), "macroenabled") {
		return FileKind{}, false
	}
	for _, main := range []struct{ part, kind string }{
		{"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "docx"},
		{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xlsx"},
	} {
		if strings.Contains(xml, `"`+main.part+`"`) {
			for _, k := range FileKinds {
				if k.Code == main.kind {
					return k, true
				}
			}
		}
	}
	return FileKind{}, false
}

// CleanFileName makes an uploaded file's name safe to keep and to hand back
// in a download: the last path element only, no control characters or
// characters file systems refuse, at most MaxFileName characters, and an
// extension that matches the content's kind.
func CleanFileName(name string, kind FileKind) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = norm.NFC.String(strings.ToValidUTF8(name, ""))
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r): // control and bidi characters
			return -1
		case strings.ContainsRune(`"*:<>?|;`, r):
			return '_'
		}
		return r
	}, name)
	name = strings.Join(strings.Fields(name), " ")
	stem, ext := name, strings.ToLower(path.Ext(name))
	switch {
	case slices.Contains(kind.Extensions, ext):
		stem, ext = strings.TrimSuffix(name, path.Ext(name)), path.Ext(name)
	case knownExtension(ext): // a PNG named .pdf is named .png
		stem, ext = strings.TrimSuffix(name, path.Ext(name)), kind.Extensions[0]
	default:
		ext = kind.Extensions[0]
	}
	stem = strings.Trim(stem, " .")
	if stem == "" {
		stem = kind.Code
	}
	if max := MaxFileName - utf8.RuneCountInString(ext); utf8.RuneCountInString(stem) > max {
		stem = strings.TrimRight(string([]rune(stem)[:max]), " .")
	}
	return stem + ext
}

func knownExtension(ext string) bool {
	for _, k := range FileKinds {
		if slices.Contains(k.Extensions, ext) {
			return true
		}
	}
	return false
}
