package web

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// localPath returns next when it is a path on this site, and fallback
// otherwise, so a crafted link cannot send a user elsewhere after sign-in,
// a language switch or a form. Every redirect to a path that came from the
// user goes through it.
func localPath(next, fallback string) string {
	if isLocalPath(next) {
		return next
	}
	return fallback
}

// maxReturnPath bounds a return path; longer ones are not links we make.
const maxReturnPath = 2048

// isLocalPath reports whether p names a path on this site, both as written
// and once percent-decoded: it starts with exactly one "/", has no scheme,
// host or user, and no backslash or control character, because browsers
// drop tabs and newlines and read "\" as "/", so "/\t/evil.example" and
// "/\evil.example" both lead to another origin.
func isLocalPath(p string) bool {
	if p == "" || len(p) > maxReturnPath || !utf8.ValidString(p) {
		return false
	}
	decoded, err := url.PathUnescape(p)
	if err != nil || !utf8.ValidString(decoded) {
		return false
	}
	for _, s := range []string{p, decoded} {
		if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsFunc(s, unsafeInPath) {
			return false
		}
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == ""
}

func unsafeInPath(r rune) bool {
	return r == '\\' || r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029'
}
