package auth

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"inteqra/internal/i18n"
)

// The password policy follows NIST SP 800-63B (5.1.1.2): a minimum length,
// no composition rules, and a refusal of passwords that are commonly used or
// derived from the account's own e-mail address or name. Each refusal says
// why, so the user can choose better rather than guess.
const (
	// MinPasswordLength is the shortest password accepted.
	MinPasswordLength = 12
	// MaxPasswordLength bounds the work of hashing.
	MaxPasswordLength = 256
	// minContextPart is the shortest part of an e-mail address or name
	// that a password may not contain; shorter parts ("Əli", "az") occur
	// by chance in good passwords.
	minContextPart = 4
	// minDistinct is how many different characters a password needs:
	// "aaaaaaaaaaaa" and "abababababab" are long but guessed at once.
	minDistinct = 5
)

// commonList is the "passwords" list of zxcvbn 4.4.2 (npm package zxcvbn,
// lib/frequency_lists.js, MIT licence in passwords/LICENSE.txt): 30,000
// passwords most often found in breaches, one a line, in lower case.
//
//go:embed passwords/common.txt
var commonList string

var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 30000)
	for line := range strings.Lines(commonList) {
		if w := strings.TrimSpace(line); w != "" {
			set[strings.ToLower(w)] = struct{}{}
		}
	}
	return set
})

// isCommon reports whether pw, compared without case, is on the list, or
// is a listed password with digits and punctuation around it
// ("Password2024!", "1111monkey1111"): the same guess an attacker tries first.
func isCommon(pw string) bool {
	set := commonPasswords()
	lower := strings.ToLower(pw)
	if _, ok := set[lower]; ok {
		return true
	}
	core := strings.TrimFunc(lower, func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	})
	if utf8.RuneCountInString(core) < minContextPart {
		return false
	}
	_, ok := set[core]
	return ok
}

// contextParts returns the parts of the e-mail's local part and of the name
// that a password must not contain, folded for comparison.
func contextParts(email, name string) (local []string, names []string) {
	split := func(s string) []string {
		var parts []string
		for _, p := range strings.FieldsFunc(i18n.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if utf8.RuneCountInString(p) >= minContextPart {
				parts = append(parts, p)
			}
		}
		return parts
	}
	if at := strings.LastIndexByte(email, '@'); at > 0 {
		lp := email[:at]
		local = split(lp)
		if f := i18n.Fold(lp); utf8.RuneCountInString(f) >= minContextPart && !slices.Contains(local, f) {
			local = append(local, f)
		}
	}
	return local, split(name)
}

// passwordField is the label its errors name: the forms show them beside
// the new password.
const passwordField = i18n.Key("password.new")

// ValidatePassword returns a translatable error saying why pw may not be the
// password of the account with email and name, or nil.
func ValidatePassword(pw, email, name string) error {
	n := utf8.RuneCountInString(pw)
	if n < MinPasswordLength {
		return i18n.Errorf("auth.error.password_short", "Min", MinPasswordLength, "Field", passwordField)
	}
	if n > MaxPasswordLength {
		return i18n.Errorf("auth.error.password_long", "Field", passwordField)
	}
	if isCommon(pw) {
		return i18n.Errorf("auth.error.password_common", "Field", passwordField)
	}
	distinct := map[rune]bool{}
	for _, r := range strings.ToLower(pw) {
		distinct[r] = true
	}
	if len(distinct) < minDistinct {
		return i18n.Errorf("auth.error.password_repetitive", "Min", minDistinct, "Field", passwordField)
	}
	folded := i18n.Fold(pw)
	local, names := contextParts(email, name)
	for _, p := range local {
		if strings.Contains(folded, p) {
			return i18n.Errorf("auth.error.password_email", "Field", passwordField)
		}
	}
	for _, p := range names {
		if strings.Contains(folded, p) {
			return i18n.Errorf("auth.error.password_name", "Field", passwordField)
		}
	}
	return nil
}
