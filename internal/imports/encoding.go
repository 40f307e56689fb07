package imports

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"inteqra/internal/i18n"
)

// The encodings a CSV file is read in, as File.Encoding names them.
const (
	UTF8        = "UTF-8"
	UTF16       = "UTF-16"
	Windows1251 = "Windows-1251" // Cyrillic: older Russian and Azerbaijani Excel
	Windows1254 = "Windows-1254" // Turkish: Excel on Azerbaijani Latin Windows
)

// singleBytes are the single-byte encodings a CSV file that is not UTF-8
// may be in: what Excel calls "CSV" on Windows set to Russian or
// Azerbaijani Cyrillic (1251) or to Azerbaijani Latin or Turkish (1254).
var singleBytes = map[string]*charmap.Charmap{
	Windows1251: charmap.Windows1251,
	Windows1254: charmap.Windows1254,
}

// Errors about a file's encoding; Line is the first line that breaks it.
var (
	// ErrMixedEncoding: some lines are UTF-8 and others are not, as when
	// a row was pasted into a UTF-8 file from an older one.
	ErrMixedEncoding = i18n.Errorf("import.error.mixed_encoding")
	// ErrBadEncoding: the file is not UTF-8 and its bytes do not fit one
	// single-byte encoding throughout.
	ErrBadEncoding = i18n.Errorf("import.error.bad_encoding")
)

// decodeCSV returns the text of a CSV file as UTF-8 without a byte-order
// mark, and the encoding it was in. The encoding is decided from the whole
// file, never from its first lines: a file decoded in the wrong encoding
// turns names into other letters without an error, so a file that fits no
// single encoding is refused with the line where it breaks.
func decodeCSV(content []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(content, []byte("\xff\xfe")) || bytes.HasPrefix(content, []byte("\xfe\xff")):
		// Excel saves "Unicode text" as UTF-16 with a byte-order mark.
		text, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(content)
		if err != nil {
			return nil, "", ErrFormat
		}
		return text, UTF16, nil
	case bytes.HasPrefix(content, []byte("\xef\xbb\xbf")):
		content = content[3:]
		if !utf8.Valid(content) {
			// The mark says UTF-8: whatever is not is a line from elsewhere.
			return nil, "", mixedError(content, true)
		}
		return content, UTF8, nil
	case utf8.Valid(content):
		return content, UTF8, nil
	}
	if err := mixedError(content, false); err != nil {
		return nil, "", err
	}
	enc, err := singleByteOf(content)
	if err != nil {
		return nil, "", err
	}
	text, err := singleBytes[enc].NewDecoder().Bytes(content)
	if err != nil {
		return nil, "", ErrFormat
	}
	return text, enc, nil
}

// eachLine calls fn with every line of content and its number from 1, the
// line break left out.
func eachLine(content []byte, fn func(n int, line []byte)) {
	for n := 1; len(content) > 0; n++ {
		line := content
		if i := bytes.IndexByte(content, '\n'); i >= 0 {
			line, content = content[:i], content[i+1:]
		} else {
			content = nil
		}
		fn(n, line)
	}
}

// mixedError looks at a file that is not valid UTF-8 line by line. When
// some lines are UTF-8 with letters beyond ASCII (or the file says it is
// UTF-8 with a byte-order mark) and others are not, the file is mixed; it
// names the first line of whichever kind is the fewer, since that is the
// one that does not belong (with the mark, the first line that is not
// UTF-8). It returns nil when no line is UTF-8 beyond
// ASCII: the file is in a single-byte encoding, or broken throughout.
func mixedError(content []byte, marked bool) error {
	var utf, other, firstUTF, firstOther int
	eachLine(content, func(n int, line []byte) {
		switch {
		case !utf8.Valid(line):
			if other++; other == 1 {
				firstOther = n
			}
		case !isASCII(line):
			if utf++; utf == 1 {
				firstUTF = n
			}
		}
	})
	switch {
	case marked:
		return i18n.Errorf(ErrMixedEncoding.Key, "Line", firstOther)
	case utf == 0:
		return nil
	case utf < other:
		return i18n.Errorf(ErrMixedEncoding.Key, "Line", firstUTF)
	default:
		return i18n.Errorf(ErrMixedEncoding.Key, "Line", firstOther)
	}
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// script is which alphabet a line of a single-byte file looks written in.
type script int

const (
	noScript script = iota
	cyrillic        // words of letters from the upper half: Windows-1251
	latin           // Latin words with a few letters from the upper half (ş, ğ, ı, ü): Windows-1254
)

// singleByteOf decides the encoding of a file that is not UTF-8, from all
// its lines. In Windows-1251 the letters of a Russian or Azerbaijani
// Cyrillic word are all in the upper half; in Windows-1254 an Azerbaijani
// or Turkish Latin word is mostly ASCII letters with a few from the upper
// half. Each line is given the script most of its words have, the file
// the script most of its lines have. A line of the other script, or a byte
// the chosen encoding leaves undefined, breaks the file.
func singleByteOf(content []byte) (string, error) {
	var lines [3]int
	first := [3]int{}
	eachLine(content, func(n int, line []byte) {
		s := scriptOf(line)
		if lines[s]++; lines[s] == 1 {
			first[s] = n
		}
	})
	enc, other := Windows1251, latin
	if lines[latin] > lines[cyrillic] {
		enc, other = Windows1254, cyrillic
	}
	broken := 0
	if lines[other] > 0 {
		broken = first[other]
	}
	cm := singleBytes[enc]
	eachLine(content, func(n int, line []byte) {
		if broken != 0 && n >= broken {
			return
		}
		for _, c := range line {
			if c >= utf8.RuneSelf && cm.DecodeByte(c) == utf8.RuneError {
				broken = n
				return
			}
		}
	})
	if broken != 0 {
		return "", i18n.Errorf(ErrBadEncoding.Key, "Line", broken, "Encoding", enc)
	}
	return enc, nil
}

// scriptOf is the script most words of a line with upper-half letters
// have; a tie, or no such word, is none.
func scriptOf(line []byte) script {
	var cyr, lat int
	word := func(ascii, upper int) {
		switch {
		case upper == 0:
		case ascii > upper:
			lat++
		case ascii < upper:
			cyr++
		}
	}
	ascii, upper := 0, 0
	for _, c := range line {
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			ascii++
		case upperLetter(c):
			upper++
		default:
			word(ascii, upper)
			ascii, upper = 0, 0
		}
	}
	word(ascii, upper)
	switch {
	case cyr > lat:
		return cyrillic
	case lat > cyr:
		return latin
	}
	return noScript
}

// upperLetter reports whether c is a letter of the upper half in both
// encodings: 0xC0–0xFF are А–я in Windows-1251 and accented Latin letters
// (ç, ğ, ı, ö, ş, ü…) in Windows-1254; 0xA8 and 0xB8 are Ё and ё. The rest
// of the upper half is punctuation (№, «, », –) and says nothing.
func upperLetter(c byte) bool {
	return c >= 0xC0 && c != 0xD7 && c != 0xF7 || c == 0xA8 || c == 0xB8
}

// NameSample is how the names of one row read once decoded, as mapped.
type NameSample struct {
	Line  int
	Names []string // each spelling: surname, given name, patronymic
}

// NameSample returns the names of the first n rows with a name under the
// mapping m, for the user to see the file was read in the right encoding
// before importing it. m must fit the file (Mapping.Check).
func (f *File) NameSample(m Mapping, n int) []NameSample {
	c := newConverter(f, m, time.Now())
	var list []NameSample
	_ = f.Rows(func(line int, cells []string) error {
		if len(list) == n {
			return errStop
		}
		in, _, _ := c.row(cells)
		s := NameSample{Line: line}
		for _, nm := range in.Names {
			if full := strings.Join(strings.Fields(nm.Surname+" "+nm.Given+" "+nm.Patronymic), " "); full != "" {
				s.Names = append(s.Names, full)
			}
		}
		if len(s.Names) > 0 {
			list = append(list, s)
		}
		return nil
	})
	return list
}
